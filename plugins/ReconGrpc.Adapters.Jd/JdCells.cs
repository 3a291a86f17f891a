using System.Globalization;
using ReconGrpc.Adapters.Shared.Tabular;
using ReconGrpc.Adapters.Shared.Text;

namespace ReconGrpc.Adapters.Jd;

/// <summary>
/// Cell values as JD's exports write them: a tab after timestamps and ids (so Excel keeps them as text), an Excel text
/// mark (<c>="1000345234234223"</c>, <c>'1000…</c>), <c>--</c> for an empty cell, amounts with ¥ or thousands
/// separators, and times after dates.
/// </summary>
internal static class JdCells
{
    /// <summary>A cell as text: trimmed (spaces, tabs), without an Excel text mark; null when empty or a placeholder.</summary>
    public static string? Text(object? value)
    {
        var text = ValueParser.Text(value);
        if (text is null)
        {
            return null;
        }

        if (text.Length >= 3 && text.StartsWith("=\"", StringComparison.Ordinal) && text.EndsWith('"'))
        {
            text = text[2..^1].Trim();
        }
        else if (text.StartsWith('\''))
        {
            text = text[1..].Trim();
        }

        return text.Length == 0 || IsPlaceholder(text) ? null : text;
    }

    /// <summary>The row's cells as text, for header matching, preambles and footers.</summary>
    public static string?[] Texts(TabularReader reader)
    {
        var texts = new string?[reader.FieldCount];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = Text(reader[i]);
        }

        return texts;
    }

    /// <summary>A cell of a column that may be missing (-1) or beyond the row's end.</summary>
    public static string? Text(TabularReader reader, int column) => column < 0 ? null : Text(reader[column]);

    /// <summary>Parses an amount cell; spreadsheet numbers as they are, text with separators, ¥ and 元.</summary>
    public static ParseOutcome Amount(object? value, out decimal amount)
    {
        if (value is string)
        {
            var text = Text(value);
            if (text is null)
            {
                amount = 0m;
                return ParseOutcome.Blank;
            }

            return ValueParser.ParseAmountText(text, out amount);
        }

        return ValueParser.ParseAmount(value, out amount);
    }

    /// <summary>Parses a date cell; a time after the date is dropped. Excel dates and yyyyMMdd numbers are read too.</summary>
    public static ParseOutcome Date(object? value, out DateOnly date)
    {
        switch (value)
        {
            case double d when d is >= 19000101 and <= 99991231 && d == Math.Floor(d):
                return ValueParser.ParseDateText(((long)d).ToString(CultureInfo.InvariantCulture), null, out date);
            case NumericText shown:
                return ValueParser.ParseDateText(shown.Text, null, out date);
            case string:
                var text = Text(value);
                if (text is null)
                {
                    date = default;
                    return ParseOutcome.Blank;
                }

                return ValueParser.ParseDateText(text, null, out date);
            default:
                return ValueParser.ParseDate(value, null, out date);
        }
    }

    /// <summary>
    /// The date and time of a cell as digits (<c>20241230171602</c>), to tell apart lines of one order in ids; the date
    /// alone when the cell has no time.
    /// </summary>
    public static string? Stamp(object? value)
    {
        if (value is DateTime time)
        {
            return time.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        }

        var text = Text(value);
        if (text is null)
        {
            return null;
        }

        Span<char> digits = stackalloc char[Math.Min(text.Length, 32)];
        var n = 0;
        foreach (var c in ValueParser.HalfWidth(text))
        {
            if (char.IsAsciiDigit(c) && n < digits.Length)
            {
                digits[n++] = c;
            }
        }

        return n == 0 ? null : digits[..n].ToString();
    }

    /// <summary>An amount for messages: thousands separators and two decimals.</summary>
    public static string Money(decimal amount) => ValueParser.Format(amount);

    private static bool IsPlaceholder(string text) => text.AsSpan().IndexOfAnyExcept("-—－_") < 0;
}
