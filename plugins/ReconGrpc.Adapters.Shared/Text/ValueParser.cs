using System.Globalization;
using System.Text;

namespace ReconGrpc.Adapters.Shared.Text;

/// <summary>The outcome of parsing one cell.</summary>
internal enum ParseOutcome
{
    /// <summary>The cell is empty (or holds only a placeholder such as "-").</summary>
    Blank,

    /// <summary>The cell held a value of the expected type.</summary>
    Parsed,

    /// <summary>The cell holds something that is not a value of the expected type.</summary>
    Invalid,
}

/// <summary>
/// Reads cell values the way Chinese exports write them: space-padded, full-width digits (２０２４), amounts with
/// thousands separators, currency marks (¥, 元) and red ink as a minus or parentheses, dates as 2024-01-05,
/// 2024/1/5, 2024.01.05, 2024年1月5日, 20240105 or an Excel date. Text from CSV arrives as strings; spreadsheet
/// cells may arrive as numbers and dates.
/// </summary>
internal static class ValueParser
{
    private const NumberStyles AmountStyles = NumberStyles.Number | NumberStyles.AllowParentheses;

    /// <summary>Trims a value, including full-width and no-break spaces; null becomes empty.</summary>
    public static string Clean(string? value) => value is null ? string.Empty : value.Trim();

