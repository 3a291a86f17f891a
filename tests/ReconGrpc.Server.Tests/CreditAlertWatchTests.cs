using System.Text;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using ReconGrpc.Application.Queries;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Testing;
using CreditAlertKind = ReconGrpc.Contracts.V1.CreditAlertKind;
using DomainAlert = ReconGrpc.Application.Queries.CreditAlert;
using DomainAlertKind = ReconGrpc.Application.Queries.CreditAlertKind;

namespace ReconGrpc.Server.Tests;

/// <summary>WatchCreditAlerts through a real server: what postings and imports raise reaches the watchers that want it.</summary>
public sealed class CreditAlertWatchTests(ServerPool servers) : IClassFixture<ServerPool>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static Date D(int year, int month, int day) => new() { Year = year, Month = month, Day = day };

    private static decimal M(DecimalValue? value) => value is null ? 0m : decimal.Parse(value.Value, System.Globalization.CultureInfo.InvariantCulture);

    private static async Task CustomerAsync(TestServer server, string category, string code, string limit)
    {
        try
        {
            await server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = category, Name = "分类" + category });
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
        {
            // Shared by several tests of this class.
        }

        await server.Customers(server.AdminKey).CreateCustomerAsync(new CreateCustomerRequest
        {
            Fields = new CustomerFields { Code = code, Name = code + "商贸有限公司", CategoryCode = category, CreditLimit = new DecimalValue { Value = limit } },
        });
    }

    private static Task<PostLedgerEntryResponse> PostAsync(TestServer server, string customer, string number, string amount) =>
        server.Ledger(server.AdminKey).PostLedgerEntryAsync(new PostLedgerEntryRequest
        {
            CustomerCode = customer, Date = D(2026, 5, 10), DocumentType = DocumentType.SalesInvoice, DocumentNumber = number,
            Amount = new DecimalValue { Value = amount }, Reason = "手工补录",
        }).ResponseAsync;

    /// <summary>Opens a watch and waits for its headers: from then on, what is posted reaches it.</summary>
    private static async Task<AsyncServerStreamingCall<WatchCreditAlertsResponse>> WatchAsync(TestServer server, WatchCreditAlertsRequest request,
        CancellationToken cancellationToken = default)
    {
        var call = server.Receivables(server.AdminKey).WatchCreditAlerts(request, cancellationToken: cancellationToken);
        await call.ResponseHeadersAsync.WaitAsync(Patience, cancellationToken);
        return call;
    }

    private static async Task<WatchCreditAlertsResponse> NextAsync(AsyncServerStreamingCall<WatchCreditAlertsResponse> call)
    {
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Patience), "the watch ended");
        return call.ResponseStream.Current;
    }

    private static async Task WatchersAsync(TestServer server, int count)
    {
        var feed = server.Services.GetRequiredService<CreditAlertFeed>();
        var until = DateTime.UtcNow + Patience;
        while (feed.WatcherCount != count && DateTime.UtcNow < until)
        {
            await Task.Delay(20);
        }

        Assert.Equal(count, feed.WatcherCount);
    }

    [Fact]
    public async Task A_watcher_hears_of_a_posting_that_takes_a_customer_over_its_limit_and_of_an_import_that_takes_one_near_it()
    {
        var server = await servers.For(TestDatabases.Sqlite);
        await CustomerAsync(server, "81", "W8101", "1000.00");
        await CustomerAsync(server, "81", "W8102", "1000.00");
        using var watch = await WatchAsync(server, new WatchCreditAlertsRequest());

        var posted = await PostAsync(server, "W8101", "INV-1", "1200.00");
        var postingNews = await NextAsync(watch);
        var (batch, _) = await ImportClient.UploadAsync(server.Imports(server.AdminKey),
            new ImportHeader { AdapterId = "template", FileName = "w8102.csv", Options = { ["kind"] = "ledger" } },
            Encoding.UTF8.GetBytes("客户编码,客户名称,日期,单据类型,单据号,金额,摘要\nW8102,,2026-05-11,销售发票,INV-2,950.00,进口\n"));
        var importNews = await NextAsync(watch);

        // 1,200.00 against 1,000.00: 200.00 over. 950.00 is 95 % of 1,000.00, at or above the 90 % setting.
        Assert.Equal(posted.Entry.Id, postingNews.LedgerEntryId);
        Assert.Equal(0, postingNews.ImportBatchId);
        Assert.False(postingNews.Current);
        Assert.Equal([("W8101", CreditAlertKind.OverLimit, 1200m, 1000m, 200m)],
            postingNews.Alerts.Select(a => (a.CustomerCode, a.Kind, M(a.Balance), M(a.CreditLimit), M(a.OverLimit))));
        Assert.Equal(batch.Id, importNews.ImportBatchId);
        Assert.Equal(0, importNews.LedgerEntryId);
        Assert.Equal([("W8102", CreditAlertKind.NearLimit, 950m, -50m)], importNews.Alerts.Select(a => (a.CustomerCode, a.Kind, M(a.Balance), M(a.OverLimit))));
        Assert.All([postingNews, importNews], news => Assert.Equal(0, news.DroppedAlerts));
    }

    [Fact]
    public async Task A_watcher_of_near_limit_alerts_in_one_category_hears_of_nothing_else_and_can_start_from_the_alerts_as_they_stand()
    {
        var server = await servers.For(TestDatabases.Sqlite);
        await CustomerAsync(server, "82", "W8201", "1000.00");
        await CustomerAsync(server, "82", "W8202", "1000.00");
        await CustomerAsync(server, "83", "W8301", "1000.00");
        using var watch = await WatchAsync(server, new WatchCreditAlertsRequest { CategoryCode = "82", Kinds = { CreditAlertKind.NearLimit } });

        await PostAsync(server, "W8201", "INV-1", "1500.00");   // over the limit: another kind
        await PostAsync(server, "W8301", "INV-1", "950.00");    // near, but of another category
        await PostAsync(server, "W8202", "INV-1", "900.00");    // exactly 90 %: near
        var news = await NextAsync(watch);
        using var fromNow = await WatchAsync(server, new WatchCreditAlertsRequest
        {
            CategoryCode = "82", Kinds = { CreditAlertKind.NearLimit }, IncludeCurrent = true, AsOfDate = D(2026, 5, 31),
        });
        var current = await NextAsync(fromNow);

        Assert.Equal([("W8202", CreditAlertKind.NearLimit, 900m)], news.Alerts.Select(a => (a.CustomerCode, a.Kind, M(a.Balance))));
        Assert.True(current.Current);
        Assert.Equal([("W8202", CreditAlertKind.NearLimit, 900m)], current.Alerts.Select(a => (a.CustomerCode, a.Kind, M(a.Balance))));
    }

    [Fact]
    public async Task A_watcher_that_reads_nothing_loses_its_oldest_news_is_told_how_many_and_the_server_keeps_serving()
    {
        var server = await servers.For(TestDatabases.Sqlite);
        await CustomerAsync(server, "84", "W8401", "100.00");
        await PostAsync(server, "W8401", "INV-1", "150.00");
        using var stalled = await WatchAsync(server, new WatchCreditAlertsRequest());
        var feed = server.Services.GetRequiredService<CreditAlertFeed>();
        var alert = new DomainAlert(DomainAlertKind.OverLimit, "W8401", "W8401商贸有限公司", 150m, 100m, 50m, 0m, 0, "CNY") { CategoryCode = "84" };
        const int published = 20_000;

        // Far more than the transport and the watcher's queue hold while nobody reads.
        for (var i = 0; i < published; i++)
        {
            feed.Publish(new CreditAlertNews([alert], i + 1, null));
        }

        var aging = await server.Receivables(server.AdminKey).GetAgingReportAsync(new GetAgingReportRequest { AsOfDate = D(2026, 5, 31), CustomerCode = "W8401" });
        long received = 0, dropped = 0, lastEntry = 0;
        while (received + dropped < published)
        {
            var news = await NextAsync(stalled);
            received += news.Alerts.Count;
            dropped += news.DroppedAlerts;
            Assert.True(news.LedgerEntryId > lastEntry, "the news arrives in the order it was published");
            lastEntry = news.LedgerEntryId;
        }

        Assert.Equal(150m, M(aging.Rows.Single().Balance));
        Assert.Equal(published, received + dropped);
        Assert.True(dropped > 0, "nothing was dropped: the watcher's queue grew with what it did not read");
        // The newest news is never the one dropped.
        Assert.Equal(published, lastEntry);
    }

    [Fact]
    public async Task Cancelling_a_watch_ends_its_stream_and_leaves_the_feed()
    {
        var server = await servers.For(TestDatabases.Sqlite);
        await WatchersAsync(server, 0);
        using var cancel = new CancellationTokenSource();
        using var watch = await WatchAsync(server, new WatchCreditAlertsRequest(), cancel.Token);
        await WatchersAsync(server, 1);

        await cancel.CancelAsync();
        var ended = await Assert.ThrowsAsync<RpcException>(() => watch.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.Cancelled, ended.StatusCode);
        await WatchersAsync(server, 0);
    }

    [Fact]
    public async Task A_watch_of_an_unknown_category_or_of_the_current_alerts_without_a_date_is_refused()
    {
        var server = await servers.For(TestDatabases.Sqlite);

        var unknown = await Expect.Status(StatusCode.NotFound, async () =>
        {
            using var call = server.Receivables(server.AdminKey).WatchCreditAlerts(new WatchCreditAlertsRequest { CategoryCode = "8999" });
            await call.ResponseStream.MoveNext();
        });
        var undated = await Expect.Status(StatusCode.InvalidArgument, async () =>
        {
            using var call = server.Receivables(server.AdminKey).WatchCreditAlerts(new WatchCreditAlertsRequest { IncludeCurrent = true });
            await call.ResponseStream.MoveNext();
        });

        Assert.Contains("8999", unknown);
        Assert.Contains("as_of_date", undated);
    }
}
