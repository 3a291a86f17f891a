using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Grpc.Core;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests;

/// <summary>
/// The reconciliation report (对账报告) through a real server, read back and checked against figures worked out by hand.
/// 南京紫金山机电有限公司 (C7101, category 7101 under 71):
/// February: INV-0 700.00 and its receipt RC-0 700.00, both on their statement: two exact matches.
/// March, ours: INV-1 1,000.00, INV-2 500.00, RC-1 received 1,000.00, INV-3 300.00 → our balance 800.00.
/// March, theirs (in our convention): INV-1 1,000.00, INV-2 495.00, RC-1 −1,000.00, INV-9 200.00 → 695.00.
/// INV-1 and RC-1 match exactly; INV-2 is a proposal (5.00 apart), which 测试会计 王芳 confirms ("少付5元"); March is then
/// run again, carrying the confirmation. INV-3 is ours alone (我方有对方无) and INV-9 theirs alone (对方有我方无).
/// Matched: 3, debits 1,500.00 (INV-1, INV-2), credits 1,000.00 (RC-1). 余额调节表: 800.00 + 200.00 (INV-9) − 5.00
/// (accepted difference) = 995.00 = 695.00 + 300.00 (INV-3); nothing unexplained. The customer confirms March.
/// The year adds February's run: 5 matched, debits 2,200.00, credits 1,700.00; it closes on March's table.
/// C7103 (category 7101) has one exact match in March; C7102 (category 7102, also under 71) has no run.
/// </summary>
public sealed class ReconciliationReportTests(ServerPool servers) : IClassFixture<ServerPool>
{
    private const string Customer = "C7101";
    private const string CustomerName = "南京紫金山机电有限公司";
    private static readonly Date Feb1 = new() { Year = 2026, Month = 2, Day = 1 };
    private static readonly Date Feb28 = new() { Year = 2026, Month = 2, Day = 28 };
    private static readonly Date March1 = new() { Year = 2026, Month = 3, Day = 1 };
    private static readonly Date March31 = new() { Year = 2026, Month = 3, Day = 31 };

    private static readonly Dictionary<TestServer, Task<Seeded>> SeededServers = [];

    private sealed record Seeded(long FebruaryRun, long FirstMarchRun, long MarchRun, int ConfirmedMatch);

