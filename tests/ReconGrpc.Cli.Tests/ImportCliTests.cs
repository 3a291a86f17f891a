using System.Text;
using System.Text.Json;
using ReconGrpc.Testing;

namespace ReconGrpc.Cli.Tests;

public sealed class ImportCliTests
{
    [Fact]
    public async Task A_file_is_imported_from_the_command_line_and_the_ledger_shows_it()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        string[] g = ["--server", server.Address, "--api-key", server.AdminKey];
        string[] j = [.. g, "--json"];
        await CliRunner.RunAsync([.. g, "categories", "add", "01", "华东区"]);
        await CliRunner.RunAsync([.. g, "customers", "add", "C001", "上海华联超市有限公司", "--category", "01"]);
        var file = Path.Combine(server.DataFolder, "ledger.csv");
        await File.WriteAllTextAsync(file, "客户编码,客户名称,日期,单据类型,单据号,金额,摘要\n" +
            "C001,,2024-04-02,销售发票,INV-1,1000.00,销售\n" +
            "C001,,2024-04-10,收款,RC-1,400.00,收款\n" +
            "C001,,2024-04-11,销售发票,INV-2,abc,坏行\n", new UTF8Encoding(true));

        var adapters = await CliRunner.RunAsync([.. j, "adapters", "list"]);
        var detected = await CliRunner.RunAsync([.. g, "adapters", "detect", file]);
        var imported = await CliRunner.RunAsync([.. j, "import", file, "--adapter", "template", "--option", "kind=ledger"]);
        var again = await CliRunner.RunAsync([.. j, "import", file, "--adapter", "template", "--option", "kind=ledger"]);
        var summary = JsonDocument.Parse(imported.Out).RootElement;
        var errors = await CliRunner.RunAsync([.. j, "import", "errors", summary.GetProperty("batchId").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var balance = await CliRunner.RunAsync([.. j, "ledger", "balance", "--customer", "C001", "--as-of", "2024-04-30"]);
        var listed = await CliRunner.RunAsync([.. j, "ledger", "list", "--customer", "C001"]);
        var template = await CliRunner.RunAsync([.. j, "import", "template", "customers", "--output", Path.Combine(server.DataFolder, "customers.csv")]);
        var ledgerTemplate = await CliRunner.RunAsync([.. j, "import", "template", "ledger", "--adapter", "template", "--output", Path.Combine(server.DataFolder, "ledger.csv")]);
        var noTemplate = await CliRunner.RunAsync([.. g, "import", "template", "ledger", "--adapter", "yonyou-t3"]);

        Assert.Contains(JsonDocument.Parse(adapters.Out).RootElement.EnumerateArray(), a => a.GetProperty("id").GetString() == "template");
        Assert.Contains("template", detected.Out);
        Assert.Equal(1, imported.ExitCode); // a row was rejected
        Assert.Equal("template", summary.GetProperty("adapter").GetString());
        // The batch names the build that read it: the adapter's version and its plugin assembly's SHA-256.
        Assert.False(string.IsNullOrEmpty(summary.GetProperty("adapterVersion").GetString()));
        Assert.Matches("^[0-9a-f]{64}$", summary.GetProperty("pluginSha256").GetString());
        Assert.Equal(3, summary.GetProperty("rowsRead").GetInt32());
        Assert.Equal(2, summary.GetProperty("imported").GetInt32());
        Assert.Equal(1, summary.GetProperty("rejected").GetInt32());
        Assert.Equal(4, summary.GetProperty("errors")[0].GetProperty("line").GetInt32());
        Assert.Equal(2, JsonDocument.Parse(again.Out).RootElement.GetProperty("duplicates").GetInt32());
        Assert.Equal(4, JsonDocument.Parse(errors.Out).RootElement[0].GetProperty("line").GetInt32());
        var totals = JsonDocument.Parse(balance.Out).RootElement;
        Assert.Equal("600.00", totals.GetProperty("balance").GetString());
        // The totals of the positive and of the negative amounts counted, named so: they are not an export's 借方/贷方.
        Assert.Equal(("1000.00", "-400.00"), (totals.GetProperty("positiveTotal").GetString(), totals.GetProperty("negativeTotal").GetString()));
        Assert.False(totals.TryGetProperty("debitTotal", out _));
        Assert.Equal(2, JsonDocument.Parse(listed.Out).RootElement.GetArrayLength());
        Assert.True(File.Exists(Path.Combine(server.DataFolder, "customers.csv")), template.Error);
        Assert.Equal("template", JsonDocument.Parse(ledgerTemplate.Out).RootElement.GetProperty("adapterId").GetString());
        Assert.Contains("金额", JsonDocument.Parse(ledgerTemplate.Out).RootElement.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(1, noTemplate.ExitCode);
        Assert.Contains("FailedPrecondition", noTemplate.Error);
        Assert.Contains("'yonyou-t3' offers no import templates", noTemplate.Error);
    }

    [Fact]
    public async Task A_summary_with_more_rejected_rows_than_it_lists_says_how_many_it_left_out()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        string[] g = ["--server", server.Address, "--api-key", server.AdminKey];
        await CliRunner.RunAsync([.. g, "categories", "add", "01", "华东区"]);
        await CliRunner.RunAsync([.. g, "customers", "add", "C001", "上海华联超市有限公司", "--category", "01"]);
        var file = Path.Combine(server.DataFolder, "many-bad.csv");
        var rows = Enumerable.Range(0, 130).Select(i => $"C001,,2024-04-02,销售发票,INV-{i},not-an-amount,坏行");
        await File.WriteAllTextAsync(file, "客户编码,客户名称,日期,单据类型,单据号,金额,摘要\n" + string.Join("\n", rows) + "\n", new UTF8Encoding(true));

        var json = await CliRunner.RunAsync([.. g, "--json", "import", file, "--adapter", "template", "--option", "kind=ledger"]);
        var text = await CliRunner.RunAsync([.. g, "import", file, "--adapter", "template", "--option", "kind=ledger"]);
        var summary = JsonDocument.Parse(json.Out).RootElement;

        Assert.Equal(130, summary.GetProperty("rejected").GetInt32());
        Assert.Equal(100, summary.GetProperty("errors").GetArrayLength());
        Assert.Equal(30, summary.GetProperty("errorsNotShown").GetInt32());
        Assert.Contains("and 30 more rejected rows", text.Out);
    }
}
