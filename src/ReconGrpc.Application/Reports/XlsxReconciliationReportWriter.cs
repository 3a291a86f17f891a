using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Styles = ReconGrpc.Application.Reports.XlsxStatementWriter.Styles;

namespace ReconGrpc.Application.Reports;

/// <summary>
/// The reconciliation report as an Excel workbook: a summary sheet first (one row per customer and currency), then one
/// sheet each for the runs, the exceptions by reason, the 余额调节表 and the manual actions, every row naming its
/// customer so each sheet filters and sorts on its own. Amounts are numbers shown as #,##0.00, dates and times real
/// ones, each table's header frozen and printed on every page, columns sized.
/// </summary>
public sealed class XlsxReconciliationReportWriter : IReconciliationReportWriter
{
    /// <summary>A date with its time (yyyy-mm-dd hh:mm), after the statement's styles.</summary>
    private const uint DateTimeStyle = 8;

    private const int TableRow = 5;

    public string Extension => ".xlsx";

    public string MediaType => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public Task WriteAsync(ReconciliationReport report, string? fontFamily, Stream output, CancellationToken cancellationToken)
    {
        using var document = SpreadsheetDocument.Create(output, DocumentFormat.OpenXml.SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        var styles = workbook.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = Stylesheet();

        var sheets = new List<(WorksheetPart Part, string Name)>();
        WorksheetPart Sheet(string name)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var part = workbook.AddNewPart<WorksheetPart>();
            sheets.Add((part, name));
            return part;
        }

        WriteSummary(Sheet("汇总"), report);
        WriteRuns(Sheet("对账任务"), report);
        WriteExceptions(Sheet("差异原因"), report);
        WriteBalances(Sheet("余额调节表"), report);
        WriteActions(Sheet("手工操作"), report);

        var list = new Sheets();
        var definedNames = new DefinedNames();
        for (var i = 0; i < sheets.Count; i++)
        {
            list.Append(new Sheet { Id = workbook.GetIdOfPart(sheets[i].Part), SheetId = (uint)(i + 1), Name = sheets[i].Name });
            definedNames.Append(new DefinedName($"'{sheets[i].Name}'!${TableRow}:${TableRow}") { Name = "_xlnm.Print_Titles", LocalSheetId = (uint)i });
        }

        workbook.Workbook = new Workbook(list, definedNames);
        return Task.CompletedTask;
    }

    private static XlsxStatementWriter.SheetWriter Open(WorksheetPart part, ReconciliationReport report, string subtitle, double[] widths, IReadOnlyList<string> headers,
        ISet<int> amountColumns)
    {
        var sheet = new XlsxStatementWriter.SheetWriter(part, widths, TableRow, null);
        var title = string.IsNullOrEmpty(report.CompanyName) ? ReconciliationReportText.Title : $"{report.CompanyName} {ReconciliationReportText.Title}";
        sheet.Row(1, [($"{title} — {subtitle}", Styles.Title)]);
        sheet.Row(2, [("范围", Styles.Bold), (report.Scope, Styles.Text)]);
        sheet.Row(3, [("期间", Styles.Bold), ($"{report.PeriodLabel}（{ReconciliationReportText.Dates(report.StartDate, report.EndDate)}）", Styles.Text)]);
        sheet.StartRow(TableRow);
        for (var c = 0; c < headers.Count; c++)
        {
            sheet.Text(c, headers[c], amountColumns.Contains(c) ? Styles.HeaderMoney : Styles.Header);
        }

        sheet.EndRow();
        return sheet;
    }

