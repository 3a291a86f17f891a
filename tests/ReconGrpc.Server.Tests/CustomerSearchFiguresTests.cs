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

/// <summary>
/// SearchCustomers' computed filters over a period through a real server. The customers (category 7501, created on the
/// test clock's day in 2026-11) and their figures over 2025-04-01..2026-03-31, twelve months:
/// <list type="bullet">
/// <item>SC01, since 2023-03-31: 350,000 in 2025-04, 300,000 less a return of 50,000 in 2025-10 → 600,000, two months
/// active, 50,000.00 a month; all paid.</item>
/// <item>SC02, since 2023-04-01: 600,000 in 2025-06; all paid.</item>
/// <item>SC03, since 2020-01-01: 599,999.99 in 2025-05 → 49,999.999… a month; all paid.</item>
/// <item>SC04, since 2021-06-30: 598,500.01 in 2025-07, 500 due 2026-03-30 and 1,000 due 2026-03-31 → 600,000.01 in two
/// months; 500 overdue at 2026-03-31 (the 1,000 falls due on the day).</item>
/// <item>SC05: no entries.</item>
/// </list>
/// </summary>
public sealed class CustomerSearchFiguresTests(ServerPool servers) : IClassFixture<ServerPool>
{
    private static Date D(int year, int month, int day) => new() { Year = year, Month = month, Day = day };

    private static DecimalValue V(string value) => new() { Value = value };

    private static decimal M(DecimalValue? value) => value is null ? 0m : decimal.Parse(value.Value, System.Globalization.CultureInfo.InvariantCulture);

    private static LedgerEntryDraft Draft(string customer, DateOnly date, DomainDocumentType type, string number, decimal amount) =>
        new(customer, date, type, number, amount, "CNY", DueDate: date);