    private static byte[] Csv(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");

    private static Task<Seeded> SeedAsync(TestServer server)
    {
        lock (SeededServers)
        {
            if (!SeededServers.TryGetValue(server, out var seeding))
            {
                SeededServers[server] = seeding = SeedOnceAsync(server);
            }

            return seeding;
        }
    }

    private static async Task<Seeded> SeedOnceAsync(TestServer server)
    {
        var categories = server.Categories(server.AdminKey);
        await categories.CreateCategoryAsync(new CreateCategoryRequest { Code = "71", Name = "华东机电" });
        await categories.CreateCategoryAsync(new CreateCategoryRequest { Code = "7101", Name = "南京" });
        await categories.CreateCategoryAsync(new CreateCategoryRequest { Code = "7102", Name = "无锡" });
        foreach (var (code, name, category) in new[] { (Customer, CustomerName, "7101"), ("C7102", "无锡太湖五金有限公司", "7102"), ("C7103", "南京江宁电器有限公司", "7101") })
        {
            await server.Customers(server.AdminKey).CreateCustomerAsync(new CreateCustomerRequest
            {
                Fields = new CustomerFields { Code = code, Name = name, CategoryCode = category, PaymentTermsDays = 30 },
            });
        }

        await ImportClient.UploadAsync(server.Imports(server.AdminKey),
            new ImportHeader { AdapterId = "template", FileName = "ledger-71.csv", Options = { ["kind"] = "ledger" } },
            Csv("客户编码,客户名称,日期,单据类型,单据号,金额,摘要",
                "C7101,,2026-02-10,销售发票,INV-0,700.00,二月发货",
                "C7101,,2026-02-20,收款,RC-0,700.00,二月回款",
                "C7101,,2026-03-02,销售发票,INV-1,1000.00,电机",
                "C7101,,2026-03-05,销售发票,INV-2,500.00,配件",
                "C7101,,2026-03-15,收款,RC-1,1000.00,收到货款",
                "C7101,,2026-03-20,销售发票,INV-3,300.00,月末发货",
                "C7102,,2026-03-10,销售发票,INV-Y,100.00,五金",
                "C7103,,2026-03-08,销售发票,INV-X,2000.00,电器"));
        var february = await StatementAsync(server, Customer, "C7101 2026-02", "2026-02-11,,700.00,购货,INV-0", "2026-02-21,700.00,,付款,RC-0");
        var march = await StatementAsync(server, Customer, "C7101 2026-03",
            "2026-03-03,,1000.00,购货,INV-1", "2026-03-06,,495.00,购货,INV-2", "2026-03-16,1000.00,,付款,RC-1", "2026-03-25,,200.00,购货,INV-9");
        var other = await StatementAsync(server, "C7103", "C7103 2026-03", "2026-03-09,,2000.00,购货,INV-X");

        var recon = server.Reconciliation(server.AdminKey);
        var (februaryRun, _) = await RunAsync(server, Customer, Feb1, Feb28, february);
        var (firstMarch, matches) = await RunAsync(server, Customer, March1, March31, march);
        var proposal = matches.Single(m => m.Status == MatchStatus.Proposed);
        await recon.ConfirmMatchAsync(new ConfirmMatchRequest { RunId = firstMarch, MatchSequence = proposal.Sequence, Note = "少付5元" });
        var (marchRun, _) = await RunAsync(server, Customer, March1, March31, march);
        await RunAsync(server, "C7103", March1, March31, other);
        await recon.ConfirmPeriodAsync(new ConfirmPeriodRequest
        {
            CustomerCode = Customer, StartDate = March1, EndDate = March31, ConfirmedBy = "李娜 客户财务部", ConfirmedBalance = new DecimalValue { Value = "695.00" },
        });
        return new Seeded(februaryRun, firstMarch, marchRun, proposal.Sequence);
    }

    private static async Task<long> StatementAsync(TestServer server, string customer, string name, params string[] lines)
    {
        var (statement, _) = await ImportClient.UploadAsync(server.Imports(server.AdminKey), new ImportHeader
        {
            AdapterId = "template", FileName = name + ".csv", Options = { ["kind"] = "statement", ["convention"] = "counterparty-ledger" },
            Target = new ImportTarget { StatementName = name, StatementKind = StatementKind.CustomerStatement, CustomerCode = customer },
        }, Csv(["日期,借方,贷方,摘要,单据号", .. lines]));
        return statement.StatementId;
    }

    private static async Task<(long RunId, List<Match> Matches)> RunAsync(TestServer server, string customer, Date start, Date end, long statement)
    {
        using var call = server.Reconciliation(server.AdminKey).StartRun(new StartRunRequest { CustomerCode = customer, StartDate = start, EndDate = end, StatementIds = { statement } });
        var events = await call.ResponseStream.ReadAllAsync().Select(r => r.Event).ToListAsync();
        Assert.Equal(RunStatus.Completed, events[^1].Finished.Status);
        return (events[^1].Finished.Id, events.Where(e => e.EventCase == RunEvent.EventOneofCase.Matches).SelectMany(e => e.Matches.Matches).ToList());
    }

    internal static async Task<(ReconciliationReportSummary Summary, byte[] Bytes)> ExportAsync(TestServer server, ExportReconciliationReportRequest request, string? key = null)
    {
        using var call = new ReportService.ReportServiceClient(server.Invoker(key ?? server.AdminKey)).ExportReconciliationReport(request);
        ReconciliationReportSummary? summary = null;
        using var bytes = new MemoryStream();
        await foreach (var part in call.ResponseStream.ReadAllAsync())
        {
            if (part.PartCase == ExportReconciliationReportResponse.PartOneofCase.Summary)
            {
                Assert.Null(summary);
                summary = part.Summary;
            }
            else
            {
                Assert.NotNull(summary);
                Assert.InRange(part.Chunk.Length, 1, 64 * 1024);
                part.Chunk.WriteTo(bytes);
            }
        }

        return (summary ?? throw new InvalidOperationException("no summary"), bytes.ToArray());
    }

    private static ExportReconciliationReportRequest March(ReportFormat format, string customer = Customer) =>
        new() { CustomerCode = customer, Year = 2026, Month = 3, Format = format };

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_months_report_sums_the_latest_run_its_open_exceptions_by_reason_its_balance_reconciliation_and_who_decided_what(string provider)
    {
        var server = await servers.For(provider);
        var seeded = await SeedAsync(server);

        var (summary, bytes) = await ExportAsync(server, March(ReportFormat.Xlsx));
        using var book = new Book(bytes);

        Assert.Equal("对账报告_C7101_2026-03.xlsx", summary.File.FileName);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", summary.File.MediaType);
        Assert.Equal(March1, summary.StartDate);
        Assert.Equal(March31, summary.EndDate);
        var row = Assert.Single(summary.Customers);
        Assert.Equal((Customer, CustomerName, "7101", 1, 3), (row.CustomerCode, row.CustomerName, row.CategoryCode, row.Runs, row.ManualActions));
        var cny = Assert.Single(row.Currencies);
        Assert.Equal(("CNY", 3, "1500.00", "1000.00", 0, 2), (cny.Currency, cny.MatchedCount, cny.MatchedDebit.Value, cny.MatchedCredit.Value, cny.ProposedCount, cny.OpenExceptions));
        Assert.Equal(("800.00", "695.00", "0.00"), (cny.OurBalance.Value, cny.TheirBalance.Value, cny.Unexplained.Value));

        Assert.Equal(["汇总", "对账任务", "差异原因", "余额调节表", "手工操作"], book.SheetNames);
        Assert.Equal(
        [
            [Customer, CustomerName, "7101", "CNY", "1", "3", "1500", "1000", "0", "2", "800", "695", "0", "已平", "3"],
        ], book.Rows("汇总").Where(r => r[0].StartsWith('C')));
        Assert.Equal("#,##0.00", book.FormatOf("汇总", "G6"));
        Assert.Equal(
        [
            [Customer, CustomerName, Id(seeded.MarchRun), Day(2026, 3, 1), Day(2026, 3, 31)],
        ], book.Rows("对账任务").Select(r => r[..5]));
        Assert.Equal(["CNY", "3", "1500", "1000", "0", "1", "0", "0"], book.Rows("对账任务")[0][7..]);
        Assert.Equal(
        [
            [Customer, CustomerName, Id(seeded.MarchRun), "我方有对方无 Missing on their side", "CNY", "1", "300", "0", "0"],
            [Customer, CustomerName, Id(seeded.MarchRun), "对方有我方无 Missing on our side", "CNY", "0", "0", "1", "200"],
        ], book.Rows("差异原因"));
        Assert.Equal(
        [
            ["我方账面余额 Our balance", "", "800"],
            ["加：对方有我方无 Missing on our side（借方项）", "1", "200"],
            ["加：已接受匹配差额 Accepted match differences", "", "-5"],
            ["调整后我方余额 Adjusted ours", "", "995"],
            ["对方账面余额 Their balance", "", "695"],
            ["加：我方有对方无 Missing on their side（借方项）", "1", "300"],
            ["调整后对方余额 Adjusted theirs", "", "995"],
            ["未解释差额 Unexplained difference", "", "0"],
        ], book.Rows("余额调节表").Select(r => r[5..]));
        Assert.Equal("#,##0.00", book.FormatOf("余额调节表", "H6"));
        var actions = book.Rows("手工操作");
        Assert.Equal(
        [
            ["确认匹配 Confirm", ServerPerson, $"任务 {seeded.FirstMarchRun} 匹配 {seeded.ConfirmedMatch}", "少付5元"],
            ["沿用前次确认 Confirmation carried", "", $"任务 {seeded.MarchRun}", "1 proposal(s) confirmed as in earlier runs"],
        ], actions.Take(2).Select(r => new[] { r[3], r[4], r[6], r[7] }));
        Assert.Equal(["期间确认 Period confirmed", "李娜 客户财务部", "2026-03-01 至 2026-03-31"], new[] { actions[2][3], actions[2][4], actions[2][6] });
        Assert.Contains("确认余额 695.00", actions[2][7]);
        Assert.Equal("yyyy-mm-dd hh:mm", book.FormatOf("手工操作", "C6"));
        Assert.All(book.SheetNames, name => Assert.Equal(5, (int)book.Sheet(name).Descendants<Pane>().Single().VerticalSplit!.Value));
        Assert.Contains(book.Sheet("汇总").Descendants<Column>(), c => c.Min!.Value == 2 && c.Width!.Value == 28);
    }

    [Fact]
    public async Task A_years_report_adds_every_month_run_and_closes_on_the_table_of_the_run_that_ends_last()
    {
        var server = await servers.For(TestDatabases.Sqlite);
        var seeded = await SeedAsync(server);

        var (summary, bytes) = await ExportAsync(server, new ExportReconciliationReportRequest { CustomerCode = Customer, Year = 2026, Format = ReportFormat.Xlsx });
        using var book = new Book(bytes);

        Assert.Equal("对账报告_C7101_2026.xlsx", summary.File.FileName);
        Assert.Equal(new Date { Year = 2026, Month = 1, Day = 1 }, summary.StartDate);
        Assert.Equal(new Date { Year = 2026, Month = 12, Day = 31 }, summary.EndDate);
        var row = Assert.Single(summary.Customers);
        Assert.Equal(2, row.Runs);
        var cny = Assert.Single(row.Currencies);
        Assert.Equal((5, "2200.00", "1700.00", 2), (cny.MatchedCount, cny.MatchedDebit.Value, cny.MatchedCredit.Value, cny.OpenExceptions));
        Assert.Equal(("800.00", "695.00", "0.00"), (cny.OurBalance.Value, cny.TheirBalance.Value, cny.Unexplained.Value));
        Assert.Equal([Id(seeded.FebruaryRun), Id(seeded.MarchRun)], book.Rows("对账任务").Select(r => r[2]));
        Assert.Equal(["2", "700", "700"], book.Rows("对账任务")[0][8..11]);
        // February's table has no adjustments: our balance, adjusted, theirs, adjusted, unexplained; March's has eight lines.
        Assert.Equal(13, book.Rows("余额调节表").Count);
    }

    [Fact]
    public async Task A_categorys_report_holds_each_customer_of_it_and_its_subcategories_with_a_run_and_counts_those_without()
    {
        var server = await servers.For(TestDatabases.Sqlite);
        await SeedAsync(server);

        var (summary, bytes) = await ExportAsync(server, new ExportReconciliationReportRequest { CategoryCode = "71", Year = 2026, Month = 3, Format = ReportFormat.Xlsx });
        using var book = new Book(bytes);

        Assert.Equal("对账报告_71_2026-03.xlsx", summary.File.FileName);
        Assert.Equal([Customer, "C7103"], summary.Customers.Select(c => c.CustomerCode));
        Assert.Equal(1, summary.CustomersWithoutRun);
        var other = summary.Customers[1].Currencies.Single();
        Assert.Equal((1, "2000.00", "0.00", 0, "0.00"), (other.MatchedCount, other.MatchedDebit.Value, other.MatchedCredit.Value, other.OpenExceptions, other.Unexplained.Value));
        Assert.Equal([Customer, "C7103"], book.Rows("汇总").Where(r => r[0].StartsWith('C')).Select(r => r[0]));
        Assert.Contains(book.Rows("汇总"), r => r[0] == "无对账任务的客户（未列出）" && r[1] == "1");
        Assert.Contains("分类 71 华东机电（含下级分类）", book.Text("汇总", "B2"));
    }

    [Fact]
    public async Task A_pdf_report_reads_in_chinese_with_the_summary_the_balance_reconciliation_and_the_manual_actions()
    {
        var server = await servers.For(TestDatabases.Sqlite);
        await SeedAsync(server);
        var viewer = await server.CreateKeyAsync(Role.Viewer);

        var (summary, bytes) = await ExportAsync(server, new ExportReconciliationReportRequest { CategoryCode = "71", Year = 2026, Month = 3, Format = ReportFormat.Pdf }, viewer);

        Assert.Equal("对账报告_71_2026-03.pdf", summary.File.FileName);
        Assert.Equal("application/pdf", summary.File.MediaType);
        Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);
        if (!PdfTools.Available(nameof(A_pdf_report_reads_in_chinese_with_the_summary_the_balance_reconciliation_and_the_manual_actions)))
        {
            return;
        }

        var text = PdfTools.Text(bytes);
        Assert.Contains("对账报告", text);
        Assert.Contains("2026年3月", text);
        Assert.Contains(CustomerName, text);
        Assert.Contains("南京江宁电器有限公司", text);
        Assert.Contains("1,500.00", text);
        Assert.Contains("余额调节表", text);
        Assert.Contains("995.00", text);
        Assert.Contains("我方有对方无", text);
        Assert.Contains("对方有我方无", text);
        Assert.Contains("少付5元", text);
        Assert.Contains(ServerPerson, text);
        Assert.Contains("李娜 客户财务部", text);
        Assert.Contains("另有 1 个客户本期无对账任务", text);
        Assert.Contains("共 3 页", text);
        var pages = PdfTools.Render(bytes, Path.Combine(Path.GetTempPath(), "recon-reconciliation-report-test"));
        Assert.Equal(3, pages.Count);
        Assert.All(pages, page => Assert.True(page.DarkShare > 0.005, $"{page.Path} is blank ({page.DarkShare:P3} dark)"));
    }