    private static void WriteSummary(WorksheetPart part, ReconciliationReport report)
    {
        var headers = ReconciliationReportText.SummaryHeaders;
        using var sheet = Open(part, report, "汇总", [12, 28, 8, 7, 9, 11, 16, 16, 8, 8, 16, 16, 16, 8, 9], headers, new HashSet<int>([4, 5, 6, 7, 8, 9, 10, 11, 12, 14]));
        var row = TableRow;
        foreach (var customer in report.Customers)
        {
            var currencies = customer.Currencies();
            foreach (var c in currencies.DefaultIfEmpty())
            {
                sheet.StartRow(++row);
                sheet.Text(0, customer.Code, Styles.Text);
                sheet.Text(1, customer.Name, Styles.Text);
                sheet.Text(2, customer.CategoryCode, Styles.Text);
                sheet.Number(4, customer.Runs.Count, Styles.Text);
                if (c is not null)
                {
                    sheet.Text(3, c.Currency, Styles.Text);
                    sheet.Number(5, c.MatchedCount, Styles.Text);
                    sheet.Number(6, c.MatchedDebit, Styles.Money);
                    sheet.Number(7, c.MatchedCredit, Styles.Money);
                    sheet.Number(8, c.ProposedCount, Styles.Text);
                    sheet.Number(9, c.OpenExceptions, Styles.Text);
                    if (c.Unexplained is { } unexplained)
                    {
                        sheet.Number(10, c.OurBalance!.Value, Styles.Money);
                        sheet.Number(11, c.TheirBalance!.Value, Styles.Money);
                        sheet.Number(12, unexplained, Styles.Money);
                        sheet.Text(13, ReconciliationReportText.Status(unexplained), Styles.Text);
                    }
                }

                sheet.Number(14, customer.Actions.Count, Styles.Text);
                sheet.EndRow();
            }
        }

        row++;
        sheet.Row(++row, [("客户数", Styles.Bold)], (1, report.Customers.Count, Styles.Bold));
        if (report.CustomersWithoutRun > 0)
        {
            sheet.Row(++row, [("无对账任务的客户（未列出）", Styles.Bold)], (1, report.CustomersWithoutRun, Styles.Bold));
        }

        sheet.StartRow(++row);
        sheet.Text(0, "生成时间 (UTC)", Styles.Bold);
        sheet.Time(1, report.GeneratedAt.UtcDateTime, DateTimeStyle);
        sheet.EndRow();
    }

