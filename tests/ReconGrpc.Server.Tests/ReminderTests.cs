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
/// Reminders (催款函) through a real server, read back in each format. The ledger of 杭州西湖机电有限公司 (R7101, 30
/// days' terms): INV-0110 1,000.00 (due 02-09); INV-0210 3,000.00 (due 03-12); RC-0220 received 1,500.00, which
/// settles INV-0110 and 500.00 of INV-0210; INV-0305 5,000.00 (due 04-04); INV-0325 1,234.56 (due 04-24).
/// On 2026-04-10: INV-0210 2,500.00 is 29 days overdue, INV-0305 5,000.00 6 days; INV-0325 is not yet due.
/// Overdue 7,500.00 of a balance of 8,734.56.
/// </summary>
public sealed class ReminderTests(ServerPool servers) : IClassFixture<ServerPool>
{
    private const string Customer = "R7101";
    private const string CustomerName = "杭州西湖机电有限公司";
    private static readonly Date April10 = new() { Year = 2026, Month = 4, Day = 10 };
    private static readonly HashSet<TestServer> Seeded = [];

    private static async Task SeedAsync(TestServer server, string code, string name, params string[] ledgerRows)
    {
        await server.Customers(server.AdminKey).CreateCustomerAsync(new CreateCustomerRequest
        {
            Fields = new CustomerFields
            {
                Code = code, Name = name, CategoryCode = "71", PaymentTermsDays = 30, Address = "杭州市西湖区文三路90号", Contact = "陈静", Phone = "0571-88886666",
            },
        });
        await ImportClient.UploadAsync(server.Imports(server.AdminKey),
            new ImportHeader { AdapterId = "template", FileName = $"ledger-{code}.csv", Options = { ["kind"] = "ledger" } },
            Encoding.UTF8.GetBytes(string.Join("\n", ["客户编码,客户名称,日期,单据类型,单据号,金额,摘要", .. ledgerRows.Select(r => $"{code},,{r}")]) + "\n"));
    }

