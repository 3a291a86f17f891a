using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Ledger;

namespace ReconGrpc.Application.Reports;

/// <summary>
/// The statement as an A4 PDF with its Chinese font embedded (subset): a title block and the customer's on the first
/// page, the movement table with its header repeated on every page, then the open items, the aging, the period's
/// reconciliation and the confirmation block kept on one page; every page has a running head and "第 X 页，共 Y 页".
/// </summary>
/// <remarks>
/// PDFsharp builds the whole document before saving it, so a long statement's pages are held until the end (the
/// movements themselves are not: each is drawn as it is read).
/// </remarks>
public sealed class PdfStatementWriter : IStatementWriter
{
    public string Extension => ".pdf";

    public string MediaType => "application/pdf";

    public async Task WriteAsync(StatementOfAccount s, IAsyncEnumerable<StatementMovement> movements, StatementLayout layout, Stream output,
        CancellationToken cancellationToken)
    {
        var family = layout.FontFamily ?? throw new InvalidOperationException("A PDF needs a font family (ReportFonts.RequireFamily).");
        var document = new PdfDocument();
        document.Info.Title = $"{StatementText.TitleOf(s)} {s.Customer.Name} {StatementText.Period(s)}";
        document.Info.Author = s.CompanyName;
        document.Info.Creator = "ReconGrpc";
        document.Options.CompressContentStreams = true;
        XImage? logo = null;
        if (!string.IsNullOrWhiteSpace(layout.LogoPath))
        {
            logo = File.Exists(layout.LogoPath)
                ? XImage.FromFile(layout.LogoPath)
                : throw RuleViolation.FailedPrecondition("reports.logo_missing", $"Reports:Statement:LogoPath names '{layout.LogoPath}', which does not exist.");
        }

        using (var canvas = new PdfCanvas(document, new PdfFonts(family), s, logo))
        {
            canvas.TitleBlock();
            if (s.Reminder)
            {
                canvas.Reminder();
            }
            else if (s.OpenItemsOnly)
            {
                canvas.Summary();
            }
            else
            {
                canvas.Summary();
                var table = MovementTable(layout.Columns, canvas.Width);
                canvas.Heading("往来明细");
                canvas.TableHeader(table);
                canvas.AmountRow(table, "期初余额", (StatementColumn.Balance, s.OpeningBalance));
                await foreach (var m in movements.WithCancellation(cancellationToken))
                {
                    canvas.TableRow(table, [.. table.Columns.Select(c => StatementText.Cell(m, c.Column))]);
                }

                canvas.AmountRow(table, "本期合计", (StatementColumn.Debit, s.DebitTotal), (StatementColumn.Credit, s.CreditTotal));
                canvas.AmountRow(table, "期末余额", (StatementColumn.Balance, s.ClosingBalance));
            }

            if (!s.Reminder)
            {
                canvas.OpenItems();
                canvas.Aging();
                canvas.Reconciliation();
                canvas.Confirmation();
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        await Task.Run(() => document.Save(output, closeStream: false), cancellationToken);
        logo?.Dispose();
    }

    /// <summary>The movement columns with widths: fixed for dates and amounts, the memo (or the document number) takes the rest.</summary>
    private static PdfTable MovementTable(IReadOnlyList<StatementColumn> columns, double width)
    {
        static double Fixed(StatementColumn c) => c switch
        {
            StatementColumn.Date or StatementColumn.DueDate => 54,
            StatementColumn.DocumentType => 46,
            StatementColumn.DocumentNumber => 78,
            StatementColumn.VoucherNumber => 54,
            StatementColumn.Memo => 0,
            _ => 70,
        };

        var flexible = columns.Contains(StatementColumn.Memo) ? StatementColumn.Memo
            : columns.Contains(StatementColumn.DocumentNumber) ? StatementColumn.DocumentNumber : columns[^1];
        var rest = Math.Max(60, width - columns.Where(c => c != flexible).Sum(Fixed));
        return new PdfTable([.. columns.Select(c => new PdfColumn(c, StatementText.ColumnName(c), c == flexible ? rest : Fixed(c), StatementText.IsAmount(c)))]);
    }
}

internal sealed record PdfColumn(StatementColumn Column, string Header, double Width, bool RightAligned);

internal sealed record PdfTable(IReadOnlyList<PdfColumn> Columns);

/// <summary>The fonts of a statement, all of the one CJK family (bold simulated).</summary>
internal sealed class PdfFonts(string family)
{
    private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);

    public XFont Title { get; } = new(family, 18, XFontStyleEx.Bold, Unicode);

    public XFont Company { get; } = new(family, 12, XFontStyleEx.Bold, Unicode);

    public XFont Heading { get; } = new(family, 10, XFontStyleEx.Bold, Unicode);

    public XFont Text { get; } = new(family, 9, XFontStyleEx.Regular, Unicode);

    public XFont TextBold { get; } = new(family, 9, XFontStyleEx.Bold, Unicode);

    public XFont Cell { get; } = new(family, 8, XFontStyleEx.Regular, Unicode);

    public XFont CellBold { get; } = new(family, 8, XFontStyleEx.Bold, Unicode);

    public XFont Small { get; } = new(family, 7.5, XFontStyleEx.Regular, Unicode);
}

/// <summary>Draws top to bottom, starting a new page (with the running head and, inside a table, its header) when one fills.</summary>
internal sealed class PdfCanvas : IDisposable
{
    private const double Margin = 40;
    private const double HeadHeight = 34;
    private const double FootHeight = 28;
    private const double RowHeight = 14;

