using MatchRule = ReconGrpc.Matching.MatchRule;

namespace ReconGrpc.Domain.Ledger;

/// <summary>
/// 账目记录 — one entry of our receivables ledger for a customer. <see cref="Amount"/> is signed from our side:
/// positive raises what the customer owes us (an invoice), negative lowers it (a receipt, a return).
/// </summary>
public sealed class LedgerEntry
{
    public const int MaxDocumentNumberLength = 60;
    public const int MaxTextLength = 500;

    private LedgerEntry()
    {
    }

    public long Id { get; private set; }

    public string CustomerCode { get; private set; } = "";

    /// <summary>The accounting date.</summary>
    public DateOnly Date { get; private set; }

    public DocumentType DocumentType { get; private set; }

    /// <summary>单据号 — invoice, receipt or order number.</summary>
    public string DocumentNumber { get; private set; } = "";

    /// <summary>凭证号 — the voucher it was booked under, e.g. 记-0012.</summary>
    public string? VoucherNumber { get; private set; }

    public decimal Amount { get; private set; }

    /// <summary>ISO 4217 code, e.g. CNY.</summary>
    public string Currency { get; private set; } = "CNY";

    /// <summary>到期日 — when it falls due (from the customer's payment terms when not given).</summary>
    public DateOnly? DueDate { get; private set; }

    public string? Reference { get; private set; }

    /// <summary>摘要.</summary>
    public string? Memo { get; private set; }

    /// <summary>The import batch it came from; null for a manual entry.</summary>
    public long? ImportBatchId { get; private set; }

    public string? AdapterId { get; private set; }

    /// <summary>The line of the source file it came from.</summary>
    public int? SourceLine { get; private set; }

    /// <summary>A digest of the entry's business fields: the same entry imported twice is recognised by it.</summary>
    public string Fingerprint { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public static LedgerEntry Create(LedgerEntryDraft draft, DateTimeOffset now, long? importBatchId = null, string? adapterId = null, int? sourceLine = null)
    {
        draft.Validate();
        return new LedgerEntry
        {
            CustomerCode = draft.CustomerCode,
            Date = draft.Date,
            DocumentType = draft.DocumentType,
            DocumentNumber = draft.DocumentNumber.Trim(),
            VoucherNumber = Clean(draft.VoucherNumber),
            Amount = draft.Amount,
            Currency = draft.Currency.ToUpperInvariant(),
            DueDate = draft.DueDate,
            Reference = Clean(draft.Reference),
            Memo = Clean(draft.Memo),
            ImportBatchId = importBatchId,
            AdapterId = adapterId,
            SourceLine = sourceLine,
            Fingerprint = draft.Fingerprint(),
            CreatedAt = now,
        };
    }

    /// <summary>What a reversing entry's document number ends with; the engine pairs reversals by the same suffix.</summary>
    private const string ReversalSuffix = MatchRule.ReversalSuffix;

    /// <summary>
    /// The draft of the entry that reverses this one (红字冲销): same customer, date, document type, currency and
    /// reference, the amount negated, the document number this one's plus <see cref="ReversalSuffix"/> (cut to fit),
    /// and a memo naming what it reverses and why. A booked entry is never deleted; it is offset by this.
    /// </summary>
    public LedgerEntryDraft ReversalDraft(string why)
    {
        var number = DocumentNumber.Length + ReversalSuffix.Length <= MaxDocumentNumberLength
            ? DocumentNumber + ReversalSuffix
            : DocumentNumber[..(MaxDocumentNumberLength - ReversalSuffix.Length)] + ReversalSuffix;
        var memo = $"冲销 {DocumentNumber} (ledger entry {Id}): {why.Trim()}";
        return new LedgerEntryDraft(CustomerCode, Date, DocumentType, number, -Amount, Currency,
            Reference: Reference, Memo: memo.Length > MaxTextLength ? memo[..MaxTextLength] : memo);
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
