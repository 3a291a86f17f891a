using System.Text;
using System.Text.Json;
using ReconGrpc.Testing;

namespace ReconGrpc.Cli.Tests;

public sealed class LedgerCliTests
{
    [Fact]
    public async Task Ledger_list_filters_by_period_category_with_descendants_type_amount_and_text()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        string[] g = ["--server", server.Address, "--api-key", server.AdminKey];
        string[] j = [.. g, "--json"];
        await CliRunner.RunAsync([.. g, "categories", "add", "01", "华东区"]);
        await CliRunner.RunAsync([.. g, "categories", "add", "0101", "上海"]);
        await CliRunner.RunAsync([.. g, "categories", "add", "02", "华南区"]);
        await CliRunner.RunAsync([.. g, "customers", "add", "C001", "上海华联超市有限公司", "--category", "0101"]);
        await CliRunner.RunAsync([.. g, "customers", "add", "C002", "广州天河百货有限公司", "--category", "02"]);
        var file = Path.Combine(server.DataFolder, "ledger.csv");
        await File.WriteAllTextAsync(file, "客户编码,客户名称,日期,单据类型,单据号,金额,摘要\n" +
            "C001,,2024-03-30,销售发票,INV-0,200.00,三月\n" +
            "C001,,2024-04-02,销售发票,INV-1,1000.00,销售\n" +
            "C001,,2024-04-10,收款,RC-1,400.00,收款\n" +
            "C002,,2024-04-12,销售发票,INV-2,300.00,销售\n", new UTF8Encoding(true));
        await CliRunner.RunAsync([.. j, "import", file, "--adapter", "template", "--option", "kind=ledger"]);

        async Task<string[]> Documents(params string[] filters)
        {
            var listed = await CliRunner.RunAsync([.. j, "ledger", "list", .. filters]);
            Assert.True(listed.ExitCode == 0, listed.Error);
            return [.. JsonDocument.Parse(listed.Out).RootElement.EnumerateArray().Select(e => e.GetProperty("documentNumber").GetString()!)];
        }

        Assert.Equal(["INV-0", "INV-1", "RC-1"], await Documents("--category", "01"));
        Assert.Equal(["INV-1", "RC-1", "INV-2"], await Documents("--from", "2024-04-01", "--to", "2024-04-30"));
        Assert.Equal(["RC-1"], await Documents("--type", "receipt"));
        Assert.Equal(["INV-0", "INV-2"], await Documents("--type", "sales-invoice", "--max-amount", "500.00"));
        Assert.Equal(["RC-1"], await Documents("--max-amount", "0"));
        Assert.Equal(["INV-1", "INV-2"], await Documents("--min-amount", "250", "--text", "销售"));

