using System.Globalization;
using System.Text;
using HtmlAgilityPack;
using ReconGrpc.Adapters.Shared.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Shared.Tabular;

/// <summary>
/// A number cell of an HTML table whose displayed text may differ from its value: Excel's web pages carry the value
/// in <c>x:num</c>, and a negative shown in red may be displayed without its minus sign.
/// </summary>
internal sealed record NumericText(string Text, decimal Value)
{
    public override string ToString() => Text;
}

/// <summary>
/// The largest table of an HTML page, laid out as a grid: a cell spanning rows or columns leaves empty cells where
/// it spans, as a merged cell does in a workbook, so columns line up under two-row headers. The page is parsed
/// whole (such exports are small), up to <see cref="TabularOptions.MaxHtmlBytes"/>.
/// </summary>
internal sealed class HtmlTableReader : TabularReader
{
    private readonly List<object?[]> _rows;
    private int _index = -1;

    private HtmlTableReader(List<object?[]> rows, string description)
    {
        _rows = rows;
        Description = description;
    }

    public override string Description { get; }

    public override long Line => _index + 1;

    public override int FieldCount => _rows[_index].Length;

    public override object? this[int index] => index < _rows[_index].Length ? _rows[_index][index] : null;

    public static async Task<TabularReader> OpenAsync(ReadOnlyMemory<byte> head, bool headIsWholeFile, Stream rest, TabularOptions options, CancellationToken cancellationToken)
    {
        var detected = TextEncodings.Detect(head.Span, options.EncodingHint, headIsWholeFile);
        using var buffer = new MemoryStream();
        await buffer.WriteAsync(head, cancellationToken).ConfigureAwait(false);
        var chunk = new byte[81920];
        int n;
        while ((n = await rest.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + n > options.MaxHtmlBytes)
            {
                throw new ImportException(
                    $"The HTML export is larger than {options.MaxHtmlBytes / (1024 * 1024)} MB; open it in Excel, save it as XLSX or CSV and import that.");
            }

            await buffer.WriteAsync(chunk.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
        }

        string html;
        try
        {
            html = detected.Encoding.GetString(buffer.GetBuffer(), detected.PreambleLength, (int)buffer.Length - detected.PreambleLength);
        }
        catch (DecoderFallbackException e)
        {
            throw new ImportException(
                $"The HTML export is not valid {detected.DisplayName} text; name its encoding with the 'encoding' option (gbk, utf-8).", null, e);
        }

        var document = new HtmlDocument();
        document.LoadHtml(html);
        var table = document.DocumentNode.Descendants("table")
            .OrderByDescending(t => t.Descendants("tr").Count())
            .FirstOrDefault();
        if (table is null)
        {
            throw new ImportException("The file is an HTML page without a table; it is not a spreadsheet export.");
        }

        return new HtmlTableReader(Grid(table), $"HTML table saved as a spreadsheet, {detected.DisplayName}");
    }

    public override ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_index + 1 >= _rows.Count)
        {
            return ValueTask.FromResult(false);
        }

        _index++;
        return ValueTask.FromResult(true);
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static List<object?[]> Grid(HtmlNode table)
    {
        var rows = new List<object?[]>();

        // Columns covered by a cell from a row above, and how many more rows it covers.
        var covered = new Dictionary<int, int>();
        foreach (var tr in table.Descendants("tr").Where(tr => tr.Ancestors("table").First() == table))
        {
            var cells = new List<object?>();
            var placed = new Dictionary<int, int>();
            foreach (var td in tr.ChildNodes.Where(c => c.Name is "td" or "th"))
            {
                while (covered.ContainsKey(cells.Count))
                {
                    cells.Add(null);
                }

                var column = cells.Count;
                var colSpan = Span(td, "colspan");
                var rowSpan = Span(td, "rowspan");
                cells.Add(Value(td));
                for (var extra = 1; extra < colSpan; extra++)
                {
                    cells.Add(null);
                }

                for (var c = column; rowSpan > 1 && c < column + colSpan; c++)
                {
                    placed[c] = rowSpan - 1;
                }
            }

            while (covered.Count > 0 && cells.Count <= covered.Keys.Max())
            {
                cells.Add(null);
            }

            rows.Add([.. cells]);
            foreach (var column in covered.Keys.ToList())
            {
                if (--covered[column] == 0)
                {
                    covered.Remove(column);
                }
            }

            foreach (var (column, left) in placed)
            {
                covered[column] = left;
            }
        }

        return rows;
    }

    private static int Span(HtmlNode cell, string attribute) =>
        int.TryParse(cell.GetAttributeValue(attribute, "1"), NumberStyles.None, CultureInfo.InvariantCulture, out var span) && span is > 0 and < 1000 ? span : 1;

    private static object? Value(HtmlNode cell)
    {
        var builder = new StringBuilder();
        AppendText(cell, builder);
        var text = ValueParser.Clean(builder.ToString());
        var number = cell.GetAttributeValue("x:num", null!);
        if (number is not null
            && decimal.TryParse(number.Length == 0 ? text : number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return new NumericText(text, value);
        }

        return text.Length == 0 ? null : text;
    }

    private static void AppendText(HtmlNode node, StringBuilder builder)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child.NodeType)
            {
                case HtmlNodeType.Text:
                    builder.Append(HtmlEntity.DeEntitize(((HtmlTextNode)child).Text).Replace('\u00A0', ' '));
                    break;
                case HtmlNodeType.Element when child.Name == "br":
                    builder.Append(' ');
                    break;
                case HtmlNodeType.Element when child.Name is not ("style" or "script"):
                    AppendText(child, builder);
                    break;
            }
        }
    }
}
