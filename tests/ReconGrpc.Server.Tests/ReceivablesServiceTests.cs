using System.Text;
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

/// <summary>Aging, ledger detail and credit alerts through a real server, against figures worked out by hand.</summary>
public sealed class ReceivablesServiceTests(ServerPool servers) : IClassFixture<ServerPool>
{
    private static readonly DateOnly AsOf = new(2026, 6, 30);

    private static Date D(int year, int month, int day) => new() { Year = year, Month = month, Day = day };

    private static async Task Category(TestServer server, string code)
    {
        try
        {
            await server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = code, Name = "分类" + code });
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
        {
            // Shared by several tests of this class.
        }
    }

    private static async Task<Customer> Customer(TestServer server, string category, string code, int terms = 0, string? limit = null)
    {
        var fields = new CustomerFields { Code = code, Name = code + "贸易有限公司", CategoryCode = category, PaymentTermsDays = terms };
        if (limit is not null)
        {
            fields.CreditLimit = new DecimalValue { Value = limit };
        }

        return (await server.Customers(server.AdminKey).CreateCustomerAsync(new CreateCustomerRequest { Fields = fields })).Customer;
    }

    /// <summary>Stores entries as given (a due date or none), as an import of an older export would have.</summary>
    private static async Task Entries(TestServer server, params LedgerEntryDraft[] drafts)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<ReconDbContext>>().CreateDbContextAsync();
        db.LedgerEntries.AddRange(drafts.Select(d => DomainLedgerEntry.Create(d, server.Clock.GetUtcNow())));
        await db.SaveChangesAsync();
    }

    private static LedgerEntryDraft Draft(string customer, DateOnly date, DomainDocumentType type, string number, decimal amount, DateOnly? due = null, string currency = "CNY") =>
        new(customer, date, type, number, amount, currency, DueDate: due);

    private static async Task<GetAgingReportResponse> Aging(TestServer server, GetAgingReportRequest request)
    {
        request.AsOfDate ??= D(2026, 6, 30);
        return await server.Receivables(server.AdminKey).GetAgingReportAsync(request);
    }

    private static decimal M(DecimalValue? value) => value is null ? 0m : decimal.Parse(value.Value, System.Globalization.CultureInfo.InvariantCulture);

    private static decimal[] Figures(AgingRow row) => [M(row.Balance), M(row.NotDue), .. row.Buckets.Select(b => M(b.Amount)), M(row.UnappliedCredit)];

    private static async Task<decimal> Balance(TestServer server, string customer, Date asOf) =>
        M((await server.Ledger(server.AdminKey).GetCustomerBalanceAsync(new GetCustomerBalanceRequest { CustomerCode = customer, AsOfDate = asOf })).Balance);

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Credits_settle_the_oldest_items_first_and_what_is_left_is_aged_at_the_bucket_edges(string provider)
    {
        var server = await servers.For(provider);
        await Category(server, "91");
        await Customer(server, "91", "AG01");
        await Entries(server,
            Draft("AG01", new(2026, 4, 30), DomainDocumentType.SalesInvoice, "INV-1", 100m, new(2026, 5, 30)),    // 31 days
            Draft("AG01", new(2026, 5, 1), DomainDocumentType.SalesInvoice, "INV-2", 200m, new(2026, 5, 31)),     // 30 days
            Draft("AG01", new(2026, 6, 1), DomainDocumentType.SalesInvoice, "INV-3", 300m, new(2026, 6, 30)),     // due today
            Draft("AG01", new(2026, 6, 2), DomainDocumentType.SalesInvoice, "INV-4", 400m, new(2026, 7, 1)),      // not yet due
            Draft("AG01", new(2025, 11, 1), DomainDocumentType.SalesInvoice, "INV-5", 50m, new(2025, 12, 1)),     // 211 days
            Draft("AG01", new(2026, 6, 15), DomainDocumentType.Receipt, "RC-1", -120.5m),                        // settles INV-5, then 70.50 of INV-1
            Draft("AG01", new(2026, 7, 5), DomainDocumentType.SalesInvoice, "INV-6", 1000m, new(2026, 8, 4)));  // after the date

        var report = await Aging(server, new GetAgingReportRequest { CustomerCode = "AG01" });

        var row = Assert.Single(report.Rows);
        Assert.Equal("AG01", row.Code);
        Assert.Equal([929.5m, 400m, 500m, 29.5m, 0m, 0m, 0m, 0m], Figures(row));
        Assert.Equal([(0, 30), (31, 60), (61, 90), (91, 180), (181, 0)], row.Buckets.Select(b => (b.FromDays, b.ToDays)));
        Assert.Equal(await Balance(server, "AG01", D(2026, 6, 30)), M(row.Balance));
        Assert.Equal(Figures(row), Figures(report.Total));
        Assert.Equal("CNY", report.Currency);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Credits_beyond_every_item_are_unapplied_and_an_opening_balance_replaces_what_came_before(string provider)
    {
        var server = await servers.For(provider);
        await Category(server, "91");
        await Customer(server, "91", "AG02");
        await Customer(server, "91", "AG03");
        await Entries(server,
            Draft("AG02", new(2026, 5, 1), DomainDocumentType.SalesInvoice, "INV-1", 100m, new(2026, 6, 1)),
            Draft("AG02", new(2026, 6, 10), DomainDocumentType.Receipt, "RC-1", -250m),
            // AG03: the March opening balance stands for January's invoice; the April receipt settles part of it.
            Draft("AG03", new(2026, 1, 5), DomainDocumentType.SalesInvoice, "INV-1", 999m, new(2026, 1, 5)),
            Draft("AG03", new(2026, 3, 1), DomainDocumentType.OpeningBalance, "期初", 800m, new(2026, 3, 1)),
            Draft("AG03", new(2026, 4, 1), DomainDocumentType.Receipt, "RC-1", -300m));

        var report = await Aging(server, new GetAgingReportRequest { CategoryCode = "91", BucketUpperDays = { 30, 90 } });

        var unapplied = report.Rows.Single(r => r.Code == "AG02");
        Assert.Equal([-150m, 0m, 0m, 0m, 0m, -150m], Figures(unapplied));
        var opening = report.Rows.Single(r => r.Code == "AG03");
        // 121 days past 2026-03-01: over 90.
        Assert.Equal([500m, 0m, 0m, 0m, 500m, 0m], Figures(opening));
        Assert.Equal(await Balance(server, "AG03", D(2026, 6, 30)), M(opening.Balance));
        Assert.Equal(await Balance(server, "AG02", D(2026, 6, 30)), M(unapplied.Balance));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Without_a_due_date_an_item_is_due_after_the_payment_terms_and_the_document_basis_ages_from_its_date(string provider)
    {
        var server = await servers.For(provider);
        await Category(server, "92");
        await Customer(server, "92", "AG10", terms: 45);
        await Entries(server,
            Draft("AG10", new(2026, 4, 1), DomainDocumentType.SalesInvoice, "INV-1", 10m),                   // due 05-16: 45 days
            Draft("AG10", new(2026, 5, 1), DomainDocumentType.SalesInvoice, "INV-2", 100m));                 // due 06-15: 15 days
        await server.Ledger(server.AdminKey).PostLedgerEntryAsync(new PostLedgerEntryRequest
        {
            CustomerCode = "AG10", Date = D(2026, 6, 20), DocumentType = DocumentType.SalesInvoice, DocumentNumber = "INV-3",
            Amount = new DecimalValue { Value = "1.00" }, Reason = "手工补录",
        });                                                                                                   // due 08-04: not due

        var due = Assert.Single((await Aging(server, new GetAgingReportRequest { CustomerCode = "AG10" })).Rows);
        var document = Assert.Single((await Aging(server, new GetAgingReportRequest { CustomerCode = "AG10", Basis = AgingBasis.DocumentDate })).Rows);

        Assert.Equal([111m, 1m, 100m, 10m, 0m, 0m, 0m, 0m], Figures(due));
        // 10, 60 and 90 days from the document dates.
        Assert.Equal([111m, 0m, 1m, 100m, 10m, 0m, 0m, 0m], Figures(document));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Categories_roll_up_at_the_level_asked_with_a_reclassified_customer_under_its_current_category(string provider)
    {
        var server = await servers.For(provider);
        foreach (var code in new[] { "93", "9301", "930101", "9302" })
        {
            await Category(server, code);
        }

        await Customer(server, "930101", "RC01");
        await Customer(server, "9302", "RC02");
        var moved = await Customer(server, "9302", "RC03");
        await server.Customers(server.AdminKey).ReclassifyCustomerAsync(new ReclassifyCustomerRequest
        {
            Id = moved.Id, CategoryCode = "930101", EffectiveDate = D(2026, 1, 1), Reason = "划归北京", Version = moved.Version,
        });
        await Entries(server,
            Draft("RC01", new(2026, 6, 1), DomainDocumentType.SalesInvoice, "INV-1", 100m, new(2026, 6, 1)),
            Draft("RC02", new(2026, 6, 1), DomainDocumentType.SalesInvoice, "INV-1", 50m, new(2026, 6, 1)),
            Draft("RC03", new(2025, 12, 1), DomainDocumentType.SalesInvoice, "INV-1", 25m, new(2025, 12, 1)));

        Task<GetAgingReportResponse> ByLevel(int level) =>
            Aging(server, new GetAgingReportRequest { CategoryCode = "93", GroupBy = AgingGrouping.Category, CategoryLevel = level });
        var below = await ByLevel(0);
        var top = await ByLevel(1);
        var leaves = await ByLevel(3);

        Assert.Equal([("9301", 125m, 2), ("9302", 50m, 1)], below.Rows.Select(r => (r.Code, M(r.Balance), r.CustomerCount)));
        Assert.Equal([("93", 175m, 3)], top.Rows.Select(r => (r.Code, M(r.Balance), r.CustomerCount)));
        Assert.Equal([("930101", 125m, 2), ("9302", 50m, 1)], leaves.Rows.Select(r => (r.Code, M(r.Balance), r.CustomerCount)));
        Assert.Equal([175m, 0m, 150m, 0m, 0m, 0m, 25m, 0m], Figures(top.Total));
        Assert.Equal("分类9301", below.Rows[0].Name);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_report_that_cannot_be_made_says_what_to_change(string provider)
    {
        var server = await servers.For(provider);
        await Category(server, "94");
        await Customer(server, "94", "AG20");
        await Entries(server,
            Draft("AG20", new(2026, 6, 1), DomainDocumentType.SalesInvoice, "INV-1", 10m, currency: "CNY"),
            Draft("AG20", new(2026, 6, 1), DomainDocumentType.SalesInvoice, "INV-2", 10m, currency: "USD"));
        var client = server.Receivables(server.AdminKey);

        var currencies = await Expect.Status(StatusCode.FailedPrecondition, () => client.GetAgingReportAsync(new GetAgingReportRequest { AsOfDate = D(2026, 6, 30), CustomerCode = "AG20" }).ResponseAsync);
        var usd = await Aging(server, new GetAgingReportRequest { CustomerCode = "AG20", Currency = "usd" });
        var bounds = await Expect.Status(StatusCode.InvalidArgument, () => client.GetAgingReportAsync(new GetAgingReportRequest { AsOfDate = D(2026, 6, 30), BucketUpperDays = { 60, 30 } }).ResponseAsync);
        await Expect.Status(StatusCode.InvalidArgument, () => client.GetAgingReportAsync(new GetAgingReportRequest { AsOfDate = D(2026, 6, 30), BucketUpperDays = { 0 } }).ResponseAsync);
        await Expect.Status(StatusCode.InvalidArgument, () => client.GetAgingReportAsync(new GetAgingReportRequest { AsOfDate = D(2026, 6, 30), BucketUpperDays = { Enumerable.Range(1, 13) } }).ResponseAsync);
        await Expect.Status(StatusCode.InvalidArgument, () => client.GetAgingReportAsync(new GetAgingReportRequest()).ResponseAsync);
        await Expect.Status(StatusCode.NotFound, () => client.GetAgingReportAsync(new GetAgingReportRequest { AsOfDate = D(2026, 6, 30), CustomerCode = "NOPE" }).ResponseAsync);
        await Expect.Status(StatusCode.NotFound, () => client.GetAgingReportAsync(new GetAgingReportRequest { AsOfDate = D(2026, 6, 30), CategoryCode = "9999" }).ResponseAsync);
        var level = await Expect.Status(StatusCode.InvalidArgument, () => client.GetAgingReportAsync(new GetAgingReportRequest { AsOfDate = D(2026, 6, 30), GroupBy = AgingGrouping.Category, CategoryLevel = 5 }).ResponseAsync);

        Assert.Contains("CNY, USD", currencies);
        Assert.Equal(("USD", 10m), (usd.Currency, M(usd.Total.Balance)));
        Assert.Contains("ascending", bounds);
        Assert.Contains("levels 1 to 4", level);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_ledger_detail_opens_with_the_balance_brought_forward_and_runs_to_the_ledger_balance(string provider)
    {
        var server = await servers.For(provider);
        await Category(server, "95");
        await Customer(server, "95", "LD01");
        await Entries(server,
            Draft("LD01", new(2026, 1, 10), DomainDocumentType.SalesInvoice, "INV-1", 500m),
            Draft("LD01", new(2026, 2, 5), DomainDocumentType.Receipt, "RC-1", -200m),
            Draft("LD01", new(2026, 3, 1), DomainDocumentType.SalesInvoice, "INV-2", 100m),
            Draft("LD01", new(2026, 3, 10), DomainDocumentType.OpeningBalance, "期初", 1000m),
            Draft("LD01", new(2026, 3, 15), DomainDocumentType.Return, "RT-1", -30m),
            Draft("LD01", new(2026, 4, 1), DomainDocumentType.SalesInvoice, "INV-3", 10m));

        using var call = server.Receivables(server.AdminKey).GetLedgerDetail(new GetLedgerDetailRequest { CustomerCode = "LD01", StartDate = D(2026, 2, 1), EndDate = D(2026, 3, 31) });
        var parts = await call.ResponseStream.ReadAllAsync().ToListAsync();

        var opening = parts[0].Opening;
        var lines = parts.Where(p => p.PartCase == GetLedgerDetailResponse.PartOneofCase.Lines).SelectMany(p => p.Lines.Lines).ToList();
        var closing = parts[^1].Closing;
        Assert.Equal(("LD01", "CNY", 500m), (opening.CustomerCode, opening.Currency, M(opening.OpeningBalance)));
        Assert.Equal([("收款", 0m, 200m, 300m), ("销售发票", 100m, 0m, 400m), ("期初余额", 0m, 0m, 1000m), ("退货", 0m, 30m, 970m)],
            lines.Select(l => (l.DocumentTypeName, M(l.Debit), M(l.Credit), M(l.Balance))));
        Assert.Equal((100m, 230m, 970m, 4L), (M(closing.TotalDebit), M(closing.TotalCredit), M(closing.ClosingBalance), closing.LineCount));
        Assert.Equal(await Balance(server, "LD01", D(2026, 3, 31)), M(closing.ClosingBalance));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Postings_and_imports_that_take_a_customer_near_or_over_its_limit_say_so_and_overdue_items_are_listed(string provider)
    {
        var server = await servers.For(provider);
        await Category(server, "96");
        await Customer(server, "96", "CA01", terms: 30, limit: "1000.00");
        await Customer(server, "96", "CA02", limit: "100.00");
        var ledger = server.Ledger(server.AdminKey);
        PostLedgerEntryRequest Post(string number, string amount, Date date) => new()
        {
            CustomerCode = "CA01", Date = date, DocumentType = DocumentType.SalesInvoice, DocumentNumber = number, Amount = new DecimalValue { Value = amount }, Reason = "手工补录",
        };

        var near = await ledger.PostLedgerEntryAsync(Post("INV-1", "950.00", D(2026, 4, 1)));
        var over = await ledger.PostLedgerEntryAsync(Post("INV-2", "100.00", D(2026, 6, 20)));
        var imported = await ImportAsync(server, "CA02,CA02贸易有限公司,2026-06-01,销售发票,INV-9,120.00,进口");
        var listed = await server.Receivables(server.AdminKey).ListCreditAlertsAsync(new ListCreditAlertsRequest { AsOfDate = D(2026, 6, 30), CategoryCode = "96" });

        Assert.Equal([(CreditAlertKind.NearLimit, 950m, -50m)], near.CreditAlerts.Select(a => (a.Kind, M(a.Balance), M(a.OverLimit))));
        Assert.Equal([(CreditAlertKind.OverLimit, 1050m, 50m)], over.CreditAlerts.Select(a => (a.Kind, M(a.Balance), M(a.OverLimit))));
        Assert.Equal([("CA02", CreditAlertKind.OverLimit, 20m)], imported.Select(a => (a.CustomerCode, a.Kind, M(a.OverLimit))));
        // CA01's April invoice fell due on 05-01, 60 days before; CA02's import has no due date and no terms: 29 days.
        Assert.Equal([(CreditAlertKind.OverLimit, "CA01", 0m, 0), (CreditAlertKind.OverLimit, "CA02", 0m, 0),
                (CreditAlertKind.Overdue, "CA01", 950m, 60), (CreditAlertKind.Overdue, "CA02", 120m, 29)],
            listed.Alerts.Select(a => (a.Kind, a.CustomerCode, a.Kind == CreditAlertKind.Overdue ? M(a.OverdueAmount) : 0m, a.OldestOverdueDays)));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_overdue_alert_counts_its_days_from_the_oldest_item_a_receipt_left_open(string provider)
    {
        var server = await servers.For(provider);
        await Category(server, "98");
        await Customer(server, "98", "OD01");
        await Customer(server, "98", "OD02");
        await Customer(server, "98", "OD03");
        await Entries(server,
            // OD01: the receipt settles INV-1 and 50.00 of INV-2, whose due date 04-01 is 90 days before 06-30.
            Draft("OD01", new(2026, 2, 1), DomainDocumentType.SalesInvoice, "INV-1", 100m, new(2026, 3, 1)),
            Draft("OD01", new(2026, 3, 1), DomainDocumentType.SalesInvoice, "INV-2", 200m, new(2026, 4, 1)),
            Draft("OD01", new(2026, 4, 1), DomainDocumentType.SalesInvoice, "INV-3", 300m, new(2026, 5, 1)),
            Draft("OD01", new(2026, 4, 20), DomainDocumentType.Receipt, "RC-1", -150m),
            // OD02: the receipt settles INV-1 and INV-2 exactly; INV-3, due 05-01, is the oldest open: 60 days.
            Draft("OD02", new(2026, 2, 1), DomainDocumentType.SalesInvoice, "INV-1", 100m, new(2026, 3, 1)),
            Draft("OD02", new(2026, 3, 1), DomainDocumentType.SalesInvoice, "INV-2", 200m, new(2026, 4, 1)),
            Draft("OD02", new(2026, 4, 1), DomainDocumentType.SalesInvoice, "INV-3", 300m, new(2026, 5, 1)),
            Draft("OD02", new(2026, 4, 20), DomainDocumentType.Receipt, "RC-1", -300m),
            // OD03: settled in full; nothing overdue.
            Draft("OD03", new(2026, 2, 1), DomainDocumentType.SalesInvoice, "INV-1", 100m, new(2026, 3, 1)),
            Draft("OD03", new(2026, 4, 20), DomainDocumentType.Receipt, "RC-1", -100m));

        var listed = await server.Receivables(server.AdminKey).ListCreditAlertsAsync(new ListCreditAlertsRequest
        {
            AsOfDate = D(2026, 6, 30), CategoryCode = "98", Kinds = { CreditAlertKind.Overdue },
        });

        Assert.Equal([("OD01", 450m, 450m, 90), ("OD02", 300m, 300m, 60)],
            listed.Alerts.Select(a => (a.CustomerCode, M(a.Balance), M(a.OverdueAmount), a.OldestOverdueDays)));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Under_the_refuse_policy_a_posting_over_the_limit_stores_nothing(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, new Dictionary<string, string?> { ["Credit:Policy"] = "Refuse" });
        await Category(server, "97");
        await Customer(server, "97", "CR01", limit: "100.00");
        var ledger = server.Ledger(server.AdminKey);
        PostLedgerEntryRequest Post(string number, string amount) => new()
        {
            CustomerCode = "CR01", Date = D(2026, 6, 1), DocumentType = DocumentType.SalesInvoice, DocumentNumber = number, Amount = new DecimalValue { Value = amount }, Reason = "手工补录",
        };

        await ledger.PostLedgerEntryAsync(Post("INV-1", "90.00"));
        var refused = await Expect.Status(StatusCode.FailedPrecondition, () => ledger.PostLedgerEntryAsync(Post("INV-2", "10.01")).ResponseAsync);
        var imported = await ImportAsync(server, "CR01,CR01贸易有限公司,2026-06-02,销售发票,INV-3,20.00,进口");

        Assert.Contains("credit limit", refused);
        Assert.Equal([("INV-1", 90m), ("INV-3", 20m)], (await server.LedgerEntriesAsync("CR01")).Select(e => (e.DocumentNumber, M(e.Amount))));
        Assert.Equal([(CreditAlertKind.OverLimit, 110m)], imported.Select(a => (a.Kind, M(a.Balance))));
    }

    private static async Task<IReadOnlyList<CreditAlert>> ImportAsync(TestServer server, string row)
    {
        var content = Encoding.UTF8.GetBytes("客户编码,客户名称,日期,单据类型,单据号,金额,摘要\n" + row + "\n");
        using var call = server.Imports(server.AdminKey).Import();
        await call.RequestStream.WriteAsync(new ImportRequest { Header = new ImportHeader { AdapterId = "template", FileName = "alerts.csv", Options = { ["kind"] = "ledger" } } });
        await call.RequestStream.WriteAsync(new ImportRequest { Chunk = Google.Protobuf.ByteString.CopyFrom(content) });
        await call.RequestStream.CompleteAsync();
        var responses = await call.ResponseStream.ReadAllAsync().ToListAsync();
        Assert.Equal(ImportResponse.EventOneofCase.Summary, responses[^1].EventCase);
        Assert.Equal(1, responses[^1].Summary.Imported);
        return responses.Where(r => r.EventCase == ImportResponse.EventOneofCase.CreditAlerts).SelectMany(r => r.CreditAlerts.Alerts).ToList();
    }
}
