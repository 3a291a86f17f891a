using Grpc.Core;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests;

/// <summary>
/// 三方对账 through a real server: a small shop's March — its orders, the Alipay bill that settles them and the bank
/// statement that receives the payouts (Fixtures/shop-month) — with four differences planted: an order never settled,
/// a refund after month end, a fee charged twice and a payout not yet arrived. The run finds exactly those.
/// </summary>
public sealed class PlatformServiceTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_fixture_month_ends_with_exactly_its_four_planted_differences(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        var month = await ShopMonth.ImportAsync(server);

        var (progress, run) = await RunAsync(server, month);

        Assert.Equal(["started", "loaded", "matched", "stored"], progress);
        Assert.Equal(SettlementRunStatus.Completed, run.Status);
        var cny = Assert.Single(run.Totals);
        Assert.Equal((12, "1847.40"), (cny.Orders, cny.OrderAmount.Value));
        Assert.Equal((10, 1, 1, 0, 0), (cny.Settled, cny.Refunded, cny.Open, cny.SettledAfterPeriod, cny.AmountDiffers));
        Assert.Equal(("-10.04", 13), (cny.Fees.Value, cny.FeeLines));
        Assert.Equal(("1389.36", 4, "849.62", "539.74"), (cny.Payouts.Value, cny.PayoutCount, cny.PayoutsOnBank.Value, cny.InTransit.Value));
        Assert.Equal(4, run.Exceptions);

        var exceptions = await ItemsAsync(server, new ListSettlementItemsRequest { RunId = run.Id, ExceptionsOnly = true });
        Assert.Equal(
        [
            (SettlementSubject.Order, SettlementOutcome.Open, "300.00"),
            (SettlementSubject.BillLine, SettlementOutcome.DuplicateFee, "-0.40"),
            (SettlementSubject.BillLine, SettlementOutcome.RefundAfterPeriod, "-199.00"),
            (SettlementSubject.Payout, SettlementOutcome.InTransit, "539.74"),
        ], exceptions.Select(e => (e.Subject, e.Outcome, e.Amount.Value)));
        Assert.Contains("T1005", exceptions[0].Explanation);
        Assert.Equal(month.Bill["AP0018"], exceptions[1].LineId);
        Assert.Equal([month.Bill["AP0017"]], exceptions[1].RelatedLineIds);
        Assert.Equal(month.Bill["AP0028"], exceptions[2].LineId);
        Assert.Contains("T1007", exceptions[2].Explanation);
        Assert.Equal(month.Bill["AP0032"], exceptions[3].LineId);
        Assert.Contains("runs to 2026-03-25", exceptions[3].Explanation);
    }

    [Fact]
    public async Task The_same_month_read_from_the_shops_platforms_and_banks_own_files_ends_with_the_same_four_differences()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        var (month, adapters) = await ShopMonth.ImportNativeAsync(server);

        var (_, run) = await RunAsync(server, month);
        var exceptions = await ItemsAsync(server, new ListSettlementItemsRequest { RunId = run.Id, ExceptionsOnly = true });

        Assert.Equal(["taobao", "alipay", "cn-bank"], adapters);
        var cny = Assert.Single(run.Totals);
        Assert.Equal((12, "1847.40", 10, 1, 1), (cny.Orders, cny.OrderAmount.Value, cny.Settled, cny.Refunded, cny.Open));
        Assert.Equal(("-10.04", 13), (cny.Fees.Value, cny.FeeLines));
        Assert.Equal(("1389.36", "849.62", "539.74"), (cny.Payouts.Value, cny.PayoutsOnBank.Value, cny.InTransit.Value));
        Assert.Equal(
        [
            (SettlementSubject.Order, SettlementOutcome.Open, "300.00"),
            (SettlementSubject.BillLine, SettlementOutcome.DuplicateFee, "-0.40"),
            (SettlementSubject.BillLine, SettlementOutcome.RefundAfterPeriod, "-199.00"),
            (SettlementSubject.Payout, SettlementOutcome.InTransit, "539.74"),
        ], exceptions.Select(e => (e.Subject, e.Outcome, e.Amount.Value)));
        Assert.Contains("3571000000000001005", exceptions[0].Explanation);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Every_order_ends_settled_refunded_or_open_and_every_payout_is_found_on_the_bank_or_explained(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        var month = await ShopMonth.ImportAsync(server);
        var (_, run) = await RunAsync(server, month);

        var orders = await ItemsAsync(server, new ListSettlementItemsRequest { RunId = run.Id, Subject = SettlementSubject.Order, PageSize = 5 });
        var payouts = await ItemsAsync(server, new ListSettlementItemsRequest { RunId = run.Id, Subject = SettlementSubject.Payout });
        var earlier = await ItemsAsync(server, new ListSettlementItemsRequest { RunId = run.Id, Outcome = SettlementOutcome.EarlierOrder });

        Assert.Equal(12, orders.Count);
        Assert.Equal(orders.OrderBy(o => o.Sequence).Select(o => o.LineId), orders.Select(o => o.LineId));
        var byNumber = orders.ToDictionary(o => month.OrderNumber[o.LineId]);
        Assert.Equal(SettlementOutcome.Refunded, byNumber["T1009"].Outcome);
        Assert.Equal(SettlementOutcome.Settled, byNumber["T1003"].Outcome);
        Assert.Contains("refund of 56.00", byNumber["T1003"].Explanation);
        Assert.Equal([month.Bill["AP0003"], month.Bill["AP0004"]], byNumber["T1001"].RelatedLineIds);
        Assert.All(payouts.Take(3), p => Assert.Equal(SettlementOutcome.OnBank, p.Outcome));
        Assert.Equal([month.Bank["CMB1001"]], payouts[0].RelatedLineIds);
        // Last February's order settled on 1 March is recognised, not called unknown.
        Assert.Equal(month.Bill["AP0001"], Assert.Single(earlier).LineId);
        Assert.False(earlier[0].IsException);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_fees_are_booked_to_the_platform_once_with_one_call_and_audited(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        var month = await ShopMonth.ImportAsync(server);
        var (_, run) = await RunAsync(server, month);
        var platform = server.Platform(server.AdminKey);

        var booked = await platform.BookPlatformFeesAsync(new BookPlatformFeesRequest { RunId = run.Id });
        var again = await Assert.ThrowsAsync<RpcException>(() => platform.BookPlatformFeesAsync(new BookPlatformFeesRequest { RunId = run.Id }).ResponseAsync);
        var after = (await platform.GetSettlementRunAsync(new GetSettlementRunRequest { RunId = run.Id })).Run;
        var balance = await server.Ledger(server.AdminKey).GetCustomerBalanceAsync(new GetCustomerBalanceRequest { CustomerCode = ShopMonth.Platform });
        var audit = (await server.Audit(server.AdminKey).ListAuditEntriesAsync(new ListAuditEntriesRequest { PageSize = 1000 })).Entries.Select(e => e.Action).ToList();

        var entry = Assert.Single(booked.Entries);
        Assert.Equal((ShopMonth.Platform, "-10.04", DocumentType.Adjustment, "2026-03-31"),
            (entry.CustomerCode, entry.Amount.Value, entry.DocumentType, $"{entry.Date.Year:0000}-{entry.Date.Month:00}-{entry.Date.Day:00}"));
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        Assert.Contains("booked already", again.Status.Detail);
        Assert.Equal(entry.Id, Assert.Single(after.Totals).FeesEntryId);
        Assert.Equal("-10.04", balance.Balance.Value);
        Assert.Contains("settlement_run.start", audit);
        Assert.Contains("settlement_run.book_fees", audit);
        Assert.Contains("ledger.post", audit);
    }

    [Fact]
    public async Task A_bill_of_the_platforms_account_keeps_its_sales_with_the_platform_but_its_fees_and_payouts_are_nobodys()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        await ShopMonth.ImportAsync(server);
        var header = new ImportHeader
        {
            AdapterId = "template", FileName = "alipay-bill-2026-03.csv", Options = { ["kind"] = "statement" },
            Target = new ImportTarget { StatementName = "支付宝 应收", StatementKind = StatementKind.PlatformBill, CustomerCode = ShopMonth.Platform },
        };
        var batch = (await ImportClient.UploadAsync(server.Imports(server.AdminKey), header,
            await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "shop-month", "alipay-bill-2026-03.csv")))).Summary;

        var lines = await server.Ledger(server.AdminKey).ListStatementLines(new ListStatementLinesRequest { StatementId = batch.StatementId }).ResponseStream
            .ReadAllAsync().SelectMany(b => b.Lines.ToAsyncEnumerable()).ToListAsync();

        Assert.Equal(32, lines.Count);
        Assert.All(lines.Where(l => l.Purpose is LinePurpose.Sale or LinePurpose.Refund),
            l => Assert.Equal((ShopMonth.Platform, CounterpartyResolution.Statement), (l.CustomerCode, l.Resolution)));
        Assert.All(lines.Where(l => l.Purpose is LinePurpose.Fee or LinePurpose.Payout),
            l => Assert.Equal(("", CounterpartyResolution.Unspecified), (l.CustomerCode, l.Resolution)));
        Assert.Equal((13, 4), (lines.Count(l => l.Purpose == LinePurpose.Fee), lines.Count(l => l.Purpose == LinePurpose.Payout)));
    }

    [Fact]
    public async Task Fees_another_run_of_the_same_bill_booked_for_the_same_days_are_not_booked_again()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        var month = await ShopMonth.ImportAsync(server);
        var (_, march) = await RunAsync(server, month);
        var (_, again) = await RunAsync(server, month);
        var platform = server.Platform(server.AdminKey);

        await platform.BookPlatformFeesAsync(new BookPlatformFeesRequest { RunId = march.Id });
        var twice = await Assert.ThrowsAsync<RpcException>(() => platform.BookPlatformFeesAsync(new BookPlatformFeesRequest { RunId = again.Id }).ResponseAsync);
        var balance = await server.Ledger(server.AdminKey).GetCustomerBalanceAsync(new GetCustomerBalanceRequest { CustomerCode = ShopMonth.Platform });

        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);
        Assert.Contains($"Three-way run {march.Id} of the same bill, 2026-03-01 to 2026-03-31, booked its CNY fees already", twice.Status.Detail);
        Assert.Equal("-10.04", balance.Balance.Value);
    }

    [Fact]
    public async Task A_run_given_the_wrong_statements_or_period_is_refused_with_what_to_give_and_stores_nothing()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        var month = await ShopMonth.ImportAsync(server);
        var viewer = await server.CreateKeyAsync(Role.Viewer);

        var swapped = await RefusedAsync(server, server.AdminKey, month.Request(r => (r.OrdersStatementId, r.BillStatementId) = (r.BillStatementId, r.OrdersStatementId)));
        var missing = await RefusedAsync(server, server.AdminKey, month.Request(r => r.BankStatementId = 9999));
        var backwards = await RefusedAsync(server, server.AdminKey, month.Request(r => r.EndDate = new Date { Year = 2026, Month = 2, Day = 1 }));
        var stranger = await RefusedAsync(server, server.AdminKey, month.Request(r => r.CustomerCode = "NOBODY"));
        var notAllowed = await RefusedAsync(server, viewer, month.Request(_ => { }));
        var runs = await server.Platform(server.AdminKey).ListSettlementRunsAsync(new ListSettlementRunsRequest());

        Assert.Equal(StatusCode.InvalidArgument, swapped.StatusCode);
        Assert.Contains("is a platform bill, not a shop's orders", swapped.Status.Detail);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, backwards.StatusCode);
        Assert.Contains("before it starts", backwards.Status.Detail);
        Assert.Equal(StatusCode.NotFound, stranger.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, notAllowed.StatusCode);
        Assert.Empty(runs.Runs);
    }

    private static async Task<RpcException> RefusedAsync(TestServer server, string key, RunSettlementRequest request) =>
        await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = server.Platform(key).RunSettlement(request);
            await call.ResponseStream.ReadAllAsync().ToListAsync();
        });

    private static async Task<(List<string> Phases, SettlementRun Run)> RunAsync(TestServer server, ShopMonth month)
    {
        using var call = server.Platform(server.AdminKey).RunSettlement(month.Request(_ => { }));
        var events = await call.ResponseStream.ReadAllAsync().ToListAsync();
        return ([.. events.Where(e => e.Progress is not null).Select(e => e.Progress.Phase)], events[^1].Completed);
    }

    private static async Task<List<SettlementItem>> ItemsAsync(TestServer server, ListSettlementItemsRequest request)
    {
        var items = new List<SettlementItem>();
        do
        {
            var page = await server.Platform(server.AdminKey).ListSettlementItemsAsync(request);
            items.AddRange(page.Items);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        return items;
    }
}
