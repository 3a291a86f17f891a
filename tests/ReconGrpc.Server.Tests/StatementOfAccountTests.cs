using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Grpc.Core;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests;

/// <summary>
/// Statements of account (对账单) through a real server, read back in each format and checked against figures worked
/// out by hand. The ledger of 上海浦江贸易有限公司 (S6101, 30 days' terms), March 2026:
/// 期初余额 2,500.00 on 2026-01-01 restates everything before it (INV-1201 999.00 of December no longer counts);
/// INV-0110 1,000.00; INV-0210 3,000.00; RC-0220 received 500.00 → opening balance on 1 March 6,000.00.
/// March: INV-0305 5,000.00 → 11,000.00; RT-0312 return 200.00 → 10,800.00; RC-0318 1,000.00 → 9,800.00;
/// INV-0325 1,234.56 → 11,034.56. Debits 6,234.56, credits 1,200.00, closing 11,034.56.
/// First in, first out the 1,700.00 of credits settle the opening balance's oldest 2,500.00 down to 800.00, so open at
/// 31 March: 期初余额 800.00 (due 01-31, 59 days overdue), INV-0110 1,000.00 (due 02-09, 50), INV-0210 3,000.00 (due
/// 03-12, 19), INV-0305 5,000.00 (due 04-04, 0), INV-0325 1,234.56 (due 04-24, 0). Aging: 0–30 9,234.56, 31–60 1,800.00.
/// </summary>
public sealed class StatementOfAccountTests(ServerPool servers) : IClassFixture<ServerPool>
{
    private const string Customer = "S6101";
    private const string CustomerName = "上海浦江贸易有限公司";
    private static readonly Date March1 = new() { Year = 2026, Month = 3, Day = 1 };
    private static readonly Date March31 = new() { Year = 2026, Month = 3, Day = 31 };

    private static byte[] Csv(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");

    private static async Task SeedAsync(TestServer server, string category, string code, string name, params string[] ledgerRows)
    {
        try
        {
            await server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = category, Name = "华东客户" + category });
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
        {
            // Shared by the tests of this class.
        }

        await server.Customers(server.AdminKey).CreateCustomerAsync(new CreateCustomerRequest
        {
            Fields = new CustomerFields
            {
                Code = code, Name = name, CategoryCode = category, PaymentTermsDays = 30,
                Address = "上海市浦东新区世纪大道100号", Contact = "李明", Phone = "021-55551234",
            },
        });
        if (ledgerRows.Length > 0)
        {
            await ImportClient.UploadAsync(server.Imports(server.AdminKey),
                new ImportHeader { AdapterId = "template", FileName = $"ledger-{code}.csv", Options = { ["kind"] = "ledger" } },
                Csv(["客户编码,客户名称,日期,单据类型,单据号,金额,摘要", .. ledgerRows.Select(r => $"{code},,{r}")]));
        }
    }

    private static readonly string[] PujiangLedger =
    [
        "2025-12-01,销售发票,INV-1201,999.00,旧账",
        "2026-01-01,期初余额,OB-2026,2500.00,年初结转",
        "2026-01-10,销售发票,INV-0110,1000.00,钢材",
        "2026-02-10,销售发票,INV-0210,3000.00,钢材",
        "2026-02-20,收款,RC-0220,500.00,收到货款",
        "2026-03-05,销售发票,INV-0305,5000.00,三月发货",
        "2026-03-12,退货,RT-0312,200.00,质量退货",
        "2026-03-18,收款,RC-0318,1000.00,收到货款",
        "2026-03-25,销售发票,INV-0325,1234.56,月末发货",
    ];

    private static async Task<TestServer> PujiangAsync(ServerPool pool, string provider)
    {
        var server = await pool.For(provider);
        lock (Seeded)
        {
            if (!Seeded.Add(server))
            {
                return server;
            }
        }

        await SeedAsync(server, "61", Customer, CustomerName, PujiangLedger);
        return server;
    }

    private static readonly HashSet<TestServer> Seeded = [];

