using System.Globalization;

namespace ReconGrpc.Domain.Ledger;

/// <summary>
/// One statement of an imported bank file (an MT940 block, a camt.053 <c>Stmt</c>, a bank download): the balances
/// and totals it states, the sums of the lines it holds, and whether they agree. Kept with the named statement the
/// lines went into, so the 银行存款余额调节表 can start from the bank's closing balance.
/// </summary>
/// <remarks>Amounts are in the file's own convention: for a bank account, money in and a credit balance are positive.</remarks>
public sealed class StatementBalance
{
    private StatementBalance()
    {
    }

    public long Id { get; private set; }

    public long StatementId { get; private set; }

    public long ImportBatchId { get; private set; }

    /// <summary>The statement's place in its file, from 1.</summary>
    public int Position { get; private set; }

    /// <summary>The line of the file that closed the statement (its closing balance or total).</summary>
    public int SourceLine { get; private set; }

    /// <summary>The statement's own number (<c>:28C:</c>, camt <c>Stmt/Id</c>), if the file gives one.</summary>
    public string? StatementNumber { get; private set; }

    /// <summary>本方账号 — the account the statement is of.</summary>
    public string? Account { get; private set; }

    public string Currency { get; private set; } = "CNY";

    public DateOnly? OpeningDate { get; private set; }

    public decimal? OpeningBalance { get; private set; }

    public DateOnly? ClosingDate { get; private set; }

    public decimal? ClosingBalance { get; private set; }

    /// <summary>How many of the statement's lines are stored, by this import or an earlier one.</summary>
    public int Lines { get; private set; }

    /// <summary>The total of the lines' money in (positive).</summary>
    public decimal Credits { get; private set; }

    /// <summary>The total of the lines' money out (positive).</summary>
    public decimal Debits { get; private set; }

    /// <summary>Rows of the statement the adapter could not read, or that were refused: the sums above lack them.</summary>
    public int UnreadRows { get; private set; }

    public decimal? DeclaredCredits { get; private set; }

    public decimal? DeclaredDebits { get; private set; }

    public int? DeclaredCount { get; private set; }

    /// <summary>Money in less money out.</summary>
    public decimal Movements => Credits - Debits;

    /// <summary>Opening plus movements less closing; null when the file gives no opening or no closing balance.</summary>
    public decimal? Difference => OpeningBalance is { } opening && ClosingBalance is { } closing ? opening + Movements - closing : null;

    /// <summary>What does not add up, in the words the import warned with; empty when it all does.</summary>
    public IReadOnlyList<string> Problems() => new StatementFootingDraft(Position, SourceLine, StatementNumber, Account, Currency,
        OpeningDate, OpeningBalance, ClosingDate, ClosingBalance, Lines, Credits, Debits, UnreadRows, DeclaredCredits, DeclaredDebits, DeclaredCount).Problems();

    public static StatementBalance Create(StatementFootingDraft draft, long statementId, long importBatchId) => new()
    {
        StatementId = statementId,
        ImportBatchId = importBatchId,
        Position = draft.Position,
        SourceLine = draft.SourceLine,
        StatementNumber = draft.StatementNumber,
        Account = draft.Account,
        Currency = draft.Currency,
        OpeningDate = draft.OpeningDate,
        OpeningBalance = draft.OpeningBalance,
        ClosingDate = draft.ClosingDate,
        ClosingBalance = draft.ClosingBalance,
        Lines = draft.Lines,
        Credits = draft.Credits,
        Debits = draft.Debits,
        UnreadRows = draft.UnreadRows,
        DeclaredCredits = draft.DeclaredCredits,
        DeclaredDebits = draft.DeclaredDebits,
        DeclaredCount = draft.DeclaredCount,
    };
}

/// <summary>
/// A statement's balances and the sums of its lines as an import reads them, before it is stored, with the checks
/// an accountant makes first: opening plus movements is closing, and the file's own totals are its lines' totals.
/// </summary>
public sealed record StatementFootingDraft(int Position, int SourceLine, string? StatementNumber, string? Account, string Currency,
    DateOnly? OpeningDate, decimal? OpeningBalance, DateOnly? ClosingDate, decimal? ClosingBalance,
    int Lines, decimal Credits, decimal Debits, int UnreadRows, decimal? DeclaredCredits, decimal? DeclaredDebits, int? DeclaredCount)
{
    public decimal Movements => Credits - Debits;

    /// <summary>The statement as a person finds it in the file: "statement 2 (:28C: 00002/001, account NL…, EUR)".</summary>
    public string Name
    {
        get
        {
            var parts = new List<string>(3);
            if (StatementNumber is { } number)
            {
                parts.Add("no. " + number);
            }

            if (Account is { } account)
            {
                parts.Add("account " + account);
            }

            parts.Add(Currency);
            return $"statement {Position.ToString(CultureInfo.InvariantCulture)} ({string.Join(", ", parts)})";
        }
    }

    /// <summary>What does not add up, each in words that name the statement and the difference; empty when it all does.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        var unread = UnreadRows > 0 ? $" ({UnreadRows.ToString(CultureInfo.InvariantCulture)} of its rows could not be read or were refused, and are not in the sum)" : "";
        if (OpeningBalance is { } opening && ClosingBalance is { } closing && opening + Movements != closing)
        {
            problems.Add($"{Name} does not add up: opening balance {Money(opening)} + movements {Money(Movements)} = {Money(opening + Movements)}, "
                         + $"but the closing balance is {Money(closing)}; the difference is {Money(opening + Movements - closing)}{unread}.");
        }

        if (DeclaredCredits is { } credits && credits != Credits)
        {
            problems.Add($"{Name}: the file's total of money in is {Money(credits)}, its lines' is {Money(Credits)}; the difference is {Money(Credits - credits)}{unread}.");
        }

        if (DeclaredDebits is { } debits && debits != Debits)
        {
            problems.Add($"{Name}: the file's total of money out is {Money(debits)}, its lines' is {Money(Debits)}; the difference is {Money(Debits - debits)}{unread}.");
        }

        if (DeclaredCount is { } count && count != Lines + UnreadRows)
        {
            problems.Add($"{Name}: the file says it holds {count.ToString(CultureInfo.InvariantCulture)} lines, but {(Lines + UnreadRows).ToString(CultureInfo.InvariantCulture)} were found.");
        }

        return problems;
    }

    private static string Money(decimal amount) => amount.ToString("#,##0.00##", CultureInfo.InvariantCulture);
}
