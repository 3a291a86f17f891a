using System.Globalization;

namespace ReconGrpc.Domain;

/// <summary>
/// A decimal's fixed-point text with at least a given number of places: its shortest form (which keeps the scale)
/// with trailing zeros dropped down to that minimum, or padded up to it. This is the text of the custom format
/// <c>0.0#…</c> / <c>0.00#…</c> with enough places for the scale, written without parsing a format for every value:
/// storage and the wire write millions of amounts.
/// </summary>
public static class DecimalText
{
    /// <summary>Room that any decimal's text needs, padding included.</summary>
    public const int MaxLength = 48;

    /// <summary>Writes the text as ASCII into <paramref name="text"/> (<see cref="MaxLength"/> bytes); returns its length.</summary>
    public static int Format(decimal value, Span<byte> text, int minDecimals)
    {
        if (!value.TryFormat(text, out var written, default, CultureInfo.InvariantCulture))
        {
            throw new ArgumentException($"{MaxLength} bytes are needed for a decimal's text.", nameof(text));
        }

        var point = text[..written].IndexOf((byte)'.');
        if (point < 0)
        {
            point = written;
            text[written++] = (byte)'.';
        }

        while (written - point - 1 > minDecimals && text[written - 1] == (byte)'0')
        {
            written--;
        }

        while (written - point - 1 < minDecimals)
        {
            text[written++] = (byte)'0';
        }

        return written;
    }

    /// <summary>The most significant digits a decimal holds exactly in every case (it holds 28, and some of 29).</summary>
    public const int MaxSignificantDigits = 28;

    /// <summary>
    /// Reads a number written the wire way: an optional leading '-', digits, and optionally a '.' followed by digits
    /// ("1234.50", "-0.01", "0"). Nothing else is a number: no '+' (a sign is only written to say "negative"), no
    /// exponent, no separators, no spaces, no bare "5." or ".5". A number with more significant digits than a decimal
    /// holds is refused, never rounded: rounded, "1.000…0001" with thirty decimals would become 1 and pass every check
    /// of decimals that comes after. Trailing zeros after the point are no digits of value ("1.50000" is 1.5).
    /// </summary>
    public static DecimalTextOutcome TryParse(ReadOnlySpan<char> text, out decimal value)
    {
        value = 0m;
        var i = text.Length > 0 && text[0] == '-' ? 1 : 0;
        var wholeStart = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        var whole = text[wholeStart..i];
        var fraction = ReadOnlySpan<char>.Empty;
        if (i < text.Length && text[i] == '.')
        {
            var fractionStart = ++i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            fraction = text[fractionStart..i];
            if (fraction.IsEmpty)
            {
                return DecimalTextOutcome.Malformed;
            }
        }

        if (i != text.Length || whole.IsEmpty)
        {
            return DecimalTextOutcome.Malformed;
        }

        // The digits that carry value: the whole part without leading zeros, the fraction without trailing ones; and
        // where the whole part is zero, the fraction's leading zeros are scale, not digits.
        whole = whole.TrimStart('0');
        fraction = fraction.TrimEnd('0');
        var significant = whole.IsEmpty ? fraction.TrimStart('0').Length : whole.Length + fraction.Length;
        if (significant > MaxSignificantDigits || fraction.Length > MaxSignificantDigits)
        {
            return DecimalTextOutcome.TooManyDigits;
        }

        const NumberStyles Style = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;
        return decimal.TryParse(text, Style, CultureInfo.InvariantCulture, out value) ? DecimalTextOutcome.Parsed : DecimalTextOutcome.TooManyDigits;
    }

    /// <summary>The text as a string, e.g. an amount in a message with at least two places: <c>ToText(-5m, 2)</c> is "-5.00".</summary>
    public static string ToText(decimal value, int minDecimals)
    {
        Span<byte> text = stackalloc byte[MaxLength];
        return System.Text.Encoding.ASCII.GetString(text[..Format(value, text, minDecimals)]);
    }
}

/// <summary>What <see cref="DecimalText.TryParse"/> made of a text.</summary>
public enum DecimalTextOutcome
{
    Parsed,
    /// <summary>Not an optional '-', digits and an optional '.' with digits.</summary>
    Malformed,
    /// <summary>A number, but with more digits than a decimal holds exactly: reading it would round it.</summary>
    TooManyDigits,
}
