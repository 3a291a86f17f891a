namespace ReconGrpc.Application.Reconciliation;

/// <summary>Reconciliation runs (<c>Reconciliation</c> section).</summary>
public sealed class ReconciliationOptions
{
    /// <summary>
    /// How many runs may execute at once; later ones wait as pending. A run of a million items a side holds about
    /// a gigabyte while it matches, so the default keeps two at most.
    /// </summary>
    public int MaxConcurrentRuns { get; set; } = 2;

    /// <summary>
    /// How long locking a period waits for imports and other changes of the books in progress before it answers
    /// ABORTED (PostgreSQL, SQL Server; on SQLite writers take turns and it waits its turn).
    /// </summary>
    public TimeSpan PeriodLockWait { get; set; } = TimeSpan.FromSeconds(10);
}
