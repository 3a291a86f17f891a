using System.Text;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Data;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests;

/// <summary>The month-end board and customers' replies to statements of account, through a real server.</summary>
public sealed class MonthEndBoardTests(ServerPool servers) : IClassFixture<ServerPool>
{
    private static readonly Date March1 = new() { Year = 2025, Month = 3, Day = 1 };
    private static readonly Date March31 = new() { Year = 2025, Month = 3, Day = 31 };

    private static Date Day(int year, int month, int day) => new() { Year = year, Month = month, Day = day };

    private static DecimalValue Money(string value) => new() { Value = value };

    private static byte[] Csv(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");

    private static async Task CategoryAsync(TestServer server, string code, string name)
    {
        try
        {
            await server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = code, Name = name });
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
        {
            // Shared by the tests of this class.
        }
    }

    private static async Task CustomerAsync(TestServer server, string code, string category, params (Date Date, string Number, string Amount)[] entries)
    {
        await server.Customers(server.AdminKey).CreateCustomerAsync(new CreateCustomerRequest
        {
            Fields = new CustomerFields { Code = code, Name = "月结客户" + code, CategoryCode = category },
        });
        foreach (var (date, number, amount) in entries)
        {
            await server.Ledger(server.AdminKey).PostLedgerEntryAsync(new PostLedgerEntryRequest
            {
                CustomerCode = code, Date = date, DocumentType = amount.StartsWith('-') ? DocumentType.Receipt : DocumentType.SalesInvoice,
                DocumentNumber = number, Amount = Money(amount), Reason = "test",
            });
        }
    }

    /// <summary>Their statement of March with one line per entry of ours, and a run over it with their closing balance.</summary>
    private static async Task<Run> RunMarchAsync(TestServer server, string code, string theirClosing, params (string Date, string Number, string Amount)[] lines)
    {
        var (statement, _) = await ImportClient.UploadAsync(server.Imports(server.AdminKey), new ImportHeader
        {
            AdapterId = "template", FileName = $"statement-{code}.csv", Options = { ["kind"] = "statement", ["convention"] = "counterparty-ledger" },
            Target = new ImportTarget { StatementName = $"{code} 2025-03 对账单", StatementKind = StatementKind.CustomerStatement, CustomerCode = code },
        }, Csv(["日期,借方,贷方,摘要,单据号", .. lines.Select(l => $"{l.Date},,{l.Amount},购货,{l.Number}")]));
        using var call = server.Reconciliation(server.AdminKey).StartRun(new StartRunRequest
        {
            CustomerCode = code, StartDate = March1, EndDate = March31, StatementIds = { statement.StatementId }, TheirClosingBalance = Money(theirClosing),
        });
        Run? finished = null;
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            finished = response.Event.Finished ?? finished;
        }

