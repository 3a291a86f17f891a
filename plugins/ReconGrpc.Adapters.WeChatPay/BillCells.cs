using System.Globalization;
using ReconGrpc.Adapters.Shared.Tabular;
using ReconGrpc.Adapters.Shared.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.WeChatPay;

/// <summary>
/// Cells as WeChat Pay writes them: the merchant downloads prefix every cell with a backtick (so spreadsheets keep
/// long order numbers as text), the personal bill writes <c>/</c> for an empty cell, <c>¥28.16</c> for an amount and
/// pads ids with a tab.
/// </summary>
internal static class BillCells
{
    /// <summary>A cell as trimmed text without its backtick; null when empty.</summary>
    public static string? Text(object? value)
    {
        var text = ValueParser.Text(value);
        if (text is null || text[0] != '`')
        {
            return text;
        }

        text = text[1..].Trim();
        return text.Length == 0 ? null : text;
    }

    /// <summary>A cell as text, with the personal bill's <c>/</c> placeholder read as empty.</summary>
    public static string? Slash(object? value) => Text(value) is { } text && text != "/" ? text : null;

    /// <summary>The current row's cells as text without backticks.</summary>
    public static string?[] Texts(TabularReader reader)
    {
        var texts = new string?[reader.FieldCount];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = Text(reader[i]);
        }

        return texts;
    }

    /// <summary>An amount: text (backticked, with ¥) or a workbook number.</summary>
    public static ParseOutcome Amount(object? value, out decimal amount)
    {
        if (value is string)
        {
            var text = Text(value);
            if (text is null or "/")
            {
                amount = 0;
                return ParseOutcome.Blank;
            }

            return ValueParser.ParseAmountText(text, out amount);
        }

        return ValueParser.ParseAmount(value, out amount);
    }

    /// <summary>A date from a date-and-time cell (2024-03-05 12:45:27, backticked or a workbook date).</summary>
    public static ParseOutcome Date(object? value, out DateOnly date) =>
        value is string ? ValueParser.ParseDateText(Text(value) ?? string.Empty, null, out date) : ValueParser.ParseDate(value, null, out date);

    /// <summary>A count (笔数).</summary>
    public static int? Count(object? value) =>
        Amount(value, out var figure) == ParseOutcome.Parsed && figure >= 0 && figure == decimal.Truncate(figure) && figure <= int.MaxValue ? (int)figure : null;

    /// <summary>Formats an amount for messages, keeping the fee columns' five decimals where they are used.</summary>
    public static string Format(decimal amount) => amount.ToString("#,##0.00###", CultureInfo.InvariantCulture);

    /// <summary>Text parts joined by " / ", leaving out empty parts and parts already said.</summary>
    public static string? Join(params ReadOnlySpan<string?> parts)
    {
        string? text = null;
        foreach (var part in parts)
        {
            if (part is null || (text is not null && text.Contains(part, StringComparison.Ordinal)))
            {
                continue;
            }

            text = text is null ? part : string.Concat(text, " / ", part);
        }

        return text;
    }

    public static string? Labelled(string label, string? value) => value is null ? null : $"{label} {value}";

    public static RowError BadAmount(long line, string heading, object? value) =>
        new(line, heading, $"'{Text(value)}' is not an amount; expected a figure such as 28.16, ¥28.16 or 0.05940.");

    public static RowError BadDate(long line, string heading, object? value) => Text(value) is { } shown
        ? new RowError(line, heading, $"'{shown}' is not a date; expected a time such as 2024-03-05 12:45:27.")
        : new RowError(line, heading, "The row has no date.");
}

/// <summary>A header row: which column holds which heading, matched by normalised heading.</summary>
internal sealed class BillColumns
{
    private readonly Dictionary<string, int> _byKey = new(StringComparer.Ordinal);
    private readonly string?[] _headings;

    public BillColumns(string?[] headings)
    {
        _headings = headings;
        for (var i = 0; i < headings.Length; i++)
        {
            var key = Key(headings[i]);
            if (key.Length > 0)
            {
                _byKey.TryAdd(key, i);
            }
        }
    }

    /// <summary>How many headings the header has (its last non-empty cell).</summary>
    public int Width => Array.FindLastIndex(_headings, h => h is not null) + 1;

    public static string Key(string? heading) => ValueParser.HeaderKey(heading);

    public bool Has(string heading) => _byKey.ContainsKey(Key(heading));

    /// <summary>The column of the first of the headings present, or -1.</summary>
    public int Find(params ReadOnlySpan<string> headings)
    {
        foreach (var heading in headings)
        {
            if (_byKey.TryGetValue(Key(heading), out var index))
            {
                return index;
            }
        }

        return -1;
    }

    /// <summary>The heading of a column as the file writes it.</summary>
    public string Heading(int index) => index >= 0 && index < _headings.Length ? _headings[index] ?? string.Empty : string.Empty;
}
