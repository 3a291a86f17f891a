using System.Globalization;
using System.Text;
using System.Text.Json;
using ReconGrpc.Testing;

namespace ReconGrpc.Cli.Tests;

/// <summary>recon reconcile --dry-run and recon runs show of a dry run, against a real server with SQLite.</summary>
public sealed class DryRunCliTests(ServerPool servers) : IClassFixture<ServerPool>
{
    /// <summary>
    /// A customer's April: INV-1 agrees, INV-2 is 5.00 short (the default rules propose it under their 1 % tolerance),
    /// INV-3 is only ours. A real run with the default rules, then a rule set with no tolerance to try.
    /// </summary>
    private static async Task<(string[] Global, string Statement, long RealRun)> SeedAsync(TestServer server, string code)
    {
        string[] g = ["--server", server.Address, "--api-key", server.AdminKey, "--as", "王芳"];
        await CliRunner.RunAsync([.. g, "categories", "add", "93", "试运行客户"]);
        var added = await CliRunner.RunAsync([.. g, "customers", "add", code, "试运行客户" + code, "--category", "93"]);
        Assert.True(added.ExitCode == 0, added.Error);
        var ledger = Path.Combine(server.DataFolder, $"ledger-{code}.csv");
        await File.WriteAllTextAsync(ledger, "客户编码,客户名称,日期,单据类型,单据号,金额,摘要\n" +
            $"{code},,2024-04-02,销售发票,INV-1,1000.00,销售\n" +
            $"{code},,2024-04-05,销售发票,INV-2,500.00,销售\n" +
            $"{code},,2024-04-20,销售发票,INV-3,300.00,月末发货\n", new UTF8Encoding(true));
        var statement = Path.Combine(server.DataFolder, $"statement-{code}.csv");
        await File.WriteAllTextAsync(statement, "日期,借方,贷方,摘要,单据号\n" +
            "2024-04-03,,1000.00,购货,INV-1\n" +
            "2024-04-06,,495.00,购货,INV-2\n", new UTF8Encoding(true));
        var name = $"{code} 2024-04 对账单";
        Assert.Equal(0, (await CliRunner.RunAsync([.. g, "import", ledger, "--adapter", "template", "--option", "kind=ledger"])).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync([.. g, "import", statement, "--adapter", "template", "--option", "kind=statement",
            "--option", "convention=counterparty-ledger", "--statement", name, "--customer", code])).ExitCode);
        var rules = Path.Combine(server.DataFolder, $"rules-{code}.json");
        await File.WriteAllTextAsync(rules, """
            {"rules": [
              {"name":"document-exact","keys":[{"ours":"KEY_FIELD_DOCUMENT_NUMBER","theirs":"KEY_FIELD_DOCUMENT_NUMBER"}],
               "amountCondition":"AMOUNT_CONDITION_KIND_EXACT","dateWindow":"DATE_WINDOW_KIND_DAYS","daysBefore":31,"daysAfter":31,
               "cardinality":"CARDINALITY_ONE_TO_ONE","decision":"RULE_DECISION_ACCEPTED",
               "currencyMode":"CURRENCY_MODE_SAME_ONLY","allocation":"ALLOCATION_NEAREST"}
            ]}
            """);
        var created = await CliRunner.RunAsync([.. g, "rules", "create", $"strict-{code}", "--file", rules]);
        Assert.True(created.ExitCode == 0, created.Error);
        var real = await CliRunner.RunAsync([.. g, "--json", "reconcile", "--customer", code, "--from", "2024-04-01", "--to", "2024-04-30", "--against", name]);
        Assert.True(real.ExitCode == 0, real.Error);
        return (g, name, JsonDocument.Parse(real.Out).RootElement.GetProperty("runId").GetInt64());
    }

    [Fact]
    public async Task Reconcile_dry_run_prints_the_summary_and_what_the_rules_would_change_and_runs_show_shows_it_again()
    {
        var server = await servers.For(TestDatabases.Sqlite);
        var (g, statement, realRun) = await SeedAsync(server, "DRC1");

        var dry = await CliRunner.RunAsync([.. g, "reconcile", "--customer", "DRC1", "--from", "2024-04-01", "--to", "2024-04-30", "--against", statement,
            "--dry-run", "--rules", "strict-DRC1"]);
        Assert.True(dry.ExitCode == 0, dry.Error);
        Assert.Contains("dry run 试运行", dry.Out);
        Assert.Contains($"compared with run {realRun.ToString(CultureInfo.InvariantCulture)}: the same statements and dates", dry.Out);
        Assert.Contains("lost 失去匹配", dry.Out);
        // The proposal the default rules made of INV-2 (5.00 short) is what the strict rules lose.
        Assert.Contains("document-tolerance PROPOSED", dry.Out);
        var dryRun = System.Text.RegularExpressions.Regex.Match(dry.Out, @"^run (\d+) ", System.Text.RegularExpressions.RegexOptions.Multiline).Groups[1].Value;

        var json = await CliRunner.RunAsync([.. g, "--json", "reconcile", "--customer", "DRC1", "--from", "2024-04-01", "--to", "2024-04-30",
            "--against", statement, "--dry-run", "--rules", "strict-DRC1"]);
        var result = JsonDocument.Parse(json.Out).RootElement;
        Assert.True(result.GetProperty("dryRun").GetBoolean());
        var comparison = result.GetProperty("comparison");
        Assert.Equal((realRun, "SAME_SCOPE", 0, 1, 0, 1), (comparison.GetProperty("baseRunId").GetInt64(), comparison.GetProperty("basis").GetString(),
            comparison.GetProperty("gained").GetInt32(), comparison.GetProperty("lost").GetInt32(), comparison.GetProperty("changed").GetInt32(),
            comparison.GetProperty("unchanged").GetInt32()));
        var lost = Assert.Single(comparison.GetProperty("lostMatches").EnumerateArray());
        Assert.Equal(("document-tolerance", "PROPOSED"), (lost.GetProperty("ruleBefore").GetString(), lost.GetProperty("statusBefore").GetString()));

        var shown = await CliRunner.RunAsync([.. g, "runs", "show", dryRun]);
        Assert.True(shown.ExitCode == 0, shown.Error);
        Assert.Contains("dry run 试运行", shown.Out);
        Assert.Contains("lost 失去匹配", shown.Out);
        Assert.Contains("document-tolerance PROPOSED", shown.Out);
        var listed = JsonDocument.Parse((await CliRunner.RunAsync([.. g, "--json", "runs", "list", "--customer", "DRC1", "--kind", "dry"])).Out).RootElement;
        Assert.Equal(2, listed.GetArrayLength());
        Assert.All(listed.EnumerateArray(), r => Assert.True(r.GetProperty("dryRun").GetBoolean()));
    }
}