    private static readonly XColor Ink = XColor.FromArgb(33, 37, 41);
    private static readonly XColor Muted = XColor.FromArgb(108, 117, 125);
    private static readonly XColor Rule = XColor.FromArgb(173, 181, 189);
    private static readonly XColor HeaderFill = XColor.FromArgb(221, 228, 238);
    private static readonly XColor Stripe = XColor.FromArgb(246, 248, 250);

    private readonly PdfDocument _document;
    private readonly PdfFonts _fonts;
    private readonly StatementOfAccount _s;
    private readonly XImage? _logo;
    private readonly XBrush _ink = new XSolidBrush(Ink);
    private readonly XBrush _muted = new XSolidBrush(Muted);
    private readonly XPen _rule = new(Rule, 0.6);
    private readonly XPen _strong = new(Ink, 0.8);
    private XGraphics _g = null!;
    private PdfPage _page = null!;
    private double _y;
    private PdfTable? _table;
    private int _rowsOnPage;

    public PdfCanvas(PdfDocument document, PdfFonts fonts, StatementOfAccount statement, XImage? logo)
    {
        _document = document;
        _fonts = fonts;
        _s = statement;
        _logo = logo;
        NewPage(first: true);
    }

    public double Width => _page.Width.Point - (2 * Margin);

    private double Left => Margin;

    private double Bottom => _page.Height.Point - Margin - FootHeight;

    public void TitleBlock()
    {
        if (_logo is not null)
        {
            var height = 36.0;
            var width = Math.Min(120, height * _logo.PixelWidth / Math.Max(1, _logo.PixelHeight));
            _g.DrawImage(_logo, Left, _y, width, height);
        }

        if (_s.CompanyName.Length > 0)
        {
            Centered(_s.CompanyName, _fonts.Company, _y + 4);
            _y += 20;
        }

        Centered(string.Join("  ", StatementText.TitleOf(_s).ToCharArray()), _fonts.Title, _y + 6);
        _y += 28;
        Centered(_s.Reminder ? $"{StatementText.Period(_s)}　　币种：{_s.Currency}" : $"期间：{StatementText.Period(_s)}　　币种：{_s.Currency}", _fonts.Text, _y);
        _y += 20;

        // The customer block: two columns of label and value.
        var c = _s.Customer;
        var half = Width / 2;
        Field("客户名称", c.Name, Left, half * 1.3);
        Field("客户编码", c.Code, Left + (half * 1.3), half * 0.7);
        _y += 15;
        Field("地址", c.Address ?? "", Left, Width);
        _y += 15;
        Field("联系人", c.Contact ?? "", Left, half);
        Field("电话", c.Phone ?? "", Left + half, half);
        _y += 15;
        Field("账期", $"{c.PaymentTermsDays} 天", Left, half);
        Field("截止日期", StatementText.Date(_s.EndDate), Left + half, half);
        _y += 12;
        _g.DrawLine(_strong, Left, _y, Left + Width, _y);
        _y += 10;
    }

