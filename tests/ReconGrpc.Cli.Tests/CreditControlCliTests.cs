using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ReconGrpc.Application.Queries;
using ReconGrpc.Testing;

namespace ReconGrpc.Cli.Tests;

/// <summary>Credit control from the command line: alerts as they happen, in the output of postings and imports, and reminders.</summary>
public sealed class CreditControlCliTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, $"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Alerts_watch_prints_what_a_posting_raises_until_stopped_and_post_and_import_print_their_own_alerts()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        string[] g = ["--server", server.Address, "--api-key", server.AdminKey];
        await CliRunner.RunAsync([.. g, "categories", "add", "01", "华东区"]);
        await CliRunner.RunAsync([.. g, "customers", "add", "C001", "上海华联超市有限公司", "--category", "01", "--credit-limit", "500.00"]);
        await CliRunner.RunAsync([.. g, "customers", "add", "C002", "杭州联华华商有限公司", "--category", "01", "--credit-limit", "1000.00"]);
        var feed = server.Services.GetRequiredService<CreditAlertFeed>();
        using var stop = new CancellationTokenSource();
        var watchText = new StringWriter();
        // The watch writes while the test reads: through a synchronised writer, which the reads lock too.
        var watchOut = TextWriter.Synchronized(watchText);
        var watchError = new StringWriter();
        var watching = ReconCli.RunAsync([.. g, "--json", "alerts", "watch", "--kind", "over-limit"], watchOut, watchError, stop.Token);
        await UntilAsync(() => feed.WatcherCount == 1, "the watch to subscribe");

        var post = await CliRunner.RunAsync([.. g, "ledger", "post", "--customer", "C001", "--date", "2026-05-10", "--type", "sales-invoice",
            "--amount", "600.00", "--reason", "补录", "--document", "INV-1"]);
        var file = Path.Combine(server.DataFolder, "alerts.csv");
        await File.WriteAllTextAsync(file, "客户编码,客户名称,日期,单据类型,单据号,金额,摘要\nC002,,2026-05-11,销售发票,INV-2,950.00,五月\n", new UTF8Encoding(true));
        var import = await CliRunner.RunAsync([.. g, "import", file, "--adapter", "template", "--option", "kind=ledger"]);
        var postJson = await CliRunner.RunAsync([.. g, "--json", "ledger", "post", "--customer", "C002", "--date", "2026-05-12", "--type", "adjustment",
            "--amount", "0.01", "--reason", "补录", "--document", "ADJ-1"]);
        await UntilAsync(() => Printed(watchOut, watchText).Contains('\n'), "the watch to print the posting's alert");
        await stop.CancelAsync();
        var exit = await watching;

        Assert.True(post.ExitCode == 0, post.Error);
        // 600.00 against a limit of 500.00.
        Assert.Contains("credit alert: over-limit C001 上海华联超市有限公司: balance 600.00 CNY, limit 500.00, over by 100.00", post.Out);
        Assert.True(import.ExitCode == 0, import.Error);
        // 950.00 is 95 % of 1,000.00.
        Assert.Contains("credit alert: near-limit C002 杭州联华华商有限公司: balance 950.00 CNY, limit 1000.00", import.Out);
        Assert.True(postJson.ExitCode == 0, postJson.Error);
        var alert = Assert.Single(JsonDocument.Parse(postJson.Out).RootElement.GetProperty("creditAlerts").EnumerateArray());
        Assert.Equal(("near-limit", "950.01"), (alert.GetProperty("kind").GetString(), alert.GetProperty("balance").GetString()));
        Assert.True(exit == 0, watchError.ToString());
        // Only the over-limit alert: the watch asked for no other kind.
        var line = JsonDocument.Parse(Printed(watchOut, watchText).Split('\n', StringSplitOptions.RemoveEmptyEntries).Single()).RootElement;
        var watched = Assert.Single(line.GetProperty("alerts").EnumerateArray());
        Assert.Equal(("over-limit", "C001", "100.00"), (watched.GetProperty("kind").GetString(), watched.GetProperty("customerCode").GetString(),
            watched.GetProperty("overLimit").GetString()));
        Assert.True(line.GetProperty("ledgerEntryId").GetInt64() > 0);
        await UntilAsync(() => feed.WatcherCount == 0, "the stopped watch to leave the feed");
    }

    private static string Printed(TextWriter synchronised, StringWriter text)
    {
        lock (synchronised)
        {
            return text.ToString();
        }
    }

    [Fact]
    public async Task Report_reminder_saves_the_overdue_items_and_says_when_there_are_none()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        string[] g = ["--server", server.Address, "--api-key", server.AdminKey];
        await CliRunner.RunAsync([.. g, "categories", "add", "01", "华东区"]);
        await CliRunner.RunAsync([.. g, "customers", "add", "C001", "上海华联超市有限公司", "--category", "01"]);
        await CliRunner.RunAsync([.. g, "customers", "add", "C002", "杭州联华华商有限公司", "--category", "01"]);
        var ledger = Path.Combine(server.DataFolder, "ledger.csv");
        // No payment terms: each invoice is due on its date. On 06-30 INV-1 is 60 days overdue, INV-2 not yet due.
        await File.WriteAllTextAsync(ledger, "客户编码,客户名称,日期,单据类型,单据号,金额,摘要\n" +
            "C001,,2026-05-01,销售发票,INV-1,1200.00,五月\n" +
            "C001,,2026-07-01,销售发票,INV-2,300.00,七月\n" +
            "C002,,2026-07-01,销售发票,INV-3,300.00,七月\n", new UTF8Encoding(true));
        await CliRunner.RunAsync([.. g, "import", ledger, "--adapter", "template", "--option", "kind=ledger"]);
        var output = Path.Combine(server.DataFolder, "reminder.csv");

        var saved = await CliRunner.RunAsync([.. g, "report", "reminder", "--customer", "C001", "--as-of", "2026-06-30", "--format", "csv", "-o", output]);
        var none = await CliRunner.RunAsync([.. g, "report", "reminder", "--customer", "C002", "--as-of", "2026-06-30", "--format", "pdf", "-o", output + ".pdf"]);

        Assert.True(saved.ExitCode == 0, saved.Error);
        Assert.Contains("1 reminder(s)", saved.Out);
        var text = await File.ReadAllTextAsync(output);
        Assert.Contains("INV-1,销售发票,2026-05-01,2026-05-01,60,1200.00", text);
        Assert.Contains("逾期合计,,,,,1200.00", text);
        Assert.DoesNotContain("INV-2", text);
        Assert.NotEqual(0, none.ExitCode);
        Assert.Contains("Customer 'C002' has nothing overdue on 2026-06-30", none.Error);
        Assert.False(File.Exists(output + ".pdf"));
    }
}