    internal static async Task<(ReportFile File, byte[] Bytes)> ExportAsync(TestServer server, ExportStatementOfAccountRequest request, string? key = null)
    {
        using var call = new ReportService.ReportServiceClient(server.Invoker(key ?? server.AdminKey)).ExportStatementOfAccount(request);
        ReportFile? file = null;
        using var bytes = new MemoryStream();
        await foreach (var part in call.ResponseStream.ReadAllAsync())
        {
            if (part.PartCase == ExportStatementOfAccountResponse.PartOneofCase.File)
            {
                Assert.Null(file);
                file = part.File;
            }
            else
            {
                Assert.NotNull(file);
                Assert.InRange(part.Chunk.Length, 1, 64 * 1024);
                part.Chunk.WriteTo(bytes);
            }
        }

        return (file ?? throw new InvalidOperationException("no file description"), bytes.ToArray());
    }

    private static ExportStatementOfAccountRequest March(ReportFormat format, string customer = Customer) =>
        new() { CustomerCode = customer, StartDate = March1, EndDate = March31, Format = format };

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_csv_statement_carries_the_opening_balance_every_movement_with_its_running_balance_the_open_items_and_the_confirmation(string provider)
    {
        var server = await PujiangAsync(servers, provider);

        var request = March(ReportFormat.Csv);
        request.IncludeAging = true;
        var (file, bytes) = await ExportAsync(server, request);
        var rows = CsvRows(bytes);
        var audit = await server.Audit(server.AdminKey).ListAuditEntriesAsync(new ListAuditEntriesRequest { PageSize = 1000 });

        Assert.Equal("对账单_S6101_2026-03.csv", file.FileName);
        Assert.Equal("text/csv", file.MediaType);
        Assert.Equal(1, file.StatementCount);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.Equal(["客户名称", CustomerName], rows.Single(r => r[0] == "客户名称"));
        Assert.Equal(["地址", "上海市浦东新区世纪大道100号"], rows.Single(r => r[0] == "地址"));
        Assert.Equal(["联系人", "李明"], rows.Single(r => r[0] == "联系人"));
        Assert.Equal(["电话", "021-55551234"], rows.Single(r => r[0] == "电话"));
        Assert.Equal(["期初余额", "6000.00"], rows.Single(r => r[0] == "期初余额"));
        var header = rows.FindIndex(r => r.SequenceEqual(["日期", "单据类型", "单据号", "摘要", "借方", "贷方", "余额"]));
        Assert.True(header > 0);
        Assert.Equal(
        [
            ["2026-03-05", "销售发票", "INV-0305", "三月发货", "5000.00", "", "11000.00"],
            ["2026-03-12", "退货", "RT-0312", "质量退货", "", "200.00", "10800.00"],
            ["2026-03-18", "收款", "RC-0318", "收到货款", "", "1000.00", "9800.00"],
            ["2026-03-25", "销售发票", "INV-0325", "月末发货", "1234.56", "", "11034.56"],
        ], rows.Skip(header + 1).Take(4).Select(r => r.ToArray()).ToArray());
        Assert.Equal(["本期借方合计", "6234.56"], rows[header + 5]);
        Assert.Equal(["本期贷方合计", "1200.00"], rows[header + 6]);
        Assert.Equal(["期末余额", "11034.56"], rows[header + 7]);
        var open = rows.FindIndex(r => r.SequenceEqual(["日期", "单据类型", "单据号", "摘要", "原始金额", "未结金额", "到期日", "逾期天数"]));
        Assert.Equal(
        [
            ["2026-01-01", "期初余额", "OB-2026", "年初结转", "2500.00", "800.00", "2026-01-31", "59"],
            ["2026-01-10", "销售发票", "INV-0110", "钢材", "1000.00", "1000.00", "2026-02-09", "50"],
            ["2026-02-10", "销售发票", "INV-0210", "钢材", "3000.00", "3000.00", "2026-03-12", "19"],
            ["2026-03-05", "销售发票", "INV-0305", "三月发货", "5000.00", "5000.00", "2026-04-04", "0"],
            ["2026-03-25", "销售发票", "INV-0325", "月末发货", "1234.56", "1234.56", "2026-04-24", "0"],
        ], rows.Skip(open + 1).Take(5).Select(r => r.ToArray()).ToArray());
        // Not yet due: INV-0305 and INV-0325; 19 days past due: INV-0210; 50 and 59 days: INV-0110 and what is left of the opening balance.
        Assert.Equal(["6234.56", "3000.00", "1800.00", "0.00", "0.00", "0.00", "0.00", "11034.56"], rows[rows.FindIndex(r => r[0] == "未到期") + 1]);
        Assert.Contains(rows, r => r[0] == "本公司与贵公司截至 2026年3月31日 的往来余额为 ¥11,034.56（贵公司应付本公司）。");
        Assert.Contains(rows, r => r[0] == "□ 余额相符");
        Assert.Contains(rows, r => r[0] == "□ 余额不符，差异如下：");
        Assert.DoesNotContain(rows, r => r.Contains("本期对账结果"));
        // The export counts as the statement sent, which the month-end board shows.
        var recorded = audit.Entries.Last(e => e.Action == "statement.sent");
        Assert.Equal("statement_sending", recorded.EntityType);
        Assert.Contains($"\"customerCode\":\"{Customer}\"", recorded.AfterJson);
        Assert.Contains("\"format\":\"csv\"", recorded.AfterJson);
        Assert.Contains("2026-03-31", recorded.AfterJson);
    }