    [Fact]
    public async Task A_request_without_a_clear_scope_period_or_format_or_with_nothing_to_report_is_refused_with_what_to_do()
    {
        var server = await servers.For(TestDatabases.Sqlite);
        await SeedAsync(server);
        try
        {
            await server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = "72", Name = "空分类" });
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
        {
            // Made by an earlier run of this test on the shared server.
        }

        var neither = await Expect.Status(StatusCode.InvalidArgument, () => ExportAsync(server, new ExportReconciliationReportRequest { Year = 2026, Month = 3, Format = ReportFormat.Pdf }));
        var both = await Expect.Status(StatusCode.InvalidArgument, () => ExportAsync(server, new ExportReconciliationReportRequest
        {
            CustomerCode = Customer, CategoryCode = "71", Year = 2026, Month = 3, Format = ReportFormat.Pdf,
        }));
        var month = await Expect.Status(StatusCode.InvalidArgument, () => ExportAsync(server, new ExportReconciliationReportRequest
        {
            CustomerCode = Customer, Year = 2026, Month = 13, Format = ReportFormat.Xlsx,
        }));
        var year = await Expect.Status(StatusCode.InvalidArgument, () => ExportAsync(server, new ExportReconciliationReportRequest { CustomerCode = Customer, Format = ReportFormat.Xlsx }));
        var csv = await Expect.Status(StatusCode.InvalidArgument, () => ExportAsync(server, March(ReportFormat.Csv)));
        var noFormat = await Expect.Status(StatusCode.InvalidArgument, () => ExportAsync(server, March(ReportFormat.Unspecified)));
        var unknown = await Expect.Status(StatusCode.NotFound, () => ExportAsync(server, March(ReportFormat.Xlsx, "NO-SUCH")));
        var unknownCategory = await Expect.Status(StatusCode.NotFound, () => ExportAsync(server, new ExportReconciliationReportRequest
        {
            CategoryCode = "7999", Year = 2026, Month = 3, Format = ReportFormat.Xlsx,
        }));
        var withoutRun = await Expect.Status(StatusCode.FailedPrecondition, () => ExportAsync(server, March(ReportFormat.Xlsx, "C7102")));
        var emptyCategory = await Expect.Status(StatusCode.FailedPrecondition, () => ExportAsync(server, new ExportReconciliationReportRequest
        {
            CategoryCode = "72", Year = 2026, Month = 3, Format = ReportFormat.Xlsx,
        }));
        var april = await Expect.Status(StatusCode.FailedPrecondition, () => ExportAsync(server, new ExportReconciliationReportRequest
        {
            CustomerCode = Customer, Year = 2026, Month = 4, Format = ReportFormat.Xlsx,
        }));

