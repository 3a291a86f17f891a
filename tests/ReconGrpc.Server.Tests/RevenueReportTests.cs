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

/// <summary>Revenue by category (GetRevenueByCategory) through a real server, against figures worked out by hand.</summary>
public sealed class RevenueReportTests(ServerPool servers) : IClassFixture<ServerPool>
{
    private static Date D(int year, int month, int day) => new() { Year = year, Month = month, Day = day };

    private static async Task Categories(TestServer server, params string[] codes)
    {
        foreach (var code in codes)
        {
            await server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = code, Name = "分类" + code });
        }
    }

    private static async Task<Customer> Customer(TestServer server, string category, string code, params (string Dimension, string Value)[] dimensions)
    {
        var request = new CreateCustomerRequest { Fields = new CustomerFields { Code = code, Name = code + "商贸有限公司", CategoryCode = category } };
        foreach (var (dimension, value) in dimensions)
        {
            request.Dimensions[dimension] = value;
        }

        return (await server.Customers(server.AdminKey).CreateCustomerAsync(request)).Customer;
    }

    private static async Task Entries(TestServer server, params LedgerEntryDraft[] drafts)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<ReconDbContext>>().CreateDbContextAsync();
        db.LedgerEntries.AddRange(drafts.Select(d => DomainLedgerEntry.Create(d, server.Clock.GetUtcNow())));
        await db.SaveChangesAsync();
    }

    private static LedgerEntryDraft Draft(string customer, DateOnly date, DomainDocumentType type, string number, decimal amount, string currency = "CNY") =>
        new(customer, date, type, number, amount, currency, DueDate: date);

    private static decimal M(DecimalValue? value) => value is null ? 0m : decimal.Parse(value.Value, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>(category, dimension value, sales, returns, revenue, receivables, customers) of a row.</summary>
    private static (string, string, decimal, decimal, decimal, decimal, int) Figures(RevenueRow r) =>
        (r.CategoryCode, r.DimensionValue, M(r.Sales), M(r.Returns), M(r.Revenue), M(r.Receivables), r.CustomerCount);

    private static Task<GetRevenueByCategoryResponse> Revenue(TestServer server, GetRevenueByCategoryRequest request)
    {
        request.StartDate ??= D(2026, 1, 1);
        request.EndDate ??= D(2026, 3, 31);
        return server.Receivables(server.AdminKey).GetRevenueByCategoryAsync(request).ResponseAsync;
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_reclassified_customers_sales_split_at_the_effective_date_returns_reduce_revenue_and_receivables_follow_the_category_at_the_end(string provider)
    {
        var server = await servers.For(provider);
        await Categories(server, "71", "7101", "7102", "72", "7201");
        var moved = await Customer(server, "7101", "RV01");
        await Customer(server, "7102", "RV02");
        await Customer(server, "7201", "RV03");
        await Entries(server,
            Draft("RV01", new(2025, 12, 20), DomainDocumentType.SalesInvoice, "INV-0", 700m),    // before the period: receivables only
            Draft("RV01", new(2026, 1, 10), DomainDocumentType.SalesInvoice, "INV-1", 1000m),    // 7101
            Draft("RV01", new(2026, 2, 14), DomainDocumentType.SalesInvoice, "INV-2", 500m),     // 7101, its last day
            Draft("RV01", new(2026, 2, 15), DomainDocumentType.SalesInvoice, "INV-3", 2000m),    // 7102 from its first day
            Draft("RV01", new(2026, 3, 5), DomainDocumentType.Return, "RT-1", -300m),            // 7102
            Draft("RV01", new(2026, 3, 10), DomainDocumentType.Receipt, "RC-1", -1200m),         // not revenue
            Draft("RV01", new(2026, 4, 1), DomainDocumentType.SalesInvoice, "INV-4", 9999m),     // after the period
            Draft("RV02", new(2026, 1, 1), DomainDocumentType.Exchange, "EX-1", 30m),            // the first day
            Draft("RV02", new(2026, 2, 1), DomainDocumentType.Adjustment, "AD-1", -10m),         // not revenue
            Draft("RV02", new(2026, 3, 20), DomainDocumentType.CreditNote, "CN-1", -50m),
            Draft("RV02", new(2026, 3, 31), DomainDocumentType.SalesInvoice, "INV-1", 400m),     // the last day
            Draft("RV03", new(2026, 2, 1), DomainDocumentType.SalesInvoice, "INV-1", 800.25m));  // another category
        await server.Customers(server.AdminKey).ReclassifyCustomerAsync(new ReclassifyCustomerRequest
        {
            Id = moved.Id, CategoryCode = "7102", EffectiveDate = D(2026, 2, 15), Reason = "划入直营", Version = moved.Version,
        });

        var leaves = await Revenue(server, new GetRevenueByCategoryRequest { CategoryCode = "71" });
        var top = await Revenue(server, new GetRevenueByCategoryRequest { CategoryCode = "71", CategoryLevel = 1 });

        // 7101: RV01's 1000 + 500 before 2026-02-15; at 03-31 RV01 is in 7102, so 7101 has no receivables.
        // 7102: RV01's 2000 less its return of 300; RV02's exchange 30 and invoice 400 less its credit note of 50.
        // Receivables at 03-31: RV01 700 + 1000 + 500 + 2000 − 300 − 1200 = 2700; RV02 30 − 10 − 50 + 400 = 370.
        Assert.Equal([("7101", "", 1500m, 0m, 1500m, 0m, 1), ("7102", "", 2430m, 350m, 2080m, 3070m, 2)], leaves.Rows.Select(Figures));
        Assert.Equal(("", "", 3930m, 350m, 3580m, 3070m, 2), Figures(leaves.Total));
        Assert.Equal(["分类7101", "分类7102"], leaves.Rows.Select(r => r.CategoryName));
        Assert.Equal([("71", "", 3930m, 350m, 3580m, 3070m, 2)], top.Rows.Select(Figures));
        Assert.Equal("CNY", top.Currency);
        Assert.Equal(D(2026, 3, 31), top.EndDate);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Grouped_by_a_dimension_each_value_and_the_customers_without_one_get_a_row_alone_or_within_each_category(string provider)
    {
        var server = await servers.For(provider);
        await Categories(server, "73", "7301", "7302");
        await server.Categories(server.AdminKey).CreateDimensionAsync(new CreateDimensionRequest { Code = "rv_region", Name = "地区", AllowedValues = { "华东", "华南" } });
        await Customer(server, "7301", "RD01", ("rv_region", "华东"));
        await Customer(server, "7302", "RD02", ("rv_region", "华东"));
        await Customer(server, "7301", "RD03", ("rv_region", "华南"));
        await Customer(server, "7301", "RD04");
        await Entries(server,
            Draft("RD01", new(2026, 1, 15), DomainDocumentType.SalesInvoice, "INV-1", 100m),
            Draft("RD02", new(2026, 2, 15), DomainDocumentType.SalesInvoice, "INV-1", 200m),
            Draft("RD02", new(2026, 2, 16), DomainDocumentType.Return, "RT-1", -20m),
            Draft("RD03", new(2026, 3, 15), DomainDocumentType.SalesInvoice, "INV-1", 300m),
            Draft("RD03", new(2026, 3, 20), DomainDocumentType.Receipt, "RC-1", -300m),
            Draft("RD04", new(2026, 3, 1), DomainDocumentType.SalesInvoice, "INV-1", 50m));

        var byRegion = await Revenue(server, new GetRevenueByCategoryRequest { CategoryCode = "73", GroupBy = RevenueGrouping.Dimension, DimensionCode = "rv_region" });
        var within = await Revenue(server, new GetRevenueByCategoryRequest { CategoryCode = "73", DimensionCode = "rv_region" });

        Assert.Equal([("", "", 50m, 0m, 50m, 50m, 1), ("", "华东", 300m, 20m, 280m, 280m, 2), ("", "华南", 300m, 0m, 300m, 0m, 1)], byRegion.Rows.Select(Figures));
        Assert.Equal(("", "", 650m, 20m, 630m, 330m, 4), Figures(byRegion.Total));
        Assert.Equal("rv_region", byRegion.DimensionCode);
        Assert.Equal([("7301", "", 50m, 0m, 50m, 50m, 1), ("7301", "华东", 100m, 0m, 100m, 100m, 1), ("7301", "华南", 300m, 0m, 300m, 0m, 1), ("7302", "华东", 200m, 20m, 180m, 180m, 1)],
            within.Rows.Select(Figures));
        await Expect.Status(StatusCode.InvalidArgument, () => Revenue(server, new GetRevenueByCategoryRequest { CategoryCode = "73", GroupBy = RevenueGrouping.Dimension }));
        Assert.Contains("no dimension 'nowhere'", await Expect.Status(StatusCode.NotFound, () => Revenue(server, new GetRevenueByCategoryRequest { DimensionCode = "nowhere" })));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task One_currency_per_report_and_several_in_scope_are_named_until_one_is_asked_for(string provider)
    {
        var server = await servers.For(provider);
        await Categories(server, "74", "7401");
        await Customer(server, "7401", "RC01");
        await Entries(server,
            Draft("RC01", new(2026, 2, 1), DomainDocumentType.SalesInvoice, "INV-1", 100m),
            Draft("RC01", new(2026, 2, 2), DomainDocumentType.SalesInvoice, "INV-2", 10.5m, "USD"));

        var refused = await Expect.Status(StatusCode.FailedPrecondition, () => Revenue(server, new GetRevenueByCategoryRequest { CategoryCode = "74" }));
        var dollars = await Revenue(server, new GetRevenueByCategoryRequest { CategoryCode = "74", Currency = "usd" });

        Assert.Contains("CNY, USD", refused);
        Assert.Equal("USD", dollars.Currency);
        Assert.Equal([("7401", "", 10.5m, 0m, 10.5m, 10.5m, 1)], dollars.Rows.Select(Figures));
        await Expect.Status(StatusCode.InvalidArgument, () => Revenue(server, new GetRevenueByCategoryRequest { CategoryCode = "74", Currency = "CNY", StartDate = D(2026, 4, 1) }));
        await Expect.Status(StatusCode.InvalidArgument, () => Revenue(server, new GetRevenueByCategoryRequest { CategoryCode = "74", Currency = "CNY", CategoryLevel = 5 }));
    }
}