    [Fact]
    public async Task An_xlsx_statement_holds_real_numbers_formatted_with_thousands_and_two_decimals_under_a_frozen_header()
    {
        var server = await PujiangAsync(servers, TestDatabases.Sqlite);

        var (file, bytes) = await ExportAsync(server, March(ReportFormat.Xlsx));

        Assert.Equal("对账单_S6101_2026-03.xlsx", file.FileName);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file.MediaType);
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var workbook = document.WorkbookPart!;
        var sheets = workbook.Workbook.Sheets!.Elements<Sheet>().ToList();
        Assert.Equal(["对账单", "未结项目"], sheets.Select(s => s.Name!.Value));
        var sheet = ((WorksheetPart)workbook.GetPartById(sheets[0].Id!)).Worksheet;
        var pane = sheet.Descendants<Pane>().Single();
        Assert.Equal(PaneStateValues.Frozen, pane.State!.Value);
        Assert.Equal(8, pane.VerticalSplit!.Value);
        Assert.Contains(sheet.Descendants<Column>(), c => c.Min!.Value == 4 && c.Width!.Value == 36);
        var styles = workbook.WorkbookStylesPart!.Stylesheet;
        var formats = styles.NumberingFormats!.Elements<NumberingFormat>().ToDictionary(f => f.NumberFormatId!.Value, f => f.FormatCode!.Value);
        var cellFormats = styles.CellFormats!.Elements<CellFormat>().ToList();
        string? FormatOf(Cell cell) => formats.GetValueOrDefault(cellFormats[(int)(cell.StyleIndex?.Value ?? 0)].NumberFormatId!.Value);
        var cells = sheet.Descendants<Cell>().ToDictionary(c => c.CellReference!.Value!);
        string Text(string reference) => cells[reference].InlineString?.InnerText ?? cells[reference].CellValue?.Text ?? "";