        Assert.Contains("customer_code", neither);
        Assert.Contains("not both", both);
        Assert.Contains("1 to 12", month);
        Assert.Contains("such as 2026", year);
        Assert.Contains("xlsx or pdf", csv);
        Assert.Contains("xlsx or pdf", noFormat);
        Assert.Contains("NO-SUCH", unknown);
        Assert.Contains("7999", unknownCategory);
        Assert.Contains("C7102", withoutRun);
        Assert.Contains("recon run start", withoutRun);
        Assert.Contains("category '72'", emptyCategory);
        Assert.Contains("2026-04", april);
    }

    private const string ServerPerson = TestServer.Person;

    private static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Day(int year, int month, int day) =>
        (new DateOnly(year, month, day).DayNumber - new DateOnly(1899, 12, 30).DayNumber).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A workbook read back with the OpenXML SDK: each sheet's cells as text, by row, below its table's header (row 5).</summary>
    private sealed class Book : IDisposable
    {
        private readonly SpreadsheetDocument _document;

        public Book(byte[] bytes) => _document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);

        public List<string> SheetNames => [.. _document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value!)];

        public Worksheet Sheet(string name)
        {
            var sheet = _document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == name);
            return ((WorksheetPart)_document.WorkbookPart.GetPartById(sheet.Id!)).Worksheet;
        }

        public string Text(string sheet, string reference) =>
            Sheet(sheet).Descendants<Cell>().Single(c => c.CellReference == reference) is var cell ? CellText(cell) : "";

        /// <summary>The rows below the header, each as its cells' text from column A to its last cell (blank where there is none).</summary>
        public List<string[]> Rows(string sheet) =>
        [
            .. Sheet(sheet).Descendants<Row>().Where(r => r.RowIndex!.Value > 5).Select(r =>
            {
                var cells = r.Elements<Cell>().ToDictionary(c => Column(c.CellReference!.Value!), CellText);
                return Enumerable.Range(0, cells.Count == 0 ? 0 : cells.Keys.Max() + 1).Select(i => cells.GetValueOrDefault(i, "")).ToArray();
            }),
        ];

        public string? FormatOf(string sheet, string reference)
        {
            var styles = _document.WorkbookPart!.WorkbookStylesPart!.Stylesheet;
            var formats = styles.NumberingFormats!.Elements<NumberingFormat>().ToDictionary(f => f.NumberFormatId!.Value, f => f.FormatCode!.Value);
            var cellFormats = styles.CellFormats!.Elements<CellFormat>().ToList();
            var cell = Sheet(sheet).Descendants<Cell>().Single(c => c.CellReference == reference);
            return formats.GetValueOrDefault(cellFormats[(int)(cell.StyleIndex?.Value ?? 0)].NumberFormatId!.Value);
        }

        private static string CellText(Cell cell) => cell.InlineString?.InnerText ?? cell.CellValue?.Text ?? "";

        private static int Column(string reference)
        {
            var column = 0;
            foreach (var c in reference.TakeWhile(char.IsAsciiLetter))
            {
                column = (column * 26) + (c - 'A' + 1);
            }

            return column - 1;
        }

        public void Dispose() => _document.Dispose();
    }
}
