using System.Text;
using System.Text.Json;
using ReconGrpc.Testing;

namespace ReconGrpc.Cli.Tests;

public sealed class RevenueCliTests
{
    [Fact]
    public async Task Revenue_by_category_and_by_dimension_and_a_search_by_average_monthly_purchases_from_the_command_line()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        string[] g = ["--server", server.Address, "--api-key", server.AdminKey];
        string[] j = [.. g, "--json"];
        await CliRunner.RunAsync([.. g, "categories", "add", "01", "华东区"]);
        await CliRunner.RunAsync([.. g, "categories", "add", "0101", "上海"]);
        await CliRunner.RunAsync([.. g, "categories", "add", "0102", "江苏"]);
        await CliRunner.RunAsync([.. g, "categories", "dimensions", "add", "region", "地区", "--value", "华东", "--value", "华南"]);
        await CliRunner.RunAsync([.. g, "customers", "add", "C001", "上海华联超市有限公司", "--category", "0101", "--dimension", "region=华东"]);
        await CliRunner.RunAsync([.. g, "customers", "add", "C002", "南京苏果超市有限公司", "--category", "0102", "--dimension", "region=华南"]);
        var file = Path.Combine(server.DataFolder, "ledger.csv");
        await File.WriteAllTextAsync(file, "客户编码,客户名称,日期,单据类型,单据号,金额,摘要\n" +
            "C001,,2024-01-10,销售发票,INV-1,1000.00,一月\n" +
            "C001,,2024-02-20,销售发票,INV-2,500.00,二月\n" +
            "C001,,2024-03-05,退货,RT-1,100.00,退货\n" +
            "C002,,2024-03-15,销售发票,INV-1,300.00,三月\n", new UTF8Encoding(true));
        var imported = await CliRunner.RunAsync([.. j, "import", file, "--adapter", "template", "--option", "kind=ledger"]);
        var moved = await CliRunner.RunAsync([.. g, "customers", "reclassify", "C001", "--category", "0102", "--effective", "2024-02-01", "--reason", "划归江苏"]);

        var byCategory = await CliRunner.RunAsync([.. j, "report", "revenue", "--by", "category", "--category", "01", "--from", "2024-01", "--to", "2024-03"]);
        var top = await CliRunner.RunAsync([.. g, "report", "revenue", "--by", "category", "--level", "1", "--from", "2024-01", "--to", "2024-03"]);
        var byRegion = await CliRunner.RunAsync([.. j, "report", "revenue", "--by", "dimension", "--dimension", "region", "--from", "2024-01", "--to", "2024-03"]);
        var search = await CliRunner.RunAsync([.. j, "customers", "search", "--category", "01", "--descendants", "--from", "2024-01", "--to", "2024-03", "--min-monthly", "400"]);
        var searchTable = await CliRunner.RunAsync([.. g, "customers", "search", "--from", "2024-01", "--to", "2024-03", "--min-monthly", "400"]);
        var badBy = await CliRunner.RunAsync([.. g, "report", "revenue", "--by", "region", "--from", "2024-01", "--to", "2024-03"]);

        Assert.True(imported.ExitCode == 0, imported.Error);
        Assert.True(moved.ExitCode == 0, moved.Error);
        Assert.True(byCategory.ExitCode == 0, byCategory.Error);
        var report = JsonDocument.Parse(byCategory.Out).RootElement;
        // C001's January invoice stays in 0101; from 2024-02-01 its sales and its return count in 0102, beside C002's.
        Assert.Equal([("0101", "1000.00", "0.00", "1000.00", "0.00"), ("0102", "800.00", "100.00", "700.00", "1700.00")],
            report.GetProperty("rows").EnumerateArray().Select(r => (r.GetProperty("category").GetString(), r.GetProperty("sales").GetString(),
                r.GetProperty("returns").GetString(), r.GetProperty("revenue").GetString(), r.GetProperty("receivables").GetString())));
        Assert.Equal("1700.00", report.GetProperty("total").GetProperty("revenue").GetString());
        Assert.True(top.ExitCode == 0, top.Error);
        Assert.Contains("华东区", top.Out);
        Assert.Contains("1700.00", top.Out);
        Assert.True(byRegion.ExitCode == 0, byRegion.Error);
        Assert.Equal([("华东", "1400.00"), ("华南", "300.00")], JsonDocument.Parse(byRegion.Out).RootElement.GetProperty("rows").EnumerateArray()
            .Select(r => (r.GetProperty("dimensionValue").GetString(), r.GetProperty("revenue").GetString())));
        Assert.True(search.ExitCode == 0, search.Error);
        var found = Assert.Single(JsonDocument.Parse(search.Out).RootElement.EnumerateArray());
        Assert.Equal("C001", found.GetProperty("customer").GetProperty("code").GetString());
        // 1,400 over three months; March's return leaves that month below zero, so two months are active.
        var figures = found.GetProperty("figures");
        Assert.Equal(("1400.00", "466.67", 2, 3), (figures.GetProperty("totalPurchases").GetString(), figures.GetProperty("averageMonthlyPurchases").GetString(),
            figures.GetProperty("monthsActive").GetInt32(), figures.GetProperty("months").GetInt32()));
        Assert.True(searchTable.ExitCode == 0, searchTable.Error);
        Assert.Contains("466.67", searchTable.Out);
        Assert.Contains("2/3", searchTable.Out);
        Assert.NotEqual(0, badBy.ExitCode);
        Assert.Contains("--by is category or dimension", badBy.Error);
    }
}
