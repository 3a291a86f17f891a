namespace ReconGrpc.Matching;

/// <summary>
/// 对账项 — one line to reconcile: an entry of our ledger or a line of what the other side says.
/// </summary>
/// <remarks>
/// <see cref="Amount"/> is always in our ledger's convention (<see cref="SignConvention.OurLedger"/>); a
/// counterparty line is converted with <see cref="SignConversion.ToOurs(SignConvention, decimal)"/> before it
/// gets here, and <see cref="SourceConvention"/> says how, so <see cref="OriginalAmount"/> shows it as its issuer
/// wrote it. Amounts carry at most four decimal places and stay within ±<see cref="MaxAbsAmount"/>.
/// </remarks>
public sealed class ReconItem
{
    /// <summary>
    /// The largest magnitude of an item's amount, 900,000,000,000: the engine adds up to a thousand of them in 64
    /// bits of ten-thousandths. The server's own amount range is the same.
    /// </summary>
    public const long MaxAbsAmount = 900_000_000_000;

    /// <summary>The item's identity within its side (the ledger entry or statement line id).</summary>
    public required long Id { get; init; }

    /// <summary>Which side the item belongs to.</summary>
    public required Side Side { get; init; }

    /// <summary>The accounting date (记账日期) or the date the issuer gives the line.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>The signed amount in our ledger's convention: positive raises what the customer owes us.</summary>
    public required decimal Amount { get; init; }

    /// <summary>币种 — ISO 4217 code; compared without regard to case or surrounding spaces.</summary>
    public required string Currency { get; init; }

    /// <summary>The convention the source wrote the amount in; <see cref="SignConvention.OurLedger"/> for our entries.</summary>
    public SignConvention SourceConvention { get; init; } = SignConvention.OurLedger;

    /// <summary>The amount as its issuer wrote it (for reports that show the other side's view).</summary>
    public decimal OriginalAmount => SignConversion.FromOurs(SourceConvention, Amount);

    /// <summary>客户 — the customer the item concerns (a customer code, or a counterparty mapped to one).</summary>
    public string? CustomerKey { get; init; }

    /// <summary>单据号 — the business document's number (invoice, receipt, order number).</summary>
    public string? DocumentNumber { get; init; }

    /// <summary>A reference shared with the other side (payment reference, settlement batch, bank serial).</summary>
    public string? Reference { get; init; }

    /// <summary>摘要 — free text; the engine can take a document-like token out of it (see <see cref="MatchingKey.FindTextToken"/>).</summary>
    public string? Text { get; init; }

    /// <summary>
    /// 付款人/收款人 — the other party as the line names it (a bank line's payer, a ledger entry's counterparty), as
    /// written: read by text conditions (<see cref="TextField.CounterpartyName"/>), never a key.
    /// </summary>
    public string? CounterpartyName
    {
        get => _parties?.CounterpartyName;
        init => Parties.CounterpartyName = value;
    }

    /// <summary>
    /// 客户分类 — the category code of the item's customer (the application fills it from the archive), read by a
    /// rule's <see cref="PartnerCondition.Categories"/>: a category holds the codes that start with its own.
    /// </summary>
    public string? CustomerCategory
    {
        get => _parties?.CustomerCategory;
        init => Parties.CustomerCategory = value;
    }

    // The two fields above are read by a few rules only: kept apart, so an item without them costs one reference
    // (a million-item run holds two million items; each field inline would be 16 MB more).
    private PartyFields? _parties;

    private PartyFields Parties => _parties ??= new PartyFields();

    private sealed class PartyFields
    {
        public string? CounterpartyName;
        public string? CustomerCategory;
    }

    /// <summary>
    /// The balance a side starts from (期初余额) rather than a document. The rules treat it as any item (give both
    /// sides' openings one document number and they pair); it changes how a difference is explained.
    /// </summary>
    public bool IsOpeningBalance { get; init; }

    /// <summary>
    /// What kind of document the item is, where its side says (our ledger does; many statements do not). Only
    /// compared between items of one side: a red-ink invoice reverses an invoice of the same number, while a receipt
    /// booked under the invoice's number settles it and must not be taken for its reversal.
    /// </summary>
    public DocumentKind DocumentKind { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Side} #{Id} {Date:yyyy-MM-dd} {Amount} {Currency}{(DocumentNumber is null ? "" : " " + DocumentNumber)}";
}

/// <summary>The kind of document an item is, as far as the engine needs to know (see <see cref="ReconItem.DocumentKind"/>).</summary>
public enum DocumentKind : byte
{
    /// <summary>Not said.</summary>
    Unknown = 0,
    Invoice,
    Receipt,
    Return,
    CreditNote,
    Adjustment,
    Exchange,
    OpeningBalance,
}