        Assert.True(finished?.Status == RunStatus.Completed, finished?.ToString());
        return finished!;
    }

    private static RecordStatementReplyRequest Reply(string code, StatementReplyVerdict verdict, params (string Description, string Amount, string Document)[] differences) => new()
    {
        CustomerCode = code, StartDate = March1, EndDate = March31, Verdict = verdict, RepliedBy = "王芳 财务部",
        ReplyTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 4, 8, 10, 0, 0, TimeSpan.FromHours(8))),
        Differences = { differences.Select(d => new StatementDifference { Description = d.Description, Amount = Money(d.Amount), DocumentNumber = d.Document }) },
    };

    /// <summary>
    /// Six customers under category 81 (and one of 82): no run; a run leaving a difference, with a disagreeing reply; a
    /// reconciled run with an agreeing reply that confirms the period; a statement sent only; a locked period; and one
    /// whose March is empty (balance 0, no movement), which is not on the board.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_board_shows_each_customers_month_end_state_and_counts_them(string provider)
    {
        var server = await servers.For(provider);
        await CategoryAsync(server, "81", "月结A");
        await CategoryAsync(server, "8101", "月结A1");
        await CategoryAsync(server, "8102", "月结A2");
        await CategoryAsync(server, "82", "月结B");
        await CustomerAsync(server, "MB01", "8102", (Day(2025, 2, 10), "INV-A", "500.00"), (Day(2025, 3, 3), "INV-B", "100.00"));
        await CustomerAsync(server, "MB02", "8101", (Day(2025, 3, 5), "INV-1", "300.00"));
        await CustomerAsync(server, "MB03", "8102", (Day(2025, 3, 6), "INV-2", "200.00"));
        await CustomerAsync(server, "MB04", "8102", (Day(2025, 1, 6), "INV-3", "50.00"));
        await CustomerAsync(server, "MB05", "8102", (Day(2025, 3, 9), "INV-4", "70.00"));
        await CustomerAsync(server, "MB06", "8102", (Day(2025, 2, 1), "INV-5", "40.00"), (Day(2025, 2, 20), "RC-5", "-40.00"));
        await CustomerAsync(server, "MB07", "82", (Day(2025, 3, 1), "INV-6", "10.00"));
        var recon = server.Reconciliation(server.AdminKey);

        // MB02: their books say 350.00 where ours say 300.00 and every item matches: 50.00 unexplained.
        var differing = await RunMarchAsync(server, "MB02", "350.00", ("2025-03-05", "INV-1", "300.00"));
        var disagreed = await recon.RecordStatementReplyAsync(Reply("MB02", StatementReplyVerdict.Disagrees, ("运费未入账", "30.00", "FR-7"), ("折让", "20.00", "")));
        // MB03: reconciled, and the customer agrees: the reply confirms the period with the balance it names.
        var reconciled = await RunMarchAsync(server, "MB03", "200.00", ("2025-03-06", "INV-2", "200.00"));
        await recon.RecordStatementSentAsync(new RecordStatementSentRequest { CustomerCode = "MB03", StartDate = March1, EndDate = March31, Format = "pdf", FileName = "MB03-2025-03.pdf" });
        var agreeing = Reply("MB03", StatementReplyVerdict.Agrees);
        agreeing.Balance = Money("200.00");
        agreeing.ConfirmPeriod = true;
        agreeing.RunId = reconciled.Id;
        var agreed = await recon.RecordStatementReplyAsync(agreeing);
        await recon.RecordStatementSentAsync(new RecordStatementSentRequest { CustomerCode = "MB04", StartDate = March1, EndDate = March31, Format = "xlsx" });
        await recon.LockPeriodAsync(new LockPeriodRequest { CustomerCode = "MB05", StartDate = March1, EndDate = March31, Reason = "3月已结账" });

        var board = await recon.GetMonthEndBoardAsync(new GetMonthEndBoardRequest { StartDate = March1, EndDate = March31, CategoryCode = "81" });
        var rows = board.Rows.ToDictionary(r => r.CustomerCode);

        Assert.Equal(["MB01", "MB02", "MB03", "MB04", "MB05"], board.Rows.Select(r => r.CustomerCode));
        Assert.Equal(("600.00", "CNY"), (rows["MB01"].ClosingBalances.Single().Amount.Value, rows["MB01"].ClosingBalances.Single().Currency));
        Assert.Equal((0L, false, StatementReplyVerdict.Unspecified, false, false), (rows["MB01"].RunId, rows["MB01"].Reconciled, rows["MB01"].Reply, rows["MB01"].Confirmed, rows["MB01"].Locked));
        Assert.Null(rows["MB01"].SentTime);
        Assert.Equal((differing.Id, false), (rows["MB02"].RunId, rows["MB02"].Reconciled));
        Assert.NotEqual("0.00", rows["MB02"].Unexplained.Single().Amount.Value);
        Assert.Equal((StatementReplyVerdict.Disagrees, "50.00"), (rows["MB02"].Reply, rows["MB02"].ReplyDifferenceTotal.Value));
        Assert.NotNull(rows["MB02"].SentTime);
        Assert.Equal("reply", disagreed.Sending.Format);
        Assert.Equal((reconciled.Id, true, StatementReplyVerdict.Agrees, true, "0.00"),
            (rows["MB03"].RunId, rows["MB03"].Reconciled, rows["MB03"].Reply, rows["MB03"].Confirmed, rows["MB03"].ReplyDifferenceTotal.Value));
        Assert.Null(agreed.Sending);
        Assert.Equal(("王芳 财务部", "200.00", reconciled.Id), (agreed.Confirmation.ConfirmedBy, agreed.Confirmation.ConfirmedBalance.Value, agreed.Confirmation.RunId));
        Assert.Equal(agreed.Confirmation.Id, agreed.Reply.ConfirmationId);
        Assert.Equal(("50.00", false), (rows["MB04"].ClosingBalances.Single().Amount.Value, rows["MB04"].SentTime is null));
        Assert.True(rows["MB05"].Locked);
        Assert.Equal(new MonthEndBoardSummary { Customers = 5, Reconciled = 1, Unexplained = 1, WithoutRun = 3, Sent = 3, Agreed = 1, Disagreed = 1, Confirmed = 1, Locked = 1 },
            board.Summary);

        // Without the category, the customer of 82 is there too.
        var all = await recon.GetMonthEndBoardAsync(new GetMonthEndBoardRequest { StartDate = March1, EndDate = March31 });
        Assert.Contains(all.Rows, r => r.CustomerCode == "MB07");
        Assert.DoesNotContain(all.Rows, r => r.CustomerCode == "MB06");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_board_pages_by_customer_and_counts_every_page(string provider)
    {
        var server = await servers.For(provider);
        await CategoryAsync(server, "83", "月结分页");
        foreach (var code in new[] { "MP01", "MP02", "MP03", "MP04", "MP05" })
        {
            await CustomerAsync(server, code, "83", (Day(2025, 6, 2), "INV-" + code, "10.00"));
        }

        var recon = server.Reconciliation(server.AdminKey);
        var request = new GetMonthEndBoardRequest { StartDate = Day(2025, 6, 1), EndDate = Day(2025, 6, 30), CategoryCode = "83", PageSize = 2 };
        var seen = new List<string>();
        var pages = 0;
        do
        {
            var page = await recon.GetMonthEndBoardAsync(request);
            seen.AddRange(page.Rows.Select(r => r.CustomerCode));
            Assert.Equal(5, page.Summary.Customers);
            request.PageToken = page.NextPageToken;
            pages++;
        }
        while (request.PageToken.Length > 0);

        Assert.Equal(["MP01", "MP02", "MP03", "MP04", "MP05"], seen);
        Assert.Equal(3, pages);
        await Expect.Status(StatusCode.InvalidArgument, () => recon.GetMonthEndBoardAsync(new GetMonthEndBoardRequest
        {
            StartDate = Day(2025, 6, 30), EndDate = Day(2025, 6, 1),
        }).ResponseAsync);
        await Expect.Status(StatusCode.NotFound, () => recon.GetMonthEndBoardAsync(new GetMonthEndBoardRequest
        {
            StartDate = Day(2025, 6, 1), EndDate = Day(2025, 6, 30), CategoryCode = "8999",
        }).ResponseAsync);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_reply_that_does_not_add_up_is_refused_with_what_to_fix(string provider)
    {
        var server = await servers.For(provider);
        await CategoryAsync(server, "84", "回函");
        await CustomerAsync(server, "MR01", "84", (Day(2025, 3, 2), "INV-R", "10.00"));
        var recon = server.Reconciliation(server.AdminKey);

        var noVerdict = await Expect.Status(StatusCode.InvalidArgument, () => recon.RecordStatementReplyAsync(Reply("MR01", StatementReplyVerdict.Unspecified)).ResponseAsync);
        var noDifferences = await Expect.Status(StatusCode.InvalidArgument, () => recon.RecordStatementReplyAsync(Reply("MR01", StatementReplyVerdict.Disagrees)).ResponseAsync);
        var agreesWithDifferences = await Expect.Status(StatusCode.InvalidArgument,
            () => recon.RecordStatementReplyAsync(Reply("MR01", StatementReplyVerdict.Agrees, ("x", "1.00", ""))).ResponseAsync);
        var zero = await Expect.Status(StatusCode.InvalidArgument,
            () => recon.RecordStatementReplyAsync(Reply("MR01", StatementReplyVerdict.Disagrees, ("折让", "0", ""))).ResponseAsync);
        var noDescription = await Expect.Status(StatusCode.InvalidArgument,
            () => recon.RecordStatementReplyAsync(Reply("MR01", StatementReplyVerdict.Disagrees, (" ", "5.00", ""))).ResponseAsync);
        var confirmDisagreeing = Reply("MR01", StatementReplyVerdict.Disagrees, ("折让", "5.00", ""));
        confirmDisagreeing.ConfirmPeriod = true;
        var confirmsDisagreeing = await Expect.Status(StatusCode.InvalidArgument, () => recon.RecordStatementReplyAsync(confirmDisagreeing).ResponseAsync);
        var nobody = Reply("MR01", StatementReplyVerdict.Agrees);
        nobody.RepliedBy = "";
        var noOne = await Expect.Status(StatusCode.InvalidArgument, () => recon.RecordStatementReplyAsync(nobody).ResponseAsync);
        var badFormat = await Expect.Status(StatusCode.InvalidArgument, () => recon.RecordStatementSentAsync(new RecordStatementSentRequest
        {
            CustomerCode = "MR01", StartDate = March1, EndDate = March31, Format = "docx",
        }).ResponseAsync);
        var viewer = await server.CreateKeyAsync(Role.Viewer, "viewer");
        await Expect.Status(StatusCode.PermissionDenied, () => server.Reconciliation(viewer).RecordStatementReplyAsync(Reply("MR01", StatementReplyVerdict.Agrees)).ResponseAsync);
        var listed = await recon.ListStatementRepliesAsync(new ListStatementRepliesRequest { CustomerCode = "MR01" });

        Assert.Contains("AGREES or DISAGREES", noVerdict);
        Assert.Contains("lists the differences", noDifferences);
        Assert.Contains("record it as disagreeing", agreesWithDifferences);
        Assert.Contains("amount 0", zero);
        Assert.Contains("Difference 1's description", noDescription);
        Assert.Contains("Only an agreeing reply confirms", confirmsDisagreeing);
        Assert.Contains("Who at the customer replied", noOne);
        Assert.Contains("xlsx, pdf or csv", badFormat);
        Assert.Empty(listed.Replies);
        Assert.Empty(listed.Sendings);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Replies_and_sendings_are_listed_and_audited(string provider)
    {
        var server = await servers.For(provider);
        await CategoryAsync(server, "85", "审计");
        await CustomerAsync(server, "MA01", "85", (Day(2025, 3, 2), "INV-A1", "10.00"));
        var recon = server.Reconciliation(server.AdminKey);

        var sent = await recon.RecordStatementSentAsync(new RecordStatementSentRequest
        {
            CustomerCode = "MA01", StartDate = March1, EndDate = March31, Format = "XLSX", FileName = "MA01-2025-03.xlsx",
        });
        var reply = await recon.RecordStatementReplyAsync(Reply("MA01", StatementReplyVerdict.Disagrees, ("未达账", "-12.50", "RC-9")));
        var listed = await recon.ListStatementRepliesAsync(new ListStatementRepliesRequest { CustomerCode = "MA01" });
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<ReconDbContext>>().CreateDbContextAsync();
        var audited = await db.AuditEntries.Where(a => a.EntityType == "statement_reply" || a.EntityType == "statement_sending")
            .Select(a => new { a.Action, a.EntityId }).ToListAsync();

        Assert.Equal("xlsx", sent.Sending.Format);
        Assert.Null(reply.Sending);
        var stored = Assert.Single(listed.Replies);
        Assert.Equal(("未达账", "-12.50", "RC-9", "-12.50"),
            (stored.Differences.Single().Description, stored.Differences.Single().Amount.Value, stored.Differences.Single().DocumentNumber, stored.DifferenceTotal.Value));
        Assert.Equal(sent.Sending.Id, Assert.Single(listed.Sendings).Id);
        Assert.Contains(new { Action = "statement.sent", EntityId = sent.Sending.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, audited);
        Assert.Contains(new { Action = "statement.reply", EntityId = reply.Reply.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, audited);
    }
}
