using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using ReconGrpc.Domain;
using V1 = ReconGrpc.Contracts.V1;

namespace ReconGrpc.Server.Mapping;

public static class CommonMapping
{
    public static Timestamp ToProto(this DateTimeOffset value) => Timestamp.FromDateTimeOffset(value);

    public static Timestamp? ToProto(this DateTimeOffset? value) => value is { } v ? Timestamp.FromDateTimeOffset(v) : null;

    public static DateTimeOffset? ToDomain(this Timestamp? value) => value?.ToDateTimeOffset();

    /// <summary>
    /// Writes a decimal the wire way: invariant culture, no exponent, no thousands separators, at least two
    /// decimals and no trailing zeros beyond them, so every database gives the same text (50000.05, 0.13, 12.00).
    /// </summary>
    public static V1.DecimalValue ToProto(this decimal value) => new() { Value = ToWireText(value) };

    /// <summary>
    /// The text of <c>value.ToString("0.00##########")</c>. A result streams millions of amounts, and parsing that
    /// custom format for each cost more than the rest of an item's mapping: the shortest form is trimmed or padded
    /// to two decimals instead, and only an amount with more than twelve decimals (rounded by the format) takes
    /// the format's own path.
    /// </summary>
    public static string ToWireText(decimal value)
    {
        const int MinDecimals = 2;
        const int MaxDecimals = 12;
        if (value.Scale > MaxDecimals)
        {
            return value.ToString("0.00##########", CultureInfo.InvariantCulture);
        }

        Span<byte> text = stackalloc byte[DecimalText.MaxLength];
        return System.Text.Encoding.ASCII.GetString(text[..DecimalText.Format(value, text, MinDecimals)]);
    }

    public static V1.DecimalValue? ToProto(this decimal? value) => value is { } v ? v.ToProto() : null;

    /// <summary>
    /// Reads an optional decimal exactly (<see cref="DecimalText.TryParse"/>); a malformed one, or one that could only
    /// be read rounded, is refused naming the field. Whether the number suits the field (its range, its decimals) is
    /// the domain's to say.
    /// </summary>
    public static decimal? ToDomain(this V1.DecimalValue? value, string field)
    {
        if (value is null || value.Value.Length == 0)
        {
            return null;
        }

        return DecimalText.TryParse(value.Value, out var parsed) switch
        {
            DecimalTextOutcome.Parsed => parsed,
            DecimalTextOutcome.TooManyDigits => throw RuleViolation.Invalid("decimal.digits",
                $"{field} has more than {DecimalText.MaxSignificantDigits} significant digits and would have to be rounded; " +
                $"an amount has at most {Amounts.MaxDecimals} decimals (as many as its currency has) and stays within {Amounts.RangeText}."),
            _ => throw RuleViolation.Invalid("decimal.format",
                $"{field} '{InputText.Echo(value.Value)}' is not a decimal number; write digits with an optional '-' and '.', e.g. 1234.50."),
        };
    }

    public static V1.Date ToProto(this DateOnly date) => new() { Year = date.Year, Month = date.Month, Day = date.Day };

    public static V1.Date? ToProto(this DateOnly? date) => date is { } d ? d.ToProto() : null;

    /// <summary>Reads an optional date; an impossible one is refused naming the field.</summary>
    public static DateOnly? ToDomain(this V1.Date? date, string field)
    {
        if (date is null || (date.Year == 0 && date.Month == 0 && date.Day == 0))
        {
            return null;
        }

        try
        {
            return new DateOnly(date.Year, date.Month, date.Day);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw RuleViolation.Invalid("date.invalid", $"{field} {date.Year:0000}-{date.Month:00}-{date.Day:00} is not a calendar date.");
        }
    }

    public static DateOnly Required(this DateOnly? date, string field) =>
        date ?? throw RuleViolation.Invalid("date.required", $"{field} is required.");
}
