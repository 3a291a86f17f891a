namespace ReconGrpc.Plugins.Abstractions;

/// <summary>
/// 对账单明细 — one line of what the other side says: a customer's own statement or ledger, a bank statement,
/// a payment-platform bill.
/// </summary>
/// <remarks>
/// The amount is kept in its issuer's own sign convention, named by <see cref="Convention"/>, so the statement can
/// be shown as its issuer wrote it; <see cref="ToOurLedgerAmount"/> gives the amount as our ledger would carry it.
/// </remarks>
public sealed record StatementLineRecord : ImportRecord
{
    /// <summary>Creates a statement line record.</summary>
    /// <param name="date">The date the issuer gives the line (booking or value date).</param>
    /// <param name="amount">The signed amount in the issuer's convention.</param>
    /// <param name="convention">Whose sign convention <paramref name="amount"/> follows.</param>
    /// <exception cref="ArgumentOutOfRangeException">The convention is not defined.</exception>
    public StatementLineRecord(DateOnly date, decimal amount, AmountConvention convention)
    {
        Date = date;
        Amount = amount;
        Convention = Guard.Defined(convention, nameof(convention));
    }

    /// <summary>The date the issuer gives the line.</summary>
    public DateOnly Date { get; }

    /// <summary>The signed amount in the issuer's convention (<see cref="Convention"/>), in <see cref="Currency"/>.</summary>
    public decimal Amount { get; }

    /// <summary>Whose sign convention <see cref="Amount"/>, <see cref="Debit"/>, <see cref="Credit"/> and <see cref="Balance"/> follow.</summary>
    public AmountConvention Convention { get; }

    /// <summary>
    /// What the line is, named as our ledger would name it (the issuer's purchase invoice is our
    /// <see cref="Abstractions.DocumentType.SalesInvoice"/>), or <see langword="null"/> when the source does not say.
    /// <see cref="Abstractions.DocumentType.OpeningBalance"/> marks the balance the statement starts from.
    /// </summary>
    public DocumentType? DocumentType
    {
        get;
        init => field = value is { } type ? Guard.Defined(type, nameof(DocumentType)) : null;
    }

    /// <summary>
    /// The party the line is with, by the issuer's code for it: the payer or payee on a bank line; on a customer's
    /// own ledger, the code it keeps for us (its 供应商编码).
    /// </summary>
    public string? CounterpartyCode { get; init => field = Guard.Optional(value); }

    /// <summary>The name of the party the line is with (对方户名 on a bank line).</summary>
    public string? CounterpartyName { get; init => field = Guard.Optional(value); }

    /// <summary>
    /// 统一社会信用代码 — the unified social credit code of the party the line is with, when the source gives one
    /// (SDK 1.1). The host finds the customer by <see cref="CounterpartyCode"/>, then by this, then by
    /// <see cref="CounterpartyName"/>, and rejects a line whose code and credit code belong to two different
    /// customers. Pass it as the text stands; the host trims and upper-cases it.
    /// </summary>
    public string? CounterpartyCreditCode { get; init => field = Guard.Optional(value); }

    /// <summary>The account of the party the line is with (对方账号 on a bank line).</summary>
    public string? CounterpartyAccount { get; init => field = Guard.Optional(value); }

    /// <summary>
    /// 本方账号 — the account of ours the line is on (an IBAN, a bank account or card number), when the file says
    /// (SDK 1.3). A bank file may hold statements of several accounts; each line names its own.
    /// </summary>
    public string? Account { get; init => field = Guard.Optional(value); }

    /// <summary>单据号 / 票号 — the business document's number (invoice number, order number).</summary>
    public string? DocumentNumber { get; init => field = Guard.Optional(value); }

    /// <summary>凭证号 / 流水号 — the issuer's own voucher or transaction number.</summary>
    public string? VoucherNumber { get; init => field = Guard.Optional(value); }

    /// <summary>A reference shared with us (payment reference, contract number).</summary>
    public string? Reference { get; init => field = Guard.Optional(value); }

    /// <summary>摘要 / 附言 — the line's text.</summary>
    public string? Text { get; init => field = Guard.Optional(value); }

    /// <summary>币种 — the ISO 4217 currency code; <see langword="null"/> means the base currency.</summary>
    public string? Currency { get; init => field = Guard.Currency(value, nameof(Currency)); }

    /// <summary>借方 — the debit figure exactly as the issuer gave it, if it gave one.</summary>
    public decimal? Debit { get; init; }

    /// <summary>贷方 — the credit figure exactly as the issuer gave it, if it gave one.</summary>
    public decimal? Credit { get; init; }

    /// <summary>余额 — the issuer's running balance after this line, signed in the issuer's convention, if given.</summary>
    public decimal? Balance { get; init; }

    /// <summary>
    /// What a platform bill's line is for (SDK 1.4): a sale, a refund, a fee, a payout to our bank; <see langword="null"/>
    /// when the source does not say (a customer's statement, a bank file). A <see cref="LinePurpose.Fee"/> or
    /// <see cref="LinePurpose.Payout"/> line is nobody's: the host does not give it the statement's customer.
    /// </summary>
    public LinePurpose? Purpose
    {
        get;
        init => field = value is { } purpose ? Guard.Defined(purpose, nameof(Purpose)) : null;
    }

    /// <summary>
    /// 结算单号 / 批次号 / payout id — the settlement this line was paid out in (SDK 1.4): a platform that pays many
    /// orders, refunds and fees to the bank as one sum names it on each of them. On a <see cref="LinePurpose.Payout"/>
    /// line, the payout's own id when the file gives one.
    /// </summary>
    public string? SettlementId { get; init => field = Guard.Optional(value); }

    /// <inheritdoc />
    public override RecordKind Kind => RecordKind.StatementLines;

    /// <summary>
    /// The amount as our receivable ledger would carry it (positive raises what the customer owes us): the
    /// counterparty's ledger and money received on our account both carry the opposite sign of ours.
    /// </summary>
    /// <returns>The amount in the <see cref="AmountConvention.OurLedger"/> convention.</returns>
    public decimal ToOurLedgerAmount() => Convention switch
    {
        AmountConvention.OurLedger => Amount,
        _ => -Amount,
    };
}