    private static async Task<TestServer> Seeded(ServerPool servers, string provider)
    {
        var server = await servers.For(provider);
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<ReconDbContext>>().CreateDbContextAsync();
        if (await db.Customers.AnyAsync(c => c.Code == "SC01"))
        {
            return server;
        }

        foreach (var code in new[] { "75", "7501" })
        {
            await server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = code, Name = "经销商" + code });
        }

        foreach (var code in new[] { "SC01", "SC02", "SC03", "SC04", "SC05" })
        {
            await server.Customers(server.AdminKey).CreateCustomerAsync(new CreateCustomerRequest { Fields = new CustomerFields { Code = code, Name = code + "经销有限公司", CategoryCode = "7501" } });
        }

        db.LedgerEntries.AddRange(new[]
        {
            Draft("SC01", new(2023, 3, 31), DomainDocumentType.SalesInvoice, "INV-0", 1000m),
            Draft("SC01", new(2023, 5, 1), DomainDocumentType.Receipt, "RC-0", -1000m),
            Draft("SC01", new(2025, 4, 10), DomainDocumentType.SalesInvoice, "INV-1", 350000m),
            Draft("SC01", new(2025, 10, 10), DomainDocumentType.SalesInvoice, "INV-2", 300000m),
            Draft("SC01", new(2025, 10, 20), DomainDocumentType.Return, "RT-1", -50000m),
            Draft("SC01", new(2025, 12, 1), DomainDocumentType.Receipt, "RC-1", -600000m),
            Draft("SC02", new(2023, 4, 1), DomainDocumentType.SalesInvoice, "INV-0", 10m),
            Draft("SC02", new(2023, 4, 2), DomainDocumentType.Receipt, "RC-0", -10m),
            Draft("SC02", new(2025, 6, 1), DomainDocumentType.SalesInvoice, "INV-1", 600000m),
            Draft("SC02", new(2025, 6, 30), DomainDocumentType.Receipt, "RC-1", -600000m),
            Draft("SC03", new(2020, 1, 1), DomainDocumentType.SalesInvoice, "INV-0", 5m),
            Draft("SC03", new(2020, 1, 2), DomainDocumentType.Receipt, "RC-0", -5m),
            Draft("SC03", new(2025, 5, 1), DomainDocumentType.SalesInvoice, "INV-1", 599999.99m),
            Draft("SC03", new(2025, 5, 2), DomainDocumentType.Receipt, "RC-1", -599999.99m),
            Draft("SC04", new(2021, 6, 30), DomainDocumentType.SalesInvoice, "INV-0", 1m),
            Draft("SC04", new(2021, 7, 1), DomainDocumentType.Receipt, "RC-0", -1m),
            Draft("SC04", new(2025, 7, 1), DomainDocumentType.SalesInvoice, "INV-1", 598500.01m),
            Draft("SC04", new(2025, 7, 15), DomainDocumentType.Receipt, "RC-1", -598500.01m),
            Draft("SC04", new(2026, 3, 30), DomainDocumentType.SalesInvoice, "INV-2", 500m),
            Draft("SC04", new(2026, 3, 31), DomainDocumentType.SalesInvoice, "INV-3", 1000m),
        }.Select(d => DomainLedgerEntry.Create(d, server.Clock.GetUtcNow())));
        await db.SaveChangesAsync();
        return server;
    }

    private static async Task<SearchCustomersResponse> Search(TestServer server, SearchCustomersRequest request)
    {
        request.CategoryCode = "75";
        request.IncludeDescendants = true;
        return await server.Customers(server.AdminKey).SearchCustomersAsync(request);
    }

    private static SearchCustomersRequest Year() => new() { PeriodStart = D(2025, 4, 1), PeriodEnd = D(2026, 3, 31) };

    private static List<string> Codes(SearchCustomersResponse response) => response.Customers.Select(c => c.Fields.Code).ToList();

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Dealers_for_more_than_three_years_buying_at_least_50000_a_month_are_found_in_one_call_with_their_figures(string provider)
    {
        var server = await Seeded(servers, provider);
        var request = Year();
        request.CustomerSinceBefore = D(2023, 4, 1);
        request.MinAverageMonthlyPurchases = V("50000");
        var withoutOverdue = await Search(server, request);
        request.MinOverdueBalance = V("0");

        var found = await Search(server, request);

        // SC02 began on 2023-04-01 itself; SC03 averages a fen a year short.
        Assert.Equal(["SC01", "SC04"], Codes(found));
        Assert.Equal(["SC01", "SC04"], found.Figures.Select(f => f.CustomerCode));
        // The overdue balance is computed only when its filter asks for it; 0 keeps everyone.
        Assert.Equal(Codes(found), Codes(withoutOverdue));
        Assert.All(withoutOverdue.Figures, f => Assert.Null(f.OverdueBalance));
        var sc01 = found.Figures[0];
        Assert.Equal((600000m, 50000m, 2, 12, D(2023, 3, 31), 0m, "CNY"),
            (M(sc01.TotalPurchases), M(sc01.AverageMonthlyPurchases), sc01.MonthsActive, sc01.Months, sc01.CustomerSince, M(sc01.OverdueBalance), sc01.Currency));
        var sc04 = found.Figures[1];
        Assert.Equal((600000.01m, 50000m, 2, 12, D(2021, 6, 30), 500m),
            (M(sc04.TotalPurchases), M(sc04.AverageMonthlyPurchases), sc04.MonthsActive, sc04.Months, sc04.CustomerSince, M(sc04.OverdueBalance)));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Figures_asked_in_a_currency_without_a_filter_on_them_are_page_by_page_those_the_filters_see(string provider)
    {
        var server = await Seeded(servers, provider);
        var filtered = Year();
        // A bound every customer passes: the figures are computed over every customer, then the page is cut.
        filtered.MinTotalPurchases = V("-1000000000");
        var everyone = await Search(server, filtered);

        var pages = new List<SearchCustomersResponse>();
        var token = "";
        do
        {
            var request = Year();
            request.Currency = "cny";
            request.PageSize = 2;
            request.PageToken = token;
            pages.Add(await Search(server, request));
            token = pages[^1].NextPageToken;
        }
        while (token.Length > 0);
        var dollars = Year();
        dollars.Currency = "USD";
        var inDollars = await Search(server, dollars);

        static List<(string, string, decimal, decimal, int, int, Date)> Rows(IEnumerable<CustomerFigures> figures) => figures
            .Select(f => (f.CustomerCode, f.Currency, M(f.TotalPurchases), M(f.AverageMonthlyPurchases), f.MonthsActive, f.Months, f.CustomerSince)).ToList();
        Assert.Equal(["SC01", "SC02", "SC03", "SC04", "SC05"], Codes(everyone));
        Assert.Equal(3, pages.Count);
        Assert.Equal(Rows(everyone.Figures), Rows(pages.SelectMany(p => p.Figures)));
        Assert.Equal((600000m, 2), (M(pages[0].Figures[0].TotalPurchases), pages[0].Figures[0].MonthsActive));
        // In a currency they have no entries in, they bought nothing.
        Assert.All(inDollars.Figures, f => Assert.Equal(("USD", 0m, 0), (f.Currency, M(f.TotalPurchases), f.MonthsActive)));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Each_bound_holds_its_edge(string provider)
    {
        var server = await Seeded(servers, provider);

        async Task<List<string>> Find(Action<SearchCustomersRequest> set)
        {
            var request = Year();
            set(request);
            return Codes(await Search(server, request));
        }

        Assert.Equal(["SC04"], await Find(r => r.MinOverdueBalance = V("500")));
        Assert.Empty(await Find(r => r.MinOverdueBalance = V("500.01")));
        Assert.Equal(["SC01", "SC04"], await Find(r => r.MinMonthsActive = 2));
        Assert.Equal(["SC01"], await Find(r => { r.MinMonthsActive = 2; r.MaxTotalPurchases = V("600000"); }));
        Assert.Equal(["SC01", "SC02", "SC04"], await Find(r => r.MinTotalPurchases = V("600000")));
        Assert.Equal(["SC03"], await Find(r => { r.MinTotalPurchases = V("1"); r.MaxAverageMonthlyPurchases = V("49999.9999"); }));
        // Nothing bought is zero purchases: a customer without entries passes an upper bound.
        Assert.Equal(["SC05"], await Find(r => r.MaxTotalPurchases = V("0")));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Customer_since_needs_no_period_and_a_customer_without_entries_is_one_since_it_was_created(string provider)
    {
        var server = await Seeded(servers, provider);

        var early = await Search(server, new SearchCustomersRequest { CustomerSinceBefore = D(2020, 1, 2) });
        var late = await Search(server, new SearchCustomersRequest { CustomerSinceBefore = D(2026, 11, 25), Prefix = "SC05" });
        var none = await Search(server, new SearchCustomersRequest { CustomerSinceBefore = D(2026, 11, 24), Prefix = "SC05" });

        Assert.Equal(["SC03"], Codes(early));
        var figures = Assert.Single(early.Figures);
        Assert.Equal((D(2020, 1, 1), 0, null, ""), (figures.CustomerSince, figures.Months, figures.TotalPurchases, figures.Currency));
        Assert.Equal(D(2026, 11, 24), Assert.Single(late.Figures).CustomerSince);
        Assert.Empty(none.Customers);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_period_is_whole_months_and_the_period_filters_need_one(string provider)
    {
        var server = await Seeded(servers, provider);

        var notMonths = await Expect.Status(StatusCode.InvalidArgument, () => Search(server, new SearchCustomersRequest { PeriodStart = D(2025, 4, 2), PeriodEnd = D(2026, 3, 31) }));
        var noPeriod = await Expect.Status(StatusCode.InvalidArgument, () => Search(server, new SearchCustomersRequest { MinTotalPurchases = V("1") }));
        var plain = await Search(server, new SearchCustomersRequest { Prefix = "SC0" });

        Assert.Contains("whole months", notMonths);
        Assert.Contains("period_start", noPeriod);
        Assert.Empty(plain.Figures);
        Assert.Equal(5, plain.Customers.Count);
    }
}
