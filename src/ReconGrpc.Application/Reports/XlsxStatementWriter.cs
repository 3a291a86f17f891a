using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using ReconGrpc.Domain.Ledger;

namespace ReconGrpc.Application.Reports;

/// <summary>
/// The statement as an Excel workbook, written row by row (OpenXmlWriter) so the movements are never held: amounts are
/// numbers shown as #,##0.00, dates real dates, the table's header frozen and repeated on every printed page, columns
/// sized for their contents. The open items go on a sheet of their own (on the first when only they are asked for).
/// </summary>
public sealed class XlsxStatementWriter : IStatementWriter
{
    public string Extension => ".xlsx";

    public string MediaType => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    internal static class Styles
    {
        public const uint Text = 0;
        public const uint Money = 1;
        public const uint Date = 2;
        public const uint Header = 3;
        public const uint Title = 4;
        public const uint Bold = 5;
        public const uint BoldMoney = 6;
        public const uint HeaderMoney = 7;
    }

    public async Task WriteAsync(StatementOfAccount s, IAsyncEnumerable<StatementMovement> movements, StatementLayout layout, Stream output,
        CancellationToken cancellationToken)
    {
        using var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        var styles = workbook.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = Stylesheet();

        var sheets = new List<(WorksheetPart Part, string Name, int? TitleRow)>();
        var first = workbook.AddNewPart<WorksheetPart>();
        var firstTitle = s.Reminder ? WriteReminderSheet(first, s)
            : s.OpenItemsOnly ? WriteOpenItemsSheet(first, s, standalone: true)
            : await WriteStatementSheetAsync(first, s, movements, layout, cancellationToken);
        sheets.Add((first, StatementText.TitleOf(s), firstTitle));
        if (!s.OpenItemsOnly && !s.Reminder)
        {
            var open = workbook.AddNewPart<WorksheetPart>();
            sheets.Add((open, "未结项目", WriteOpenItemsSheet(open, s, standalone: false)));
        }

        var definedNames = new DefinedNames();
        var list = new Sheets();
        for (var i = 0; i < sheets.Count; i++)
        {
            var (part, name, titleRow) = sheets[i];
            list.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = (uint)(i + 1), Name = name });
            if (titleRow is { } row)
            {
                // The table's header printed again at the top of every page.
                definedNames.Append(new DefinedName($"'{name}'!${row}:${row}") { Name = "_xlnm.Print_Titles", LocalSheetId = (uint)i });
            }
        }

        workbook.Workbook = new Workbook(list, definedNames);
    }

    /// <returns>The row of the movement table's header.</returns>
    private static async Task<int> WriteStatementSheetAsync(WorksheetPart part, StatementOfAccount s, IAsyncEnumerable<StatementMovement> movements,
        StatementLayout layout, CancellationToken cancellationToken)
    {
        var columns = layout.Columns;
        const int tableRow = 8;
        using var sheet = new SheetWriter(part, [.. columns.Select(Width)], tableRow, s.FooterText);
        WriteHeader(sheet, s);
        var balanceAt = AmountColumn(columns, StatementColumn.Balance, columns.Count - 1);
        sheet.Row(7, [("期初余额", Styles.Bold)], (balanceAt, s.OpeningBalance, Styles.BoldMoney));
        sheet.StartRow(tableRow);
        for (var c = 0; c < columns.Count; c++)
        {
            sheet.Text(c, StatementText.ColumnName(columns[c]), StatementText.IsAmount(columns[c]) ? Styles.HeaderMoney : Styles.Header);
        }

        sheet.EndRow();
        var row = tableRow;
        await foreach (var m in movements.WithCancellation(cancellationToken))
        {
            sheet.StartRow(++row);
            for (var c = 0; c < columns.Count; c++)
            {
                var column = columns[c];
                if (column is StatementColumn.Date or StatementColumn.DueDate)
                {
                    if ((column == StatementColumn.Date ? m.Date : m.DueDate) is { } date)
                    {
                        sheet.Date(c, date);
                    }
                }
                else if (StatementText.Amount(m, column) is { } amount)
                {
                    sheet.Number(c, amount, Styles.Money);
                }
                else if (!StatementText.IsAmount(column))
                {
                    sheet.Text(c, StatementText.Cell(m, column), Styles.Text);
                }
            }

            sheet.EndRow();
        }

        row++;
        sheet.Row(++row, [("本期合计", Styles.Bold)],
            (AmountColumn(columns, StatementColumn.Debit, -1), s.DebitTotal, Styles.BoldMoney),
            (AmountColumn(columns, StatementColumn.Credit, -1), s.CreditTotal, Styles.BoldMoney));
        sheet.Row(++row, [("期末余额", Styles.Bold)], (balanceAt, s.ClosingBalance, Styles.BoldMoney));
        if (s.Reconciliation is { } run)
        {
            row++;
            sheet.Row(++row, [("本期对账结果", Styles.Bold)]);
            sheet.Row(++row, [("对账任务", Styles.Text), (run.RunId.ToString(CultureInfo.InvariantCulture), Styles.Text)]);
            sheet.Row(++row, [("已匹配笔数", Styles.Text)], (1, run.Matches, Styles.Text));
            sheet.Row(++row, [("差异项笔数", Styles.Text)], (1, run.Exceptions, Styles.Text));
            sheet.Row(++row, [("未解释差额", Styles.Text)], (1, run.Unexplained, Styles.Money));
        }

        WriteConfirmation(sheet, s, row + 1);
        return tableRow;
    }

    /// <returns>The row of the open items' header.</returns>
    private static int WriteOpenItemsSheet(WorksheetPart part, StatementOfAccount s, bool standalone)
    {
        const int tableRow = 8;
        using var sheet = new SheetWriter(part, [12, 10, 18, 30, 15, 15, 12, 10], tableRow, s.FooterText);
        WriteHeader(sheet, s, $"未结项目（截至 {StatementText.Date(s.EndDate)}）");
        sheet.StartRow(tableRow);
        for (var c = 0; c < StatementText.OpenItemHeaders.Count; c++)
        {
            sheet.Text(c, StatementText.OpenItemHeaders[c], c is 4 or 5 or 7 ? Styles.HeaderMoney : Styles.Header);
        }

        sheet.EndRow();
        var row = tableRow;
        foreach (var item in s.OpenItems)
        {
            sheet.StartRow(++row);
            sheet.Date(0, item.Date);
            sheet.Text(1, item.DocumentType.ChineseName(), Styles.Text);
            sheet.Text(2, item.DocumentNumber, Styles.Text);
            sheet.Text(3, item.Memo ?? "", Styles.Text);
            sheet.Number(4, item.OriginalAmount, Styles.Money);
            sheet.Number(5, item.Amount, Styles.Money);
            if (item.DueDate is { } due)
            {
                sheet.Date(6, due);
                sheet.Number(7, item.DaysOverdue, Styles.Text);
            }

            sheet.EndRow();
        }

        sheet.Row(++row, [("未结合计", Styles.Bold)], (5, s.OpenItems.Sum(i => i.Amount), Styles.BoldMoney));
        if (s.Aging is { } aging)
        {
            row++;
            sheet.Row(++row, [("账龄分析（逾期天数）", Styles.Bold)]);
            sheet.StartRow(++row);
            for (var c = 0; c < StatementText.AgingHeaders.Count; c++)
            {
                sheet.Text(c, StatementText.AgingHeaders[c], Styles.HeaderMoney);
            }

            sheet.EndRow();
            sheet.StartRow(++row);
            var values = aging.Buckets.Append(aging.UnappliedCredits).Append(aging.Total).ToList();
            for (var c = 0; c < values.Count; c++)
            {
                sheet.Number(c, values[c], Styles.Money);
            }

            sheet.EndRow();
        }

        if (standalone)
        {
            row++;
            sheet.Row(++row, [("期末余额", Styles.Bold)], (5, s.ClosingBalance, Styles.BoldMoney));
            WriteConfirmation(sheet, s, row + 1);
        }

        return tableRow;
    }

    /// <returns>The row of the overdue items' header.</returns>
    private static int WriteReminderSheet(WorksheetPart part, StatementOfAccount s)
    {
        const int tableRow = 8;
        using var sheet = new SheetWriter(part, [18, 10, 12, 12, 10, 16], tableRow, s.FooterText);
        WriteHeader(sheet, s, StatementText.ReminderSalutation(s));
        sheet.Row(7, [(StatementText.ReminderIntro(s), Styles.Text)]);
        sheet.StartRow(tableRow);
        for (var c = 0; c < StatementText.ReminderHeaders.Count; c++)
        {
            sheet.Text(c, StatementText.ReminderHeaders[c], c is 4 or 5 ? Styles.HeaderMoney : Styles.Header);
        }

        sheet.EndRow();
        var row = tableRow;
        foreach (var item in s.OverdueItems)
        {
            sheet.StartRow(++row);
            sheet.Text(0, item.DocumentNumber, Styles.Text);
            sheet.Text(1, item.DocumentType.ChineseName(), Styles.Text);
            sheet.Date(2, item.Date);
            if (item.DueDate is { } due)
            {
                sheet.Date(3, due);
            }

            sheet.Number(4, item.DaysOverdue, Styles.Text);
            sheet.Number(5, item.Amount, Styles.Money);
            sheet.EndRow();
        }

        sheet.Row(++row, [(StatementText.ReminderOverdueTotal, Styles.Bold)], (5, s.OverdueTotal, Styles.BoldMoney));
        row++;
        foreach (var line in StatementText.ReminderDemand)
        {
            sheet.Row(++row, [(line, Styles.Text)]);
        }

        row++;
        sheet.Row(++row, [(StatementText.ReminderSender(s), Styles.Text)]);
        sheet.Row(++row, [(StatementText.LetterDate(s.EndDate), Styles.Text)]);
        if (s.FooterText is { } footer)
        {
            row++;
            sheet.Row(++row, [(footer, Styles.Text)]);
        }

        return tableRow;
    }

    private static void WriteHeader(SheetWriter sheet, StatementOfAccount s, string? subtitle = null)
    {
        var title = string.IsNullOrEmpty(s.CompanyName) ? StatementText.TitleOf(s) : $"{s.CompanyName} {StatementText.TitleOf(s)}";
        sheet.Row(1, [(title, Styles.Title)]);
        sheet.Row(2, [("客户名称", Styles.Bold), ($"{s.Customer.Name}（{s.Customer.Code}）", Styles.Text)]);
        sheet.Row(3, [("地址", Styles.Bold), (s.Customer.Address ?? "", Styles.Text)]);
        sheet.Row(4, [("联系人", Styles.Bold), (s.Customer.Contact ?? "", Styles.Text), ("", Styles.Text), ("电话", Styles.Bold), (s.Customer.Phone ?? "", Styles.Text)]);
        sheet.Row(5, [(s.Reminder ? "日期" : "期间", Styles.Bold), (StatementText.Period(s), Styles.Text), ("", Styles.Text), ("币种", Styles.Bold), (s.Currency, Styles.Text)]);
        if (subtitle is not null)
        {
            sheet.Row(6, [(subtitle, Styles.Bold)]);
        }
    }

    private static void WriteConfirmation(SheetWriter sheet, StatementOfAccount s, int row)
    {
        row++;
        sheet.Row(++row, [(StatementText.ConfirmationTitle, Styles.Bold)]);
        sheet.Row(++row, [(StatementText.Confirmation(s), Styles.Text)]);
        sheet.Row(++row, [(StatementText.ConfirmationAgrees, Styles.Text)]);
        sheet.Row(++row, [(StatementText.ConfirmationDiffers, Styles.Text)]);
        row += 2;
        sheet.Row(++row, [(StatementText.ConfirmationRequest, Styles.Text)]);
        row++;
        sheet.Row(++row, [(StatementText.ConfirmationOurs + s.CompanyName, Styles.Text), ("", Styles.Text), ("", Styles.Text), ("", Styles.Text),
            (StatementText.ConfirmationTheirs + s.Customer.Name, Styles.Text)]);
        sheet.Row(++row, [(StatementText.SignatureLine, Styles.Text), ("", Styles.Text), ("", Styles.Text), ("", Styles.Text), (StatementText.SignatureLine, Styles.Text)]);
        sheet.Row(++row, [(StatementText.DateLine, Styles.Text), ("", Styles.Text), ("", Styles.Text), ("", Styles.Text), (StatementText.DateLine, Styles.Text)]);
        if (s.FooterText is { } footer)
        {
            row++;
            sheet.Row(++row, [(footer, Styles.Text)]);
        }
    }

    private static int AmountColumn(IReadOnlyList<StatementColumn> columns, StatementColumn column, int otherwise)
    {
        var index = columns.ToList().IndexOf(column);
        return index >= 0 ? index : otherwise;
    }

    private static double Width(StatementColumn column) => column switch
    {
        StatementColumn.Date or StatementColumn.DueDate => 12,
        StatementColumn.DocumentType => 10,
        StatementColumn.DocumentNumber => 18,
        StatementColumn.VoucherNumber => 12,
        StatementColumn.Memo => 36,
        _ => 16,
    };

    internal static Stylesheet Stylesheet() => new(
        new NumberingFormats(
            new NumberingFormat { NumberFormatId = 164, FormatCode = StatementText.MoneyFormat },
            new NumberingFormat { NumberFormatId = 165, FormatCode = "yyyy-mm-dd" }) { Count = 2 },
        new Fonts(
            new Font(new FontSize { Val = 11 }, new FontName { Val = "等线" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "等线" }),
            new Font(new Bold(), new FontSize { Val = 16 }, new FontName { Val = "等线" })) { Count = 3 },
        new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFDDE4EE" }) { PatternType = PatternValues.Solid })) { Count = 3 },
        new Borders(
            new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()),
            new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder { Style = BorderStyleValues.Thin }, new DiagonalBorder())) { Count = 2 },
        new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
        new CellFormats(
            new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
            new CellFormat { NumberFormatId = 164, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 165, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 0, FontId = 1, FillId = 2, BorderId = 1, FormatId = 0, ApplyFont = true, ApplyFill = true, ApplyBorder = true },
            new CellFormat { NumberFormatId = 0, FontId = 2, FillId = 0, BorderId = 0, FormatId = 0, ApplyFont = true },
            new CellFormat { NumberFormatId = 0, FontId = 1, FillId = 0, BorderId = 0, FormatId = 0, ApplyFont = true },
            new CellFormat { NumberFormatId = 164, FontId = 1, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true, ApplyFont = true },
            new CellFormat(new Alignment { Horizontal = HorizontalAlignmentValues.Right })
            {
                NumberFormatId = 0, FontId = 1, FillId = 2, BorderId = 1, FormatId = 0, ApplyFont = true, ApplyFill = true, ApplyBorder = true, ApplyAlignment = true,
            }) { Count = 8 });

    /// <summary>One worksheet written as a stream of rows; cells name their column by index from 0. The reconciliation report writes with it too.</summary>
    internal sealed class SheetWriter : IDisposable
    {
        private static readonly DateOnly Epoch = new(1899, 12, 30);
        private readonly OpenXmlWriter _writer;
        private int _row;

        public SheetWriter(WorksheetPart part, IReadOnlyList<double> widths, int frozenRow, string? footer)
        {
            _writer = OpenXmlWriter.Create(part);
            _writer.WriteStartElement(new Worksheet());
            // Printed one page wide, as many pages long as it takes.
            _writer.WriteElement(new SheetProperties(new PageSetupProperties { FitToPage = true }));
            _writer.WriteElement(new SheetViews(new SheetView(
                new Pane { VerticalSplit = frozenRow, TopLeftCell = $"A{frozenRow + 1}", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
                new Selection { Pane = PaneValues.BottomLeft, ActiveCell = $"A{frozenRow + 1}", SequenceOfReferences = new ListValue<StringValue>([$"A{frozenRow + 1}"]) })
            { WorkbookViewId = 0 }));
            var columns = new Columns();
            for (var i = 0; i < widths.Count; i++)
            {
                columns.Append(new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = widths[i], CustomWidth = true });
            }

            _writer.WriteElement(columns);
            _writer.WriteStartElement(new SheetData());
            Footer = footer;
        }

        private string? Footer { get; }

        public void StartRow(int row)
        {
            _row = row;
            _writer.WriteStartElement(new Row { RowIndex = (uint)row });
        }

        public void EndRow() => _writer.WriteEndElement();

        public void Text(int column, string text, uint style)
        {
            if (text.Length == 0 && style == Styles.Text)
            {
                return;
            }

            _writer.WriteElement(new Cell(new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }))
            {
                CellReference = Reference(column), DataType = CellValues.InlineString, StyleIndex = style,
            });
        }

        public void Number(int column, decimal value, uint style) =>
            _writer.WriteElement(new Cell(new CellValue(value.ToString("0.############################", CultureInfo.InvariantCulture))) { CellReference = Reference(column), StyleIndex = style });

        public void Date(int column, DateOnly date) =>
            _writer.WriteElement(new Cell(new CellValue((date.DayNumber - Epoch.DayNumber).ToString(CultureInfo.InvariantCulture)))
            {
                CellReference = Reference(column), StyleIndex = Styles.Date,
            });

        /// <summary>A date and time as the spreadsheet's serial number (days since its epoch), shown as <paramref name="style"/> formats it.</summary>
        public void Time(int column, DateTime time, uint style) =>
            _writer.WriteElement(new Cell(new CellValue(((time - Epoch.ToDateTime(TimeOnly.MinValue)).TotalDays).ToString("0.##########", CultureInfo.InvariantCulture)))
            {
                CellReference = Reference(column), StyleIndex = style,
            });

        /// <summary>A row of texts from the first column on, then numbers in given columns (a column below 0 is left out).</summary>
        public void Row(int row, IReadOnlyList<(string Text, uint Style)> texts, params (int Column, decimal Value, uint Style)[] numbers)
        {
            StartRow(row);
            for (var c = 0; c < texts.Count; c++)
            {
                Text(c, texts[c].Text, texts[c].Style);
            }

            foreach (var (column, value, style) in numbers.Where(n => n.Column >= texts.Count).OrderBy(n => n.Column))
            {
                Number(column, value, style);
            }

            EndRow();
        }

        private string Reference(int column) => ColumnName(column) + _row.ToString(CultureInfo.InvariantCulture);

        private static string ColumnName(int column)
        {
            var name = "";
            for (var n = column + 1; n > 0; n = (n - 1) / 26)
            {
                name = (char)('A' + ((n - 1) % 26)) + name;
            }

            return name;
        }

        public void Dispose()
        {
            _writer.WriteEndElement(); // sheetData
            _writer.WriteElement(new PageMargins { Left = 0.5, Right = 0.5, Top = 0.6, Bottom = 0.6, Header = 0.3, Footer = 0.3 });
            _writer.WriteElement(new PageSetup { PaperSize = 9, Orientation = OrientationValues.Portrait, FitToWidth = 1, FitToHeight = 0 });
            var footer = (Footer is null ? "" : "&L" + Footer.Replace("&", "&&", StringComparison.Ordinal)) + "&R第 &P 页，共 &N 页";
            _writer.WriteElement(new HeaderFooter(new OddFooter(footer)));
            _writer.WriteEndElement(); // worksheet
            _writer.Dispose();
        }
    }
}
