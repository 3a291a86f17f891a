using System.Globalization;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Data;
using ReconGrpc.Testing;
using DomainDocumentType = ReconGrpc.Domain.Ledger.DocumentType;
using DomainLedgerEntry = ReconGrpc.Domain.Ledger.LedgerEntry;
using LedgerEntryDraft = ReconGrpc.Domain.Ledger.LedgerEntryDraft;

namespace ReconGrpc.Server.Tests;

/// <summary>Payment behaviour and classification suggestions through a real server, against figures worked out by hand.</summary>
public sealed class PaymentBehaviourTests(ServerPool servers) : IClassFixture<ServerPool>
{
    private static async Task Category(TestServer server, string code, string? name = null)
    {
        try
        {
            await server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = code, Name = name ?? "分类" + code });
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
        {
            // Shared by several tests of this class.
        }
    }

    private static async Task Customer(TestServer server, string category, string code, int terms = 0) =>
        await server.Customers(server.AdminKey).CreateCustomerAsync(new CreateCustomerRequest
        {
            Fields = new CustomerFields { Code = code, Name = code + "贸易有限公司", CategoryCode = category, PaymentTermsDays = terms },
        });

    private static async Task Entries(TestServer server, params LedgerEntryDraft[] drafts)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<ReconDbContext>>().CreateDbContextAsync();
        db.LedgerEntries.AddRange(drafts.Select(d => DomainLedgerEntry.Create(d, server.Clock.GetUtcNow())));
        await db.SaveChangesAsync();
    }

    private static LedgerEntryDraft Draft(string customer, DateOnly date, DomainDocumentType type, string number, decimal amount, DateOnly? due = null) =>
        new(customer, date, type, number, amount, "CNY", DueDate: due);

    private static decimal? M(DecimalValue? value) => value is null ? null : decimal.Parse(value.Value, CultureInfo.InvariantCulture);

    /// <summary>
    /// p01 (30 days' terms), January to March 2026 (90 days):
    /// INV-1 1,000 on 01-10 (due 02-09 by the terms); INV-2 500 on 01-20, due 03-04; nothing sold in February;
    /// RC-1 600 on 02-09 pays 600 of INV-1 on its due date (30 days, on time); RC-2 700 on 03-05 pays the other 400 of
    /// INV-1 (54 days, late) and 300 of INV-2 (44 days, one day late); INV-3 2,000 on 03-10; a return of 200 on 03-20
    /// settles the rest of INV-2 but is not a payment.
    /// p02 (no terms): 300 sold and paid on 02-01 (0 days, on time).
    /// </summary>
    private static async Task TwoCustomers(TestServer server, string p, string category)
    {
        await Category(server, category);
        await Customer(server, category, p + "01", terms: 30);
        await Customer(server, category, p + "02");
        await Entries(server,
            Draft(p + "01", new(2026, 1, 10), DomainDocumentType.SalesInvoice, "INV-1", 1000m),
            Draft(p + "01", new(2026, 1, 20), DomainDocumentType.SalesInvoice, "INV-2", 500m, new(2026, 3, 4)),
            Draft(p + "01", new(2026, 2, 9), DomainDocumentType.Receipt, "RC-1", -600m),
            Draft(p + "01", new(2026, 3, 5), DomainDocumentType.Receipt, "RC-2", -700m),
            Draft(p + "01", new(2026, 3, 10), DomainDocumentType.SalesInvoice, "INV-3", 2000m, new(2026, 4, 9)),
            Draft(p + "01", new(2026, 3, 20), DomainDocumentType.Return, "RT-1", -200m),
            Draft(p + "01", new(2026, 4, 2), DomainDocumentType.SalesInvoice, "INV-4", 9999m),
            Draft(p + "02", new(2026, 2, 1), DomainDocumentType.SalesInvoice, "INV-1", 300m),
            Draft(p + "02", new(2026, 2, 1), DomainDocumentType.Receipt, "RC-1", -300m));
    }

    private static GetPaymentBehaviourRequest Window(string? customer = null, string? category = null) => new()
    {
        FromMonth = "2026-01", ToMonth = "2026-03", CustomerCode = customer ?? "", CategoryCode = category ?? "", Currency = "CNY",
    };

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Days_to_pay_follow_first_in_first_out_settlement_and_an_item_paid_on_its_due_date_is_on_time(string provider)
    {
        var server = await servers.For(provider);
        await TwoCustomers(server, "PA", "96");

        var report = await server.Receivables(server.AdminKey).GetPaymentBehaviourAsync(Window("PA01"));

        var row = Assert.Single(report.Rows);
        Assert.Equal(("PA01", 90, "2026-01", "2026-03"), (row.Code, report.Days, report.FromMonth, report.ToMonth));
        // Receipts settled 600 + 400 + 300 = 1,300; (600×30 + 400×54 + 300×44) / 1,300 = 52,800 / 1,300 = 40.615…
        Assert.Equal(1300m, M(row.SettledByReceipts));
        Assert.Equal(40.62m, M(row.AverageDaysToPay));
        // Only RC-1's 600, paid on INV-1's due date, was on time: 600 / 1,300 = 46.153…%.
        Assert.Equal(46.15m, M(row.OnTimePercent));
        // Month-end balances 1,500, 900, 2,000 average 1,466.67; DSO = 4,400/3 / 3,300 × 90 = 40.
        Assert.Equal([1500m, 900m, 2000m], row.Months.Select(m => M(m.ClosingBalance)!.Value));
        Assert.Equal(1466.67m, M(row.AverageReceivables));
        Assert.Equal(40m, M(row.Dso));
        Assert.Equal(2000m, M(row.Balance));
        Assert.Equal(0m, M(row.Overdue));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task What_is_overdue_at_the_windows_end_is_what_aging_counts_when_due_dates_do_not_follow_document_dates(string provider)
    {
        var server = await servers.For(provider);
        await Category(server, "95");
        await Customer(server, "95", "PO01");
        // INV-A (dated first) is due 03-31, INV-B (dated later) 02-10; the receipt of 1,000 on 03-01 settles the item due
        // first, INV-B, as aging settles. Settling by document date instead would leave INV-B open and 1,000 overdue.
        await Entries(server,
            Draft("PO01", new(2026, 1, 5), DomainDocumentType.SalesInvoice, "INV-A", 1000m, new(2026, 3, 31)),
            Draft("PO01", new(2026, 1, 20), DomainDocumentType.SalesInvoice, "INV-B", 1000m, new(2026, 2, 10)),
            Draft("PO01", new(2026, 3, 1), DomainDocumentType.Receipt, "RC-1", -1000m));

        var row = Assert.Single((await server.Receivables(server.AdminKey).GetPaymentBehaviourAsync(Window("PO01"))).Rows);
        var aging = Assert.Single((await server.Receivables(server.AdminKey).GetAgingReportAsync(new GetAgingReportRequest
        {
            AsOfDate = new Date { Year = 2026, Month = 3, Day = 31 }, CustomerCode = "PO01",
        })).Rows);

        // INV-A is due on the window's last day: open, not overdue; aging puts it 0 days past due, in 0–30.
        Assert.Equal(1000m, M(row.Balance));
        Assert.Equal(0m, M(row.Overdue));
        Assert.Equal((0m, 1000m), (M(aging.NotDue), M(aging.Buckets[0].Amount)));
        Assert.Equal(0m, aging.Buckets.Skip(1).Sum(b => M(b.Amount)));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Monthly_sales_count_invoices_less_returns_and_a_gap_month_counts_as_inactive(string provider)
    {
        var server = await servers.For(provider);
        await TwoCustomers(server, "PB", "95");

        var row = Assert.Single((await server.Receivables(server.AdminKey).GetPaymentBehaviourAsync(Window("PB01"))).Rows);

        Assert.Equal(["2026-01", "2026-02", "2026-03"], row.Months.Select(m => m.Month));
        // March: 2,000 sold less the 200 returned; April's invoice is after the window.
        Assert.Equal([1500m, 0m, 1800m], row.Months.Select(m => M(m.Sales)!.Value));
        Assert.Equal((3300m, 1100m, 2, 3), (M(row.Sales), M(row.AverageMonthlySales), row.MonthsActive, row.MonthCount));
        // Deviations from 1,100: 400, −1,100, 700; √(1,860,000 / 3) = 787.40…; / 1,100 = 0.7158.
        Assert.Equal(0.7158m, M(row.SalesVariation));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_category_adds_its_customers_before_working_out_the_ratios(string provider)
    {
        var server = await servers.For(provider);
        await TwoCustomers(server, "PC", "94");
        var request = Window(category: "94");
        request.GroupBy = AgingGrouping.Category;

        var report = await server.Receivables(server.AdminKey).GetPaymentBehaviourAsync(request);

        var row = Assert.Single(report.Rows);
        Assert.Equal(("94", 2), (row.Code, row.CustomerCount));
        Assert.Equal([1500m, 300m, 1800m], row.Months.Select(m => M(m.Sales)!.Value));
        // 52,800 + 300×0 day-amounts over 1,600 settled; 900 of 1,600 on time.
        Assert.Equal((1600m, 33m, 56.25m), (M(row.SettledByReceipts), M(row.AverageDaysToPay), M(row.OnTimePercent)));
        // 4,400/3 / 3,600 × 90 = 36.666…; every month active; √(1,260,000 / 3) / 1,200 = 0.5401.
        Assert.Equal((36.67m, 3, 0.5401m), (M(row.Dso), row.MonthsActive, M(row.SalesVariation)));
        Assert.Equal(row.Months.Select(m => m.Sales), report.Total.Months.Select(m => m.Sales));
    }

    [Fact]
    public async Task A_window_that_is_not_whole_months_is_refused()
    {
        var server = await servers.For(TestDatabases.Sqlite);

        var ex = await Assert.ThrowsAsync<RpcException>(() => server.Receivables(server.AdminKey).GetPaymentBehaviourAsync(
            new GetPaymentBehaviourRequest { FromMonth = "2026-03", ToMonth = "2026-01" }).ResponseAsync);
        var month = await Assert.ThrowsAsync<RpcException>(() => server.Receivables(server.AdminKey).GetPaymentBehaviourAsync(
            new GetPaymentBehaviourRequest { FromMonth = "2026-1-5", ToMonth = "2026-03" }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains("the first not after the last", ex.Status.Detail);
        Assert.Equal(StatusCode.InvalidArgument, month.StatusCode);
        Assert.Contains("YYYY-MM", month.Status.Detail);
    }

    private static Dictionary<string, string?> Rules() => new()
    {
        ["Suggestions:Rules:0:Name"] = "大客户",
        ["Suggestions:Rules:0:MinAverageMonthlySales"] = "1000",
        ["Suggestions:Rules:0:MinMonthsActive"] = "3",
        ["Suggestions:Rules:0:MinOnTimePercent"] = "100",
        ["Suggestions:Rules:0:Category"] = "大客户",
        ["Suggestions:Rules:1:Name"] = "逾期",
        ["Suggestions:Rules:1:MinOverdue"] = "0.01",
        ["Suggestions:Rules:1:Dimension"] = "grade",
        ["Suggestions:Rules:1:Value"] = "B",
        ["Suggestions:Rules:2:Name"] = "一个月",
        ["Suggestions:Rules:2:MinMonthsActive"] = "1",
        ["Suggestions:Rules:2:MaxMonthsActive"] = "1",
        ["Suggestions:Rules:2:Category"] = "99",
        ["Suggestions:Rules:3:MaxMonthsActive"] = "2",
        ["Suggestions:Rules:3:Category"] = "83",
    };

    /// <summary>
    /// January to March 2026: SG1 and SG2 sell 1,200 a month, each paid 15 days later within 30 days' terms; SG2 is
    /// already a 大客户. SG3 sells 500 in January and February (due the same day) and pays nothing. SG4 sells 100 in
    /// February only, paid the same day. SG5 sells 200 in January and March, paid the same day.
    /// </summary>
    private static async Task SuggestionLedger(TestServer server)
    {
        await Category(server, "81", "批发客户");
        await Category(server, "82", "大客户");
        await Category(server, "83", "零星客户");
        await server.Categories(server.AdminKey).CreateDimensionAsync(new CreateDimensionRequest { Code = "grade", Name = "信用等级", AllowedValues = { "A", "B" } });
        foreach (var (code, category) in new[] { ("SG1", "81"), ("SG2", "82"), ("SG3", "81"), ("SG4", "81"), ("SG5", "81") })
        {
            await Customer(server, category, code, terms: code is "SG1" or "SG2" ? 30 : 0);
        }

        var drafts = new List<LedgerEntryDraft>();
        foreach (var code in new[] { "SG1", "SG2" })
        {
            for (var month = 1; month <= 3; month++)
            {
                drafts.Add(Draft(code, new(2026, month, 5), DomainDocumentType.SalesInvoice, $"INV-{month}", 1200m));
                drafts.Add(Draft(code, new(2026, month, 20), DomainDocumentType.Receipt, $"RC-{month}", -1200m));
            }
        }

        drafts.Add(Draft("SG3", new(2026, 1, 5), DomainDocumentType.SalesInvoice, "INV-1", 500m));
        drafts.Add(Draft("SG3", new(2026, 2, 5), DomainDocumentType.SalesInvoice, "INV-2", 500m));
        drafts.Add(Draft("SG4", new(2026, 2, 10), DomainDocumentType.SalesInvoice, "INV-1", 100m));
        drafts.Add(Draft("SG4", new(2026, 2, 10), DomainDocumentType.Receipt, "RC-1", -100m));
        foreach (var month in new[] { 1, 3 })
        {
            drafts.Add(Draft("SG5", new(2026, month, 8), DomainDocumentType.SalesInvoice, $"INV-{month}", 200m));
            drafts.Add(Draft("SG5", new(2026, month, 8), DomainDocumentType.Receipt, $"RC-{month}", -200m));
        }

        await Entries(server, [.. drafts]);
    }

    private static readonly SuggestClassificationsRequest FirstQuarter = new() { WindowMonths = 3, ToMonth = "2026-03" };

    [Fact]
    public async Task The_first_matching_rule_wins_and_customers_already_there_or_under_a_broken_rule_get_no_suggestion()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite, Rules());
        await SuggestionLedger(server);

        var response = await server.Customers(server.AdminKey).SuggestClassificationsAsync(FirstQuarter);

        Assert.True(response.Enabled);
        Assert.Equal(("2026-01", "2026-03", 5), (response.FromMonth, response.ToMonth, response.CustomersConsidered));
        Assert.Equal(["SG1", "SG3", "SG5"], response.Suggestions.Select(s => s.CustomerCode));
        var big = response.Suggestions[0];
        Assert.Equal((1, "大客户", "82", "81"), (big.RuleNumber, big.RuleName, big.CategoryCode, big.CurrentCategoryCode));
        Assert.Equal("avg ¥1,200/month over 3 months, 3 of 3 months active, always paid within terms, avg 15 days to pay → 大客户", big.Reason);
        Assert.Equal(("82", big.Reason), (big.Reclassify.CategoryCode, big.Reclassify.Reason));
        // SG3 is overdue (rule 2) and has two active months (rule 4): the first wins.
        var overdue = response.Suggestions[1];
        Assert.Equal((2, "grade", "B"), (overdue.RuleNumber, overdue.DimensionCode, overdue.DimensionValue));
        Assert.Equal("B", overdue.SetDimensions.Dimensions["grade"]);
        Assert.Equal("avg ¥333.33/month over 3 months, 2 of 3 months active, nothing paid in the window, ¥1,000 overdue → 信用等级=B", overdue.Reason);
        Assert.Equal((4, "83"), (response.Suggestions[2].RuleNumber, response.Suggestions[2].CategoryCode));
        // SG4 is caught first by the rule naming a category that does not exist.
        var problem = Assert.Single(response.Problems);
        Assert.Equal((3, "一个月", 1), (problem.RuleNumber, problem.RuleName, problem.CustomersMatched));
        Assert.Contains("'99', which does not exist", problem.Message);
    }

    [Fact]
    public async Task Accepting_a_suggestion_is_the_reclassify_call_it_names()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite, Rules());
        await SuggestionLedger(server);
        var client = server.Customers(server.AdminKey);
        var suggestion = (await client.SuggestClassificationsAsync(FirstQuarter)).Suggestions.First(s => s.CustomerCode == "SG1");

        var moved = (await client.ReclassifyCustomerAsync(suggestion.Reclassify)).Customer;
        var again = await client.SuggestClassificationsAsync(FirstQuarter);

        Assert.Equal("82", moved.Fields.CategoryCode);
        Assert.DoesNotContain(again.Suggestions, s => s.CustomerCode == "SG1");
    }

    [Fact]
    public async Task Turned_off_suggestions_answer_with_none()
    {
        var settings = Rules();
        settings["Suggestions:Enabled"] = "false";
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite, settings);
        await SuggestionLedger(server);

        var response = await server.Customers(server.AdminKey).SuggestClassificationsAsync(FirstQuarter);

        Assert.False(response.Enabled);
        Assert.Empty(response.Suggestions);
        Assert.Empty(response.Problems);
    }

    [Fact]
    public async Task Without_configured_rules_the_default_rules_apply_and_report_their_missing_categories()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        await SuggestionLedger(server);

        var response = await server.Customers(server.AdminKey).SuggestClassificationsAsync(FirstQuarter);

        // 大客户 asks ¥50,000 a month: no one. 关注客户 (anything overdue) matches SG3 but does not exist. 零星客户 (83)
        // takes everyone else: no one sold in more than three months of a three-month window.
        Assert.Equal(["SG1", "SG2", "SG4", "SG5"], response.Suggestions.Select(s => s.CustomerCode));
        Assert.All(response.Suggestions, s => Assert.Equal((3, "83"), (s.RuleNumber, s.CategoryCode)));
        var problem = Assert.Single(response.Problems);
        Assert.Equal((2, "关注客户", 1), (problem.RuleNumber, problem.RuleName, problem.CustomersMatched));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_opening_balance_restates_the_balance_and_what_pays_it_or_is_paid_ahead_is_counted_as_the_walk_settles_it(string provider)
    {
        var server = await servers.For(provider);
        await Category(server, "93");
        await Customer(server, "93", "PD01");
        await Entries(server,
            // January's invoice is replaced by February's opening balance of 500.
            Draft("PD01", new(2026, 1, 10), DomainDocumentType.SalesInvoice, "INV-1", 999m),
            Draft("PD01", new(2026, 2, 1), DomainDocumentType.OpeningBalance, "期初", 500m),
            // 200 of the opening balance paid: settled, but not an item with a document date, so not counted.
            Draft("PD01", new(2026, 2, 10), DomainDocumentType.Receipt, "RC-1", -200m),
            // 400 paid: 300 ends the opening balance, 100 waits and pays March's invoice on its own date, 0 days, on time.
            Draft("PD01", new(2026, 3, 1), DomainDocumentType.Receipt, "RC-2", -400m),
            Draft("PD01", new(2026, 3, 15), DomainDocumentType.SalesInvoice, "INV-2", 250m));

        var row = Assert.Single((await server.Receivables(server.AdminKey).GetPaymentBehaviourAsync(Window("PD01"))).Rows);

        Assert.Equal([999m, 300m, 150m], row.Months.Select(m => M(m.ClosingBalance)!.Value));
        Assert.Equal((100m, 0m, 100m), (M(row.SettledByReceipts), M(row.AverageDaysToPay), M(row.OnTimePercent)));
        // What is left of INV-2 (150) is due on its date, 03-15, before the window's end: overdue.
        Assert.Equal((150m, 150m), (M(row.Balance), M(row.Overdue)));
    }

    [Fact]
    public void A_rule_whose_minimum_is_above_its_maximum_or_without_one_target_stops_the_server_on_start()
    {
        var inverted = new ReconGrpc.Application.Queries.SuggestionOptions { Rules = [new() { MinMonthsActive = 5, MaxMonthsActive = 2, Category = "01" }] };
        var both = new ReconGrpc.Application.Queries.SuggestionOptions { Rules = [new() { Category = "01", Dimension = "grade", Value = "A" }] };

        var minMax = Assert.Throws<ReconGrpc.Domain.RuleViolation>(() => inverted.Validated());
        var target = Assert.Throws<ReconGrpc.Domain.RuleViolation>(() => both.Validated());

        Assert.Contains("Suggestions:Rules:0", minMax.Message);
        Assert.Contains("the minimum not above the maximum", minMax.Message);
        Assert.Contains("either a Category, or a Dimension with a Value", target.Message);
    }
}
