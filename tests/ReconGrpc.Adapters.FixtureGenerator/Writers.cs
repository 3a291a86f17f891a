using System.Globalization;
using System.Net;
using System.Text;
using NPOI.HSSF.UserModel;
using NPOI.SS.UserModel;
using NPOI.SS.Util;
using NPOI.XSSF.UserModel;

namespace ReconGrpc.Adapters.FixtureGenerator;

/// <summary>How amounts are written into text files.</summary>
internal enum AmountStyle
{
    /// <summary>23,400.00 — as T3 prints them.</summary>
    Thousands,

    /// <summary>23400.00.</summary>
    Plain,
}

/// <summary>Writes a <see cref="Sheet"/> in the formats Yonyou T3 and spreadsheet users produce.</summary>
internal static class Writers
{
    public static Encoding Gbk { get; } = CodePages();

    public static void Delimited(string path, Sheet sheet, Encoding encoding, bool bom, char delimiter, AmountStyle style, Func<string, string>? pad = null)
    {
        var builder = new StringBuilder();
        foreach (var row in sheet.Grid())
        {
            builder.Append(string.Join(delimiter, row.Select(c => Quote(Text(c?.Value, style, pad), delimiter))));
            builder.Append("\r\n");
        }

        using var file = File.Create(path);
        if (bom)
        {
            file.Write(encoding is UTF8Encoding ? [0xEF, 0xBB, 0xBF] : encoding.GetPreamble());
        }

        file.Write(encoding.GetBytes(builder.ToString()));
    }

    /// <summary>An HTML table saved with an .xls name, as T3's "输出到 Excel" and Excel's "save as web page" write it.</summary>
    public static void Html(string path, Sheet sheet, Encoding encoding, string charset)
    {
        var builder = new StringBuilder();
        builder.Append("<html xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns:x=\"urn:schemas-microsoft-com:office:excel\" xmlns=\"http://www.w3.org/TR/REC-html40\">\r\n");
        builder.Append($"<head>\r\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset={charset}\">\r\n<meta name=ProgId content=Excel.Sheet>\r\n");
        builder.Append("<style>\r\n<!--table {mso-displayed-decimal-separator:\"\\.\";}\r\n.xl24 {mso-number-format:\"\\#\\,\\#\\#0\\.00\";}\r\n.xl25 {color:red; mso-number-format:\"\\#\\,\\#\\#0\\.00\\;\\[Red\\]\\#\\,\\#\\#0\\.00\";}\r\n-->\r\n</style>\r\n</head>\r\n");
        builder.Append($"<body>\r\n<table x:str border=0 cellpadding=0 cellspacing=0 width=760 style='border-collapse:collapse;table-layout:fixed'>\r\n");
        foreach (var row in sheet.Rows)
        {
            builder.Append(" <tr height=19>\r\n");
            foreach (var cell in row)
            {
                var spans = (cell?.ColSpan > 1 ? $" colspan={cell.ColSpan}" : string.Empty) + (cell?.RowSpan > 1 ? $" rowspan={cell.RowSpan}" : string.Empty);
                if (cell?.Value is decimal amount)
                {
                    // Excel keeps the value in x:num; a red-ink figure is displayed red and without its minus sign.
                    var cls = amount < 0 ? "xl25" : "xl24";
                    var shown = Math.Abs(amount).ToString("#,##0.00", CultureInfo.InvariantCulture);
                    builder.Append($"  <td class={cls} align=right{spans} x:num=\"{amount.ToString(CultureInfo.InvariantCulture)}\">{shown}</td>\r\n");
                }
                else
                {
                    var text = cell?.Value is null ? "&nbsp;" : WebUtility.HtmlEncode(Text(cell.Value, AmountStyle.Plain, null));
                    builder.Append($"  <td{spans}>{text}</td>\r\n");
                }
            }

            builder.Append(" </tr>\r\n");
        }

        builder.Append("</table>\r\n</body>\r\n</html>\r\n");
        File.WriteAllBytes(path, encoding.GetBytes(builder.ToString()));
    }

    /// <summary>A real workbook: BIFF8 .xls or .xlsx, with merged cells and red-ink number formats.</summary>
    public static void Workbook(string path, Sheet sheet, bool xlsx, bool numbersAsText = false)
    {
        IWorkbook workbook = xlsx ? new XSSFWorkbook() : new HSSFWorkbook();
        var target = workbook.CreateSheet(sheet.Name);
        var format = workbook.CreateDataFormat();
        var money = workbook.CreateCellStyle();
        money.DataFormat = format.GetFormat("#,##0.00;[Red]#,##0.00");
        var grid = sheet.Grid();
        for (var r = 0; r < grid.Count; r++)
        {
            var row = target.CreateRow(r);
            for (var c = 0; c < grid[r].Length; c++)
            {
                var value = grid[r][c]?.Value;
                if (value is null)
                {
                    continue;
                }

                var cell = row.CreateCell(c);
                switch (value)
                {
                    case decimal amount when !numbersAsText:
                        cell.SetCellValue((double)amount);
                        cell.CellStyle = money;
                        break;
                    case int number when !numbersAsText:
                        cell.SetCellValue(number);
                        break;
                    default:
                        cell.SetCellValue(Text(value, AmountStyle.Thousands, null));
                        break;
                }
            }
        }

        foreach (var (row, column, rowSpan, colSpan) in sheet.Merges())
        {
            target.AddMergedRegion(new CellRangeAddress(row, row + rowSpan - 1, column, column + colSpan - 1));
        }

        using var file = File.Create(path);
        workbook.Write(file);
    }

    private static string Text(object? value, AmountStyle style, Func<string, string>? pad)
    {
        var text = value switch
        {
            null => string.Empty,
            decimal amount => amount.ToString(style == AmountStyle.Thousands ? "#,##0.00" : "0.00", CultureInfo.InvariantCulture),
            int number => number.ToString(CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };
        return pad is null || text.Length == 0 ? text : pad(text);
    }

    private static string Quote(string text, char delimiter) =>
        text.Contains(delimiter) || text.Contains('"') || text.Contains('\n')
            ? "\"" + text.Replace("\"", "\"\"") + "\""
            : text;

    private static Encoding CodePages()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GBK");
    }
}
