namespace ReconGrpc.Adapters.Mt940;

/// <summary>The value forms of MT940: YYMMDD dates, MMDD entry dates, comma amounts, balances.</summary>
internal static class Mt940Values
{
    /// <summary>Reads a YYMMDD date; years 80–99 are 1980–1999, 00–79 are 2000–2079.</summary>
    public static bool TryDate(ReadOnlySpan<char> text, out DateOnly date)
    {
        date = default;
        if (text.Length < 6 || !TwoDigits(text, 0, out var yy) || !TwoDigits(text, 2, out var mm) || !TwoDigits(text, 4, out var dd))
        {
            return false;
        }

        return TryMake(yy >= 80 ? 1900 + yy : 2000 + yy, mm, dd, out date);
    }

    /// <summary>
    /// Reads an MMDD entry (booking) date next to its value date. The year is the value date's, unless the months
    /// lie more than half a year apart: then the entry falls in the year before (entry 1231, value 0102) or after
    /// (entry 0102, value 1231) — a booking and its value date never lie half a year apart.
    /// </summary>
    public static bool TryEntryDate(ReadOnlySpan<char> mmdd, DateOnly valueDate, out DateOnly date)
    {
        date = default;
        if (!TwoDigits(mmdd, 0, out var mm) || !TwoDigits(mmdd, 2, out var dd))
        {
            return false;
        }

        var year = valueDate.Year;
        if (mm - valueDate.Month > 6)
        {
            year--;
        }
        else if (valueDate.Month - mm > 6)
        {
            year++;
        }

        return TryMake(year, mm, dd, out date);
    }

    /// <summary>
    /// Reads an MT940 amount: digits with one decimal comma, decimals optional (<c>15000,</c>, <c>12,5</c>).
    /// </summary>
    /// <returns>Null when it reads; otherwise what is wrong with it.</returns>
    public static string? TryAmount(ReadOnlySpan<char> text, out decimal amount)
    {
        amount = 0;
        if (text.IsEmpty)
        {
            return "no amount";
        }

        if (text.Length > 20)
        {
            return $"amount '{text}' is longer than MT940's 15 characters";
        }

        var comma = -1;
        decimal whole = 0;
        decimal fraction = 0;
        decimal scale = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == ',')
            {
                if (comma >= 0)
                {
                    return $"amount '{text}' has two decimal commas";
                }

                comma = i;
            }
            else if (char.IsAsciiDigit(c))
            {
                if (comma < 0)
                {
                    whole = (whole * 10) + (c - '0');
                }
                else
                {
                    scale /= 10;
                    fraction += (c - '0') * scale;
                }
            }
            else if (c == '.')
            {
                return $"amount '{text}' has a decimal point; MT940 writes amounts with a decimal comma ({text.ToString().Replace('.', ',')})";
            }
            else
            {
                return $"amount '{text}' holds '{c}'; expected digits with a decimal comma";
            }
        }

        if (comma < 0)
        {
            return $"amount '{text}' has no decimal comma; MT940 amounts always carry one ({text},00 or {text},)";
        }

        if (comma == 0)
        {
            return $"amount '{text}' has no digits before its decimal comma";
        }

        amount = whole + fraction;
        return null;
    }

    /// <summary>Reads a balance, <c>C070903EUR766656,49</c>: mark C or D, YYMMDD, currency, amount. D is a debit balance (negative).</summary>
    /// <returns>Null when it reads; otherwise what is wrong with it.</returns>
    public static string? TryBalance(ReadOnlySpan<char> text, out Balance balance)
    {
        balance = default;
        text = text.Trim();
        if (text.IsEmpty || text[0] is not ('C' or 'D'))
        {
            return $"expected the mark C or D, a date YYMMDD, a currency and an amount (C240131EUR1234,56); found '{text}'";
        }

        if (!TryDate(text[1..], out var date))
        {
            return $"expected a date YYMMDD after the mark; found '{text[1..Math.Min(text.Length, 7)]}'";
        }

        if (text.Length < 10 || !char.IsAsciiLetter(text[7]) || !char.IsAsciiLetter(text[8]) || !char.IsAsciiLetter(text[9]))
        {
            return $"expected a three-letter currency after the date; found '{text[7..Math.Min(text.Length, 10)]}'";
        }

        if (TryAmount(text[10..], out var amount) is { } problem)
        {
            return problem;
        }

        balance = new Balance(date, text.Slice(7, 3).ToString().ToUpperInvariant(), text[0] == 'D' ? -amount : amount);
        return null;
    }

    private static bool TwoDigits(ReadOnlySpan<char> text, int at, out int value)
    {
        value = 0;
        if (text.Length < at + 2 || !char.IsAsciiDigit(text[at]) || !char.IsAsciiDigit(text[at + 1]))
        {
            return false;
        }

        value = ((text[at] - '0') * 10) + (text[at + 1] - '0');
        return true;
    }

    private static bool TryMake(int year, int month, int day, out DateOnly date)
    {
        date = default;
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }
}

/// <summary>A balance: its date, currency and signed amount (a debit balance negative).</summary>
internal readonly record struct Balance(DateOnly Date, string Currency, decimal Amount);
