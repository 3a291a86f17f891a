namespace ReconGrpc.Plugins.Abstractions;

/// <summary>
/// Whose sign convention a statement line's amount follows. Statements are kept as their issuer wrote them;
/// the convention says how to turn an amount into ours (<see cref="StatementLineRecord.ToOurLedgerAmount"/>).
/// </summary>
/// <remarks>The numeric values are part of the contract and never change.</remarks>
public enum AmountConvention
{
    /// <summary>
    /// Our receivable ledger's convention: positive raises what the customer owes us (the debit side of our
    /// 应收账款), negative lowers it.
    /// </summary>
    OurLedger = 1,

    /// <summary>
    /// The counterparty's own books, the mirror of ours — for example a customer's 应付账款 / 供应商往来明细账:
    /// debit minus credit in <em>its</em> ledger. Its credit (贷方, our invoice booked as its payable) is negative,
    /// its debit (借方, its payment to us) positive.
    /// </summary>
    CounterpartyLedger = 2,

    /// <summary>
    /// Money movement on our account, as a bank statement or payment-platform bill shows it: positive is money
    /// received by us (收入), negative money paid out (支出).
    /// </summary>
    CashFlow = 3,
}
