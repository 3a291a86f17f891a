using System.Globalization;

namespace ReconGrpc.Adapters.Ofx;

/// <summary>OFX's amounts and dates.</summary>
internal static class OfxValues
{
    /// <summary>
    /// An OFX amount: an optional sign, digits and at most one decimal separator, a point or (as some banks write
    /// it) a comma: <c>-34.51</c>, <c>-34,51</c>, <c>+5</c>, <c>.5</c>. Thousands separators are not OFX and are refused.
    /// </summary>
    public static bool TryAmount(ReadOnlySpan<char> text, out decimal amount)
    {
        amount = 0;
        text = text.Trim();
        if (text.Length is 0 or > 40)
        {
            return false;
        }

        var comma = text.IndexOf(',');
        if (comma >= 0)
        {
            if (text.Contains('.') || text[(comma + 1)..].Contains(','))
            {
                return false;
            }

            Span<char> copy = stackalloc char[text.Length];
            text.CopyTo(copy);
            copy[comma] = '.';
            return decimal.TryParse(copy, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount);
        }

        return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount);
    }

    /// <summary>
    /// An OFX date-time, <c>YYYYMMDD[HHMM[SS[.XXX]]][[±HH[.MM]][:TZ]]</c>, read as the calendar date written in it.
    /// The zone in brackets says where that local time is; it is checked, never applied: a bank books a line on
    /// the day its own statement shows, so 23:30 EST on 1 January is 1 January, not 2 January in UTC.
    /// </summary>
    public static bool TryDate(ReadOnlySpan<char> text, out DateOnly date)
    {
        date = default;
        text = text.Trim();
        if (text.Length < 8 || !AllDigits(text[..8]))
        {
            return false;
        }

        var year = Number(text[..4]);
        var month = Number(text.Slice(4, 2));
        var day = Number(text.Slice(6, 2));
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        var rest = text[8..];
        var digits = CountDigits(rest);
        if (digits is not (0 or 4 or 6))
        {
            return false;
        }

        if (digits > 0 && !ValidTime(rest[..digits]))
        {
            return false;
        }

        rest = rest[digits..];
        if (rest.Length > 0 && rest[0] == '.')
        {
            var fraction = CountDigits(rest[1..]);
            if (fraction == 0 || digits != 6)
            {
                return false;
            }

            rest = rest[(1 + fraction)..];
        }

        if (rest.Length > 0 && !ValidZone(rest))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    /// <summary><c>[-5:EST]</c>, <c>[+8]</c>, <c>[+5.30:IST]</c>, <c>[0:GMT]</c>.</summary>
    private static bool ValidZone(ReadOnlySpan<char> zone)
    {
        if (zone.Length < 3 || zone[0] != '[' || zone[^1] != ']')
        {
            return false;
        }

        zone = zone[1..^1];
        var colon = zone.IndexOf(':');
        var offset = colon < 0 ? zone : zone[..colon];
        if (offset.Length > 0 && offset[0] is '+' or '-')
        {
            offset = offset[1..];
        }

        var dot = offset.IndexOf('.');
        var hours = dot < 0 ? offset : offset[..dot];
        if (hours.Length is 0 or > 2 || !AllDigits(hours) || Number(hours) > 14)
        {
            return false;
        }

        if (dot >= 0 && (offset.Length - dot - 1 is 0 or > 2 || !AllDigits(offset[(dot + 1)..])))
        {
            return false;
        }

        if (colon >= 0)
        {
            var name = zone[(colon + 1)..];
            foreach (var c in name)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '/' or '+' or '-'))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool ValidTime(ReadOnlySpan<char> time) =>
        Number(time[..2]) <= 23 && Number(time.Slice(2, 2)) <= 59 && (time.Length == 4 || Number(time.Slice(4, 2)) <= 60);

    private static int CountDigits(ReadOnlySpan<char> text)
    {
        var n = text.IndexOfAnyExceptInRange('0', '9');
        return n < 0 ? text.Length : n;
    }

    private static bool AllDigits(ReadOnlySpan<char> text) => text.IndexOfAnyExceptInRange('0', '9') < 0;

    private static int Number(ReadOnlySpan<char> digits)
    {
        var n = 0;
        foreach (var c in digits)
        {
            n = (n * 10) + (c - '0');
        }

        return n;
    }
}
