namespace ReconGrpc.Domain.Ledger;

/// <summary>The shape of an ISO 4217 code as rows carry it: three ASCII letters (case is normalised later).</summary>
internal static class IsoCurrency
{
    public static bool IsWellFormed(string currency) =>
        currency.Length == 3 && char.IsAsciiLetter(currency[0]) && char.IsAsciiLetter(currency[1]) && char.IsAsciiLetter(currency[2]);
}
