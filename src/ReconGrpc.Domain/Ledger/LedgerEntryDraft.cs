namespace ReconGrpc.Domain.Ledger;

/// <summary>The fields of a ledger entry before it is stored, from a manual posting or an import row.</summary>
public sealed record LedgerEntryDraft(
    string CustomerCode,
    DateOnly Date,
    DocumentType DocumentType,
    string DocumentNumber,
    decimal Amount,
    string Currency = "CNY",
    string? VoucherNumber = null,
    DateOnly? DueDate = null,
    string? Reference = null,
    string? Memo = null,
    string? SourceId = null)
{
    /// <summary>
    /// The draft with its due date (到期日) filled in from the customer's payment terms where the document gives none:
    /// what the customer owes from a document (a positive amount) falls due that many days after its date. An opening
    /// balance (期初余额) gets none: it carries forward what was owed before, whose due dates it does not tell. A date
    /// outside <see cref="AccountingDates"/> gets none either: <see cref="Validate"/> refuses it, and the sum could
    /// leave what a date can hold.
    /// </summary>
    public LedgerEntryDraft WithTermsDueDate(int paymentTermsDays) =>
        DueDate is null && Amount > 0 && paymentTermsDays is > 0 and <= Customers.Customer.MaxPaymentTermsDays
        && DocumentType != DocumentType.OpeningBalance && AccountingDates.Contains(Date)
            ? this with { DueDate = Date.AddDays(paymentTermsDays) }
            : this;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(CustomerCode))
        {
            throw RuleViolation.Invalid("ledger.customer_required", "A ledger entry needs a customer.");
        }

        if (!Enum.IsDefined(DocumentType))
        {
            throw RuleViolation.Invalid("ledger.document_type", "A ledger entry needs a document type.");
        }

        if (DocumentNumber.Length > LedgerEntry.MaxDocumentNumberLength)
        {
            throw RuleViolation.Invalid("ledger.document_number_length",
                $"A document number has at most {LedgerEntry.MaxDocumentNumberLength} characters.");
        }

        if (!IsoCurrency.IsWellFormed(Currency))
        {
            throw RuleViolation.Invalid("ledger.currency", $"'{InputText.Echo(Currency)}' is not an ISO 4217 currency code such as CNY.");
        }

        AccountingDates.Check(Date, "ledger.date_range", "The date");
        if (DueDate is { } due)
        {
            AccountingDates.Check(due, "ledger.due_date_range", "The due date");
        }

        Amounts.Check(Amount, "ledger.amount_range", "Amount");
        if (IsoCurrency.ScaleProblem(Amount, Currency) is { } scale)
        {
            throw RuleViolation.Invalid("ledger.amount_scale", scale);
        }

        if (Amount == 0 && !MayBeZero(DocumentType))
        {
            throw RuleViolation.Invalid("ledger.amount_zero",
                "An entry of 0.00 changes nothing; give the amount, signed from our side (an invoice positive, a receipt, return or credit note negative).");
        }

        if (Memo?.Length > LedgerEntry.MaxTextLength || Reference?.Length > LedgerEntry.MaxTextLength)
        {
            throw RuleViolation.Invalid("ledger.text_length", $"Memo and reference have at most {LedgerEntry.MaxTextLength} characters.");
        }

        if (DueDate < Date)
        {
            throw RuleViolation.Invalid("ledger.due_before_date", $"The due date {DueDate:yyyy-MM-dd} is before the entry's date {Date:yyyy-MM-dd}.");
        }
    }

    /// <summary>
    /// Whether an entry of this type may be 0.00: an opening balance of nothing, or an even exchange (换货). Any other
    /// entry of 0.00 is a slip, whether posted or imported.
    /// </summary>
    public static bool MayBeZero(DocumentType type) => type is DocumentType.OpeningBalance or DocumentType.Exchange;

    /// <summary>
    /// The first 128 bits of a SHA-256 over the fields that make an entry the same entry (customer, date, type,
    /// document, voucher, amount, currency, memo). Two genuinely distinct entries that agree on all of these would be one
    /// in the books too; the import reports the second as already present.
    /// </summary>
    public string Fingerprint()
    {
        var fingerprint = new RowFingerprint();
        if (RowFingerprint.SourceIdOf(SourceId) is { } sourceId)
        {
            // The source's own id for the row is its identity: a reader that maps the text differently is still reading the same row.
            fingerprint.Add(RowFingerprint.SourceIdMark);
            fingerprint.Add(CustomerCode.AsSpan().Trim());
            fingerprint.Add(sourceId);
            return fingerprint.Finish();
        }

        fingerprint.Add(CustomerCode.AsSpan().Trim());
        fingerprint.Add(Date, "yyyy-MM-dd");
        fingerprint.Add((int)DocumentType, "D");
        fingerprint.Add(DocumentNumber.AsSpan().Trim());
        fingerprint.Add(VoucherNumber.AsSpan().Trim());
        fingerprint.Add(Amount, "0.0000");
        fingerprint.Add(Currency.ToUpperInvariant());
        fingerprint.Add(Memo.AsSpan().Trim());
        return fingerprint.Finish();
    }
}
