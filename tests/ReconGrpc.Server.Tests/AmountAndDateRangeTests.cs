using System.Text;
using Grpc.Core;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests;

/// <summary>
/// One range of amounts (±900,000,000,000, at most four decimals and no more than the currency has) and one range
/// of accounting dates (1900-01-01 to 2999-12-31) hold at every entry point: postings, imports, credit limits, runs
/// and periods. Numbers on the wire are read exactly or refused, never rounded.
/// </summary>
public sealed class AmountAndDateRangeTests(ServerPool servers) : IClassFixture<ServerPool>
{
    private static readonly Date April2 = new() { Year = 2024, Month = 4, Day = 2 };

    private static async Task CustomerAsync(TestServer server, string code, int paymentTerms = 0)
    {
        try
        {
            await server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = "95", Name = "范围测试" });
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
        {
            // Shared by the tests of this class.
        }

        await server.Customers(server.AdminKey).CreateCustomerAsync(new CreateCustomerRequest
        {
            Fields = new CustomerFields { Code = code, Name = "范围客户" + code, CategoryCode = "95", PaymentTermsDays = paymentTerms },
        });
    }

    private static PostLedgerEntryRequest Posting(string customer, string number, string amount, Date? date = null,
        DocumentType type = DocumentType.SalesInvoice) => new()
    {
        CustomerCode = customer, Date = date ?? April2, DocumentType = type, DocumentNumber = number,
        Amount = new DecimalValue { Value = amount }, Reason = "范围测试",
    };

    private static Task<string> RefusedAsync(TestServer server, PostLedgerEntryRequest request) =>
        Expect.Status(StatusCode.InvalidArgument, () => server.Ledger(server.AdminKey).PostLedgerEntryAsync(request).ResponseAsync);

    private static byte[] Csv(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Amounts_beyond_the_range_are_refused_and_a_balance_of_the_largest_ones_is_exact(string provider)
    {
        var server = await servers.For(provider);
        await CustomerAsync(server, "N9501");
        var ledger = server.Ledger(server.AdminKey);

        var justBeyond = await RefusedAsync(server, Posting("N9501", "BIG-1", "900000000000.01"));
        var huge = await RefusedAsync(server, Posting("N9501", "BIG-2", "9999999999999999999999999999"));
        var hugeReceipt = await RefusedAsync(server, Posting("N9501", "BIG-3", "-1000000000000.00", type: DocumentType.Receipt));
        for (var i = 0; i < 9; i++)
        {
            await ledger.PostLedgerEntryAsync(Posting("N9501", $"MAX-{i}", "900000000000.00"));
        }

        await ledger.PostLedgerEntryAsync(Posting("N9501", "MAX-R", "-900000000000.00", type: DocumentType.Receipt));
        var balance = await ledger.GetCustomerBalanceAsync(new GetCustomerBalanceRequest { CustomerCode = "N9501" });

        Assert.All([justBeyond, huge, hugeReceipt], message => Assert.Contains("±900,000,000,000", message));
        Assert.Equal(("7200000000000.00", "8100000000000.00", "900000000000.00", 10L),
            (balance.Balance.Value, balance.DebitTotal.Value, balance.CreditTotal.Value, balance.EntryCount));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Decimals_are_refused_not_rounded_and_a_plus_sign_is_no_number(string provider)
    {
        var server = await servers.For(provider);
        await CustomerAsync(server, "N9502");
        var customers = server.Customers(server.AdminKey);

        var thirtyDecimals = await RefusedAsync(server, Posting("N9502", "D-1", "1.000000000000000000000000000001"));
        var threeDecimals = await RefusedAsync(server, Posting("N9502", "D-2", "1.001"));
        var plus = await RefusedAsync(server, Posting("N9502", "D-3", "+5.00"));
        var bareDot = await RefusedAsync(server, Posting("N9502", "D-4", "5."));
        var trailingZeros = await server.Ledger(server.AdminKey).PostLedgerEntryAsync(Posting("N9502", "D-5", "12.5000000000000000000000000000000"));
        var customer = (await customers.GetCustomerAsync(new GetCustomerRequest { Code = "N9502" })).Customer;
        var limits = new List<string>();
        foreach (var limit in (string[])["1.000000000000000000000000000001", "1.001", "1000000000000", "+1"])
        {
            var fields = customer.Fields.Clone();
            fields.CreditLimit = new DecimalValue { Value = limit };
            limits.Add(await Expect.Status(StatusCode.InvalidArgument,
                () => customers.UpdateCustomerAsync(new UpdateCustomerRequest { Id = customer.Id, Fields = fields, Version = customer.Version }).ResponseAsync));
        }

        Assert.Contains("significant digits", thirtyDecimals);
        Assert.Contains("more decimals than CNY has", threeDecimals);
        Assert.Contains("is not a decimal number", plus);
        Assert.Contains("is not a decimal number", bareDot);
        Assert.Equal("12.50", trailingZeros.Entry.Amount.Value);
        Assert.Equal(
            [true, true, true, true],
            [limits[0].Contains("significant digits"), limits[1].Contains("more than 2 decimals"), limits[2].Contains("±900,000,000,000"), limits[3].Contains("is not a decimal number")]);
        Assert.Null(customer.Fields.CreditLimit);
        Assert.Null((await customers.GetCustomerAsync(new GetCustomerRequest { Code = "N9502" })).Customer.Fields.CreditLimit);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Dates_outside_the_accounting_range_are_refused_at_posting_runs_and_periods(string provider)
    {
        var server = await servers.For(provider);
        await CustomerAsync(server, "N9503", paymentTerms: 30);
        var recon = server.Reconciliation(server.AdminKey);
        var farFuture = new Date { Year = 9999, Month = 12, Day = 31 };
        var (statement, _) = await ImportClient.UploadAsync(server.Imports(server.AdminKey), new ImportHeader
        {
            AdapterId = "template",
            FileName = "n9503-statement.csv",
            Options = { ["kind"] = "statement", ["convention"] = "counterparty-ledger" },
            Target = new ImportTarget { StatementName = "N9503 对账单", StatementKind = StatementKind.CustomerStatement, CustomerCode = "N9503" },
        }, Csv("日期,借方,贷方,摘要,单据号", "2024-04-03,,1000.00,购货,INV-1"));

        var invoice = await RefusedAsync(server, Posting("N9503", "FAR-1", "100.00", farFuture));
        var past = await RefusedAsync(server, Posting("N9503", "FAR-2", "100.00", new Date { Year = 1899, Month = 12, Day = 31 }));
        var dueDate = Posting("N9503", "FAR-3", "100.00");
        dueDate.DueDate = farFuture;
        var due = await RefusedAsync(server, dueDate);
        using var run = recon.StartRun(new StartRunRequest
        {
            CustomerCode = "N9503", StartDate = new Date { Year = 1, Month = 1, Day = 1 }, EndDate = farFuture, StatementIds = { statement.StatementId },
        });
        var runStatus = await Expect.Status(StatusCode.InvalidArgument, () => run.ResponseStream.MoveNext());
        var locked = await Expect.Status(StatusCode.InvalidArgument, () => recon.LockPeriodAsync(new LockPeriodRequest
        {
            CustomerCode = "N9503", StartDate = new Date { Year = 2024, Month = 1, Day = 1 }, EndDate = farFuture, Reason = "年末",
        }).ResponseAsync);
        var confirmed = await Expect.Status(StatusCode.InvalidArgument, () => recon.ConfirmPeriodAsync(new ConfirmPeriodRequest
        {
            CustomerCode = "N9503", StartDate = new Date { Year = 1, Month = 1, Day = 1 }, EndDate = new Date { Year = 2024, Month = 4, Day = 30 },
            ConfirmedBy = "王芳",
        }).ResponseAsync);

        Assert.All([invoice, past, due, runStatus, locked, confirmed], message => Assert.Contains("1900-01-01 to 2999-12-31", message));
        Assert.Empty(await server.LedgerEntriesAsync("N9503"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_import_rejects_the_rows_a_posting_refuses_each_with_its_line(string provider)
    {
        var server = await servers.For(provider);
        await CustomerAsync(server, "N9504", paymentTerms: 30);
        var imports = server.Imports(server.AdminKey);

        var (summary, _) = await ImportClient.UploadAsync(imports, new ImportHeader { AdapterId = "template", FileName = "n9504.csv", Options = { ["kind"] = "ledger" } }, Csv(
            "客户编码,日期,单据类型,单据号,金额",
            "N9504,2024-04-02,销售发票,OK-1,100.00",
            "N9504,2024-04-03,销售发票,BIG-1,1000000000000.00",
            "N9504,2024-04-04,销售发票,ZERO-1,0.00",
            "N9504,9999-12-31,销售发票,FAR-1,100.00",
            "N9504,2024-04-05,收款,OK-2,-50.00"));
        var errors = (await imports.ListImportErrorsAsync(new ListImportErrorsRequest { BatchId = summary.Id })).Errors;
        var zeroPosted = await RefusedAsync(server, Posting("N9504", "ZERO-2", "0.00"));

        Assert.Equal((5, 2, 3), (summary.RowsRead, summary.Imported, summary.Rejected));
        Assert.Equal([(3, "amount"), (4, "amount"), (5, "date")], errors.Select(e => (e.Line, e.Field)));
        Assert.Contains("±900,000,000,000", errors[0].Message);
        Assert.Equal(zeroPosted, errors[1].Message);
        Assert.Contains("1900-01-01 to 2999-12-31", errors[2].Message);
        Assert.Equal(["OK-1", "OK-2"], (await server.LedgerEntriesAsync("N9504")).Select(e => e.DocumentNumber).Order());
    }

    [Fact]
    public void The_engine_takes_the_same_range_as_every_entry_point() =>
        Assert.Equal(Domain.Amounts.MaxAbs, Matching.ReconItem.MaxAbsAmount);
}
