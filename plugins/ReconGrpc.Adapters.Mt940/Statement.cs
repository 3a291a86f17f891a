namespace ReconGrpc.Adapters.Mt940;

/// <summary>What is known so far of one statement (<c>:20:</c> to <c>:62F:</c> and what follows it).</summary>
internal sealed class Statement
{
    public required long StartLine { get; init; }

    /// <summary>The <c>:20:</c> transaction reference.</summary>
    public string? Reference { get; set; }

    /// <summary>The <c>:25:</c> account as written (<c>NL77INGB0574908765EUR</c>, <c>50880050/0194787400888</c>).</summary>
    public string? RawAccount { get; set; }

    /// <summary>The <c>:28C:</c> statement number and sequence (<c>00004/00001</c>).</summary>
    public string? Number { get; set; }

    public Balance? Opening { get; set; }

    public Balance? Closing { get; set; }

    public long? ClosingLine { get; set; }

    public bool Closed { get; set; }

    public int? DeclaredCount { get; set; }

    public decimal? DeclaredDebits { get; set; }

    public decimal? DeclaredCredits { get; set; }

    public bool MissingOpeningReported { get; set; }

    /// <summary>True once the account option has been checked against the statement.</summary>
    public bool Checked { get; set; }

    /// <summary>True when the account option names another account: nothing of the statement is yielded.</summary>
    public bool Skipped { get; set; }

    /// <summary>
    /// The account: <c>:25:</c> without the currency some banks append (<c>NL77INGB0574908765EUR</c> is
    /// NL77INGB0574908765 in EUR).
    /// </summary>
    public string? Account
    {
        get
        {
            var raw = RawAccount;
            var currency = Opening?.Currency ?? Closing?.Currency;
            if (raw is null || currency is null || raw.Length <= 3 || !raw.EndsWith(currency, StringComparison.OrdinalIgnoreCase))
            {
                return raw;
            }

            var rest = raw.AsSpan(0, raw.Length - 3).TrimEnd();
            return rest.Length > 0 && (char.IsAsciiDigit(rest[^1]) || raw[^4] == ' ' || rest[^1] == '/') ? rest.TrimEnd('/').ToString() : raw;
        }
    }

    /// <summary>The statement as messages name it: its :20: reference and :28C: number, else where it begins.</summary>
    public string Name =>
        (Reference, Number) switch
        {
            ({ } reference, { } number) => $"'{reference}' ({number})",
            ({ } reference, null) => $"'{reference}'",
            (null, { } number) => $"({number})",
            _ => $"on line {StartLine}",
        };
}
