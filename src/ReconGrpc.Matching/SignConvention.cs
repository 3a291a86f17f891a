namespace ReconGrpc.Matching;

/// <summary>
/// Whose sign convention an amount follows. The values mirror the plugin SDK's <c>AmountConvention</c> so a
/// statement line's convention maps one to one.
/// </summary>
public enum SignConvention
{
    /// <summary>
    /// Our receivable ledger (应收账款): debit minus credit, so a sale raises the amount the customer owes us
    /// (positive) and a receipt, return or credit note lowers it (negative). The engine matches in this one.
    /// </summary>
    OurLedger = 1,

    /// <summary>
    /// The counterparty's own books, the mirror of ours: a customer's payable ledger (应付账款) as debit minus
    /// credit in <em>its</em> books. Its 贷方 (our invoice booked as its payable) is our 借方, its 借方 (its
    /// payment to us) is our receipt.
    /// </summary>
    CounterpartyLedger = 2,

    /// <summary>
    /// Money movement on our account, as a bank statement or payment-platform bill shows it: positive is money
    /// received by us (收入, a bank credit), which is our receipt, negative is money paid out (支出).
    /// </summary>
    CashFlow = 3,
}

/// <summary>
/// Turns amounts between a source's sign convention and ours. Pure functions: the engine compares both sides in
/// <see cref="SignConvention.OurLedger"/>; reports show the amount both ways.
/// </summary>
public static class SignConversion
{
    /// <summary>Converts a signed amount given in <paramref name="convention"/> into our ledger's convention.</summary>
    /// <param name="convention">The convention the amount is written in.</param>
    /// <param name="amount">The amount as the source signs it.</param>
    /// <returns>The amount as our receivable ledger carries it: positive raises what the customer owes us.</returns>
    public static decimal ToOurs(SignConvention convention, decimal amount) => convention switch
    {
        SignConvention.OurLedger => amount,
        // A customer's 贷方 and money received on our account both carry the opposite sign of ours.
        SignConvention.CounterpartyLedger or SignConvention.CashFlow => -amount,
        _ => throw new ArgumentOutOfRangeException(nameof(convention), convention, "Unknown sign convention."),
    };

    /// <summary>
    /// Converts a line given as its issuer's 借方 (debit) and 贷方 (credit) columns into our signed amount.
    /// </summary>
    /// <param name="convention">Whose columns they are.</param>
    /// <param name="debit">借方 as printed by the issuer (zero when blank).</param>
    /// <param name="credit">贷方 as printed by the issuer (zero when blank).</param>
    /// <returns>The amount as our receivable ledger carries it.</returns>
    /// <remarks>
    /// Our ledger: debit − credit. A customer's payable ledger: its credit (our invoice) − its debit (its payment).
    /// A bank statement of our account: the bank's credit column is money in, our receipt, so debit − credit.
    /// </remarks>
    public static decimal ToOurs(SignConvention convention, decimal debit, decimal credit) => convention switch
    {
        SignConvention.OurLedger => debit - credit,
        SignConvention.CounterpartyLedger => credit - debit,
        SignConvention.CashFlow => debit - credit,
        _ => throw new ArgumentOutOfRangeException(nameof(convention), convention, "Unknown sign convention."),
    };

    /// <summary>Converts an amount in our convention back into <paramref name="convention"/>, for reports.</summary>
    /// <param name="convention">The convention to show the amount in.</param>
    /// <param name="ours">The amount in our ledger's convention.</param>
    /// <returns>The amount as the source would sign it; <c>ToOurs(c, FromOurs(c, x)) == x</c>.</returns>
    public static decimal FromOurs(SignConvention convention, decimal ours) => ToOurs(convention, ours);
}
