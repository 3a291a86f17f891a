using System.Text.Json;
using ReconGrpc.Cli.Infrastructure;
using ReconGrpc.Testing;

namespace ReconGrpc.Cli.Tests;

/// <summary>
/// --as NAME (or RECON_USER) names the person a call acts for, in the header x-recon-user, so that a decision made with a
/// shared service key is recorded under that person. Runs alone: RECON_USER belongs to the whole test process.
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class ActingForAPersonCliTests
{
    [Theory]
    [InlineData("王芳", "%E7%8E%8B%E8%8A%B3")]
    [InlineData("Li Na (财务)", "Li%20Na%20%28%E8%B4%A2%E5%8A%A1%29")]
    [InlineData("wang.fang-01_~", "wang.fang-01_~")]
    public void A_name_travels_as_percent_encoded_utf8(string person, string header) => Assert.Equal(header, CliSession.EncodePerson(person));

    private static async Task<(TestServer Server, string[] G)> StartAsync()
    {
        var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        string[] g = ["--server", server.Address, "--api-key", server.AdminKey];
        await CliRunner.RunAsync([.. g, "categories", "add", "01", "华东区"]);
        await CliRunner.RunAsync([.. g, "customers", "add", "C001", "上海华联超市有限公司", "--category", "01"]);
        return (server, g);
    }

    private static string[] Confirm(string[] g, string month) =>
        [.. g, "--json", "period", "confirm", "--customer", "C001", "--from", $"2024-{month}-01", "--to", $"2024-{month}-28", "--by", "陈经理 华联财务"];

    [Fact]
    public async Task A_decision_made_with_a_service_key_is_recorded_under_the_person_given_with_as()
    {
        var before = Environment.GetEnvironmentVariable("RECON_USER");
        Environment.SetEnvironmentVariable("RECON_USER", null);
        var (server, g) = await StartAsync();
        await using var _ = server;
        try
        {
            var confirmed = await CliRunner.RunAsync([.. Confirm(g, "04"), "--as", "王芳 财务部"]);
            var nobody = await CliRunner.RunAsync(Confirm(g, "05"));
            var audit = await CliRunner.RunAsync([.. g, "--json", "audit", "list", "--entity-type", "customer_period"]);
            var listed = await CliRunner.RunAsync([.. g, "period", "list", "--customer", "C001"]);

            Assert.True(confirmed.ExitCode == 0, confirmed.Error);
            Assert.Equal("王芳 财务部", JsonDocument.Parse(confirmed.Out).RootElement.GetProperty("recordedFor").GetString());
            Assert.Equal(1, nobody.ExitCode);
            Assert.Contains("--as", nobody.Error);
            var entry = Assert.Single(JsonDocument.Parse(audit.Out).RootElement.EnumerateArray());
            Assert.Equal("王芳 财务部", entry.GetProperty("person").GetString());
            Assert.Contains("(王芳 财务部)", listed.Out);
        }
        finally
        {
            Environment.SetEnvironmentVariable("RECON_USER", before);
        }
    }

    [Fact]
    public async Task RECON_USER_names_the_person_when_as_is_not_given_and_as_wins_over_it()
    {
        var before = Environment.GetEnvironmentVariable("RECON_USER");
        var (server, g) = await StartAsync();
        await using var _ = server;
        Environment.SetEnvironmentVariable("RECON_USER", "李娜");
        try
        {
            var fromEnvironment = await CliRunner.RunAsync(Confirm(g, "04"));
            var fromOption = await CliRunner.RunAsync([.. Confirm(g, "05"), "--as", "王芳"]);

            Assert.True(fromEnvironment.ExitCode == 0, fromEnvironment.Error);
            Assert.Equal("李娜", JsonDocument.Parse(fromEnvironment.Out).RootElement.GetProperty("recordedFor").GetString());
            Assert.True(fromOption.ExitCode == 0, fromOption.Error);
            Assert.Equal("王芳", JsonDocument.Parse(fromOption.Out).RootElement.GetProperty("recordedFor").GetString());
        }
        finally
        {
            Environment.SetEnvironmentVariable("RECON_USER", before);
        }
    }

    [Fact]
    public async Task A_key_issued_to_a_person_acts_for_its_holder_and_for_nobody_else()
    {
        var before = Environment.GetEnvironmentVariable("RECON_USER");
        Environment.SetEnvironmentVariable("RECON_USER", null);
        var (server, g) = await StartAsync();
        await using var _ = server;
        try
        {
            var created = await CliRunner.RunAsync([.. g, "--json", "keys", "create", "wang-fang", "--role", "accountant", "--holder", "王芳"]);
            var key = JsonDocument.Parse(created.Out).RootElement;
            string[] personal = ["--server", server.Address, "--api-key", key.GetProperty("secret").GetString()!];
            var confirmed = await CliRunner.RunAsync(Confirm(personal, "04"));
            var forSomeoneElse = await CliRunner.RunAsync([.. Confirm(personal, "05"), "--as", "李娜"]);
            var listed = await CliRunner.RunAsync([.. g, "keys", "list"]);

            Assert.True(created.ExitCode == 0, created.Error);
            Assert.Equal("王芳", key.GetProperty("key").GetProperty("holder").GetString());
            Assert.True(confirmed.ExitCode == 0, confirmed.Error);
            Assert.Equal("王芳", JsonDocument.Parse(confirmed.Out).RootElement.GetProperty("recordedFor").GetString());
            Assert.Equal(1, forSomeoneElse.ExitCode);
            Assert.Contains("PermissionDenied", forSomeoneElse.Error);
            Assert.Contains("王芳", listed.Out);
        }
        finally
        {
            Environment.SetEnvironmentVariable("RECON_USER", before);
        }
    }
}
