using System.Globalization;
using ReconGrpc.Adapters.Shared.Text;

namespace ReconGrpc.Adapters.ChineseBanks;

/// <summary>
/// Cell values as bank downloads write them, read from spans on the per-row path: cells padded with spaces and a
/// tab (ICBC), dashes for empty cells (<c>-</c>, <c>--</c>, BOC's <c>-------------------</c>), amounts with
/// thousands separators, a <c>+</c> or <c>-</c> sign, an Excel text mark (<c>'</c>, <c>="…"</c>) and masked figures
/// (<c>xx,yyyy.zz</c>, <c>***</c>).
/// </summary>
internal static class BankCells
{
    private const NumberStyles PlainAmount = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands;

    /// <summary>True when the trimmed cell is empty or only dashes (a placeholder for "nothing").</summary>
    public static bool IsPlaceholder(ReadOnlySpan<char> trimmed) =>
        trimmed.IsEmpty || trimmed.IndexOfAnyExcept("-—－_") < 0;

    /// <summary>A cell as text: trimmed (spaces, tabs, full-width spaces), null when empty or a placeholder.</summary>
    public static string? Text(object? value)
    {
        if (value is string s)
        {
            var span = s.AsSpan().Trim();
            if (IsPlaceholder(span))
            {
                return null;
            }

            span = StripTextMark(span);
            return span.Length == s.Length ? s : span.ToString();
        }

        return ValueParser.Text(value);
    }

    /// <summary>Parses an amount; a masked figure (<c>xx,yyyy.zz</c>) is blank with <paramref name="masked"/> set.</summary>
    public static ParseOutcome Amount(object? value, out decimal amount, out bool masked)
    {
        masked = false;
        if (value is not string s)
        {
            return ValueParser.ParseAmount(value, out amount);
        }

        var span = StripTextMark(s.AsSpan().Trim());
        if (IsPlaceholder(span))
        {
            amount = 0m;
            return ParseOutcome.Blank;
        }

        if (span.IndexOfAny("xX*") >= 0)
        {
            masked = true;
            amount = 0m;
            return ParseOutcome.Blank;
        }

        // The common case, "1,234.56" or "-13.40", without the general parser's cleaning; odd forms (full-width
        // digits, ¥, 元, red-ink parentheses) fall through to it.
        if (span.Length <= 28 && decimal.TryParse(span, PlainAmount, CultureInfo.InvariantCulture, out amount))
        {
            return span.Contains(',') && !GroupsAreWellPlaced(span) ? Invalid(out amount) : ParseOutcome.Parsed;
        }

        return ValueParser.ParseAmountText(span.ToString(), out amount);
    }

    /// <summary>Maps 人民币, 人民币元, RMB, 美元 … to an ISO code; null when blank, <paramref name="unknown"/> when not a currency.</summary>
    public static string? Currency(string? text, out bool unknown)
    {
        unknown = false;
        if (text is null)
        {
            return null;
        }

        var cleaned = ValueParser.HalfWidth(text).Trim();
        var bracket = cleaned.IndexOf('(');
        if (bracket > 0)
        {
            cleaned = cleaned[..bracket].Trim();
        }

        if (cleaned.Length > 1 && cleaned.EndsWith('元') && cleaned is not ("美元" or "港元" or "欧元" or "日元" or "澳元" or "加元" or "新加坡元"))
        {
            cleaned = cleaned[..^1];
        }

        var code = cleaned switch
        {
            "澳元" or "澳大利亚元" => "AUD",
            "加元" or "加拿大元" => "CAD",
            "新加坡元" => "SGD",
            "瑞士法郎" => "CHF",
            _ => ValueParser.CurrencyCode(cleaned),
        };
        unknown = code is null;
        return code;
    }

    /// <summary>
    /// Splits a cell holding a counterparty's name and account ("北京住房公积金管理中心1111111111", "张三 66666666666666",
    /// "6217000010001234567/张三"): an account is a run of at least six digits (masked with <c>*</c> allowed) at either end.
    /// </summary>
    public static (string? Name, string? Account) SplitCounterparty(string? text)
    {
        if (text is null)
        {
            return (null, null);
        }

        var end = text.Length;
        var start = end;
        while (start > 0 && IsAccountChar(text[start - 1]))
        {
            start--;
        }

        if (CountDigits(text.AsSpan(start, end - start)) >= 6)
        {
            return (Clean(text[..start]), text[start..end]);
        }

        var lead = 0;
        while (lead < text.Length && IsAccountChar(text[lead]))
        {
            lead++;
        }

        if (CountDigits(text.AsSpan(0, lead)) >= 6)
        {
            return (Clean(text[lead..]), text[..lead]);
        }

        return (text, null);

        static string? Clean(string part)
        {
            var trimmed = part.AsSpan().Trim().Trim("/|,;:：、-").Trim();
            return trimmed.IsEmpty ? null : trimmed.ToString();
        }

        static bool IsAccountChar(char c) => char.IsAsciiDigit(c) || c == '*';

        static int CountDigits(ReadOnlySpan<char> span)
        {
            var count = 0;
            foreach (var c in span)
            {
                if (char.IsAsciiDigit(c))
                {
                    count++;
                }
            }

            return count;
        }
    }

    /// <summary>Drops the marks spreadsheets use to keep a number as text: a leading <c>'</c> or backtick, or <c>="…"</c>.</summary>
    private static ReadOnlySpan<char> StripTextMark(ReadOnlySpan<char> span)
    {
        if (span.Length > 3 && span[0] == '=' && span[1] == '"' && span[^1] == '"')
        {
            return span[2..^1].Trim();
        }

        if (span.Length > 1 && span[0] is '\'' or '`')
        {
            return span[1..].Trim();
        }

        return span;
    }

    /// <summary>Thousands separators only between groups of three digits, so "1,2345.00" is not read as 12,345.00.</summary>
    private static bool GroupsAreWellPlaced(ReadOnlySpan<char> text)
    {
        var point = text.IndexOf('.');
        var whole = point >= 0 ? text[..point] : text;
        var digitsBeforeFirst = 0;
        var sinceSeparator = -1;
        foreach (var c in whole)
        {
            if (char.IsAsciiDigit(c))
            {
                if (sinceSeparator >= 0)
                {
                    sinceSeparator++;
                }
                else
                {
                    digitsBeforeFirst++;
                }
            }
            else if (c == ',')
            {
                if (sinceSeparator is >= 0 and not 3 || digitsBeforeFirst is 0 or > 3)
                {
                    return false;
                }

                sinceSeparator = 0;
            }
        }

        return sinceSeparator is -1 or 3;
    }

    private static ParseOutcome Invalid(out decimal amount)
    {
        amount = 0m;
        return ParseOutcome.Invalid;
    }
}
