namespace ReconGrpc.Domain;

/// <summary>
/// The one range of money the server holds, whatever brings it in (a posting, an import row, a credit limit, a
/// balance a caller states): at most ±900,000,000,000 with at most four decimals. It is the matching engine's range
/// (it adds amounts as whole ten-thousandths in 64 bits, a thousand at a time) and fits the storage columns,
/// decimal(19,4), with room to spare. Sums stay exact: a decimal holds 7.9×10^28, so a balance would need some
/// 10^17 entries of the largest size to overflow.
/// </summary>
public static class Amounts
{
    /// <summary>The largest magnitude of one amount.</summary>
    public const decimal MaxAbs = 900_000_000_000m;

    /// <summary>The most decimals storage keeps (decimal(19,4)); a currency may allow fewer.</summary>
    public const int MaxDecimals = 4;

    /// <summary>The range as the messages and documents write it.</summary>
    public const string RangeText = "±900,000,000,000";

    public static bool IsInRange(decimal value) => value is >= -MaxAbs and <= MaxAbs;

    /// <summary>Why <paramref name="value"/> cannot be held as <paramref name="what"/> (e.g. "Amount"), or null.</summary>
    public static string? Problem(decimal value, string what)
    {
        if (!IsInRange(value))
        {
            return $"{what} {Short(value)} is beyond {RangeText}, the range of any amount; check the figure.";
        }

        return decimal.Round(value, MaxDecimals) == value
            ? null
            : $"{what} {Short(value)} has more than {MaxDecimals} decimals, the most any amount keeps; round it.";
    }

    /// <summary>Refuses a value outside the range (or finer than storage keeps) as INVALID_ARGUMENT under <paramref name="rule"/>.</summary>
    public static void Check(decimal value, string rule, string what)
    {
        if (Problem(value, what) is { } problem)
        {
            throw RuleViolation.Invalid(rule, problem);
        }
    }

    /// <summary>Adds to a running total, refusing (rather than crashing) where a decimal could not hold the sum.</summary>
    /// <remarks>
    /// Amounts within the range cannot get there; rows stored before the range was enforced can. A total that does
    /// not fit is a state of the data, not a fault of the server.
    /// </remarks>
    public static decimal Add(decimal total, decimal amount)
    {
        try
        {
            return total + amount;
        }
        catch (OverflowException)
        {
            throw RuleViolation.FailedPrecondition("amount.sum_overflow",
                $"A total of these amounts exceeds what can be computed exactly; an amount beyond {RangeText} is stored: find and reverse it.");
        }
    }

    // A figure in a message: its first digits only, so a value of any length never makes a message long.
    private static string Short(decimal value)
    {
        var text = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return text.Length <= 40 ? text : text[..40] + "…";
    }
}