        Assert.Equal($"{CustomerName}（S6101）", Text("B2"));
        Assert.Equal(["日期", "单据类型", "单据号", "摘要", "借方", "贷方", "余额"], new[] { "A8", "B8", "C8", "D8", "E8", "F8", "G8" }.Select(Text));
        Assert.Equal("6000", Text("G7"));
        Assert.Equal("#,##0.00", FormatOf(cells["G7"]));
        Assert.Equal("销售发票", Text("B9"));
        Assert.Equal((new DateOnly(2026, 3, 5).DayNumber - new DateOnly(1899, 12, 30).DayNumber).ToString(CultureInfo.InvariantCulture), Text("A9"));
        Assert.Equal("yyyy-mm-dd", FormatOf(cells["A9"]));
        Assert.Equal("5000", Text("E9"));
        Assert.Equal("#,##0.00", FormatOf(cells["E9"]));
        Assert.Equal("11000", Text("G9"));
        Assert.Equal("200", Text("F10"));
        Assert.Equal("1234.56", Text("E12"));
        Assert.Equal("11034.56", Text("G12"));
        Assert.Equal("本期合计", Text("A14"));
        Assert.Equal("6234.56", Text("E14"));
        Assert.Equal("1200", Text("F14"));
        Assert.Equal("11034.56", Text("G15"));
        Assert.Equal("#,##0.00", FormatOf(cells["G15"]));
        Assert.Contains(cells.Values, c => c.InlineString?.InnerText == "本公司与贵公司截至 2026年3月31日 的往来余额为 ¥11,034.56（贵公司应付本公司）。");
        var open = ((WorksheetPart)workbook.GetPartById(sheets[1].Id!)).Worksheet;
        var openCells = open.Descendants<Cell>().ToDictionary(c => c.CellReference!.Value!);
        Assert.Equal("800", openCells["F9"].CellValue!.Text);
        Assert.Equal("59", openCells["H9"].CellValue!.Text);
        Assert.Equal("11034.56", openCells["F14"].CellValue!.Text);
        Assert.Equal(PaneStateValues.Frozen, open.Descendants<Pane>().Single().State!.Value);
    }

    [Fact]
    public async Task Open_items_only_leaves_the_movements_out_and_the_aging_sorts_what_is_open_by_days_past_due()
    {
        var server = await PujiangAsync(servers, TestDatabases.Sqlite);
        var request = March(ReportFormat.Csv);
        request.OpenItemsOnly = true;
        request.IncludeAging = true;

        var rows = CsvRows((await ExportAsync(server, request)).Bytes);

        Assert.DoesNotContain(rows, r => r.SequenceEqual(["日期", "单据类型", "单据号", "摘要", "借方", "贷方", "余额"]));
        Assert.DoesNotContain(rows, r => r[0] == "2026-03-12");
        Assert.Equal(["期末余额", "11034.56"], rows.Single(r => r[0] == "期末余额"));
        Assert.Equal(5, rows.Count(r => r.Count == 8 && r[6].StartsWith("2026-", StringComparison.Ordinal)));
        Assert.Equal(["未到期", "0–30天", "31–60天", "61–90天", "91–180天", "180天以上", "未核销贷项", "合计"], rows[rows.FindIndex(r => r[0] == "未到期")]);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_statements_aging_is_the_aging_reports_for_the_customer_at_the_periods_end(string provider)
    {
        var server = await PujiangAsync(servers, provider);
        var request = March(ReportFormat.Csv);
        request.IncludeAging = true;

        var rows = CsvRows((await ExportAsync(server, request)).Bytes);
        var report = await server.Receivables(server.AdminKey).GetAgingReportAsync(new GetAgingReportRequest { AsOfDate = March31, CustomerCode = Customer });

        var row = report.Rows.Single();
        string[] expected = [row.NotDue.Value, .. row.Buckets.Select(b => b.Amount.Value), Negated(row.UnappliedCredit.Value), row.Balance.Value];
        Assert.Equal(expected.Select(Cents), rows[rows.FindIndex(r => r[0] == "未到期") + 1]);
    }

    private static string Negated(string amount) => (-decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Cents(string amount) => decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_pdf_statement_embeds_its_chinese_text_and_every_page_renders()
    {
        var server = await PujiangAsync(servers, TestDatabases.Sqlite);
        var request = March(ReportFormat.Pdf);
        request.IncludeAging = true;

        var (file, bytes) = await ExportAsync(server, request);

        Assert.Equal("对账单_S6101_2026-03.pdf", file.FileName);
        Assert.Equal("application/pdf", file.MediaType);
        Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);
        if (!PdfTools.Available("A_pdf_statement_embeds_its_chinese_text_and_every_page_renders"))
        {
            return;
        }

        var text = PdfTools.Text(bytes);
        Assert.Contains(CustomerName, text);
        Assert.Contains("往来余额询证函", text);
        Assert.Contains("11,034.56", text);
        Assert.Contains("6,000.00", text);
        Assert.Contains("6,234.56", text);
        Assert.Contains("INV-0305", text);
        Assert.Contains("质量退货", text);
        Assert.Contains("余额相符", text);
        Assert.Contains("第 1 页", text);
        var pages = PdfTools.Render(bytes, Path.Combine(Path.GetTempPath(), "recon-statement-test"));
        Assert.NotEmpty(pages);
        Assert.All(pages, page => Assert.True(page.DarkShare > 0.005, $"{page.Path} is blank ({page.DarkShare:P3} dark)"));
    }

    [Fact]
    public async Task The_periods_reconciliation_appears_once_a_run_for_exactly_that_customer_and_period_completed()
    {
        var server = await servers.For(TestDatabases.Sqlite);
        await SeedAsync(server, "61", "S6102", "苏州金鸡湖电子有限公司",
            "2026-03-03,销售发票,INV-A1,1000.00,货款",
            "2026-03-09,销售发票,INV-A2,2000.00,货款",
            "2026-03-20,收款,RC-A1,1000.00,收款");
        var (statement, _) = await ImportClient.UploadAsync(server.Imports(server.AdminKey), new ImportHeader
        {
            AdapterId = "template", FileName = "S6102-2026-03.csv", Options = { ["kind"] = "statement", ["convention"] = "counterparty-ledger" },
            Target = new ImportTarget { StatementName = "S6102 2026-03", StatementKind = StatementKind.CustomerStatement, CustomerCode = "S6102" },
        }, Csv("日期,借方,贷方,摘要,单据号", "2026-03-04,,1000.00,购货,INV-A1", "2026-03-21,1000.00,,付款,RC-A1", "2026-03-28,,50.00,运费,FR-9"));
        var before = CsvRows((await ExportAsync(server, March(ReportFormat.Csv, "S6102"))).Bytes);
        using (var call = server.Reconciliation(server.AdminKey).StartRun(new StartRunRequest
               {
                   CustomerCode = "S6102", StartDate = March1, EndDate = March31, StatementIds = { statement.StatementId },
               }))
        {
            await foreach (var _ in call.ResponseStream.ReadAllAsync())
            {
            }
        }

        var run = (await server.Reconciliation(server.AdminKey).ListRunsAsync(new ListRunsRequest { CustomerCode = "S6102" })).Runs.Single();
        var after = CsvRows((await ExportAsync(server, March(ReportFormat.Csv, "S6102"))).Bytes);
        var april = CsvRows((await ExportAsync(server, new ExportStatementOfAccountRequest
        {
            CustomerCode = "S6102", StartDate = March1, EndDate = new Date { Year = 2026, Month = 4, Day = 30 }, Format = ReportFormat.Csv,
        })).Bytes);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.DoesNotContain(before, r => r[0] == "本期对账结果");
        Assert.Contains(after, r => r[0] == "本期对账结果");
        Assert.Equal(["对账任务", run.Id.ToString(CultureInfo.InvariantCulture)], after.Single(r => r[0] == "对账任务"));
        Assert.Equal(["已匹配笔数", "2"], after.Single(r => r[0] == "已匹配笔数"));
        Assert.Equal(["差异项笔数", "2"], after.Single(r => r[0] == "差异项笔数"));
        Assert.Equal(["未解释差额", "0.00"], after.Single(r => r[0] == "未解释差额"));
        Assert.DoesNotContain(april, r => r[0] == "本期对账结果");
    }

    [Fact]
    public async Task A_category_exports_one_statement_per_customer_with_a_balance_or_movements_in_one_zip()
    {
        var server = await servers.For(TestDatabases.Sqlite);
        await SeedAsync(server, "62", "S6201", "杭州西湖茶业有限公司", "2026-02-15,销售发票,INV-B1,800.00,茶叶");
        await SeedAsync(server, "62", "S6202", "宁波港口物流有限公司", "2026-03-10,销售发票,INV-B2,1500.00,运费", "2026-03-20,收款,RC-B2,1500.00,收款");
        await SeedAsync(server, "62", "S6203", "温州鞋业有限公司");

        var (file, bytes) = await ExportAsync(server, new ExportStatementOfAccountRequest
        {
            CategoryCode = "62", StartDate = March1, EndDate = March31, Format = ReportFormat.Csv,
        });
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        var first = CsvRows(ReadEntry(zip.GetEntry("对账单_S6201_2026-03.csv")!));
        var second = CsvRows(ReadEntry(zip.GetEntry("对账单_S6202_2026-03.csv")!));
        var pdfs = await ExportAsync(server, new ExportStatementOfAccountRequest
        {
            CategoryCode = "62", StartDate = March1, EndDate = March31, Format = ReportFormat.Pdf,
        });
        using var pdfZip = new ZipArchive(new MemoryStream(pdfs.Bytes), ZipArchiveMode.Read);

        Assert.Equal("对账单_62_2026-03.zip", file.FileName);
        Assert.Equal("application/zip", file.MediaType);
        Assert.Equal(2, file.StatementCount);
        Assert.Equal(["对账单_S6201_2026-03.csv", "对账单_S6202_2026-03.csv"], zip.Entries.Select(e => e.FullName));
        Assert.Equal(["期初余额", "800.00"], first.Single(r => r[0] == "期初余额"));
        Assert.Equal(["期末余额", "800.00"], first.Single(r => r[0] == "期末余额"));
        Assert.Equal(["期末余额", "0.00"], second.Single(r => r[0] == "期末余额"));
        Assert.Equal(2, pdfs.File.StatementCount);
        Assert.All(pdfZip.Entries, e => Assert.Equal("%PDF-"u8.ToArray(), ReadEntry(e)[..5]));
    }

    [Fact]
    public async Task A_request_without_a_clear_scope_period_or_format_is_refused_with_the_reason()
    {
        var server = await PujiangAsync(servers, TestDatabases.Sqlite);
        var viewer = await server.CreateKeyAsync(Role.Viewer);

        var neither = await Expect.Status(StatusCode.InvalidArgument, () => ExportAsync(server, new ExportStatementOfAccountRequest
        {
            StartDate = March1, EndDate = March31, Format = ReportFormat.Csv,
        }));
        var both = await Expect.Status(StatusCode.InvalidArgument, () => ExportAsync(server, new ExportStatementOfAccountRequest
        {
            CustomerCode = Customer, CategoryCode = "61", StartDate = March1, EndDate = March31, Format = ReportFormat.Csv,
        }));
        var unknown = await Expect.Status(StatusCode.NotFound, () => ExportAsync(server, March(ReportFormat.Csv, "NO-SUCH")));
        var unknownCategory = await Expect.Status(StatusCode.NotFound, () => ExportAsync(server, new ExportStatementOfAccountRequest
        {
            CategoryCode = "6999", StartDate = March1, EndDate = March31, Format = ReportFormat.Csv,
        }));
        var backwards = await Expect.Status(StatusCode.InvalidArgument, () => ExportAsync(server, new ExportStatementOfAccountRequest
        {
            CustomerCode = Customer, StartDate = March31, EndDate = March1, Format = ReportFormat.Csv,
        }));
        var noStart = await Expect.Status(StatusCode.InvalidArgument, () => ExportAsync(server, new ExportStatementOfAccountRequest
        {
            CustomerCode = Customer, EndDate = March31, Format = ReportFormat.Csv,
        }));
        var noFormat = await Expect.Status(StatusCode.InvalidArgument, () => ExportAsync(server, March(ReportFormat.Unspecified)));
        await Expect.Status(StatusCode.PermissionDenied, () => ExportAsync(server, March(ReportFormat.Csv), viewer));

        Assert.Contains("customer", neither);
        Assert.Contains("not both", both);
        Assert.Contains("NO-SUCH", unknown);
        Assert.Contains("6999", unknownCategory);
        Assert.Contains("before the start date", backwards);
        Assert.Contains("start_date", noStart);
        Assert.Contains("xlsx, pdf or csv", noFormat);
    }

    [Fact]
    public async Task The_template_sets_the_company_the_columns_and_the_footer_and_a_pdf_without_a_chinese_font_names_the_package_to_install()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite, new Dictionary<string, string?>
        {
            ["Reports:Statement:CompanyName"] = "上海示例供应链有限公司",
            ["Reports:Statement:FooterText"] = "如有疑问请致电财务部 021-60000000",
            ["Reports:Statement:Columns:0"] = "DocumentNumber",
            ["Reports:Statement:Columns:1"] = "Date",
            ["Reports:Statement:Columns:2"] = "DueDate",
            ["Reports:Statement:Columns:3"] = "Balance",
            ["Reports:FontPath"] = "/nonexistent/fonts/simhei.ttf",
        });
        await SeedAsync(server, "61", Customer, CustomerName, PujiangLedger);

        var rows = CsvRows((await ExportAsync(server, March(ReportFormat.Csv))).Bytes);
        var noFont = await Expect.Status(StatusCode.FailedPrecondition, () => ExportAsync(server, March(ReportFormat.Pdf)));

        Assert.Equal(["上海示例供应链有限公司 对账单"], rows[0]);
        var header = rows.FindIndex(r => r.SequenceEqual(["单据号", "日期", "到期日", "余额"]));
        Assert.Equal(["INV-0305", "2026-03-05", "2026-04-04", "11000.00"], rows[header + 1]);
        Assert.Equal(["RT-0312", "2026-03-12", "", "10800.00"], rows[header + 2]);
        Assert.Equal(["如有疑问请致电财务部 021-60000000"], rows[^1]);
        Assert.Contains("fonts-wqy-microhei", noFont);
        Assert.Contains("Reports:FontPath", noFont);
    }

    private static byte[] ReadEntry(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>The CSV's rows, read with a CSV reader, trailing empty fields dropped.</summary>
    internal static List<List<string>> CsvRows(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvHelper.CsvParser(reader, CultureInfo.InvariantCulture);
        var rows = new List<List<string>>();
        while (csv.Read())
        {
            var row = csv.Record!.ToList();
            while (row.Count > 1 && row[^1].Length == 0)
            {
                row.RemoveAt(row.Count - 1);
            }

            rows.Add(row);
        }

        return rows;
    }
}