    private static async Task<TestServer> ServerAsync(ServerPool pool)
    {
        var server = await pool.For(TestDatabases.Sqlite);
        lock (Seeded)
        {
            if (!Seeded.Add(server))
            {
                return server;
            }
        }

        await server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = "71", Name = "浙江客户" });
        await SeedAsync(server, Customer, CustomerName,
            "2026-01-10,销售发票,INV-0110,1000.00,电机",
            "2026-02-10,销售发票,INV-0210,3000.00,电机",
            "2026-02-20,收款,RC-0220,1500.00,收到货款",
            "2026-03-05,销售发票,INV-0305,5000.00,三月发货",
            "2026-03-25,销售发票,INV-0325,1234.56,月末发货");
        // Nothing overdue on 04-10: due 05-01.
        await SeedAsync(server, "R7102", "宁波港城物流有限公司", "2026-04-01,销售发票,INV-0401,800.00,运费");
        // Paid in full.
        await SeedAsync(server, "R7103", "温州瓯江五金有限公司", "2026-01-05,销售发票,INV-0105,600.00,五金", "2026-02-01,收款,RC-0201,600.00,收款");
        return server;
    }

    private static ExportStatementOfAccountRequest Reminder(ReportFormat format, string customer = Customer) =>
        new() { CustomerCode = customer, Reminder = true, AsOfDate = April10, Format = format };

    [Fact]
    public async Task A_csv_reminder_lists_only_the_overdue_items_with_their_days_and_total_and_asks_politely_for_payment()
    {
        var server = await ServerAsync(servers);

        var (file, bytes) = await StatementOfAccountTests.ExportAsync(server, Reminder(ReportFormat.Csv));
        var rows = StatementOfAccountTests.CsvRows(bytes);
        var audit = await server.Audit(server.AdminKey).ListAuditEntriesAsync(new ListAuditEntriesRequest { PageSize = 1000 });

        Assert.Equal("催款函_R7101_2026-04-10.csv", file.FileName);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.Equal(["催款函"], rows[0]);
        Assert.Equal(["客户名称", CustomerName], rows.Single(r => r[0] == "客户名称"));
        Assert.Equal(["截至日期", "2026-04-10"], rows.Single(r => r[0] == "截至日期"));
        var header = rows.FindIndex(r => r.SequenceEqual(["单据号", "单据类型", "单据日期", "到期日", "逾期天数", "未付金额"]));
        Assert.True(header > 0);
        Assert.Equal(
        [
            ["INV-0210", "销售发票", "2026-02-10", "2026-03-12", "29", "2500.00"],
            ["INV-0305", "销售发票", "2026-03-05", "2026-04-04", "6", "5000.00"],
            ["逾期合计", "", "", "", "", "7500.00"],
        ], rows.Skip(header + 1).Take(3));
        Assert.Contains(rows, r => r[0] == "截至 2026年4月10日，贵公司尚有下列款项已超过约定付款期限，逾期未付金额合计 ¥7,500.00，明细如下：");
        Assert.Contains(rows, r => r[0].StartsWith("烦请贵公司核对上述款项", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.Contains("INV-0325") || r.Contains("INV-0110"));
        var sent = audit.Entries.Last(e => e.Action == "reminder.sent");
        Assert.Equal(("customer", Customer), (sent.EntityType, sent.EntityId));
        Assert.Contains("7500", sent.AfterJson);
        Assert.Contains("催款函_R7101_2026-04-10.csv", sent.AfterJson);
    }

    [Fact]
    public async Task An_xlsx_reminder_holds_the_overdue_items_as_numbers_and_dates_under_a_frozen_header()
    {
        var server = await ServerAsync(servers);

        var (file, bytes) = await StatementOfAccountTests.ExportAsync(server, Reminder(ReportFormat.Xlsx));

        Assert.Equal("催款函_R7101_2026-04-10.xlsx", file.FileName);
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var workbook = document.WorkbookPart!;
        var sheets = workbook.Workbook.Sheets!.Elements<Sheet>().ToList();
        Assert.Equal(["催款函"], sheets.Select(s => s.Name!.Value));
        var sheet = ((WorksheetPart)workbook.GetPartById(sheets[0].Id!)).Worksheet;
        Assert.Equal(8, sheet.Descendants<Pane>().Single().VerticalSplit!.Value);
        var cells = sheet.Descendants<Cell>().ToDictionary(c => c.CellReference!.Value!);
        string Text(string reference) => cells.TryGetValue(reference, out var cell) ? cell.InlineString?.InnerText ?? cell.CellValue?.Text ?? "" : "";
        static string Serial(int year, int month, int day) =>
            (new DateOnly(year, month, day).DayNumber - new DateOnly(1899, 12, 30).DayNumber).ToString(CultureInfo.InvariantCulture);

        Assert.Equal("催款函", Text("A1"));
        Assert.Equal($"{CustomerName}（R7101）", Text("B2"));
        Assert.Equal(["单据号", "单据类型", "单据日期", "到期日", "逾期天数", "未付金额"], new[] { "A8", "B8", "C8", "D8", "E8", "F8" }.Select(Text));
        Assert.Equal(["INV-0210", "销售发票", Serial(2026, 2, 10), Serial(2026, 3, 12), "29", "2500"], new[] { "A9", "B9", "C9", "D9", "E9", "F9" }.Select(Text));
        Assert.Equal(["INV-0305", "销售发票", Serial(2026, 3, 5), Serial(2026, 4, 4), "6", "5000"], new[] { "A10", "B10", "C10", "D10", "E10", "F10" }.Select(Text));
        Assert.Equal(["逾期合计", "7500"], new[] { "A11", "F11" }.Select(Text));
        Assert.Contains(cells.Values, c => c.InlineString?.InnerText == "感谢贵公司一直以来的支持与合作！");
    }

    [Fact]
    public async Task A_pdf_reminder_embeds_its_chinese_text_and_renders()
    {
        var server = await ServerAsync(servers);

        var (file, bytes) = await StatementOfAccountTests.ExportAsync(server, Reminder(ReportFormat.Pdf));

        Assert.Equal("催款函_R7101_2026-04-10.pdf", file.FileName);
        Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);
        if (!PdfTools.Available(nameof(A_pdf_reminder_embeds_its_chinese_text_and_renders)))
        {
            return;
        }

        var text = PdfTools.Text(bytes);
        Assert.Contains("催 款 函", text);
        Assert.Contains(CustomerName, text);
        Assert.Contains("INV-0210", text);
        Assert.Contains("2,500.00", text);
        Assert.Contains("INV-0305", text);
        Assert.Contains("5,000.00", text);
        Assert.Contains("逾期合计", text);
        Assert.Contains("7,500.00", text);
        Assert.Contains("2026年4月10日", text);
        Assert.DoesNotContain("INV-0325", text);
        Assert.DoesNotContain("询证函", text);
        var pages = PdfTools.Render(bytes, Path.Combine(Path.GetTempPath(), "recon-reminder-test"));
        var page = Assert.Single(pages);
        Assert.True(page.DarkShare > 0.005, $"{page.Path} is blank ({page.DarkShare:P3} dark)");
    }

    [Fact]
    public async Task A_category_gets_a_reminder_for_each_customer_with_something_overdue_only()
    {
        var server = await ServerAsync(servers);

        var (file, bytes) = await StatementOfAccountTests.ExportAsync(server, new ExportStatementOfAccountRequest
        {
            CategoryCode = "71", Reminder = true, AsOfDate = April10, Format = ReportFormat.Csv,
        });

        Assert.Equal("催款函_71_2026-04-10.zip", file.FileName);
        Assert.Equal(1, file.StatementCount);
        using var zip = new ZipArchive(new MemoryStream(bytes));
        Assert.Equal(["催款函_R7101_2026-04-10.csv"], zip.Entries.Select(e => e.FullName));
    }

    [Fact]
    public async Task A_customer_with_nothing_overdue_gets_no_reminder_and_is_told_why()
    {
        var server = await ServerAsync(servers);

        var notYetDue = await Expect.Status(StatusCode.FailedPrecondition, () => StatementOfAccountTests.ExportAsync(server, Reminder(ReportFormat.Pdf, "R7102")));
        var paid = await Expect.Status(StatusCode.FailedPrecondition, () => StatementOfAccountTests.ExportAsync(server, Reminder(ReportFormat.Csv, "R7103")));
        var withPeriod = await Expect.Status(StatusCode.InvalidArgument, () => StatementOfAccountTests.ExportAsync(server, new ExportStatementOfAccountRequest
        {
            CustomerCode = Customer, Reminder = true, AsOfDate = April10, StartDate = April10, EndDate = April10, Format = ReportFormat.Csv,
        }));
        var undated = await Expect.Status(StatusCode.InvalidArgument, () => StatementOfAccountTests.ExportAsync(server, new ExportStatementOfAccountRequest
        {
            CustomerCode = Customer, Reminder = true, Format = ReportFormat.Csv,
        }));

        Assert.Equal("Customer 'R7102' has nothing overdue on 2026-04-10: there is no reminder to send.", notYetDue);
        Assert.Contains("R7103", paid);
        Assert.Contains("start_date", withPeriod);
        Assert.Contains("as_of_date", undated);
    }
}
