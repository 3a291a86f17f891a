using System.Text;
using System.Text.Json;
using ReconGrpc.Testing;

namespace ReconGrpc.Cli.Tests;

public sealed class ReceivablesCliTests
{
    [Fact]
    public async Task Aging_ledger_detail_and_alerts_read_from_the_command_line()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        string[] g = ["--server", server.Address, "--api-key", server.AdminKey];
        string[] j = [.. g, "--json"];
        await CliRunner.RunAsync([.. g, "categories", "add", "01", "华东区"]);
        await CliRunner.RunAsync([.. g, "customers", "add", "C001", "上海华联超市有限公司", "--category", "01", "--credit-limit", "500.00"]);
        var file = Path.Combine(server.DataFolder, "ledger.csv");
        await File.WriteAllTextAsync(file, "客户编码,客户名称,日期,单据类型,单据号,金额,摘要\n" +
            "C001,,2024-01-10,销售发票,INV-0,200.00,一月\n" +
            "C001,,2024-03-20,销售发票,INV-1,1000.00,三月\n" +
            "C001,,2024-04-10,收款,RC-1,400.00,收款\n", new UTF8Encoding(true));
        await CliRunner.RunAsync([.. j, "import", file, "--adapter", "template", "--option", "kind=ledger"]);

        var aging = await CliRunner.RunAsync([.. j, "report", "aging", "--as-of", "2024-04-30", "--buckets", "30,60"]);
        var detail = await CliRunner.RunAsync([.. j, "ledger", "detail", "--customer", "C001", "--from", "2024-03-01", "--to", "2024-04-30"]);
        var alerts = await CliRunner.RunAsync([.. j, "alerts", "list", "--as-of", "2024-04-30"]);
        var table = await CliRunner.RunAsync([.. g, "report", "aging", "--as-of", "2024-04-30"]);
        var badBuckets = await CliRunner.RunAsync([.. g, "report", "aging", "--as-of", "2024-04-30", "--buckets", "60,30"]);

        Assert.True(aging.ExitCode == 0, aging.Error);
        var row = JsonDocument.Parse(aging.Out).RootElement.GetProperty("rows")[0];
        Assert.Equal("800.00", row.GetProperty("balance").GetString());
        // The receipt settles January's invoice first: 800 of March's is left, 41 days old.
        Assert.Equal(["0.00", "800.00", "0.00"], row.GetProperty("buckets").EnumerateArray().Select(b => b.GetProperty("amount").GetString()));
        Assert.True(detail.ExitCode == 0, detail.Error);
        var ledger = JsonDocument.Parse(detail.Out).RootElement;
        Assert.Equal(("200.00", "800.00"), (ledger.GetProperty("openingBalance").GetString(), ledger.GetProperty("closingBalance").GetString()));
        Assert.Equal(["销售发票", "收款"], ledger.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("documentType").GetString()));
        Assert.True(alerts.ExitCode == 0, alerts.Error);
        Assert.Equal(["over-limit", "overdue"], JsonDocument.Parse(alerts.Out).RootElement.EnumerateArray().Select(a => a.GetProperty("kind").GetString()));
        Assert.Contains("800.00", table.Out);
        Assert.NotEqual(0, badBuckets.ExitCode);
        Assert.Contains("ascending", badBuckets.Error);
    }
}