    /// <summary>The four figures in a row of boxes.</summary>
    public void Summary()
    {
        string[] labels = ["期初余额", "本期借方", "本期贷方", "期末余额"];
        decimal[] values = [_s.OpeningBalance, _s.DebitTotal, _s.CreditTotal, _s.ClosingBalance];
        var box = Width / 4;
        for (var i = 0; i < 4; i++)
        {
            var x = Left + (i * box);
            _g.DrawRectangle(_rule, new XSolidBrush(Stripe), x + 2, _y, box - 4, 34);
            _g.DrawString(labels[i], _fonts.Small, _muted, new XRect(x + 8, _y + 4, box - 16, 10), XStringFormats.TopLeft);
            _g.DrawString(StatementText.CurrencySign(_s.Currency) + StatementText.Money(values[i]), i == 3 ? _fonts.Heading : _fonts.Text, _ink,
                new XRect(x + 8, _y + 16, box - 16, 14), XStringFormats.TopRight);
        }

        _y += 46;
    }

    public void Heading(string text)
    {
        Room(RowHeight * 4);
        _g.DrawString(text, _fonts.Heading, _ink, new XRect(Left, _y, Width, 14), XStringFormats.TopLeft);
        _y += 18;
    }

    public void TableHeader(PdfTable table)
    {
        _table = table;
        DrawTableHeader();
    }

    public void TableRow(PdfTable table, IReadOnlyList<string> cells, bool bold = false)
    {
        if (_y + RowHeight > Bottom)
        {
            NewPage(first: false);
        }

        if (!bold && _rowsOnPage % 2 == 1)
        {
            _g.DrawRectangle(new XSolidBrush(Stripe), Left, _y, Width, RowHeight);
        }

        var x = Left;
        var font = bold ? _fonts.CellBold : _fonts.Cell;
        for (var i = 0; i < table.Columns.Count; i++)
        {
            var column = table.Columns[i];
            var text = Fit(cells[i], font, column.Width - 6);
            if (text.Length > 0)
            {
                _g.DrawString(text, font, _ink, new XRect(x + 3, _y, column.Width - 6, RowHeight),
                    column.RightAligned ? XStringFormats.CenterRight : XStringFormats.CenterLeft);
            }

            x += column.Width;
        }

        _y += RowHeight;
        _rowsOnPage++;
        if (bold)
        {
            _g.DrawLine(_rule, Left, _y, Left + Width, _y);
        }
    }

    /// <summary>A bold row with a label in the first column and amounts under their columns.</summary>
    public void AmountRow(PdfTable table, string label, params (StatementColumn Column, decimal Amount)[] amounts)
    {
        var cells = table.Columns.Select(_ => "").ToArray();
        cells[0] = label;
        foreach (var (column, amount) in amounts)
        {
            var index = table.Columns.ToList().FindIndex(c => c.Column == column);
            if (index > 0)
            {
                cells[index] = StatementText.Money(amount);
            }
        }

        TableRow(table, cells, bold: true);
    }

    public void OpenItems()
    {
        _table = null;
        _y += 10;
        Heading($"未结项目（截至 {StatementText.Date(_s.EndDate)}，先进先出核销）");
        var widths = new[] { 54.0, 46, 78, 0, 66, 66, 54, 40 };
        widths[3] = Width - widths.Sum();
        var table = new PdfTable([.. StatementText.OpenItemHeaders.Select((h, i) => new PdfColumn(StatementColumn.Memo, h, widths[i], i is 4 or 5 or 7))]);
        TableHeader(table);
        if (_s.OpenItems.Count == 0)
        {
            TableRow(table, ["无未结项目", "", "", "", "", "", "", ""]);
        }

        foreach (var item in _s.OpenItems)
        {
            TableRow(table,
            [
                StatementText.Date(item.Date), item.DocumentType.ChineseName(), item.DocumentNumber, item.Memo ?? "",
                StatementText.Money(item.OriginalAmount), StatementText.Money(item.Amount), StatementText.Date(item.DueDate),
                item.DueDate is null ? "" : item.DaysOverdue.ToString(CultureInfo.InvariantCulture),
            ]);
        }

        TableRow(table, ["未结合计", "", "", "", "", StatementText.Money(_s.OpenItems.Sum(i => i.Amount)), "", ""], bold: true);
        _table = null;
    }

    public void Aging()
    {
        if (_s.Aging is not { } aging)
        {
            return;
        }

        _y += 10;
        Heading("账龄分析（按逾期天数）");
        var headers = StatementText.AgingHeaders;
        var table = new PdfTable([.. headers.Select(h => new PdfColumn(StatementColumn.Balance, h, Width / headers.Count, true))]);
        TableHeader(table);
        TableRow(table, [.. aging.Buckets.Append(aging.UnappliedCredits).Append(aging.Total).Select(StatementText.Money)], bold: true);
        _table = null;
    }

