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

        // The common case, "1,234.56" or "-13.40", read digit by digit; odd forms (full-width digits, ¥, 元, red-ink
        // parentheses, more than 19 digits) fall through to the general parser.
        return TryParsePlain(span, out amount) ? ParseOutcome.Parsed : ValueParser.ParseAmountText(span.ToString(), out amount);
    }

    /// <summary>
    /// An optional sign, digits with thousands separators only between groups of three, an optional decimal point:
    /// "1,234.56", "+500", "-13.40". False for anything else, including a misplaced separator ("1,2345.00").
    /// </summary>
    private static bool TryParsePlain(ReadOnlySpan<char> text, out decimal amount)
    {
        amount = 0m;
        var i = 0;
        var negative = false;
        if (text[0] is '+' or '-')
        {
            negative = text[0] == '-';
            i = 1;
        }

        ulong mantissa = 0;
        int digits = 0, scale = -1, leading = 0, group = -1;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            var digit = c - '0';
            if ((uint)digit <= 9)
            {
                if (++digits > 19)
                {
                    return false;
                }

                mantissa = (mantissa * 10) + (uint)digit;
                if (scale >= 0)
                {
                    scale++;
                }
                else if (group >= 0)
                {
                    group++;
                }
                else
                {
                    leading++;
                }
            }
            else if (c == ',')
            {
                if (scale >= 0 || (group >= 0 ? group != 3 : leading is 0 or > 3))
                {
                    return false;
                }

                group = 0;
            }
            else if (c == '.' && scale < 0 && group is -1 or 3)
            {
                scale = 0;
            }
            else
            {
                return false;
            }
        }

        if (digits == 0 || (scale < 0 && group is >= 0 and not 3))
        {
            return false;
        }

        amount = new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), 0, negative, (byte)Math.Max(scale, 0));
        return true;
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
}
