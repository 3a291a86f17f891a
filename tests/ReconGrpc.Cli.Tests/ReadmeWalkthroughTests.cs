using System.Text.Json;
using ReconGrpc.Testing;

namespace ReconGrpc.Cli.Tests;

/// <summary>
/// The README's first session with the CLI, command for command, on the sample T3 files it names and a server of its
/// own (a fresh database, as a newcomer has): if this fails, the README no longer tells the truth.
/// </summary>
public sealed class ReadmeWalkthroughTests
{
    private const string Statement = "华联 2024Q1 对账单";

    [Fact]
    public async Task The_readme_walkthrough_imports_the_sample_t3_files_and_reconciles_them()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        string[] g = ["--server", server.Address, "--api-key", server.AdminKey];
        string[] j = [.. g, "--json"];
        // The folder the README's commands read.
        var f = Path.Combine(RepositoryRoot.Path, "tests", "ReconGrpc.Adapters.Tests", "Fixtures");

        var scheme = await Succeeds([.. g, "categories", "scheme", "get"]);
        var categories = await Succeeds([.. j, "import", Path.Combine(f, "t3-categories.xls")]);
        var customers = await Succeeds([.. j, "import", Path.Combine(f, "t3-customers.csv")]);
        var tree = await Succeeds([.. g, "categories", "list"]);
        var found = await Succeeds([.. g, "customers", "search", "上海"]);
        var ledger = await Succeeds([.. j, "import", Path.Combine(f, "t3-ledger-hualian-2024q1.xls")]);
        var balance = await Succeeds([.. j, "ledger", "balance", "--customer", "0101001"]);
        var statement = await Succeeds([.. j, "import", Path.Combine(f, "t3-payable-from-hualian-2024q1.xls"), "--statement", Statement, "--customer", "0101001"]);
        var reconciled = await Succeeds([.. j, "reconcile", "--customer", "0101001", "--from", "2024-01-01", "--to", "2024-03-31", "--against", Statement]);
        var key = await Succeeds([.. g, "keys", "create", "billing-service", "--role", "accountant"]);

        Assert.Contains("2-2-2-2", scheme);
        Assert.Equal(0, Json(categories).GetProperty("rejected").GetInt64());
        Assert.True(Json(customers).GetProperty("imported").GetInt64() > 0);
        Assert.Contains("0101 上海", tree);
        Assert.Contains("上海华联超市有限公司", found);
        Assert.Equal((10, 0), (Json(ledger).GetProperty("imported").GetInt64(), Json(ledger).GetProperty("rejected").GetInt64()));
        Assert.Equal("61010.00", Json(balance).GetProperty("balance").GetString());
        Assert.Equal(9, Json(statement).GetProperty("imported").GetInt64());

        var run = Json(reconciled);
        Assert.Equal(9, run.GetProperty("matched").GetInt32());
        var missing = Assert.Single(run.GetProperty("exceptions").EnumerateArray());
        Assert.Equal(("MISSING_ON_THEIR_SIDE", "ours", "00012533", "15210.00", "2024-03-28"),
            (missing.GetProperty("reason").GetString(), missing.GetProperty("side").GetString(), missing.GetProperty("documentNumber").GetString(),
                missing.GetProperty("amount").GetString(), missing.GetProperty("date").GetString()));
        Assert.Equal("0.00", run.GetProperty("balances").GetProperty("unexplained").GetString());
        Assert.Contains("accountant", key);
    }

    private static async Task<string> Succeeds(string[] args)
    {
        var result = await CliRunner.RunAsync(args);
        Assert.True(result.ExitCode == 0, $"recon {string.Join(' ', args.Skip(4))} failed: {result.Error}");
        return result.Out;
    }

    private static JsonElement Json(string output) => JsonDocument.Parse(output).RootElement;
}
