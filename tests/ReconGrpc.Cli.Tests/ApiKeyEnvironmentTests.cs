using System.Text.Json;
using ReconGrpc.Testing;

namespace ReconGrpc.Cli.Tests;

/// <summary>Tests that set RECON_API_KEY run alone: the variable belongs to the whole test process.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "process environment";
}

[Collection(ProcessEnvironmentCollection.Name)]
public sealed class ApiKeyEnvironmentTests(ServerPool servers) : IClassFixture<ServerPool>
{
    [Fact]
    public async Task Help_never_prints_the_key_from_the_environment_and_commands_still_call_with_it()
    {
        var server = await servers.For(TestDatabases.Sqlite);
        var before = Environment.GetEnvironmentVariable("RECON_API_KEY");
        Environment.SetEnvironmentVariable("RECON_API_KEY", server.AdminKey);
        try
        {
            var help = await CliRunner.RunAsync("customers", "list", "--help");
            var listed = await CliRunner.RunAsync("--server", server.Address, "categories", "list");

            Assert.Equal(0, help.ExitCode);
            Assert.Contains("--api-key", help.Out);
            Assert.DoesNotContain(server.AdminKey, help.Out + help.Error);
            Assert.Equal(0, listed.ExitCode);
        }
        finally
        {
            Environment.SetEnvironmentVariable("RECON_API_KEY", before);
        }
    }

    [Fact]
    public async Task A_key_given_on_the_command_line_wins_over_the_environment()
    {
        var server = await servers.For(TestDatabases.Sqlite);
        var before = Environment.GetEnvironmentVariable("RECON_API_KEY");
        Environment.SetEnvironmentVariable("RECON_API_KEY", "rk_not_a_key");
        try
        {
            var withEnvironmentOnly = await CliRunner.RunAsync("--server", server.Address, "categories", "list");
            var withOption = await CliRunner.RunAsync("--server", server.Address, "--api-key", server.AdminKey, "categories", "list");

            Assert.Equal(1, withEnvironmentOnly.ExitCode);
            Assert.Equal(0, withOption.ExitCode);
        }
        finally
        {
            Environment.SetEnvironmentVariable("RECON_API_KEY", before);
        }
    }

    [Fact]
    public async Task Without_a_key_the_error_says_how_to_give_one()
    {
        var server = await servers.For(TestDatabases.Sqlite);
        var before = Environment.GetEnvironmentVariable("RECON_API_KEY");
        Environment.SetEnvironmentVariable("RECON_API_KEY", null);
        try
        {
            var text = await CliRunner.RunAsync("--server", server.Address, "categories", "list");
            var json = await CliRunner.RunAsync("--server", server.Address, "--json", "categories", "list");
            var wrongKey = await CliRunner.RunAsync("--server", server.Address, "--api-key", "rk_not_a_key", "categories", "list");

            Assert.Equal(1, text.ExitCode);
            Assert.Contains("--api-key", text.Error);
            Assert.Contains("RECON_API_KEY", text.Error);
            Assert.Contains("src/ReconGrpc.Server/data/bootstrap-admin.key", text.Error);
            Assert.Equal("Unauthenticated", JsonDocument.Parse(json.Error).RootElement.GetProperty("error").GetProperty("code").GetString());
            Assert.Contains("RECON_API_KEY", JsonDocument.Parse(json.Error).RootElement.GetProperty("error").GetProperty("message").GetString());
            // A key was given: the server's own reason is the useful one.
            Assert.Equal(1, wrongKey.ExitCode);
            Assert.Contains("unknown or has been revoked", wrongKey.Error);
        }
        finally
        {
            Environment.SetEnvironmentVariable("RECON_API_KEY", before);
        }
    }
}
