namespace ReconGrpc.Domain.Ledger;

/// <summary>The shape of an ISO 4217 code as rows carry it: three ASCII letters (case is normalised later).</summary>
internal static class IsoCurrency
{
    // ISO 4217 minor units of the currencies that do not have two (CNY, USD, EUR and most others have two).
    private static readonly Dictionary<string, int> UnusualMinorUnits = new(StringComparer.OrdinalIgnoreCase)
    {
        ["JPY"] = 0, ["KRW"] = 0, ["VND"] = 0, ["CLP"] = 0, ["ISK"] = 0, ["UGX"] = 0, ["PYG"] = 0, ["XAF"] = 0, ["XOF"] = 0,
        ["BHD"] = 3, ["KWD"] = 3, ["OMR"] = 3, ["JOD"] = 3, ["TND"] = 3, ["LYD"] = 3, ["IQD"] = 3,
    };

    public static bool IsWellFormed(string currency) =>
        currency.Length == 3 && char.IsAsciiLetter(currency[0]) && char.IsAsciiLetter(currency[1]) && char.IsAsciiLetter(currency[2]);

    /// <summary>How many decimals an amount in the currency has: 2 (分 for CNY) unless ISO 4217 says otherwise.</summary>
    public static int MinorUnits(string currency) => UnusualMinorUnits.GetValueOrDefault(currency, 2);

    /// <summary>
    /// Why <paramref name="amount"/> cannot be an amount of <paramref name="currency"/>, or null. A figure with more
    /// decimals than the currency has (12.345 CNY) is a typo or another notation (12.345 for 12,345), not a booking.
    /// </summary>
    public static string? ScaleProblem(decimal amount, string currency)
    {
        var units = MinorUnits(currency);
        return decimal.Round(amount, units) == amount
            ? null
            : $"Amount {amount} has more decimals than {currency.ToUpperInvariant()} has ({units}); check the figure (12.345 may be 12,345 written with a dot) or round it.";
    }
}
