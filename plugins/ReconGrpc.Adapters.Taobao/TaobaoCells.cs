using System.Globalization;
using ReconGrpc.Adapters.Shared.Tabular;
using ReconGrpc.Adapters.Shared.Text;

namespace ReconGrpc.Adapters.Taobao;

/// <summary>
/// Cells as the seller center writes them, and as Excel leaves them: order numbers wrapped as <c>="123…"</c> or led by
/// a tab or an apostrophe so that Excel keeps all nineteen digits, and the damage done when it did not (1.23457E+18).
/// </summary>
internal static class TaobaoCells
{
    /// <summary>The largest whole number a spreadsheet's double holds exactly (2^53).</summary>
    private const double ExactDoubleLimit = 9007199254740992d;

    /// <summary>Drops the marks that keep a number as text (<c>="…"</c>, a leading <c>'</c>, backtick or tab) and trims; null when blank.</summary>
    public static string? StripTextMark(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var span = text.AsSpan().Trim();
        if (span.Length >= 3 && span[0] == '=' && span[1] == '"' && span[^1] == '"')
        {
            span = span[2..^1].Trim();
        }
        else if (span.Length >= 1 && span[0] is '\'' or '`')
        {
            span = span[1..].Trim();
        }

        return span.IsEmpty ? null : span.Length == text.Length ? text : span.ToString();
    }

    /// <summary>A cell as trimmed text without text marks; null when empty.</summary>
    public static string? Text(object? value) => value is string s ? StripTextMark(s) : ValueParser.Text(value);

    public static ParseOutcome Amount(object? value, out decimal amount) =>
        value is string s
            ? StripTextMark(s) is { } text ? ValueParser.ParseAmountText(text, out amount) : Blank(out amount)
            : ValueParser.ParseAmount(value, out amount);

    public static ParseOutcome Date(object? value, out DateOnly date) =>
        value is string s
            ? StripTextMark(s) is { } text ? ValueParser.ParseDateText(text, null, out date) : Blank(out date)
            : value is NumericText shown ? ValueParser.ParseDateText(shown.Text, null, out date) : ValueParser.ParseDate(value, null, out date);

    /// <summary>
    /// An order number. A number cell or text in exponent form means Excel took it for a number: beyond 2^53 its last
    /// digits are gone, and a lost digit would match another order, so it is refused with <paramref name="problem"/>.
    /// </summary>
    public static string? OrderNumber(object? value, out string? problem)
    {
        problem = null;
        switch (value)
        {
            case double d:
                if (d != Math.Floor(d) || d < 0 || d >= ExactDoubleLimit)
                {
                    problem = $"The order number was stored as a number ({d.ToString("0.#####E+0", CultureInfo.InvariantCulture)}) and has lost its last digits; "
                              + "export the 订单报表 again and open it without letting Excel convert the 订单编号 column (or import the CSV as downloaded).";
                    return null;
                }

                return ((long)d).ToString(CultureInfo.InvariantCulture);
            default:
                var text = Text(value);
                if (text is not null && LooksLikeExponent(text))
                {
                    problem = $"The order number '{text}' was turned into a number by Excel and has lost its last digits; "
                              + "export the 订单报表 again and import the CSV as downloaded, without opening and saving it in Excel.";
                    return null;
                }

                return text;
        }
    }

    private static bool LooksLikeExponent(string text)
    {
        var e = text.IndexOfAny(['E', 'e']);
        return e > 0 && e < text.Length - 1
                     && text[..e].All(c => char.IsAsciiDigit(c) || c == '.')
                     && text[(e + 1)..].TrimStart('+').All(char.IsAsciiDigit);
    }

    private static ParseOutcome Blank<T>(out T value)
    {
        value = default!;
        return ParseOutcome.Blank;
    }
}
