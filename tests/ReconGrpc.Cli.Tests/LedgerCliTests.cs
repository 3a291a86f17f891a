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
        Assert.Contains("SALES_INVOICE", badType.Error);
    }
}
