using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ReconGrpc.Application.Reports;

/// <summary>
/// The reconciliation report as a landscape A4 PDF with its Chinese font embedded (subset): the title and a summary
/// table with one row per customer and currency first, then each customer from a new page with its runs, the
/// exceptions left open by reason, each run's 余额调节表 and the manual actions. Tables repeat their header on every
/// page; every page has a running head and "第 N 页，共 M 页".
/// </summary>
public sealed class PdfReconciliationReportWriter : IReconciliationReportWriter
{
    public string Extension => ".pdf";

    public string MediaType => "application/pdf";

    public async Task WriteAsync(ReconciliationReport report, string? fontFamily, Stream output, CancellationToken cancellationToken)
    {
        var family = fontFamily ?? throw new InvalidOperationException("A PDF needs a font family (ReportFonts.RequireFamily).");
        var document = new PdfDocument();
        document.Info.Title = $"{ReconciliationReportText.Title} {report.Scope} {report.PeriodLabel}";
        document.Info.Author = report.CompanyName;
        document.Info.Creator = "ReconGrpc";
        document.Options.CompressContentStreams = true;
        using (var canvas = new ReportCanvas(document, new PdfFonts(family), report))
        {
            canvas.Title();
            Summary(canvas, report);
            foreach (var customer in report.Customers)
            {
                cancellationToken.ThrowIfCancellationRequested();
                canvas.NewPage();
                Customer(canvas, customer);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        await Task.Run(() => document.Save(output, closeStream: false), cancellationToken);
    }

    private static void Summary(ReportCanvas canvas, ReconciliationReport report)
    {
        canvas.Heading("汇总 Summary");
        string[] headers = ["客户编码", "客户名称", "币种", "对账次数", "已匹配笔数", "已匹配借方", "已匹配贷方", "待确认", "未达项", "我方余额", "对方余额", "未解释差额", "状态", "手工操作"];
        double[] widths = [52, 0, 30, 44, 54, 64, 64, 36, 36, 64, 64, 64, 36, 40];
        var table = canvas.Table(headers, widths, [3, 4, 5, 6, 7, 8, 9, 10, 11, 13]);
        foreach (var customer in report.Customers)
        {
            foreach (var c in customer.Currencies().DefaultIfEmpty())
            {
                canvas.Row(table,
                [
                    customer.Code, customer.Name, c?.Currency ?? "", Count(customer.Runs.Count),
                    c is null ? "" : Count(c.MatchedCount), c is null ? "" : StatementText.Money(c.MatchedDebit), c is null ? "" : StatementText.Money(c.MatchedCredit),
                    c is null ? "" : Count(c.ProposedCount), c is null ? "" : Count(c.OpenExceptions),
                    Money(c?.OurBalance), Money(c?.TheirBalance), Money(c?.Unexplained), ReconciliationReportText.Status(c?.Unexplained), Count(customer.Actions.Count),
                ]);
            }
        }

        canvas.EndTable();
        canvas.Line($"客户数 {Count(report.Customers.Count)}" +
            (report.CustomersWithoutRun > 0 ? $"；另有 {Count(report.CustomersWithoutRun)} 个客户本期无对账任务，未列出" : "") +
            "。余额与未解释差额取自各客户期末（结束日期最晚）的对账任务。");
    }

    private static void Customer(ReportCanvas canvas, CustomerReconciliation customer)
    {
        canvas.Heading($"{customer.Code} {customer.Name}（分类 {customer.CategoryCode}）");

        canvas.SubHeading("对账任务 Runs");
        string[] runHeaders = ["对账任务", "期间", "完成时间 (UTC)", "规则集", "币种", "已匹配笔数", "已匹配借方", "已匹配贷方", "待确认", "已确认", "手工匹配", "未解释差额"];
        var runs = canvas.Table(runHeaders, [48, 120, 80, 0, 30, 48, 74, 74, 40, 40, 44, 74], [5, 6, 7, 8, 9, 10, 11]);
        foreach (var run in customer.Runs)
        {
            var currencies = run.Matched.Select(m => m.Currency).Concat(run.Balances.Select(b => b.Currency)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            foreach (var currency in currencies.DefaultIfEmpty())
            {
                var m = run.Matched.FirstOrDefault(x => x.Currency == currency) ?? new MatchedFigures(currency ?? "", 0, 0m, 0m, 0, 0, 0);
                canvas.Row(runs,
                [
                    Count(run.Id), ReconciliationReportText.Dates(run.StartDate, run.EndDate), run.CompletedAt is { } at ? ReconciliationReportText.Time(at.ToUniversalTime()) : "",
                    run.RuleSet, currency ?? "", Count(m.Count), StatementText.Money(m.Debit), StatementText.Money(m.Credit), Count(m.Proposed), Count(m.Confirmed), Count(m.Manual),
                    Money(run.Balances.FirstOrDefault(b => b.Currency == currency)?.Unexplained),
                ]);
            }
        }

        canvas.EndTable();

        canvas.SubHeading("差异原因（未达项）Open exceptions by reason");
        var reasons = canvas.Table(ReconciliationReportText.ReasonHeaders, [48, 0, 30, 56, 90, 56, 90], [3, 4, 5, 6]);
        var any = false;
        foreach (var run in customer.Runs)
        {
            foreach (var e in run.Exceptions)
            {
                any = true;
                canvas.Row(reasons,
                [
                    Count(run.Id), ReconciliationReportText.ReasonLabel(e.Reason), e.Currency, Count(e.OurItems), StatementText.Money(e.OurAmount),
                    Count(e.TheirItems), StatementText.Money(e.TheirAmount),
                ]);
            }
        }

        if (!any)
        {
            canvas.Row(reasons, ["", "无未达项", "", "", "", "", ""]);
        }

        canvas.EndTable();

        foreach (var run in customer.Runs)
        {
            foreach (var balance in run.Balances)
            {
                canvas.SubHeading($"余额调节表 — 任务 {Count(run.Id)}，截至 {StatementText.Date(run.EndDate)}，{balance.Currency}", keepWith: 6);
                var table = canvas.Table(["项目", "笔数", "金额"], [300, 50, 100], [1, 2]);
                foreach (var (label, count, amount, total) in ReconciliationReportText.BalanceLines(balance))
                {
                    canvas.Row(table, [label, count is { } n ? Count(n) : "", StatementText.Money(amount)], bold: total);
                }

                canvas.EndTable();
            }
        }

        canvas.SubHeading("手工操作 Manual actions");
        var actions = canvas.Table(ReconciliationReportText.ActionHeaders, [74, 130, 100, 80, 130, 0], []);
        foreach (var a in customer.Actions)
        {
            canvas.Row(actions,
            [
                ReconciliationReportText.Time(a.Time.ToUniversalTime()), ReconciliationReportText.ActionLabel(a.Kind), a.Person ?? "", a.Key, a.Subject, a.Note ?? "",
            ]);
        }

        if (customer.Actions.Count == 0)
        {
            canvas.Row(actions, ["", "无手工操作", "", "", "", ""]);
        }

        canvas.EndTable();
    }

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Money(decimal? amount) => amount is { } a ? StatementText.Money(a) : "";

    /// <summary>Draws top to bottom on landscape pages; a table's header is drawn again at the top of each page it runs onto.</summary>
    private sealed class ReportCanvas : IDisposable
    {
        private const double Margin = 36;
        private const double FootHeight = 24;
        private const double RowHeight = 14;

        private static readonly XColor Ink = XColor.FromArgb(33, 37, 41);
        private static readonly XColor Muted = XColor.FromArgb(108, 117, 125);
        private static readonly XColor Rule = XColor.FromArgb(173, 181, 189);
        private static readonly XColor HeaderFill = XColor.FromArgb(221, 228, 238);
        private static readonly XColor Stripe = XColor.FromArgb(246, 248, 250);

        private readonly PdfDocument _document;
        private readonly PdfFonts _fonts;
        private readonly ReconciliationReport _report;
        private readonly XBrush _ink = new XSolidBrush(Ink);
        private readonly XBrush _muted = new XSolidBrush(Muted);
        private readonly XPen _rule = new(Rule, 0.6);
        private readonly XPen _strong = new(Ink, 0.8);
        private XGraphics _g = null!;
        private PdfPage _page = null!;
        private double _y;
        private Grid? _table;
        private int _rowsOnPage;

        public sealed record Grid(IReadOnlyList<string> Headers, IReadOnlyList<double> Widths, IReadOnlySet<int> RightAligned);

        public ReportCanvas(PdfDocument document, PdfFonts fonts, ReconciliationReport report)
        {
            _document = document;
            _fonts = fonts;
            _report = report;
            AddPage();
        }

        private double Width => _page.Width.Point - (2 * Margin);

        private double Bottom => _page.Height.Point - Margin - FootHeight;

        public void Title()
        {
            if (_report.CompanyName.Length > 0)
            {
                Centered(_report.CompanyName, _fonts.Company, _y);
                _y += 20;
            }

            Centered("对  账  报  告", _fonts.Title, _y);
            _y += 28;
            Centered($"{_report.Scope}　　{_report.PeriodLabel}（{ReconciliationReportText.Dates(_report.StartDate, _report.EndDate)}）", _fonts.Text, _y);
            _y += 14;
            Centered($"生成时间 {ReconciliationReportText.Time(_report.GeneratedAt.ToUniversalTime())} (UTC)", _fonts.Small, _y);
            _y += 16;
            _g.DrawLine(_strong, Margin, _y, Margin + Width, _y);
            _y += 10;
        }

        public void NewPage()
        {
            _table = null;
            AddPage();
        }

        public void Heading(string text)
        {
            Room(RowHeight * 4);
            _g.DrawString(text, _fonts.Company, _ink, new XRect(Margin, _y, Width, 16), XStringFormats.TopLeft);
            _y += 22;
        }

        /// <param name="keepWith">Rows that must fit below the heading, so it never ends a page alone.</param>
        public void SubHeading(string text, int keepWith = 3)
        {
            _y += 6;
            Room(RowHeight * (keepWith + 2));
            _g.DrawString(text, _fonts.Heading, _ink, new XRect(Margin, _y, Width, 14), XStringFormats.TopLeft);
            _y += 17;
        }

        public void Line(string text)
        {
            Room(RowHeight * 2);
            _y += 4;
            _g.DrawString(text, _fonts.Text, _ink, new XRect(Margin, _y, Width, 12), XStringFormats.TopLeft);
            _y += 16;
        }

        /// <summary>Starts a table; a width of 0 takes what the others leave.</summary>
        public Grid Table(IReadOnlyList<string> headers, IReadOnlyList<double> widths, IEnumerable<int> rightAligned)
        {
            var rest = Math.Max(60, Width - widths.Sum());
            var table = new Grid(headers, [.. widths.Select(w => w == 0 ? rest : w)], rightAligned.ToHashSet());
            Room(RowHeight * 3);
            _table = table;
            DrawHeader();
            return table;
        }

        public void EndTable()
        {
            _table = null;
            _y += 4;
        }

        public void Row(Grid table, IReadOnlyList<string> cells, bool bold = false)
        {
            if (_y + RowHeight > Bottom)
            {
                AddPage();
            }

            if (!bold && _rowsOnPage % 2 == 1)
            {
                _g.DrawRectangle(new XSolidBrush(Stripe), Margin, _y, table.Widths.Sum(), RowHeight);
            }

            var x = Margin;
            var font = bold ? _fonts.CellBold : _fonts.Cell;
            for (var i = 0; i < table.Widths.Count; i++)
            {
                var text = Fit(cells[i], font, table.Widths[i] - 6);
                if (text.Length > 0)
                {
                    _g.DrawString(text, font, _ink, new XRect(x + 3, _y, table.Widths[i] - 6, RowHeight),
                        table.RightAligned.Contains(i) ? XStringFormats.CenterRight : XStringFormats.CenterLeft);
                }

                x += table.Widths[i];
            }

            _y += RowHeight;
            _rowsOnPage++;
            if (bold)
            {
                _g.DrawLine(_rule, Margin, _y, Margin + table.Widths.Sum(), _y);
            }
        }

        private void DrawHeader()
        {
            if (_table is not { } table)
            {
                return;
            }

            var width = table.Widths.Sum();
            _g.DrawRectangle(new XSolidBrush(HeaderFill), Margin, _y, width, RowHeight + 2);
            var x = Margin;
            for (var i = 0; i < table.Headers.Count; i++)
            {
                _g.DrawString(Fit(table.Headers[i], _fonts.CellBold, table.Widths[i] - 6), _fonts.CellBold, _ink, new XRect(x + 3, _y, table.Widths[i] - 6, RowHeight + 2),
                    table.RightAligned.Contains(i) ? XStringFormats.CenterRight : XStringFormats.CenterLeft);
                x += table.Widths[i];
            }

            _y += RowHeight + 2;
            _g.DrawLine(_strong, Margin, _y, Margin + width, _y);
            _rowsOnPage = 0;
        }

        private void Room(double height)
        {
            if (_y + height > Bottom)
            {
                AddPage();
            }
        }

        private void AddPage()
        {
            var first = _page is null;
            _g?.Dispose();
            _page = _document.AddPage();
            _page.Size = PdfSharp.PageSize.A4;
            _page.Orientation = PdfSharp.PageOrientation.Landscape;
            _g = XGraphics.FromPdfPage(_page);
            _y = Margin;
            if (!first)
            {
                // The running head: which report and period, so a loose page is still known.
                var head = $"{(_report.CompanyName.Length > 0 ? _report.CompanyName + " " : "")}{ReconciliationReportText.Title} — {_report.Scope}";
                _g.DrawString(head, _fonts.Small, _muted, new XRect(Margin, _y, Width, 10), XStringFormats.TopLeft);
                _g.DrawString(_report.PeriodLabel, _fonts.Small, _muted, new XRect(Margin, _y, Width, 10), XStringFormats.TopRight);
                _y += 14;
                _g.DrawLine(_rule, Margin, _y, Margin + Width, _y);
                _y += 10;
                DrawHeader();
            }
        }

        private void Centered(string text, XFont font, double y) =>
            _g.DrawString(text, font, _ink, new XRect(Margin, y, Width, font.Size + 4), XStringFormats.TopCenter);

        private string Fit(string text, XFont font, double width) => PdfPages.Fit(_g, text, font, width);

        /// <summary>Ends the last page and writes every page's foot, now that the number of pages is known.</summary>
        public void Dispose()
        {
            _g.Dispose();
            PdfPages.WriteFeet(_document, Margin, _fonts.Small, _muted, _rule, null);
        }
    }
}
