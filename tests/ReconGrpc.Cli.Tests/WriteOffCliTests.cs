using System.Globalization;
using System.Text;
using System.Text.Json;
using ReconGrpc.Testing;

namespace ReconGrpc.Cli.Tests;

/// <summary>recon writeoffs … and recon match confirm … --write-off against a real server with SQLite.</summary>
public sealed class WriteOffCliTests(ServerPool servers) : IClassFixture<ServerPool>
{
    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Confirming_a_match_with_a_write_off_model_prints_the_entries_it_posted_and_the_balance_moves_by_them()
    {
        var server = await servers.For(TestDatabases.Sqlite);
        string[] g = ["--server", server.Address, "--api-key", server.AdminKey, "--as", "王芳"];
        string[] j = [.. g, "--json"];
        // INV-1 agrees; their statement shows INV-2 5.00 short (proposed under the default 1 % tolerance).
        Assert.Equal(0, (await CliRunner.RunAsync([.. g, "categories", "add", "92", "核销客户"])).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync([.. g, "customers", "add", "WO01", "核销客户WO01", "--category", "92"])).ExitCode);
        var ledger = Path.Combine(server.DataFolder, "ledger-WO01.csv");
        await File.WriteAllTextAsync(ledger, "客户编码,客户名称,日期,单据类型,单据号,金额,摘要\n" +
            "WO01,,2024-04-02,销售发票,INV-1,1000.00,销售\n" +
            "WO01,,2024-04-05,销售发票,INV-2,500.00,销售\n", new UTF8Encoding(true));
        var statement = Path.Combine(server.DataFolder, "statement-WO01.csv");
        await File.WriteAllTextAsync(statement, "日期,借方,贷方,摘要,单据号\n" +
            "2024-04-03,,1000.00,购货,INV-1\n" +
            "2024-04-06,,495.00,购货,INV-2\n", new UTF8Encoding(true));
        Assert.Equal(0, (await CliRunner.RunAsync([.. g, "import", ledger, "--adapter", "template", "--option", "kind=ledger"])).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync([.. g, "import", statement, "--adapter", "template", "--option", "kind=statement",
            "--option", "convention=counterparty-ledger", "--statement", "WO01 2024-04", "--customer", "WO01"])).ExitCode);

        var created = await CliRunner.RunAsync([.. g, "writeoffs", "create", "fees", "--account", "6603 财务费用-手续费", "--reason-code", "FEE", "--whole"]);
        var badPercent = await CliRunner.RunAsync([.. g, "writeoffs", "create", "card", "--account", "6603 财务费用", "--reason-code", "CARD", "--percent", "150"]);
        var twoAmounts = await CliRunner.RunAsync([.. g, "writeoffs", "create", "card", "--account", "6603 财务费用", "--reason-code", "CARD", "--percent", "1", "--whole"]);
        var updated = await CliRunner.RunAsync([.. g, "writeoffs", "update", "fees", "--description", "银行及平台手续费"]);
        var listed = await CliRunner.RunAsync([.. g, "writeoffs", "list"]);
        var run = JsonDocument.Parse((await CliRunner.RunAsync([.. j, "reconcile", "--customer", "WO01", "--from", "2024-04-01", "--to", "2024-04-30",
            "--against", "WO01 2024-04"])).Out).RootElement.GetProperty("runId").GetInt64();
        var proposed = JsonDocument.Parse((await CliRunner.RunAsync([.. j, "matches", "list", N(run), "--status", "proposed"])).Out).RootElement
            .EnumerateArray().Single().GetProperty("sequence").GetInt32();
        var before = JsonDocument.Parse((await CliRunner.RunAsync([.. j, "ledger", "balance", "--customer", "WO01"])).Out).RootElement.GetProperty("balance").GetString();

        var confirmed = await CliRunner.RunAsync([.. g, "match", "confirm", N(run), N(proposed), "--write-off", "fees", "--note", "客户少付5元手续费"]);
        var after = JsonDocument.Parse((await CliRunner.RunAsync([.. j, "ledger", "balance", "--customer", "WO01"])).Out).RootElement.GetProperty("balance").GetString();
        var again = await CliRunner.RunAsync([.. g, "match", "confirm", N(run), N(proposed), "--write-off", "fees"]);
        var undone = await CliRunner.RunAsync([.. j, "match", "undo", N(run), N(proposed), "--reason", "客户已补付手续费"]);
        var deleted = await CliRunner.RunAsync([.. g, "writeoffs", "delete", "fees"]);
        var gone = await CliRunner.RunAsync([.. g, "writeoffs", "show", "fees"]);

        Assert.True(created.ExitCode == 0, created.Error);
        Assert.Contains("created write-off model fees version 1", created.Out);
        Assert.Contains("whole difference", created.Out);
        Assert.Equal(1, badPercent.ExitCode);
        Assert.Contains("percentage", badPercent.Error);
        Assert.Equal(2, twoAmounts.ExitCode);
        Assert.Contains("one of --fixed, --percent and --whole", twoAmounts.Error);
        Assert.True(updated.ExitCode == 0, updated.Error);
        Assert.Contains("updated write-off model fees version 2", updated.Out);
        Assert.Contains("银行及平台手续费", listed.Out);
        Assert.Contains("6603 财务费用-手续费", listed.Out);

        Assert.True(confirmed.ExitCode == 0, confirmed.Error);
        Assert.Contains($"confirmed match {proposed}", confirmed.Out);
        Assert.Contains("written off with model fees [FEE]: 1 ledger entry posted", confirmed.Out);
        Assert.Contains($"ADJ-{run}-{proposed}", confirmed.Out);
        Assert.Contains("2024-04-06", confirmed.Out);
        Assert.Contains("-5.00", confirmed.Out);
        Assert.Contains("6603 财务费用-手续费", confirmed.Out);
        Assert.Contains("posted -5.00: the difference is closed", confirmed.Out);
        Assert.Equal(("1500.00", "1495.00"), (before, after));
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("posted already", again.Error);
        Assert.True(undone.ExitCode == 0, undone.Error);
        var undoneMatch = JsonDocument.Parse(undone.Out).RootElement;
        Assert.Equal("fees", undoneMatch.GetProperty("writeOffModel").GetString());
        Assert.True(undoneMatch.GetProperty("match").GetProperty("adjustmentReversalEntryId").GetInt64() > 0);
        Assert.Contains("deleted write-off model fees (version 2)", deleted.Out);
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains("recon writeoffs list", gone.Error);
    }
}