    private static void WriteRuns(WorksheetPart part, ReconciliationReport report)
    {
        string[] headers = ["客户编码", "客户名称", "对账任务", "开始日期", "结束日期", "完成时间 (UTC)", "规则集", "币种", "已匹配笔数", "已匹配借方", "已匹配贷方", "待确认", "已确认", "手工匹配", "未解释差额"];
        using var sheet = Open(part, report, "对账任务", [12, 28, 9, 12, 12, 17, 16, 7, 11, 16, 16, 8, 8, 9, 16], headers, new HashSet<int>([8, 9, 10, 11, 12, 13, 14]));
        var row = TableRow;
        foreach (var customer in report.Customers)
        {
            foreach (var run in customer.Runs)
            {
                var currencies = run.Matched.Select(m => m.Currency).Concat(run.Balances.Select(b => b.Currency)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                foreach (var currency in currencies.DefaultIfEmpty())
                {
                    sheet.StartRow(++row);
                    sheet.Text(0, customer.Code, Styles.Text);
                    sheet.Text(1, customer.Name, Styles.Text);
                    sheet.Number(2, run.Id, Styles.Text);
                    sheet.Date(3, run.StartDate);
                    sheet.Date(4, run.EndDate);
                    if (run.CompletedAt is { } completed)
                    {
                        sheet.Time(5, completed.UtcDateTime, DateTimeStyle);
                    }

                    sheet.Text(6, run.RuleSet, Styles.Text);
                    if (currency is not null)
                    {
                        sheet.Text(7, currency, Styles.Text);
                        var m = run.Matched.FirstOrDefault(x => x.Currency == currency) ?? new MatchedFigures(currency, 0, 0m, 0m, 0, 0, 0);
                        sheet.Number(8, m.Count, Styles.Text);
                        sheet.Number(9, m.Debit, Styles.Money);
                        sheet.Number(10, m.Credit, Styles.Money);
                        sheet.Number(11, m.Proposed, Styles.Text);
                        sheet.Number(12, m.Confirmed, Styles.Text);
                        sheet.Number(13, m.Manual, Styles.Text);
                        if (run.Balances.FirstOrDefault(b => b.Currency == currency) is { } balance)
                        {
                            sheet.Number(14, balance.Unexplained, Styles.Money);
                        }
                    }

                    sheet.EndRow();
                }
            }
        }
    }

    private static void WriteExceptions(WorksheetPart part, ReconciliationReport report)
    {
        string[] headers = ["客户编码", "客户名称", .. ReconciliationReportText.ReasonHeaders];
        using var sheet = Open(part, report, "差异原因（未达项）", [12, 28, 9, 34, 7, 10, 16, 10, 16], headers, new HashSet<int>([5, 6, 7, 8]));
        var row = TableRow;
        foreach (var customer in report.Customers)
        {
            foreach (var run in customer.Runs)
            {
                foreach (var e in run.Exceptions)
                {
                    sheet.StartRow(++row);
                    sheet.Text(0, customer.Code, Styles.Text);
                    sheet.Text(1, customer.Name, Styles.Text);
                    sheet.Number(2, run.Id, Styles.Text);
                    sheet.Text(3, ReconciliationReportText.ReasonLabel(e.Reason), Styles.Text);
                    sheet.Text(4, e.Currency, Styles.Text);
                    sheet.Number(5, e.OurItems, Styles.Text);
                    sheet.Number(6, e.OurAmount, Styles.Money);
                    sheet.Number(7, e.TheirItems, Styles.Text);
                    sheet.Number(8, e.TheirAmount, Styles.Money);
                    sheet.EndRow();
                }
            }
        }
    }

    private static void WriteBalances(WorksheetPart part, ReconciliationReport report)
    {
        string[] headers = ["客户编码", "客户名称", "对账任务", "截止日期", "币种", "项目", "笔数", "金额"];
        using var sheet = Open(part, report, "余额调节表", [12, 28, 9, 12, 7, 46, 8, 18], headers, new HashSet<int>([6, 7]));
        var row = TableRow;
        foreach (var customer in report.Customers)
        {
            foreach (var run in customer.Runs)
            {
                foreach (var balance in run.Balances)
                {
                    foreach (var (label, count, amount, total) in ReconciliationReportText.BalanceLines(balance))
                    {
                        sheet.StartRow(++row);
                        sheet.Text(0, customer.Code, Styles.Text);
                        sheet.Text(1, customer.Name, Styles.Text);
                        sheet.Number(2, run.Id, Styles.Text);
                        sheet.Date(3, run.EndDate);
                        sheet.Text(4, balance.Currency, Styles.Text);
                        sheet.Text(5, label, total ? Styles.Bold : Styles.Text);
                        if (count is { } n)
                        {
                            sheet.Number(6, n, Styles.Text);
                        }

                        sheet.Number(7, amount, total ? Styles.BoldMoney : Styles.Money);
                        sheet.EndRow();
                    }
                }
            }
        }
    }

    private static void WriteActions(WorksheetPart part, ReconciliationReport report)
    {
        string[] headers = ["客户编码", "客户名称", "时间 (UTC)", "操作 Action", "操作人 Who", "API 密钥", "对象", "说明"];
        using var sheet = Open(part, report, "手工操作", [12, 28, 17, 26, 18, 14, 24, 40], headers, new HashSet<int>());
        var row = TableRow;
        foreach (var customer in report.Customers)
        {
            foreach (var action in customer.Actions)
            {
                sheet.StartRow(++row);
                sheet.Text(0, customer.Code, Styles.Text);
                sheet.Text(1, customer.Name, Styles.Text);
                sheet.Time(2, action.Time.UtcDateTime, DateTimeStyle);
                sheet.Text(3, ReconciliationReportText.ActionLabel(action.Kind), Styles.Text);
                sheet.Text(4, action.Person ?? "", Styles.Text);
                sheet.Text(5, action.Key, Styles.Text);
                sheet.Text(6, action.Subject, Styles.Text);
                sheet.Text(7, action.Note ?? "", Styles.Text);
                sheet.EndRow();
            }
        }
    }

    /// <summary>The statement's styles (the sheet writer's indexes), and a date with its time after them.</summary>
    private static Stylesheet Stylesheet()
    {
        var stylesheet = XlsxStatementWriter.Stylesheet();
        stylesheet.NumberingFormats!.Append(new NumberingFormat { NumberFormatId = 166, FormatCode = "yyyy-mm-dd hh:mm" });
        stylesheet.NumberingFormats.Count = 3;
        stylesheet.CellFormats!.Append(new CellFormat { NumberFormatId = 166, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true });
        stylesheet.CellFormats.Count = DateTimeStyle + 1;
        return stylesheet;
    }
}
