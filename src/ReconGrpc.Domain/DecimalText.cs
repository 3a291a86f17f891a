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

    /// <summary>The text as a string, e.g. an amount in a message with at least two places: <c>ToText(-5m, 2)</c> is "-5.00".</summary>
    public static string ToText(decimal value, int minDecimals)
    {
        Span<byte> text = stackalloc byte[MaxLength];
        return System.Text.Encoding.ASCII.GetString(text[..Format(value, text, minDecimals)]);
    }
}
