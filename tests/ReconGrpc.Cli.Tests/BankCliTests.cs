using System.Globalization;
using System.Text;
using System.Text.Json;
using ReconGrpc.Testing;

namespace ReconGrpc.Cli.Tests;

/// <summary>recon bank …: balances, unknown payers and aliases, unbooked receipts and the 银行存款余额调节表, against a real server with SQLite.</summary>
public sealed class BankCliTests
{
    private const string StatementName = "工行 2024-04";

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static (string[] Global, string[] Json) Args(TestServer server)
    {
        string[] g = ["--server", server.Address, "--api-key", server.AdminKey, "--as", "王芳"];
        return (g, [.. g, "--json"]);
    }

    /// <summary>
    /// Two customers, C001 杭州明远商贸有限公司 and C002 上海华联超市有限公司; C001 has a receipt of 3,000.00 booked on 25 April that the
    /// bank has not received. The April bank statement (an MT940 file, kind bank) holds:
    ///   04-08  +9,360.00 from 上海华联超市有限公司 (resolves to C002 by name)
    ///   04-12  −1,200.00 to 杭州电力公司 (no customer's)
    ///   04-19 +12,500.00 from 杭州明远贸易有限公司 (unknown; its core 杭州明远贸易 shares 3 of 5 character pairs with 杭州明远商贸: 2·3/10 = 0.60)
    ///   04-22    +800.00 from 宁波海曙电子有限公司 (unknown; no customer's name is close)
    ///   04-26    −500.00 to 上海华联超市有限公司 (a refund to C002)
    /// The statement is an MT940 file of two accounts: the CNY account opens at 1,200,000.00 and closes at
    /// 1,200,000.00 + 22,660.00 − 1,700.00 = 1,220,960.00; a USD account with no lines opens at 10,000.00 and closes at
    /// 10,050.00, which does not add up by −50.00.
    /// </summary>
    private static async Task<long> SeedAsync(TestServer server, string[] g, string[] j)
    {
        Assert.Equal(0, (await CliRunner.RunAsync([.. g, "categories", "add", "01", "华东区"])).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync([.. g, "customers", "add", "C001", "杭州明远商贸有限公司", "--category", "01"])).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync([.. g, "customers", "add", "C002", "上海华联超市有限公司", "--category", "01"])).ExitCode);
        var ledger = Path.Combine(server.DataFolder, "ledger.csv");
        await File.WriteAllTextAsync(ledger, "客户编码,日期,单据类型,单据号,金额,摘要\n" +
            "C002,2024-04-01,销售发票,INV-0401,9360.00,销售\n" +
            "C001,2024-04-02,销售发票,INV-0402,15500.00,销售\n" +
            "C001,2024-04-25,收款,RC-0425,3000.00,收到承兑\n", new UTF8Encoding(true));
        var importedLedger = await CliRunner.RunAsync([.. g, "import", ledger, "--adapter", "template", "--option", "kind=ledger"]);
        Assert.True(importedLedger.ExitCode == 0, importedLedger.Out + importedLedger.Error);
        var bank = Path.Combine(server.DataFolder, "bank-2024-04.sta");
        await File.WriteAllTextAsync(bank, """
            :20:BK2404
            :25:1202020209000012345
            :28C:2024-04
            :60F:C240331CNY1200000,00
            :61:2404080408C9360,00NTRFNONREF//BK0408001
            :86:166?20货款?311001244309004613428?32上海华联超市有限公司
            :61:2404120412D1200,00NTRFNONREF//BK0412002
            :86:166?20电费?3133001616027059000123?32杭州电力公司
            :61:2404190419C12500,00NTRFNONREF//BK0419003
            :86:166?20还款?316222020200112233445?32杭州明远贸易有限公司
            :61:2404220422C800,00NTRFNONREF//BK0422004
            :86:166?20货款?316228480011223344?32宁波海曙电子有限公司
            :61:2404260426D500,00NTRFNONREF//BK0426005
            :86:166?20退款?311001244309004613428?32上海华联超市有限公司
            :62F:C240430CNY1220960,00
            -
            :20:BK2404USD
            :25:1202020209000067890
            :28C:2024-04-USD
            :60F:C240331USD10000,00
            :62F:C240430USD10050,00
            -

            """, new UTF8Encoding(false));
        var imported = await CliRunner.RunAsync([.. j, "import", bank, "--statement", StatementName, "--statement-kind", "bank"]);
        Assert.True(imported.ExitCode == 0, imported.Out + imported.Error);
        var summary = JsonDocument.Parse(imported.Out).RootElement;
        Assert.Equal("mt940", summary.GetProperty("adapter").GetString());
        Assert.Equal(5, summary.GetProperty("imported").GetInt32());
        var statementId = summary.GetProperty("statementId").GetInt64();
        return statementId;
    }

    [Fact]
    public async Task An_alias_is_added_listed_and_removed_from_the_command_line()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        var (g, j) = Args(server);
        await CliRunner.RunAsync([.. g, "categories", "add", "01", "华东区"]);
        await CliRunner.RunAsync([.. g, "customers", "add", "C001", "杭州明远商贸有限公司", "--category", "01"]);

        var added = await CliRunner.RunAsync([.. j, "bank", "alias", "add", "--customer", "C001", "--name", "杭州明远贸易有限公司", "--account", "6222020200112233445"]);
        var addedText = await CliRunner.RunAsync([.. g, "bank", "alias", "add", "--customer", "C001", "--name", "明远贸易"]);
        var twice = await CliRunner.RunAsync([.. g, "bank", "alias", "add", "--customer", "C001", "--name", "杭州明远贸易有限公司"]);
        var empty = await CliRunner.RunAsync([.. g, "bank", "alias", "add", "--customer", "C001"]);
        var listed = await CliRunner.RunAsync([.. j, "bank", "aliases", "--customer", "C001"]);
        var aliases = JsonDocument.Parse(added.Out).RootElement.EnumerateArray().ToList();
        var removed = await CliRunner.RunAsync([.. g, "bank", "alias", "remove", N(aliases[0].GetProperty("id").GetInt64())]);
        var again = await CliRunner.RunAsync([.. g, "bank", "alias", "remove", N(aliases[0].GetProperty("id").GetInt64())]);
        var after = await CliRunner.RunAsync([.. j, "bank", "aliases"]);
        var table = await CliRunner.RunAsync([.. g, "bank", "aliases"]);

        Assert.True(added.ExitCode == 0, added.Error);
        // One alias per name or account given; the account is shown masked but for its last four characters.
        Assert.Equal(2, aliases.Count);
        Assert.Equal(("C001", "杭州明远贸易有限公司"), (aliases[0].GetProperty("customerCode").GetString(), aliases[0].GetProperty("name").GetString()));
        Assert.False(aliases[0].TryGetProperty("account", out _));
        Assert.EndsWith("3445", aliases[1].GetProperty("account").GetString());
        Assert.DoesNotContain("6222020200112233445", added.Out);
        Assert.Matches(@"^added alias \d+: name '明远贸易' → C001", addedText.Out);
        Assert.Equal(1, twice.ExitCode);
        Assert.Contains("AlreadyExists: '杭州明远贸易有限公司' is already an alias of customer 'C001'", twice.Error);
        Assert.Equal(1, empty.ExitCode);
        Assert.Contains("An alias needs the payer's name, account, or both", empty.Error);
        Assert.Equal(3, JsonDocument.Parse(listed.Out).RootElement.GetArrayLength());
        Assert.Equal($"removed alias {aliases[0].GetProperty("id").GetInt64()}\n", removed.Out.Replace("\r", "", StringComparison.Ordinal));
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("NotFound: There is no alias", again.Error);
        Assert.Equal(["", "明远贸易"], JsonDocument.Parse(after.Out).RootElement.EnumerateArray()
            .Select(a => a.TryGetProperty("name", out var name) ? name.GetString()! : "").Order(StringComparer.Ordinal).ToArray());
        Assert.Contains("明远贸易", table.Out);
        Assert.DoesNotContain("杭州明远贸易有限公司", table.Out);
    }

    [Fact]
    public async Task A_bank_statement_shows_its_balances_and_unknown_payers_and_an_assignment_teaches_the_payer()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        var (g, j) = Args(server);
        var statementId = await SeedAsync(server, g, j);

        var balances = await CliRunner.RunAsync([.. j, "bank", "balances", N(statementId)]);
        var balancesText = await CliRunner.RunAsync([.. g, "bank", "balances", StatementName]);
        var unresolved = await CliRunner.RunAsync([.. j, "bank", "unresolved", N(statementId), "--page-size", "1"]);
        var unresolvedText = await CliRunner.RunAsync([.. g, "bank", "unresolved", StatementName]);
        var lines = JsonDocument.Parse(unresolved.Out).RootElement.EnumerateArray().ToList();
        var mingyuan = lines[0].GetProperty("lineId").GetInt64();
        var both = await CliRunner.RunAsync([.. g, "bank", "assign", N(mingyuan), "--customer", "C001", "--remember", "--no-remember"]);
        var notAnId = await CliRunner.RunAsync([.. g, "bank", "assign", "BK0419003", "--customer", "C001"]);
        var assigned = await CliRunner.RunAsync([.. g, "bank", "assign", N(mingyuan), "--customer", "C001"]);
        var left = await CliRunner.RunAsync([.. j, "bank", "unresolved", N(statementId)]);
        var aliases = await CliRunner.RunAsync([.. j, "bank", "aliases", "--customer", "C001"]);

        // The CNY account: 1,200,000.00 + 22,660.00 − 1,700.00 = 1,220,960.00, as it closes; the USD account is 50.00 short.
        Assert.True(balances.ExitCode == 0, balances.Error);
        var stated = JsonDocument.Parse(balances.Out).RootElement.EnumerateArray().ToList();
        Assert.Equal(2, stated.Count);
        Assert.Equal(("CNY", "1200000.00", "22660.00", "1700.00", "1220960.00", "0.00", true),
            (stated[0].GetProperty("currency").GetString(), stated[0].GetProperty("openingBalance").GetString(), stated[0].GetProperty("credits").GetString(),
                stated[0].GetProperty("debits").GetString(), stated[0].GetProperty("closingBalance").GetString(), stated[0].GetProperty("difference").GetString(),
                stated[0].GetProperty("addsUp").GetBoolean()));
        Assert.Equal(("USD", "-50.00", false), (stated[1].GetProperty("currency").GetString(), stated[1].GetProperty("difference").GetString(),
            stated[1].GetProperty("addsUp").GetBoolean()));
        Assert.Contains("opening balance 10,000.00 + movements 0.00 = 10,000.00, but the closing balance is 10,050.00; the difference is -50.00",
            Assert.Single(stated[1].GetProperty("problems").EnumerateArray()).GetString());
        Assert.True(balancesText.ExitCode == 0, balancesText.Error);
        Assert.Contains("1200000.00 (2024-03-31)", balancesText.Out);
        Assert.Contains("1220960.00 (2024-04-30)", balancesText.Out);
        Assert.Contains("statement 1: adds up", balancesText.Out);
        Assert.Contains("statement 2 (no. 2024-04-USD, account 1202020209000067890, USD) does not add up", balancesText.Out);

        // Only money in from unknown payers, oldest first, every page followed.
        Assert.True(unresolved.ExitCode == 0, unresolved.Error);
        Assert.Equal(2, lines.Count);
        Assert.Equal(("2024-04-19", "12500.00", "杭州明远贸易有限公司", "还款"), (lines[0].GetProperty("date").GetString(), lines[0].GetProperty("amount").GetString(),
            lines[0].GetProperty("payerName").GetString(), lines[0].GetProperty("text").GetString()));
        var closest = Assert.Single(lines[0].GetProperty("closest").EnumerateArray());
        Assert.Equal(("C001", "杭州明远商贸有限公司", "0.60"), (closest.GetProperty("customerCode").GetString(), closest.GetProperty("customerName").GetString(),
            closest.GetProperty("score").GetString()));
        Assert.Equal(("2024-04-22", "800.00", 0), (lines[1].GetProperty("date").GetString(), lines[1].GetProperty("amount").GetString(),
            lines[1].GetProperty("closest").GetArrayLength()));
        Assert.Contains("C001 杭州明远商贸有限公司 (0.60)", unresolvedText.Out);
        Assert.Contains("none close", unresolvedText.Out);

        Assert.Equal(2, both.ExitCode);
        Assert.Contains("give --remember or --no-remember, not both", both.Error);
        Assert.Equal(2, notAnId.ExitCode);
        Assert.Contains("'BK0419003' is not a line id", notAnId.Error);
        // Remembered by default: the payer's name and account become C001's aliases.
        Assert.True(assigned.ExitCode == 0, assigned.Error);
        Assert.Contains("assigned 1 line(s) to C001", assigned.Out);
        Assert.Contains("name '杭州明远贸易有限公司' → C001", assigned.Out);
        Assert.Matches(@"account \S*3445 → C001", assigned.Out);
        Assert.Equal(["2024-04-22"], JsonDocument.Parse(left.Out).RootElement.EnumerateArray().Select(l => l.GetProperty("date").GetString()));
        Assert.Equal(2, JsonDocument.Parse(aliases.Out).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task A_bank_run_lists_the_unbooked_receipts_posts_them_and_shows_the_bank_reconciliation()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        var (g, j) = Args(server);
        var statementId = await SeedAsync(server, g, j);
        var unresolved = JsonDocument.Parse((await CliRunner.RunAsync([.. j, "bank", "unresolved", N(statementId)])).Out).RootElement;
        var mingyuan = unresolved[0].GetProperty("lineId").GetInt64();
        var ningbo = unresolved[1].GetProperty("lineId").GetInt64();
        Assert.Equal(0, (await CliRunner.RunAsync([.. g, "bank", "assign", N(mingyuan), "--customer", "C001", "--no-remember"])).ExitCode);
        var run = await CliRunner.RunAsync([.. j, "reconcile", "--from", "2024-04-01", "--to", "2024-04-30", "--against", StatementName]);
        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        var runId = JsonDocument.Parse(run.Out).RootElement.GetProperty("runId").GetInt64();

        var unbooked = await CliRunner.RunAsync([.. j, "bank", "unbooked", N(runId)]);
        var unbookedText = await CliRunner.RunAsync([.. g, "bank", "unbooked", N(runId)]);
        var receipts = JsonDocument.Parse(unbooked.Out).RootElement.EnumerateArray().ToList();
        var hualian = receipts[1].GetProperty("lineId").GetInt64();
        var unknown = await CliRunner.RunAsync([.. g, "bank", "post-receipts", N(runId), "--lines", $"{hualian},{ningbo}"]);
        var one = await CliRunner.RunAsync([.. j, "bank", "post-receipts", N(runId), "--lines", N(hualian)]);
        var rest = await CliRunner.RunAsync([.. g, "bank", "post-receipts", N(runId)]);
        var nothing = await CliRunner.RunAsync([.. g, "bank", "post-receipts", N(runId)]);
        var afterwards = await CliRunner.RunAsync([.. j, "bank", "unbooked", N(runId)]);
        var reconciliation = await CliRunner.RunAsync([.. j, "bank", "reconciliation", N(runId)]);
        var reconciliationText = await CliRunner.RunAsync([.. g, "bank", "reconciliation", N(runId)]);
        var balance = await CliRunner.RunAsync([.. j, "ledger", "balance", "--customer", "C001"]);

        // By customer, then date; the unknown payer last, with no receipt to suggest.
        Assert.True(unbooked.ExitCode == 0, unbooked.Error);
        Assert.Equal([("C001", "12500.00"), ("C002", "9360.00"), (null, "800.00")], receipts.Select(r =>
            (r.TryGetProperty("customerCode", out var c) ? c.GetString() : null, r.GetProperty("amount").GetString())).ToArray());
        var suggested = receipts[0].GetProperty("suggested");
        Assert.Equal(("2024-04-19", $"BANK-{mingyuan}", "-12500.00"), (suggested.GetProperty("date").GetString(), suggested.GetProperty("documentNumber").GetString(),
            suggested.GetProperty("amount").GetString()));
        Assert.False(receipts[2].TryGetProperty("suggested", out _));
        Assert.Contains($"2024-04-19 BANK-{mingyuan} -12500.00", unbookedText.Out);
        Assert.Contains($"assign first: recon bank assign {ningbo} --customer CODE", unbookedText.Out);
        Assert.True(unbookedText.Out.IndexOf("C002", StringComparison.Ordinal) < unbookedText.Out.IndexOf("assign first", StringComparison.Ordinal));

        // A named line of an unknown payer is refused, and nothing is posted with it.
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains($"Bank line {ningbo} is from 宁波海曙电子有限公司, whom the archive does not know: assign it to a customer first", unknown.Error);
        Assert.True(one.ExitCode == 0, one.Error);
        var entry = Assert.Single(JsonDocument.Parse(one.Out).RootElement.EnumerateArray());
        Assert.Equal(("C002", "2024-04-08", "Receipt", $"BANK-{hualian}", "-9360.00"), (entry.GetProperty("customerCode").GetString(), entry.GetProperty("date").GetString(),
            entry.GetProperty("documentType").GetString(), entry.GetProperty("documentNumber").GetString(), entry.GetProperty("amount").GetString()));
        Assert.True(rest.ExitCode == 0, rest.Error);
        Assert.Contains($"BANK-{mingyuan}", rest.Out);
        Assert.Contains("-12500.00 CNY", rest.Out);
        Assert.Contains("posted 1 receipt(s)", rest.Out);
        Assert.DoesNotContain($"BANK-{hualian}", rest.Out);
        Assert.Contains("nothing to post", nothing.Out);
        Assert.Equal([true, true, false], JsonDocument.Parse(afterwards.Out).RootElement.EnumerateArray().Select(r => r.GetProperty("alreadyPosted").GetBoolean()));
        // C001: 15,500.00 invoiced − 3,000.00 − 12,500.00 received = 0.00.
        Assert.Equal("0.00", JsonDocument.Parse(balance.Out).RootElement.GetProperty("balance").GetString());

        // CNY: 1,220,960.00 at the bank + 3,000.00 booked not received = 1,223,960.00; less 9,360.00 + 12,500.00 + 800.00 = 22,660.00 the
        // bank received and we had not booked, plus the 500.00 refund it paid, the book balance the open items imply is 1,201,800.00.
        Assert.True(reconciliation.ExitCode == 0, reconciliation.Error);
        var currencies = JsonDocument.Parse(reconciliation.Out).RootElement.EnumerateArray().ToList();
        Assert.Equal(["CNY", "USD"], currencies.Select(c => c.GetProperty("currency").GetString()));
        var cny = currencies[0];
        Assert.Equal(("1220960.00", "2024-04-30", "22660.00", "500.00", "3000.00", "1223960.00", "1201800.00"),
            (cny.GetProperty("bankClosingBalance").GetString(), cny.GetProperty("bankClosingDate").GetString(), cny.GetProperty("bankReceivedNotBooked").GetString(),
                cny.GetProperty("bankPaidNotBooked").GetString(), cny.GetProperty("bookedNotReceived").GetString(), cny.GetProperty("adjustedBankBalance").GetString(),
                cny.GetProperty("impliedBookBalance").GetString()));
        Assert.Equal(0m, decimal.Parse(cny.GetProperty("bookedNotPaid").GetString()!, CultureInfo.InvariantCulture));
        // The USD account has no open items: its balance stands on both sides.
        Assert.Equal(("10050.00", "10050.00"), (currencies[1].GetProperty("adjustedBankBalance").GetString(), currencies[1].GetProperty("impliedBookBalance").GetString()));
        Assert.True(reconciliationText.ExitCode == 0, reconciliationText.Error);
        foreach (var text in new[] { "银行存款余额调节表", "企业账面余额 (implied)", "1201800.00", "银行对账单余额", "1220960.00", "银收企未收", "22660.00", "银付企未付",
                     "企收银未收", "3000.00", "企付银未付", "调节后余额", "1223960.00", "not the cash book" })
        {
            Assert.Contains(text, reconciliationText.Out);
        }
    }
}