/// <summary>
/// poppler's pdftotext and pdftoppm, to read a PDF as a person would. Missing tools skip the checks with a message,
/// unless RECON_REQUIRE_PDF_TOOLS is set (CI sets it), when they fail the test.
/// </summary>
internal static class PdfTools
{
    public sealed record Page(string Path, double DarkShare);

    public static bool Available(string test)
    {
        if (Exists("pdftotext") && Exists("pdftoppm"))
        {
            return true;
        }

        if (Environment.GetEnvironmentVariable("RECON_REQUIRE_PDF_TOOLS") is { Length: > 0 })
        {
            Assert.Fail("RECON_REQUIRE_PDF_TOOLS is set but pdftotext/pdftoppm are missing: apt-get install poppler-utils.");
        }

        Console.WriteLine($"{test}: PDF text and image checks skipped: pdftotext/pdftoppm not found (apt-get install poppler-utils).");
        return false;
    }

    public static string Text(byte[] pdf)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, pdf);
            return Run("pdftotext", "-layout", path, "-");
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Each page as a PNG in <paramref name="folder"/>, with the share of its pixels that are dark.</summary>
    public static List<Page> Render(byte[] pdf, string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var old in Directory.EnumerateFiles(folder, "page-*.png"))
        {
            File.Delete(old);
        }

        var path = Path.Combine(folder, "statement.pdf");
        File.WriteAllBytes(path, pdf);
        Run("pdftoppm", "-png", "-r", "60", path, Path.Combine(folder, "page"));
        return [.. Directory.EnumerateFiles(folder, "page-*.png").Order().Select(p => new Page(p, DarkShare(p)))];
    }

    /// <summary>The share of dark pixels, from a grayscale PNG (8-bit, as pdftoppm -gray writes it).</summary>
    private static double DarkShare(string png)
    {
        var bytes = Png.GrayPixels(File.ReadAllBytes(png));
        return bytes.Count(b => b < 128) / (double)Math.Max(1, bytes.Length);
    }

    private static bool Exists(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(d => File.Exists(Path.Combine(d, tool)));

    private static string Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = Encoding.UTF8 };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {error.Result}");
        return output.Result;
    }
}

