namespace ReconGrpc.Plugins.Abstractions;

/// <summary>
/// 期初 / 期末余额 — the balances and totals one statement of a bank file states (an MT940 <c>:20:</c>…<c>:62F:</c>
/// block, a camt.053 <c>Stmt</c>, an OFX statement, a bank download with its 合计 row), so the host can check that
/// the statement's lines add up (SDK 1.3).
/// </summary>
/// <remarks>
/// <para>
/// Yield it <b>after</b> the statement's last line: the lines read since the previous balance record (or since the
/// start of the file) are the statement's. The host checks that <see cref="OpeningBalance"/> plus the lines'
/// amounts equals <see cref="ClosingBalance"/>, and that the lines' credits, debits and count equal
/// <see cref="DeclaredCredits"/>, <see cref="DeclaredDebits"/> and <see cref="DeclaredCount"/>, wherever the file
/// states them. A statement that does not add up is imported with a warning naming it and the difference, or
/// refused in strict mode. Do not check it yourself, and do not yield the opening balance as a line as well.
/// </para>
/// <para>
/// Balances are signed in the same <see cref="Convention"/> as the statement's lines: for a bank account in the
/// <see cref="AmountConvention.CashFlow"/> convention, a credit balance (money in the account) is positive and an
/// overdraft negative.
/// </para>
/// </remarks>
public sealed record StatementBalanceRecord : ImportRecord
{
    /// <summary>Creates the balance record of one statement.</summary>
    /// <param name="convention">Whose sign convention the balances and totals follow; the same as the statement's lines.</param>
    /// <exception cref="ArgumentOutOfRangeException">The convention is not defined.</exception>
    public StatementBalanceRecord(AmountConvention convention) => Convention = Guard.Defined(convention, nameof(convention));

    /// <summary>Whose sign convention the balances follow.</summary>
    public AmountConvention Convention { get; }

    /// <summary>
    /// The statement's own number or id as the file gives it (<c>:28C:</c> <c>00012/001</c>, camt <c>Stmt/Id</c>),
    /// or <see langword="null"/>; the host names the statement by it, else by its place in the file.
    /// </summary>
    public string? StatementNumber { get; init => field = Guard.Optional(value); }

    /// <summary>本方账号 — the account the statement is of (an IBAN, a bank account or card number).</summary>
    public string? Account { get; init => field = Guard.Optional(value); }

    /// <summary>币种 — the ISO 4217 currency of the balances; <see langword="null"/> means the base currency.</summary>
    public string? Currency { get; init => field = Guard.Currency(value, nameof(Currency)); }

    /// <summary>The date of the opening balance (<c>:60F:</c>, camt <c>OPBD</c>), if given.</summary>
    public DateOnly? OpeningDate { get; init; }

    /// <summary>期初余额 — the balance the statement starts from, if given.</summary>
    public decimal? OpeningBalance { get; init; }

    /// <summary>The date of the closing balance (<c>:62F:</c>, camt <c>CLBD</c>, OFX <c>LEDGERBAL</c>), if given.</summary>
    public DateOnly? ClosingDate { get; init; }

    /// <summary>期末余额 — the balance the statement ends at, if given.</summary>
    public decimal? ClosingBalance { get; init; }

    /// <summary>贷方合计 / 收入合计 — the total of money in the file states for the statement, if it states one (a positive figure).</summary>
    public decimal? DeclaredCredits { get; init => field = Guard.NotNegative(value, nameof(DeclaredCredits)); }

    /// <summary>借方合计 / 支出合计 — the total of money out the file states for the statement, if it states one (a positive figure).</summary>
    public decimal? DeclaredDebits { get; init => field = Guard.NotNegative(value, nameof(DeclaredDebits)); }

    /// <summary>笔数 — how many lines the file says the statement holds, if it says.</summary>
    public int? DeclaredCount { get; init => field = Guard.NotNegative(value, nameof(DeclaredCount)); }

    /// <inheritdoc />
    /// <remarks>A balance belongs to a file of statement lines.</remarks>
    public override RecordKind Kind => RecordKind.StatementLines;
}
