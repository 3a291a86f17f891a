namespace ReconGrpc.Data.Changes;

/// <summary>
/// What a change declares about the period locks, for <see cref="ChangeRunner"/> to enforce inside the change's
/// transaction: a use case says which periods it touches, and the runner orders it against locking (the
/// <see cref="PeriodGuard"/>) and refuses it in a locked period, so no use case has a check of its own to remember.
/// </summary>
/// <remarks>
/// Ledger entries and statement lines a change adds through its context are held to the locks whatever it declares:
/// the session notes each one as it is saved and the runner refuses the change at commit should one fall in a locked
/// period (<see cref="ChangeSession"/>). That is the guard for what is only known inside the change (an adjustment
/// dated from the items a match took), and it needs no declaration, so a new posting path cannot leave it out.
/// </remarks>
public sealed record ChangeOptions
{
    /// <summary>The change touches no booked period (an API key, a customer's master data): nothing is declared.</summary>
    public static ChangeOptions None { get; } = new();

    /// <summary>The periods the change writes into: refused before it runs when a lock covers any day of them.</summary>
    public PeriodScope? Touches { get; init; }

    /// <summary>
    /// The change checks its rows against the locks itself, refusing a row rather than the whole change (an import):
    /// the runner only holds the guard shared for it, so a lock committed after the change began waits for it to end.
    /// </summary>
    public bool HonoursLocks { get; init; }

    /// <summary>
    /// The change locks or lifts a period: before it runs it takes the guard exclusively, waiting at most this long
    /// for the changes that honour locks to end.
    /// </summary>
    public TimeSpan? ExcludesChangesFor { get; init; }

    /// <summary>What adding a ledger entry (or statement line) is called in the refusal should one fall in a locked period.</summary>
    public string Posting { get; init; } = "posting to it";

    public static ChangeOptions Touching(PeriodScope scope) => new() { Touches = scope };

    public static ChangeOptions HonouringLocks() => new() { HonoursLocks = true };

    public static ChangeOptions ExcludingChanges(TimeSpan wait) => new() { ExcludesChangesFor = wait };
}
