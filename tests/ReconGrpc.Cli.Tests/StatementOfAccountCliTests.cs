using System.IO.Compression;
using System.Text;
using System.Text.Json;
using ReconGrpc.Testing;

namespace ReconGrpc.Cli.Tests;

/// <summary><c>recon report statement</c>: a customer's statement to a file, a category's unzipped into a folder or kept as a ZIP.</summary>
public sealed class StatementOfAccountCliTests
{
    [Fact]
    public async Task A_statement_is_saved_for_a_month_or_a_range_and_a_categorys_statements_are_unzipped_into_a_folder()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        string[] g = ["--server", server.Address, "--api-key", server.AdminKey];
        await CliRunner.RunAsync([.. g, "categories", "add", "01", "华东区"]);
        await CliRunner.RunAsync([.. g, "customers", "add", "C001", "上海华联超市有限公司", "--category", "01"]);
        await CliRunner.RunAsync([.. g, "customers", "add", "C002", "杭州联华华商集团有限公司", "--category", "01"]);
        var ledger = Path.Combine(server.DataFolder, "ledger.csv");
        await File.WriteAllTextAsync(ledger, "客户编码,日期,单据类型,单据号,金额,摘要\n" +
            "C001,2026-02-20,销售发票,INV-1,800.00,二月发货\nC001,2026-03-05,销售发票,INV-2,1200.50,三月发货\nC002,2026-03-09,收款,RC-1,300.00,预收\n",
            new UTF8Encoding(true));
        var imported = await CliRunner.RunAsync([.. g, "import", ledger, "--adapter", "template", "--option", "kind=ledger"]);
        Assert.True(imported.ExitCode == 0, imported.Out + imported.Error);
        var folder = Path.Combine(server.DataFolder, "out");
        var csv = Path.Combine(folder, "c001.csv");

        var one = await CliRunner.RunAsync([.. g, "report", "statement", "--customer", "C001", "--period", "2026-03", "--format", "csv", "-o", csv]);
        var range = await CliRunner.RunAsync([.. g, "--json", "report", "statement", "--customer", "C001", "--from", "2026-03-01", "--to", "2026-03-15",
            "--format", "xlsx", "--aging", "-o", Path.Combine(folder, "c001.xlsx")]);
        var bulk = await CliRunner.RunAsync([.. g, "report", "statement", "--category", "01", "--period", "2026-03", "--format", "pdf", "-o", Path.Combine(folder, "pdf")]);
        var kept = await CliRunner.RunAsync([.. g, "report", "statement", "--category", "01", "--period", "2026-03", "--format", "csv", "--open-items",
            "-o", Path.Combine(folder, "all.zip")]);
        var noPeriod = await CliRunner.RunAsync([.. g, "report", "statement", "--customer", "C001", "--format", "csv", "-o", csv]);
        var badMonth = await CliRunner.RunAsync([.. g, "report", "statement", "--customer", "C001", "--period", "2026-13", "--format", "csv", "-o", csv]);
        var neither = await CliRunner.RunAsync([.. g, "report", "statement", "--period", "2026-03", "--format", "csv", "-o", csv]);

        Assert.True(one.ExitCode == 0, one.Error);
        Assert.Contains("c001.csv", one.Out);
        var text = await File.ReadAllTextAsync(csv);
        Assert.Contains("上海华联超市有限公司", text);
        Assert.Contains("期初余额,800.00", text);
        Assert.Contains("期末余额,2000.50", text);
        Assert.True(range.ExitCode == 0, range.Error);
        var described = JsonDocument.Parse(range.Out).RootElement;
        Assert.Equal("对账单_C001_2026-03-01_2026-03-15.xlsx", described.GetProperty("fileName").GetString());
        Assert.True(File.Exists(Path.Combine(folder, "c001.xlsx")));
        Assert.True(bulk.ExitCode == 0, bulk.Error);
        Assert.Equal(["对账单_C001_2026-03.pdf", "对账单_C002_2026-03.pdf"], Directory.GetFiles(Path.Combine(folder, "pdf")).Select(Path.GetFileName).Order());
        Assert.True(kept.ExitCode == 0, kept.Error);
        using (var zip = ZipFile.OpenRead(Path.Combine(folder, "all.zip")))
        {
            Assert.Equal(2, zip.Entries.Count);
        }

        Assert.Equal(2, noPeriod.ExitCode);
        Assert.Contains("--period", noPeriod.Error);
        Assert.Equal(2, badMonth.ExitCode);
        Assert.Equal(1, neither.ExitCode);
        Assert.Contains("customer", neither.Error);
    }
}
