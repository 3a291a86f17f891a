using System.Text;
using System.Text.Json;
using Grpc.Core;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Testing;

namespace ReconGrpc.Cli.Tests;

/// <summary><c>recon report reconciliation</c>: a month's or a year's report saved to a file, with its summary in the terminal.</summary>
public sealed class ReconciliationReportCliTests
{
    [Fact]
    public async Task A_months_and_a_years_report_are_saved_with_a_summary_table_and_a_bad_period_is_a_usage_error()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        string[] g = ["--server", server.Address, "--api-key", server.AdminKey];
        await CliRunner.RunAsync([.. g, "categories", "add", "01", "华东区"]);
        await CliRunner.RunAsync([.. g, "customers", "add", "C001", "上海华联超市有限公司", "--category", "01"]);
        var imports = server.Imports(server.AdminKey);
        await ImportClient.UploadAsync(imports, new ImportHeader { AdapterId = "template", FileName = "ledger.csv", Options = { ["kind"] = "ledger" } },
            Encoding.UTF8.GetBytes("客户编码,客户名称,日期,单据类型,单据号,金额,摘要\nC001,,2026-03-05,销售发票,INV-1,1200.50,三月发货\nC001,,2026-03-20,销售发票,INV-2,99.50,补发\n"));
        var (statement, _) = await ImportClient.UploadAsync(imports, new ImportHeader
        {
            AdapterId = "template", FileName = "c001.csv", Options = { ["kind"] = "statement", ["convention"] = "counterparty-ledger" },
            Target = new ImportTarget { StatementName = "C001 2026-03", StatementKind = StatementKind.CustomerStatement, CustomerCode = "C001" },
        }, Encoding.UTF8.GetBytes("日期,借方,贷方,摘要,单据号\n2026-03-06,,1200.50,购货,INV-1\n"));
        using (var call = server.Reconciliation(server.AdminKey).StartRun(new StartRunRequest
               {
                   CustomerCode = "C001", StartDate = new Date { Year = 2026, Month = 3, Day = 1 }, EndDate = new Date { Year = 2026, Month = 3, Day = 31 },
                   StatementIds = { statement.StatementId },
               }))
        {
            await foreach (var _ in call.ResponseStream.ReadAllAsync())
            {
            }
        }

        var folder = Path.Combine(server.DataFolder, "out");
        var xlsx = Path.Combine(folder, "march.xlsx");

        var month = await CliRunner.RunAsync([.. g, "report", "reconciliation", "--customer", "C001", "--period", "2026-03", "--format", "xlsx", "-o", xlsx]);
        var year = await CliRunner.RunAsync([.. g, "--json", "report", "reconciliation", "--category", "01", "--period", "2026", "--format", "pdf",
            "-o", Path.Combine(folder, "2026.pdf")]);
        var badPeriod = await CliRunner.RunAsync([.. g, "report", "reconciliation", "--customer", "C001", "--period", "March", "--format", "xlsx", "-o", xlsx]);
        var noRun = await CliRunner.RunAsync([.. g, "report", "reconciliation", "--customer", "C001", "--period", "2026-04", "--format", "xlsx", "-o", xlsx]);

        Assert.True(month.ExitCode == 0, month.Out + month.Error);
        Assert.Contains("C001 上海华联超市有限公司", month.Out);
        // One match of 1,200.50; INV-2 (99.50) is ours alone: our 1,300.00 against their 1,200.50, adjusted by 99.50.
        Assert.Contains("1200.50", month.Out);
        Assert.Contains("1300.00", month.Out);
        Assert.Contains("march.xlsx", month.Out);
        Assert.Equal("PK"u8.ToArray(), (await File.ReadAllBytesAsync(xlsx))[..2]);
        Assert.True(year.ExitCode == 0, year.Out + year.Error);
        var described = JsonDocument.Parse(year.Out).RootElement;
        Assert.Equal("对账报告_01_2026.pdf", described.GetProperty("fileName").GetString());
        var customer = described.GetProperty("customers")[0];
        Assert.Equal("C001", customer.GetProperty("customerCode").GetString());
        Assert.Equal("0.00", customer.GetProperty("currencies")[0].GetProperty("unexplained").GetString());
        Assert.Equal("%PDF-"u8.ToArray(), (await File.ReadAllBytesAsync(Path.Combine(folder, "2026.pdf")))[..5]);
        Assert.Equal(2, badPeriod.ExitCode);
        Assert.Contains("--period", badPeriod.Error);
        Assert.Equal(1, noRun.ExitCode);
        Assert.Contains("recon run start", noRun.Error);
    }
}
