using System.Text.Json;
using ReconGrpc.Testing;

namespace ReconGrpc.Cli.Tests;

/// <summary>
/// recon platform …: the fixture month of a small shop (its orders, the Alipay bill, the bank statement) imported and
/// reconciled three ways from the command line, its exceptions listed and its fees booked, against a real server.
/// </summary>
public sealed class PlatformCliTests
{
    [Fact]
    public async Task A_month_is_reconciled_three_ways_its_exceptions_listed_and_its_fees_booked_from_the_command_line()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        string[] g = ["--server", server.Address, "--api-key", server.AdminKey, "--as", "王芳"];
        string[] j = [.. g, "--json"];
        Assert.Equal(0, (await CliRunner.RunAsync([.. g, "categories", "add", "89", "电商平台"])).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync([.. g, "customers", "add", "ALIPAY", "支付宝（中国）网络技术有限公司", "--category", "89"])).ExitCode);
        foreach (var (file, kind, statementKind, name) in new[]
                 {
                     ("orders-2026-03.csv", "orders", "shop", "淘宝店 2026-03 订单"), ("alipay-bill-2026-03.csv", "statement", "platform", "支付宝 2026-03"),
                     ("bank-2026-03.csv", "statement", "bank", "招行 2026-03"),
                 })
        {
            var imported = await CliRunner.RunAsync([.. g, "import", Path.Combine(AppContext.BaseDirectory, "Fixtures", "shop-month", file), "--adapter", "template",
                "--option", $"kind={kind}", "--statement", name, "--statement-kind", statementKind]);
            Assert.True(imported.ExitCode == 0, imported.Out + imported.Error);
        }

        var run = await CliRunner.RunAsync([.. g, "platform", "run", "--orders", "淘宝店 2026-03 订单", "--bill", "支付宝 2026-03", "--bank", "招行 2026-03",
            "--from", "2026-03-01", "--to", "2026-03-31", "--customer", "ALIPAY"]);
        var runs = await CliRunner.RunAsync([.. j, "platform", "runs"]);
        var runId = JsonDocument.Parse(runs.Out).RootElement[0].GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var exceptions = await CliRunner.RunAsync([.. j, "platform", "items", runId, "--exceptions"]);
        var transit = await CliRunner.RunAsync([.. j, "platform", "items", runId, "--outcome", "in-transit"]);
        var badOutcome = await CliRunner.RunAsync([.. g, "platform", "items", runId, "--outcome", "lost"]);
        var booked = await CliRunner.RunAsync([.. g, "platform", "book-fees", runId]);
        var again = await CliRunner.RunAsync([.. g, "platform", "book-fees", runId]);
        var shown = await CliRunner.RunAsync([.. j, "platform", "show", runId]);

        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        Assert.Contains("13 orders, 32 bill lines and 5 bank lines read", run.Error);
        Assert.Contains("4 exceptions", run.Out);
        Assert.Contains("in transit (在途)", run.Out);
        Assert.Contains("T1005", run.Out);
        Assert.Equal(["open", "duplicate-fee", "refund-after-period", "in-transit"],
            JsonDocument.Parse(exceptions.Out).RootElement.EnumerateArray().Select(e => e.GetProperty("outcome").GetString()));
        Assert.Equal("539.74", JsonDocument.Parse(transit.Out).RootElement.EnumerateArray().Single().GetProperty("amount").GetString());
        Assert.Equal(2, badOutcome.ExitCode);
        Assert.Contains("--outcome 'lost' is not one of settled, refunded, open", badOutcome.Error);
        Assert.True(booked.ExitCode == 0, booked.Error);
        Assert.Matches(@"^booked FEE-\d+-CNY: -10.04 CNY to ALIPAY on 2026-03-31 \(entry \d+\)", booked.Out);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("FailedPrecondition", again.Error);
        var totals = JsonDocument.Parse(shown.Out).RootElement.GetProperty("totals")[0];
        Assert.Equal(("-10.04", 13), (totals.GetProperty("fees").GetString(), totals.GetProperty("feeLines").GetInt32()));
        Assert.True(totals.GetProperty("feesEntryId").GetInt64() > 0);
    }
}
