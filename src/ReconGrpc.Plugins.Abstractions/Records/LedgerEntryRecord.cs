namespace ReconGrpc.Plugins.Abstractions;

/// <summary>账目记录 — one entry of our own receivable ledger (应收账款 / 客户往来明细账).</summary>
/// <remarks>
/// <see cref="Amount"/> is signed from our receivable's point of view: debit minus credit, so a sale is positive,
/// a receipt, return or credit note negative, and a red-ink (红字) reversal carries the opposite sign of what it
/// reverses. <see cref="Debit"/> and <see cref="Credit"/> keep the figures as the source gave them.
/// </remarks>
public sealed record LedgerEntryRecord : ImportRecord
{
    private readonly string? _customerCreditCode;

    /// <summary>Creates a ledger entry record.</summary>
    /// <param name="customerCode">客户编码 — the customer's code, when the source gives one.</param>
    /// <param name="customerName">客户名称 — the customer's name, when the source gives one.</param>
    /// <param name="date">The accounting date (记账日期).</param>
    /// <param name="documentType">What kind of document the entry records.</param>
    /// <param name="amount">Debit minus credit in our receivable ledger.</param>
    /// <remarks>Set <see cref="CustomerCreditCode"/> as well when the source gives it.</remarks>
    /// <exception cref="ArgumentException">Neither a customer code nor a customer name is given.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The document type is not defined.</exception>
    public LedgerEntryRecord(string? customerCode, string? customerName, DateOnly date, DocumentType documentType, decimal amount)
        : this(customerCode, customerName, null, date, documentType, amount)
    {
    }

    /// <summary>Creates a ledger entry record whose customer may be named by its credit code alone (SDK 1.1).</summary>
    /// <param name="customerCode">客户编码 — the customer's code, when the source gives one.</param>
    /// <param name="customerName">客户名称 — the customer's name, when the source gives one.</param>
    /// <param name="customerCreditCode">统一社会信用代码 — the customer's unified social credit code, when the source gives one.</param>
    /// <param name="date">The accounting date (记账日期).</param>
    /// <param name="documentType">What kind of document the entry records.</param>
    /// <param name="amount">Debit minus credit in our receivable ledger.</param>
    /// <exception cref="ArgumentException">None of the customer's code, name and credit code is given.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The document type is not defined.</exception>
    public LedgerEntryRecord(string? customerCode, string? customerName, string? customerCreditCode, DateOnly date, DocumentType documentType, decimal amount)
    {
        CustomerCode = Guard.Optional(customerCode);
        CustomerName = Guard.Optional(customerName);
        _customerCreditCode = Guard.Optional(customerCreditCode);
        if (CustomerCode is null && CustomerName is null && _customerCreditCode is null)
        {
            throw new ArgumentException(
                "A ledger entry needs the customer's code, name or credit code so the host can find the customer.", nameof(customerCode));
        }

        Date = date;
        DocumentType = Guard.Defined(documentType, nameof(documentType));
        Amount = amount;
    }

    /// <summary>客户编码 — the customer's code, or <see langword="null"/> when the source does not give it.</summary>
    public string? CustomerCode { get; }

    /// <summary>客户名称 — the customer's name, or <see langword="null"/> when the source does not give it.</summary>
    public string? CustomerName { get; }

    /// <summary>
    /// 统一社会信用代码 — the customer's 18-character unified social credit code, when the source gives one (SDK 1.1).
    /// The host finds the customer by code, then by credit code, then by name, and rejects a row whose code and
    /// credit code belong to two different customers. Pass it as the text stands; the host trims and upper-cases it.
    /// </summary>
    /// <exception cref="ArgumentException">Set to blank on a record that names the customer by nothing else.</exception>
    public string? CustomerCreditCode
    {
        get => _customerCreditCode;
        init
        {
            var creditCode = Guard.Optional(value);
            if (creditCode is null && CustomerCode is null && CustomerName is null)
            {
                throw new ArgumentException("The credit code is the only thing that names this entry's customer; it cannot be blank.", nameof(CustomerCreditCode));
            }

            _customerCreditCode = creditCode;
        }
    }

    /// <summary>The accounting date.</summary>
    public DateOnly Date { get; }

    /// <summary>单据类型 — what kind of document the entry records.</summary>
    public DocumentType DocumentType { get; }

    /// <summary>Debit minus credit in our receivable ledger, in <see cref="Currency"/>.</summary>
    public decimal Amount { get; }

    /// <summary>单据号 / 票号 — the business document's number (invoice number, receipt number).</summary>
    public string? DocumentNumber { get; init => field = Guard.Optional(value); }

    /// <summary>凭证号 — the accounting voucher number, such as <c>记-0012</c>.</summary>
    public string? VoucherNumber { get; init => field = Guard.Optional(value); }

    /// <summary>借方 — the debit figure exactly as the source gave it (negative for red ink), if it gave one.</summary>
    public decimal? Debit { get; init; }

    /// <summary>贷方 — the credit figure exactly as the source gave it (negative for red ink), if it gave one.</summary>
    public decimal? Credit { get; init; }

    /// <summary>币种 — the ISO 4217 currency code; <see langword="null"/> means the ledger's base currency.</summary>
    public string? Currency { get; init => field = Guard.Currency(value, nameof(Currency)); }

    /// <summary>到期日 — when the amount falls due; the host derives it from the payment terms when absent.</summary>
    public DateOnly? DueDate { get; init; }

    /// <summary>A reference shared with the other side (order number, contract number, payment reference).</summary>
    public string? Reference { get; init => field = Guard.Optional(value); }

    /// <summary>摘要 / 备注 — the entry's description.</summary>
    public string? Memo { get; init => field = Guard.Optional(value); }

    /// <inheritdoc />
    public override RecordKind Kind => RecordKind.LedgerEntries;
}