    public void Reconciliation()
    {
        if (_s.Reconciliation is not { } run)
        {
            return;
        }

        _y += 10;
        Heading("本期对账结果");
        Room(RowHeight * 2);
        var text = StatementText.RunSummary(run) + (run.TheirBalance is { } theirs ? $"，对方余额 {StatementText.Money(theirs)}" : "");
        _g.DrawString(text, _fonts.Text, _ink, new XRect(Left, _y, Width, 14), XStringFormats.TopLeft);
        _y += 18;
    }

    /// <summary>
    /// A reminder's letter (催款函): the salutation, the overdue items with their total, the polite demand, and our
    /// company with a stamp area and the date.
    /// </summary>
    public void Reminder()
    {
        _y += 6;
        Paragraph(StatementText.ReminderSalutation(_s), _fonts.TextBold);
        Paragraph("　　" + StatementText.ReminderIntro(_s), _fonts.Text);
        _y += 4;
        var widths = new[] { 0.0, 56, 62, 62, 50, 80 };
        widths[0] = Width - widths.Sum();
        var table = new PdfTable([.. StatementText.ReminderHeaders.Select((h, i) => new PdfColumn(StatementColumn.Memo, h, widths[i], i is 4 or 5))]);
        TableHeader(table);
        foreach (var item in _s.OverdueItems)
        {
            TableRow(table,
            [
                item.DocumentNumber, item.DocumentType.ChineseName(), StatementText.Date(item.Date), StatementText.Date(item.DueDate),
                item.DaysOverdue.ToString(CultureInfo.InvariantCulture), StatementText.Money(item.Amount),
            ]);
        }

        TableRow(table, [StatementText.ReminderOverdueTotal, "", "", "", "", StatementText.Money(_s.OverdueTotal)], bold: true);
        _table = null;
        _y += 12;
        foreach (var line in StatementText.ReminderDemand)
        {
            Paragraph("　　" + line, _fonts.Text);
        }

        // Our side signs: the sender, the stamp area and the date, kept together on one page.
        _y += 24;
        Room(70);
        var x = Left + (Width / 2);
        _g.DrawString(Fit(StatementText.ReminderSender(_s), _fonts.Text, Width / 2), _fonts.Text, _ink, new XRect(x, _y, Width / 2, 14), XStringFormats.TopLeft);
        _g.DrawString("（盖章处）", _fonts.Small, _muted, new XRect(x + 90, _y + 18, 60, 12), XStringFormats.TopLeft);
        _g.DrawString(StatementText.LetterDate(_s.EndDate), _fonts.Text, _ink, new XRect(x, _y + 40, Width / 2, 14), XStringFormats.TopLeft);
        _y += 60;
    }

    /// <summary>Text wrapped to the width; Chinese breaks between any two characters.</summary>
    private void Paragraph(string text, XFont font)
    {
        var line = new System.Text.StringBuilder();
        foreach (var c in text)
        {
            if (line.Length > 0 && _g.MeasureString(line.ToString() + c, font).Width > Width)
            {
                DrawLine(line.ToString(), font);
                line.Clear();
            }

            line.Append(c);
        }

        if (line.Length > 0)
        {
            DrawLine(line.ToString(), font);
        }
    }

    private void DrawLine(string text, XFont font)
    {
        Room(RowHeight + 2);
        _g.DrawString(text, font, _ink, new XRect(Left, _y, Width, RowHeight), XStringFormats.TopLeft);
        _y += RowHeight + 2;
    }

    /// <summary>The confirmation (询证函) on one page: the sentence, the two boxes, room for the difference, both signatures.</summary>
    public void Confirmation()
    {
        const double height = 222;
        _y += 14;
        Room(height);
        var top = _y;
        _g.DrawRectangle(_strong, Left, top, Width, height - 8);
        _y += 10;
        Centered(StatementText.ConfirmationTitle, _fonts.Heading, _y);
        _y += 22;
        _g.DrawString(StatementText.Confirmation(_s), _fonts.Text, _ink, new XRect(Left + 14, _y, Width - 28, 14), XStringFormats.TopLeft);
        _y += 20;
        CheckBox(StatementText.ConfirmationAgrees);
        _y += 18;
        CheckBox(StatementText.ConfirmationDiffers);
        _y += 18;
        for (var i = 0; i < 2; i++)
        {
            _g.DrawLine(_rule, Left + 28, _y + 10, Left + Width - 14, _y + 10);
            _y += 16;
        }

        _y += 4;
        _g.DrawString(StatementText.ConfirmationRequest, _fonts.Small, _muted, new XRect(Left + 14, _y, Width - 28, 12), XStringFormats.TopLeft);
        _y += 20;
        var half = (Width - 28) / 2;
        Signature(Left + 14, StatementText.ConfirmationOurs + _s.CompanyName, half);
        Signature(Left + 14 + half, StatementText.ConfirmationTheirs + _s.Customer.Name, half);
        _y = top + height;
    }

