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

    // ISO 4217 codes in use (and a few recently withdrawn that old books still hold: HRK, SLL, ANG), without the
    // codes for testing and for no currency (XTS, XXX).
    private static readonly HashSet<string> KnownCodes = new(StringComparer.Ordinal)
    {
        "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BHD", "BIF", "BMD", "BND",
        "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHE", "CHF", "CHW", "CLF", "CLP", "CNY", "COP", "COU",
        "CRC", "CUC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS",
        "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HRK", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD",
        "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL",
        "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR",
        "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG",
        "SEK", "SGD", "SHP", "SLE", "SLL", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY",
        "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "USN", "UYI", "UYU", "UYW", "UZS", "VED", "VES", "VND", "VUV", "WST", "XAF", "XAG",
        "XAU", "XBA", "XBB", "XBC", "XBD", "XCD", "XCG", "XDR", "XOF", "XPD", "XPF", "XPT", "XSU", "XUA", "YER", "ZAR", "ZMW", "ZWG",
        "ZWL",
    };

    /// <summary>Whether <paramref name="code"/> (upper case) is an ISO 4217 currency code.</summary>
    public static bool IsKnown(string code) => KnownCodes.Contains(code);

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
