using System.Text.Json;
using ReconGrpc.Testing;

namespace ReconGrpc.Cli.Tests;

/// <summary>recon rates set / list against a real server with SQLite.</summary>
public sealed class RatesCliTests(ServerPool servers) : IClassFixture<ServerPool>
{
    [Fact]
    public async Task Rates_set_from_the_command_line_are_listed_replaced_and_refused_when_bad()
    {
        var server = await servers.For(TestDatabases.Sqlite);
        string[] g = ["--server", server.Address, "--api-key", server.AdminKey, "--as", "王芳"];

        var set = await CliRunner.RunAsync([.. g, "rates", "set", "USD", "2026-03-01", "7.1032", "eur", "2026/3/1", "7.8011"]);
        var replaced = await CliRunner.RunAsync([.. g, "rates", "set", "USD", "2026-03-01", "7.1050"]);
        var listed = await CliRunner.RunAsync([.. g, "rates", "list"]);
        var usd = await CliRunner.RunAsync([.. g, "--json", "rates", "list", "--currency", "USD"]);
        var baseCurrency = await CliRunner.RunAsync([.. g, "rates", "set", "CNY", "2026-03-01", "1"]);
        var zero = await CliRunner.RunAsync([.. g, "rates", "set", "USD", "2026-03-02", "0"]);
        var incomplete = await CliRunner.RunAsync([.. g, "rates", "set", "USD", "2026-03-02"]);
        var badDate = await CliRunner.RunAsync([.. g, "rates", "set", "USD", "March", "7.1"]);

        Assert.True(set.ExitCode == 0, set.Error);
        Assert.Contains("2 rate(s) kept, in CNY per unit.", set.Out);
        Assert.Contains("7.8011", set.Out);
        Assert.True(replaced.ExitCode == 0, replaced.Error);
        Assert.True(listed.ExitCode == 0, listed.Error);
        Assert.Contains("EUR", listed.Out);
        Assert.Contains("7.105", listed.Out);
        Assert.DoesNotContain("7.1032", listed.Out);
        Assert.Contains("王芳", listed.Out);
        Assert.True(usd.ExitCode == 0, usd.Error);
        using var json = JsonDocument.Parse(usd.Out);
        var rate = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal(("USD", "2026-03-01", "7.105", "CNY"),
            (rate.GetProperty("currency").GetString(), rate.GetProperty("date").GetString(), rate.GetProperty("rate").GetString(), rate.GetProperty("baseCurrency").GetString()));
        Assert.Equal(1, baseCurrency.ExitCode);
        Assert.Contains("base currency", baseCurrency.Error);
        Assert.Equal(1, zero.ExitCode);
        Assert.Contains("above zero", zero.Error);
        Assert.Equal(2, incomplete.ExitCode);
        Assert.Contains("three words", incomplete.Error);
        Assert.Equal(2, badDate.ExitCode);
        Assert.Contains("not a date", badDate.Error);
    }
}