        var noSuchCategory = await CliRunner.RunAsync([.. g, "ledger", "list", "--category", "0"]);
        var badType = await CliRunner.RunAsync([.. g, "ledger", "list", "--type", "invoice"]);
        Assert.NotEqual(0, noSuchCategory.ExitCode);
        Assert.Contains("no category with code '0'", noSuchCategory.Error);
        Assert.NotEqual(0, badType.ExitCode);
        Assert.Contains("sales-invoice", badType.Error);
    }

    [Fact]
    public async Task An_entry_booked_twice_by_a_corrected_export_is_offset_from_the_command_line()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        string[] g = ["--server", server.Address, "--api-key", server.AdminKey];
        string[] j = [.. g, "--json"];
        await CliRunner.RunAsync([.. g, "categories", "add", "01", "华东区"]);
        await CliRunner.RunAsync([.. g, "customers", "add", "HZ01", "杭州明远商贸有限公司", "--category", "01"]);
        var file = Path.Combine(server.DataFolder, "may.csv");
        await File.WriteAllTextAsync(file, "客户编码,日期,单据类型,单据号,金额\nHZ01,2024-05-20,销售发票,FP0520,\"2,260.00\"\n", new UTF8Encoding(true));
        await CliRunner.RunAsync([.. j, "import", file, "--adapter", "template", "--option", "kind=ledger"]);
        await File.WriteAllTextAsync(file, "客户编码,日期,单据类型,单据号,金额\nHZ01,2024-05-20,销售发票,FP0520,\"2,259.50\"\n", new UTF8Encoding(true));
        var corrected = await CliRunner.RunAsync([.. j, "import", file, "--adapter", "template", "--option", "kind=ledger"]);
        var again = await CliRunner.RunAsync([.. g, "import", file, "--adapter", "template", "--option", "kind=ledger"]);

        var posted = await CliRunner.RunAsync([.. j, "ledger", "post", "--customer", "HZ01", "--date", "2024/5/20", "--type", "sales-invoice",
            "--document", "FP0520", "--amount", "-2,260.00", "--memo", "冲销 FP0520 旧版", "--reason", "更正后的导出重复记账"]);
        var noReason = await CliRunner.RunAsync([.. g, "ledger", "post", "--customer", "HZ01", "--date", "2024-05-20", "--type", "receipt", "--amount", "-1", "--reason", " "]);
        var badType = await CliRunner.RunAsync([.. g, "ledger", "post", "--customer", "HZ01", "--date", "2024-05-20", "--type", "gift", "--amount", "1", "--reason", "x"]);
        var zero = await CliRunner.RunAsync([.. g, "ledger", "post", "--customer", "HZ01", "--date", "2024-05-21", "--type", "sales-invoice", "--document", "FP0521",
            "--amount", "-0.00", "--reason", "x"]);
        var positiveReceipt = await CliRunner.RunAsync([.. g, "ledger", "post", "--customer", "HZ01", "--date", "2024-05-22", "--type", "receipt", "--document", "RC0522",
            "--amount", "500", "--reason", "退回多收的货款"]);
        var balance = await CliRunner.RunAsync([.. j, "ledger", "balance", "--customer", "HZ01"]);
        var unknown = await CliRunner.RunAsync([.. g, "ledger", "list", "--customer", "HZ99"]);
        var byChineseType = await CliRunner.RunAsync([.. j, "ledger", "list", "--customer", "HZ01", "--type", "收款"]);
        var byTableType = await CliRunner.RunAsync([.. j, "ledger", "list", "--customer", "HZ01", "--type", "SalesInvoice"]);
        var audit = await CliRunner.RunAsync([.. j, "audit", "list", "--entity-type", "ledger_entry"]);

        // The corrected export books FP0520 a second time: stored, with a warning naming the earlier figure and its line.
        var summary = JsonDocument.Parse(corrected.Out).RootElement;
        Assert.Equal((0, 1L), (corrected.ExitCode, summary.GetProperty("imported").GetInt64()));
        var warning = Assert.Single(summary.GetProperty("warnings").EnumerateArray());
        Assert.Equal(2, warning.GetProperty("line").GetInt32());
        Assert.StartsWith("FP0520 of HZ01 on 2024-05-20 was booked before at 2260.00 (import batch ", warning.GetProperty("message").GetString());
        Assert.Contains("line 2); this row books it again at 2259.50", warning.GetProperty("message").GetString());
        Assert.Contains("1 already present", again.Out);
        Assert.DoesNotContain("warning", again.Out);
        Assert.True(posted.ExitCode == 0, posted.Error);
        var entry = JsonDocument.Parse(posted.Out).RootElement;
        Assert.Equal(("-2260.00", "2024-05-20", "FP0520"), (entry.GetProperty("amount").GetString(), entry.GetProperty("date").GetString(), entry.GetProperty("documentNumber").GetString()));
        Assert.Equal(1, noReason.ExitCode);
        Assert.Equal(2, badType.ExitCode);
        Assert.Contains("'gift' is not one of sales-invoice, return, exchange, receipt, credit-note, adjustment, opening-balance", badType.Error);
        Assert.Equal(["Receipt"], JsonDocument.Parse(byChineseType.Out).RootElement.EnumerateArray().Select(e => e.GetProperty("documentType").GetString()));
        Assert.All(JsonDocument.Parse(byTableType.Out).RootElement.EnumerateArray(), e => Assert.Equal("SalesInvoice", e.GetProperty("documentType").GetString()));
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("NotFound: There is no customer with code 'HZ99'", unknown.Error);
        Assert.Equal(1, zero.ExitCode);
        Assert.Contains("An entry of 0.00 changes nothing", zero.Error);
        // Posted as given (it may reverse a receipt), with a note saying what it did to the balance.
        Assert.True(positiveReceipt.ExitCode == 0, positiveReceipt.Error);
        Assert.Contains("note: this Receipt of +500.00 raises what HZ01 owes us", positiveReceipt.Out);
        Assert.Equal("2759.50", JsonDocument.Parse(balance.Out).RootElement.GetProperty("balance").GetString());
        Assert.Contains("更正后的导出重复记账", audit.Out);
    }
}