    /// <summary>A cell as text for names and codes: trimmed, numbers without exponent or trailing zeros, null when empty.</summary>
    public static string? Text(object? value)
    {
        var text = value switch
        {
            null => null,
            string s => Clean(s),
            double d => d.ToString("0.############", CultureInfo.InvariantCulture),
            decimal m => m.ToString(CultureInfo.InvariantCulture),
            DateTime t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture).Trim(),
            _ => value.ToString()?.Trim(),
        };
        return string.IsNullOrEmpty(text) ? null : text;
    }

    /// <summary>Full-width ASCII (Ｕ+FF01–FF5E) to ASCII, the ideographic space to a space and the minus sign to a hyphen.</summary>
    public static string HalfWidth(string value)
    {
        // Most cells (Chinese text included) hold none of these: they are returned as they are.
        if (value.AsSpan().IndexOfAny(FullWidth) < 0)
        {
            return value;
        }

        return string.Create(value.Length, value, static (halfWidth, value) =>
        {
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                halfWidth[i] = c switch
                {
                    >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                    '\u3000' => ' ',
                    '\u2212' or '\u2012' or '\u2013' => '-',
                    '\uFFE5' => '¥',
                    _ => c,
                };
            }
        });
    }

    private static readonly System.Buffers.SearchValues<char> FullWidth = System.Buffers.SearchValues.Create(
        string.Concat(Enumerable.Range(0xFF01, 0xFF5E - 0xFF01 + 1).Select(c => (char)c)) + "\u3000\u2212\u2012\u2013\uFFE5");

    /// <summary>Normalises a column heading for matching: half-width, no spaces, lower case, no unit in brackets, no required-mark.</summary>
    public static string HeaderKey(string? heading)
    {
        var text = HalfWidth(Clean(heading));
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && c != '*')
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        var key = builder.ToString();

        // A unit or remark in brackets at the end ("信用额度(元)") does not change what the column holds.
        if (key.EndsWith(')') && key.LastIndexOf('(') is > 0 and var open)
        {
            key = key[..open];
        }

        return key.TrimEnd(':');
    }

    /// <summary>Parses an amount.</summary>
    public static ParseOutcome ParseAmount(object? value, out decimal amount)
    {
        amount = 0m;
        switch (value)
        {
            case null:
                return ParseOutcome.Blank;
            case double d:
                if (double.IsNaN(d) || double.IsInfinity(d) || Math.Abs(d) > 7.9e27)
                {
                    return ParseOutcome.Invalid;
                }

                // Spreadsheets hold binary doubles; 15 significant digits recover the decimal the user typed.
                amount = Math.Round((decimal)d, 6);
                return ParseOutcome.Parsed;
            case decimal m:
                amount = m;
                return ParseOutcome.Parsed;
            case Tabular.NumericText shown:
                amount = shown.Value;
                return ParseOutcome.Parsed;
            case int i:
                amount = i;
                return ParseOutcome.Parsed;
            case long l:
                amount = l;
                return ParseOutcome.Parsed;
            case string s:
                return ParseAmountText(s, out amount);
            default:
                return ParseOutcome.Invalid;
        }
    }

    /// <summary>Parses an amount written as text.</summary>
    public static ParseOutcome ParseAmountText(string text, out decimal amount)
    {
        var span = text.AsSpan().Trim();
        if (span.IsEmpty || span is "-" or "--" or "—" or "——")
        {
            amount = 0m;
            return ParseOutcome.Blank;
        }

        if (decimal.TryParse(span, AmountStyles, CultureInfo.InvariantCulture, out amount))
        {
            return GroupsAreWellPlaced(span) && IsExact(span) ? ParseOutcome.Parsed : Invalid(out amount);
        }

        var builder = new StringBuilder(span.Length);
        foreach (var c in HalfWidth(span.ToString()))
        {
            if (!char.IsWhiteSpace(c) && c is not ('¥' or '元' or '$'))
            {
                builder.Append(c);
            }
        }

        var cleaned = builder.ToString();
        foreach (var mark in (ReadOnlySpan<string>)["人民币", "RMB", "CNY"])
        {
            cleaned = cleaned.Replace(mark, string.Empty, StringComparison.OrdinalIgnoreCase);
        }

        if (cleaned.Length > 0 && decimal.TryParse(cleaned, AmountStyles, CultureInfo.InvariantCulture, out amount))
        {
            return GroupsAreWellPlaced(cleaned) && IsExact(cleaned) ? ParseOutcome.Parsed : Invalid(out amount);
        }

        return Invalid(out amount);
    }

    /// <summary>
    /// Whether the figure has no more significant digits than a decimal holds (28). .NET rounds the rest away, so a
    /// cell of 1.000…0001 with thirty decimals would be read as 1 and pass the server's check of decimals.
    /// </summary>
    private static bool IsExact(ReadOnlySpan<char> text)
    {
        const int MaxSignificantDigits = 28;
        var point = text.IndexOf('.');
        var whole = point >= 0 ? text[..point] : text;
        var fraction = point >= 0 ? text[(point + 1)..] : [];
        var wholeDigits = 0;
        var leading = true;
        foreach (var c in whole)
        {
            if (char.IsAsciiDigit(c) && !(leading && c == '0'))
            {
                leading = false;
                wholeDigits++;
            }
        }

        var fractionDigits = fraction.IndexOfAnyExceptInRange('0', '9') is var end and >= 0 ? fraction[..end] : fraction;
        fractionDigits = fractionDigits.TrimEnd('0');
        var significant = wholeDigits > 0 ? wholeDigits + fractionDigits.Length : fractionDigits.TrimStart('0').Length;
        return significant <= MaxSignificantDigits && fractionDigits.Length <= MaxSignificantDigits;
    }

    private static ParseOutcome Invalid(out decimal amount)
    {
        amount = 0m;
        return ParseOutcome.Invalid;
    }

    /// <summary>
    /// Whether thousands separators, if any, stand between groups of three digits. .NET accepts them anywhere, so
    /// "1,2345.00" would read as 12,345.00: a mistyped figure taken for another.
    /// </summary>
    private static bool GroupsAreWellPlaced(ReadOnlySpan<char> text)
    {
        var point = text.IndexOf('.');
        var whole = point >= 0 ? text[..point] : text;
        if (!whole.Contains(','))
        {
            return true;
        }

        var digitsSinceSeparator = -1;
        var digitsBeforeFirst = 0;
        foreach (var c in whole)
        {
            if (char.IsAsciiDigit(c))
            {
                if (digitsSinceSeparator >= 0)
                {
                    digitsSinceSeparator++;
                }
                else
                {
                    digitsBeforeFirst++;
                }
            }
            else if (c == ',')
            {
                if (digitsSinceSeparator is >= 0 and not 3 || digitsBeforeFirst is 0 or > 3)
                {
                    return false;
                }

                digitsSinceSeparator = 0;
            }
        }

        return digitsSinceSeparator == 3;
    }

    /// <summary>Parses a date; a month and day without a year take <paramref name="defaultYear"/> when given.</summary>
    public static ParseOutcome ParseDate(object? value, int? defaultYear, out DateOnly date)
    {
        date = default;
        switch (value)
        {
            case null:
                return ParseOutcome.Blank;
            case DateTime t:
                date = DateOnly.FromDateTime(t);
                return ParseOutcome.Parsed;
            case DateOnly d:
                date = d;
                return ParseOutcome.Parsed;
            case double serial when serial is >= 1 and < 2958466:
                date = DateOnly.FromDateTime(DateTime.FromOADate(serial));
                return ParseOutcome.Parsed;
            case string s:
                return ParseDateText(s, defaultYear, out date);
            default:
                return ParseOutcome.Invalid;
        }
    }

    /// <summary>
    /// yyyy-MM-dd, by far the commonest form in exports, read digit by digit: the general parser costs more than the
    /// rest of a row's cleansing together.
    /// </summary>
    private static bool TryParseIsoDate(string text, out DateOnly date)
    {
        date = default;
        if (text.Length != 10 || text[4] != '-' || text[7] != '-')
        {
            return false;
        }

        int Digits(int start, int count)
        {
            var value = 0;
            for (var i = start; i < start + count; i++)
            {
                var digit = text[i] - '0';
                if ((uint)digit > 9)
                {
                    return -1;
                }

                value = value * 10 + digit;
            }

            return value;
        }

        int year = Digits(0, 4), month = Digits(5, 2), day = Digits(8, 2);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>Parses a date written as text.</summary>
    public static ParseOutcome ParseDateText(string text, int? defaultYear, out DateOnly date)
    {
        date = default;
        var cleaned = HalfWidth(Clean(text));
        if (cleaned.Length == 0)
        {
            return ParseOutcome.Blank;
        }

        if (TryParseIsoDate(cleaned, out date))
        {
            return ParseOutcome.Parsed;
        }

        // A time of day after the date ("2024-01-05 00:00:00", "2024-01-05T08:00") is not part of an accounting date.
        var cut = cleaned.IndexOfAny([' ', 'T']);
        if (cut > 0)
        {
            cleaned = cleaned[..cut];
        }

        Span<int> parts = stackalloc int[3];
        Span<int> lengths = stackalloc int[3];
        var count = 0;
        var inNumber = false;
        foreach (var c in cleaned)
        {
            if (char.IsAsciiDigit(c))
            {
                if (!inNumber)
                {
                    if (count == 3)
                    {
                        return ParseOutcome.Invalid;
                    }

                    parts[count] = 0;
                    lengths[count] = 0;
                    count++;
                    inNumber = true;
                }

                if (lengths[count - 1] == 8)
                {
                    return ParseOutcome.Invalid;
                }

                parts[count - 1] = (parts[count - 1] * 10) + (c - '0');
                lengths[count - 1]++;
            }
            else if (c is '-' or '/' or '.' or '年' or '月' or '日' or '号')
            {
                inNumber = false;
            }
            else
            {
                return ParseOutcome.Invalid;
            }
        }

        int year, month, day;
        if (count == 1 && lengths[0] == 8)
        {
            year = parts[0] / 10000;
            month = parts[0] / 100 % 100;
            day = parts[0] % 100;
        }
        else if (count == 3 && lengths[0] == 4 && lengths[1] <= 2 && lengths[2] <= 2)
        {
            (year, month, day) = (parts[0], parts[1], parts[2]);
        }
        else if (count == 2 && defaultYear is { } y && lengths[0] <= 2 && lengths[1] <= 2)
        {
            (year, month, day) = (y, parts[0], parts[1]);
        }
        else
        {
            return ParseOutcome.Invalid;
        }

        return TryMake(year, month, day, out date) ? ParseOutcome.Parsed : ParseOutcome.Invalid;
    }

    /// <summary>Parses a whole number (days, counts); "30天" is 30.</summary>
    public static ParseOutcome ParseInteger(object? value, out int number)
    {
        number = 0;
        switch (value)
        {
            case null:
                return ParseOutcome.Blank;
            case double d when d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue:
                number = (int)d;
                return ParseOutcome.Parsed;
            case string s:
                var cleaned = HalfWidth(Clean(s)).TrimEnd('天', '日');
                if (cleaned.Length == 0)
                {
                    return ParseOutcome.Blank;
                }

                return int.TryParse(cleaned, NumberStyles.AllowLeadingSign | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out number)
                    ? ParseOutcome.Parsed
                    : ParseOutcome.Invalid;
            default:
                return ParseOutcome.Invalid;
        }
    }

    /// <summary>Maps a currency as Chinese exports name it (人民币, 美元 …) to its ISO code; unknown names stay null.</summary>
    public static string? CurrencyCode(string? value)
    {
        var text = HalfWidth(Clean(value));
        if (text.Length == 0)
        {
            return null;
        }

        return text.ToUpperInvariant() switch
        {
            "人民币" or "RMB" or "CNY" or "¥" or "本位币" => "CNY",
            "美元" or "USD" or "$" => "USD",
            "港币" or "港元" or "HKD" => "HKD",
            "欧元" or "EUR" => "EUR",
            "日元" or "JPY" => "JPY",
            "英镑" or "GBP" => "GBP",
            var code when code.Length == 3 && code.All(char.IsAsciiLetterUpper) => code,
            _ => null,
        };
    }

    /// <summary>Formats an amount for messages: thousands separators and two decimals, as accountants read them.</summary>
    public static string Format(decimal amount) => amount.ToString("#,##0.00", CultureInfo.InvariantCulture);

    private static bool TryMake(int year, int month, int day, out DateOnly date)
    {
        date = default;
        if (year is < 1900 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }
}
