using LinePurpose = ReconGrpc.Matching.LinePurpose;
namespace ReconGrpc.Domain.Ledger;

/// <summary>What a counterparty statement is.</summary>
public enum StatementKind
{
    /// <summary>A customer's own statement of account or payable ledger (对账单 / 应付账款明细账).</summary>
    CustomerStatement = 1,
    /// <summary>A bank statement (银行对账单).</summary>
    BankStatement = 2,
    /// <summary>A payment platform's bill (支付宝 / 微信支付账单).</summary>
    PlatformBill = 3,
    /// <summary>A shop's order export.</summary>
    ShopOrders = 4,
}

/// <summary>A named statement: what a counterparty says, held as lines.</summary>
public sealed class Statement
{
    public const int MaxNameLength = 200;

    private Statement()
    {
    }

    public long Id { get; private set; }

    /// <summary>Unique, e.g. "华联 2026-10 对账单".</summary>
    public string Name { get; private set; } = "";

    public StatementKind Kind { get; private set; }

    /// <summary>The customer it is about, when it is about one (a bank statement is about many).</summary>
    public string? CustomerCode { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static Statement Create(string name, StatementKind kind, string? customerCode, DateTimeOffset now)
    {
        var clean = name?.Trim() ?? "";
        if (clean.Length is 0 or > MaxNameLength)
        {
            throw RuleViolation.Invalid("statement.name", $"A statement needs a name of 1 to {MaxNameLength} characters.");
        }

        if (!Enum.IsDefined(kind))
        {
            throw RuleViolation.Invalid("statement.kind", "A statement needs a kind: customer statement, bank statement, platform bill or shop orders.");
        }

        return new Statement
        {
            Name = clean,
            Kind = kind,
            CustomerCode = string.IsNullOrWhiteSpace(customerCode) ? null : customerCode.Trim(),
            CreatedAt = now,
        };
    }
}

/// <summary>
/// One line of a statement. <see cref="Amount"/> is in our sign convention (positive raises what the customer
/// owes us); <see cref="OriginalAmount"/> is exactly what the counterparty wrote, in its own convention.
/// </summary>
public sealed class StatementLine
{
    private StatementLine()
    {
    }

    public long Id { get; private set; }

    public long StatementId { get; private set; }

    public DateOnly Date { get; private set; }

    public decimal Amount { get; private set; }

    public decimal OriginalAmount { get; private set; }

    public string Currency { get; private set; } = "CNY";

    public string? CustomerCode { get; private set; }

    public string? DocumentNumber { get; private set; }

    public string? Reference { get; private set; }

    public string? Text { get; private set; }

    /// <summary>
    /// The balance the statement starts from (期初余额), not a document: a run pairs it with our opening balance of
    /// the same customer, and their difference is the opening difference (期初差异).
    /// </summary>
    public bool IsOpeningBalance { get; private set; }

    /// <summary>
    /// The kind of document the line records, where the file says (a 单据类型 column, or a 摘要 the adapter reads); null
    /// otherwise. Not part of the fingerprint: lines stored before it was kept are still recognised when imported again.
    /// </summary>
    public DocumentType? DocumentType { get; private set; }

    /// <summary>对方户名 — the name of the party the line is with, as the file gives it (the payer of a bank credit).</summary>
    public string? CounterpartyName { get; private set; }

    /// <summary>对方账号 — the account of the party the line is with, as the file gives it.</summary>
    public string? CounterpartyAccount { get; private set; }

    /// <summary>本方账号 — the account of ours the line is on (a bank statement's account), when the file says.</summary>
    public string? Account { get; private set; }

    /// <summary>How <see cref="CustomerCode"/> was found: which step of the resolution chain decided, or none.</summary>
    public CounterpartyResolution Resolution { get; private set; }

    /// <summary>What a platform bill's line is for (a sale, refund, fee, payout); null on other statements.</summary>
    public LinePurpose? Purpose { get; private set; }

    /// <summary>结算单号 — the settlement or payout a platform line was paid out in, when the platform says.</summary>
    public string? SettlementId { get; private set; }

    /// <summary>退款金额 — on a shop's order, how much of it the shop says was refunded.</summary>
    public decimal? RefundedAmount { get; private set; }

    public long? ImportBatchId { get; private set; }

    public string? AdapterId { get; private set; }

    public int? SourceLine { get; private set; }

    /// <summary>A digest of the line's fields: the same line imported twice into a statement is recognised by it.</summary>
    public string Fingerprint { get; private set; } = "";

    public static StatementLine Create(long statementId, StatementLineDraft draft, long? importBatchId, string? adapterId, int? sourceLine)
    {
        draft.Validate();
        return new StatementLine
        {
            StatementId = statementId,
            Date = draft.Date,
            Amount = draft.OurAmount,
            OriginalAmount = draft.OriginalAmount,
            Currency = draft.Currency.ToUpperInvariant(),
            CustomerCode = Clean(draft.CustomerCode),
            DocumentNumber = Clean(draft.DocumentNumber),
            Reference = Clean(draft.Reference),
            Text = Clean(draft.Text),
            IsOpeningBalance = draft.IsOpeningBalance,
            DocumentType = draft.IsOpeningBalance ? Ledger.DocumentType.OpeningBalance : draft.DocumentType,
            CounterpartyName = Clean(draft.CounterpartyName),
            CounterpartyAccount = Clean(draft.CounterpartyAccount),
            Account = Clean(draft.Account),
            Resolution = draft.CustomerCode is null ? CounterpartyResolution.None : draft.Resolution,
            Purpose = draft.Purpose,
            SettlementId = Clean(draft.SettlementId),
            RefundedAmount = draft.RefundedAmount,
            ImportBatchId = importBatchId,
            AdapterId = adapterId,
            SourceLine = sourceLine,
            Fingerprint = draft.Fingerprint(),
        };
    }

    /// <summary>
    /// A person says whose the line is (a bank credit from a payer the archive does not know). The line keeps what
    /// the file said; only its customer and how it was found change.
    /// </summary>
    public void AssignTo(string customerCode)
    {
        CustomerCode = Clean(customerCode) ?? throw RuleViolation.Invalid("statement_line.customer", "Name the customer the line is assigned to.");
        Resolution = CounterpartyResolution.Assigned;
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>
/// Which step found the customer of a statement line: the chain tries the line's own code and credit code, then the
/// payer's account against the archive, then aliases people taught it, then the normalised name, then a fuzzy name.
/// </summary>
/// <remarks>Stored by name; the numeric values are not part of any contract.</remarks>
public enum CounterpartyResolution
{
    /// <summary>No customer: the line names nobody the archive knows (or the statement is not about customers).</summary>
    None = 0,

    /// <summary>The statement is one customer's, and the line names no other.</summary>
    Statement = 1,

    /// <summary>The line's own customer code (客户编码).</summary>
    Code = 2,

    /// <summary>The line's 统一社会信用代码.</summary>
    CreditCode = 3,

    /// <summary>The payer's account is a customer's bank account in the archive.</summary>
    Account = 4,

    /// <summary>An alias: a name or account a person linked to a customer before.</summary>
    Alias = 5,

    /// <summary>The payer's name, normalised (有限公司 / 有限责任公司, brackets, width), is a customer's.</summary>
    Name = 6,

    /// <summary>The payer's name is close to one customer's name, and clearly closer than to any other.</summary>
    Fuzzy = 7,

    /// <summary>A person assigned the line to the customer.</summary>
    Assigned = 8,
}