    /// <summary>A box to tick drawn as a square: the font's □ is too small to tick.</summary>
    private void CheckBox(string text)
    {
        _g.DrawRectangle(_strong, Left + 14, _y + 1.5, 9, 9);
        _g.DrawString(text.TrimStart('□').Trim(), _fonts.Text, _ink, new XRect(Left + 28, _y, Width - 42, 14), XStringFormats.TopLeft);
    }

    private void Signature(double x, string party, double width)
    {
        var y = _y;
        _g.DrawString(Fit(party, _fonts.Text, width - 10), _fonts.Text, _ink, new XRect(x, y, width - 10, 14), XStringFormats.TopLeft);
        _g.DrawString(StatementText.SignatureLine, _fonts.Text, _ink, new XRect(x, y + 22, width - 10, 14), XStringFormats.TopLeft);
        _g.DrawString("（盖章处）", _fonts.Small, _muted, new XRect(x + 90, y + 36, 60, 12), XStringFormats.TopLeft);
        _g.DrawString(StatementText.DateLine, _fonts.Text, _ink, new XRect(x, y + 56, width - 10, 14), XStringFormats.TopLeft);
    }

    private void DrawTableHeader()
    {
        if (_table is not { } table)
        {
            return;
        }

        _g.DrawRectangle(new XSolidBrush(HeaderFill), Left, _y, Width, RowHeight + 2);
        var x = Left;
        foreach (var column in table.Columns)
        {
            _g.DrawString(column.Header, _fonts.CellBold, _ink, new XRect(x + 3, _y, column.Width - 6, RowHeight + 2),
                column.RightAligned ? XStringFormats.CenterRight : XStringFormats.CenterLeft);
            x += column.Width;
        }

        _y += RowHeight + 2;
        _g.DrawLine(_strong, Left, _y, Left + Width, _y);
        _rowsOnPage = 0;
    }

    private void Room(double height)
    {
        if (_y + height > Bottom)
        {
            NewPage(first: false);
        }
    }

    private void NewPage(bool first)
    {
        _g?.Dispose();
        _page = _document.AddPage();
        _page.Size = PdfSharp.PageSize.A4;
        _g = XGraphics.FromPdfPage(_page);
        _y = Margin;
        if (!first)
        {
            // The running head: who and which period, so a loose page is still known.
            var head = $"{(_s.CompanyName.Length > 0 ? _s.CompanyName + " " : "")}{StatementText.TitleOf(_s)} — {_s.Customer.Name}（{_s.Customer.Code}）";
            _g.DrawString(head, _fonts.Small, _muted, new XRect(Left, _y, Width, 10), XStringFormats.TopLeft);
            _g.DrawString(StatementText.Period(_s), _fonts.Small, _muted, new XRect(Left, _y, Width, 10), XStringFormats.TopRight);
            _y += 14;
            _g.DrawLine(_rule, Left, _y, Left + Width, _y);
            _y += HeadHeight - 14;
            DrawTableHeader();
        }
    }

    private void Centered(string text, XFont font, double y) =>
        _g.DrawString(text, font, _ink, new XRect(Left, y, Width, font.Size + 4), XStringFormats.TopCenter);

    private void Field(string label, string value, double x, double width)
    {
        _g.DrawString(label + "：", _fonts.TextBold, _muted, new XRect(x, _y, 60, 12), XStringFormats.TopLeft);
        _g.DrawString(Fit(value, _fonts.Text, width - 62), _fonts.Text, _ink, new XRect(x + 58, _y, width - 62, 12), XStringFormats.TopLeft);
    }

    private string Fit(string text, XFont font, double width) => PdfPages.Fit(_g, text, font, width);

    /// <summary>Ends the last page and writes every page's foot, now that the number of pages is known.</summary>
    public void Dispose()
    {
        _g.Dispose();
        PdfPages.WriteFeet(_document, Margin, _fonts.Small, _muted, _rule, _s.FooterText);
    }
}