/// <summary>Reads the pixels of an 8-bit grayscale PNG (what pdftoppm -gray writes): inflate the IDAT data, undo the filters.</summary>
internal static class Png
{
    /// <summary>One byte per pixel: the first channel of each (gray, or red of an RGB image; the page is black on white).</summary>
    public static byte[] GrayPixels(byte[] png)
    {
        var width = ReadInt(png, 16);
        var height = ReadInt(png, 20);
        Assert.Equal(8, png[24]);
        var channels = png[25] switch { 0 => 1, 2 => 3, 4 => 2, 6 => 4, var other => throw new InvalidOperationException($"PNG colour type {other}") };
        using var data = new MemoryStream();
        for (var at = 8; at < png.Length;)
        {
            var length = ReadInt(png, at);
            if (Encoding.ASCII.GetString(png, at + 4, 4) == "IDAT")
            {
                data.Write(png, at + 8, length);
            }

            at += 12 + length;
        }

        data.Position = 0;
        using var inflated = new MemoryStream();
        using (var z = new ZLibStream(data, CompressionMode.Decompress))
        {
            z.CopyTo(inflated);
        }

        var raw = inflated.ToArray();
        var stride = width * channels;
        var previous = new byte[stride];
        var current = new byte[stride];
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var line = raw.AsSpan((y * (stride + 1)) + 1, stride);
            for (var x = 0; x < stride; x++)
            {
                var a = x >= channels ? current[x - channels] : 0;
                var b = previous[x];
                var c = x >= channels ? previous[x - channels] : 0;
                current[x] = (byte)(line[x] + filter switch
                {
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => 0,
                });
            }

            for (var x = 0; x < width; x++)
            {
                pixels[(y * width) + x] = current[x * channels];
            }

            (previous, current) = (current, previous);
        }

        return pixels;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var (pa, pb, pc) = (Math.Abs(p - a), Math.Abs(p - b), Math.Abs(p - c));
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static int ReadInt(byte[] bytes, int at) => System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
}
