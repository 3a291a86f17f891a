using System.Globalization;
using System.Text.RegularExpressions;
using ReconGrpc.Adapters.Shared.Tabular;
using ReconGrpc.Adapters.Shared.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Jd;

/// <summary>
/// The reading of one JD file below its header: each data row goes to <see cref="Row"/>, which leaves what it gives
/// in <see cref="Output"/> for the caller to yield and clear; <see cref="End"/> closes the file.
/// </summary>
internal abstract class JdFile(JdHeader header)
{
    protected JdHeader Header { get; } = header;

    /// <summary>What the last row gave, for the caller to yield and clear (no collection per row).</summary>
    public List<ImportRow> Output { get; } = [];

    public abstract void Row(TabularReader reader);

    /// <summary>The file has ended; <paramref name="lastLine"/> is the last line read.</summary>
    public abstract void End(long lastLine);

    /// <summary>A row with fewer cells than a column it needs: the file was cut off there, or the row was.</summary>
    protected bool CutShort(TabularReader reader, int lastNeeded)
    {
        if (reader.FieldCount > lastNeeded)
        {
            return false;
        }

        Output.Add(new RowError(reader.Line, null,
            $"The row has {reader.FieldCount.ToString(CultureInfo.InvariantCulture)} cell(s), but the header has {Header.Width.ToString(CultureInfo.InvariantCulture)} "
            + $"and {Header.Heading(lastNeeded)} is missing: the file may be cut off here, or the row was broken across lines."));
        return true;
    }

    protected RowError BadAmount(long line, int column, TabularReader reader) =>
        new(line, Header.Heading(column), $"'{JdCells.Text(reader[column])}' is not an amount; expected a figure such as 1,234.56 or -13.40.");

    protected RowError BadDate(long line, int column, TabularReader reader) =>
        new(line, Header.Heading(column), $"'{JdCells.Text(reader[column])}' is not a date; expected a date such as 2024-12-30 or 2024-12-30 17:16:02.");

    /// <summary>Joins the pieces of a line's text with " / ", leaving out empty ones and repeats.</summary>
    protected static string? Join(params ReadOnlySpan<string?> pieces)
    {
        string? text = null;
        foreach (var piece in pieces)
        {
            if (piece is null)
            {
                continue;
            }

            if (text is null)
            {
                text = piece;
            }
            else if (!text.Contains(piece, StringComparison.Ordinal))
            {
                text = string.Concat(text, " / ", piece);
            }
        }

        return text;
    }
}

/// <summary>
/// Ids of the lines of a file, made unique where the file's own ids repeat: the second line with the same id gets
/// <c>#2</c>. Only ids of the same group (one order, one second) are remembered, so memory stays bounded.
/// </summary>
internal sealed class LineIds
{
    private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);
    private string? _group;

    public string Unique(string group, string id)
    {
        if (!string.Equals(group, _group, StringComparison.Ordinal))
        {
            _seen.Clear();
            _group = group;
        }

        var count = _seen.TryGetValue(id, out var n) ? n + 1 : 1;
        _seen[id] = count;
        return count == 1 ? id : $"{id}#{count.ToString(CultureInfo.InvariantCulture)}";
    }
}

/// <summary>Rows above the header (the bill's 导出信息, a settlement's 结算单号 and period), searched by label.</summary>
internal sealed partial class JdPreamble
{
    private readonly List<string> _lines = [];

    public void Add(string?[] texts)
    {
        var line = string.Join(",", texts.Where(t => t is not null));
        if (line.Length > 0)
        {
            _lines.Add(ValueParser.HalfWidth(line));
        }
    }

    /// <summary>Whether the text above the header has replacement characters (a GBK file read as UTF-8).</summary>
    public bool SawReplacementCharacter => _lines.Any(l => l.Contains('\uFFFD'));

    /// <summary>The value after a label (<c>京东账号名：jd_…</c>), up to the next comma.</summary>
    public string? Value(params ReadOnlySpan<string> labels)
    {
        foreach (var label in labels)
        {
            foreach (var line in _lines)
            {
                var at = line.IndexOf(label, StringComparison.Ordinal);
                if (at < 0)
                {
                    continue;
                }

                var rest = line.AsSpan(at + label.Length).TrimStart(" :[").ToString();
                var end = rest.IndexOf(',');
                var value = (end >= 0 ? rest[..end] : rest).Trim().Trim('[', ']').Trim();
                if (value.Length > 0)
                {
                    return value;
                }
            }
        }

        return null;
    }

    /// <summary>A period written <c>2024-12-01 至 2024-12-31</c> (or with ~, 到, -) after one of the labels.</summary>
    public (DateOnly? From, DateOnly? To) Period(params ReadOnlySpan<string> labels)
    {
        foreach (var label in labels)
        {
            foreach (var line in _lines)
            {
                var at = line.IndexOf(label, StringComparison.Ordinal);
                if (at < 0)
                {
                    continue;
                }

                var match = PeriodPattern().Match(line, at + label.Length);
                if (match.Success
                    && ValueParser.ParseDateText(match.Groups["from"].Value, null, out var from) == ParseOutcome.Parsed
                    && ValueParser.ParseDateText(match.Groups["to"].Value, null, out var to) == ParseOutcome.Parsed)
                {
                    return (from, to);
                }
            }
        }

        return (null, null);
    }

    /// <summary>The count and amount of a summary line such as <c>支出：16笔(含4笔部分退款)，1648.43元</c>.</summary>
    public (int? Count, decimal? Amount) Summary(string label)
    {
        foreach (var line in _lines)
        {
            if (!line.StartsWith(label, StringComparison.Ordinal))
            {
                continue;
            }

            var match = SummaryPattern().Match(line, label.Length);
            if (!match.Success)
            {
                continue;
            }

            int? count = int.TryParse(match.Groups["count"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : null;
            decimal? amount = ValueParser.ParseAmountText(match.Groups["amount"].Value, out var a) == ParseOutcome.Parsed ? a : null;
            return (count, amount);
        }

        return (null, null);
    }

    /// <summary>A record count such as <c>共：26笔记录</c> or <c>共 26 条</c>.</summary>
    public int? Count()
    {
        foreach (var line in _lines)
        {
            var match = CountPattern().Match(line);
            if (match.Success && int.TryParse(match.Groups["count"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                return count;
            }
        }

        return null;
    }

    [GeneratedRegex(@"\G\s*:?\s*(?<from>\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?)(?:\s+[\d:]+)?\s*(?:至|到|~|-{1,2})\s*(?<to>\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?)")]
    private static partial Regex PeriodPattern();

    [GeneratedRegex(@"\G\s*:?\s*(?<count>\d+)\s*笔[^,]*,\s*(?<amount>[\d,]*\d(?:\.\d+)?)\s*元")]
    private static partial Regex SummaryPattern();

    [GeneratedRegex(@"^\s*共\s*:?\s*(?<count>\d+)\s*(?:笔|条)")]
    private static partial Regex CountPattern();
}
