using ReconGrpc.Domain.Ledger;

namespace ReconGrpc.Application.Reports;

/// <summary>A file format of reports.</summary>
public enum ReportFormat
{
    Xlsx = 1,
    Pdf = 2,
    Csv = 3,
}

/// <summary>What a statement of account is asked for: one customer or a category's, a period, a format, options.</summary>
public sealed record StatementRequest(
    string? CustomerCode,
    string? CategoryCode,
    DateOnly? StartDate,
    DateOnly? EndDate,
    ReportFormat? Format,
    bool OpenItemsOnly,
    bool IncludeAging,
    string? Currency)
{
    /// <summary>
    /// A reminder (催款函) instead of a statement: the items overdue at <see cref="AsOf"/> with a demand for payment, in
    /// the statement's layout; the period, open-items and aging options do not apply.
    /// </summary>
    public bool Reminder { get; init; }

    /// <summary>With <see cref="Reminder"/>: the day the overdue items are taken at.</summary>
    public DateOnly? AsOf { get; init; }
}

/// <summary>The customer block of a statement.</summary>
public sealed record StatementCustomer(string Code, string Name, string? Address, string? Contact, string? Phone, int PaymentTermsDays);

/// <summary>
/// One movement of the period with the balance after it. An opening balance stated inside the period (期初余额 of a later
/// export) restates the balance: its debit or credit is the step from the balance before it, so the table still foots.
/// </summary>
public readonly record struct StatementMovement(
    DateOnly Date,
    DocumentType DocumentType,
    string DocumentNumber,
    string? VoucherNumber,
    string? Memo,
    DateOnly? DueDate,
    decimal Debit,
    decimal Credit,
    decimal Balance);

/// <summary>
/// What is still open at the period's end: a debit not yet settled by credits (oldest due first), or a credit not
/// yet applied to any debit (<see cref="Amount"/> negative, no due date). Credits settle the debits due first, as
/// in <c>GetAgingReport</c>.
/// </summary>
public sealed record OpenItem(
    DateOnly Date,
    DocumentType DocumentType,
    string DocumentNumber,
    string? Memo,
    decimal OriginalAmount,
    decimal Amount,
    DateOnly? DueDate,
    int DaysOverdue);

/// <summary>
/// The open debits at the period's end by days past due, as <c>GetAgingReport</c> ages them with its default buckets on
/// the due-date basis (so the two agree to the cent), and the credits not yet applied.
/// </summary>
public sealed record StatementAging(decimal NotDue, decimal Days0To30, decimal Days31To60, decimal Days61To90, decimal Days91To180, decimal Over180, decimal UnappliedCredits)
{
    /// <summary>The buckets' labels, in order, as every format prints them.</summary>
    public static readonly IReadOnlyList<string> Labels = ["未到期", "0–30天", "31–60天", "61–90天", "91–180天", "180天以上"];

    public IReadOnlyList<decimal> Buckets => [NotDue, Days0To30, Days31To60, Days61To90, Days91To180, Over180];

    public decimal Total => NotDue + Days0To30 + Days31To60 + Days61To90 + Days91To180 + Over180 - UnappliedCredits;
}

/// <summary>The period's reconciliation (the latest completed run for exactly this customer and period).</summary>
public sealed record StatementReconciliation(long RunId, DateTimeOffset? EndedAt, int Matches, int Exceptions, decimal Unexplained, decimal? TheirBalance);

/// <summary>
/// A statement of account (对账单) without its movements: the header, the figures, the open items. The movements are
/// read again as they are written (<see cref="StatementReading.MovementsAsync"/>), never held.
/// </summary>
public sealed record StatementOfAccount(
    string CompanyName,
    string? FooterText,
    StatementCustomer Customer,
    DateOnly StartDate,
    DateOnly EndDate,
    string Currency,
    decimal OpeningBalance,
    decimal DebitTotal,
    decimal CreditTotal,
    decimal ClosingBalance,
    long MovementCount,
    IReadOnlyList<OpenItem> OpenItems,
    StatementAging? Aging,
    StatementReconciliation? Reconciliation,
    bool OpenItemsOnly)
{
    /// <summary>A reminder (催款函) of the items overdue at <see cref="EndDate"/>, not a statement of the period.</summary>
    public bool Reminder { get; init; }

    /// <summary>The open debits past their due date at the end date, oldest first: what a reminder asks to be paid.</summary>
    public IEnumerable<OpenItem> OverdueItems => OpenItems.Where(i => i.Amount > 0m && i.DaysOverdue > 0);

    public decimal OverdueTotal => OverdueItems.Sum(i => i.Amount);

    /// <summary>Whether there is anything to send: a balance at either end or a movement; for a reminder, something overdue.</summary>
    public bool HasContent => Reminder ? OverdueTotal > 0m : MovementCount > 0 || OpeningBalance != 0m || ClosingBalance != 0m;
}
