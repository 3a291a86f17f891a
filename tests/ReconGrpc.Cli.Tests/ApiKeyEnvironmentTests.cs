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
}
