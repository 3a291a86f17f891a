using System.Data;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ReconGrpc.Domain;

namespace ReconGrpc.Data;

/// <summary>
/// Orders locking a period against the changes that honour locks. Such a change reads the locks and then writes;
/// on a server database a lock committed in between (while a long import runs, say) would find the period closed
/// and yet see rows appear in it afterwards. So every change that honours locks holds a shared lock for its
/// transaction, and locking a period takes it exclusively: a new lock waits for the changes in progress to end,
/// and changes that begin meanwhile wait for the lock and then see it.
/// </summary>
/// <remarks>
/// PostgreSQL: a transaction-scoped advisory lock. SQL Server: an application lock owned by the transaction. SQLite:
/// nothing, because writers already take turns through the process's write gate.
/// </remarks>
public static class PeriodGuard
{
    private const long AdvisoryKey = 0x5245_434F_4E50_4552; // "RECONPER"
    private const string AppLockResource = "recon.period-locks";

    /// <summary>Holds the guard shared until the transaction ends: locks committed before this are visible to reads after it.</summary>
    public static async Task HonourAsync(ReconDbContext db, CancellationToken cancellationToken)
    {
        RequireTransaction(db);
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock_shared({0})", [AdvisoryKey], cancellationToken);
        }
        else if (db.Database.IsSqlServer() && !await AppLockAsync(db, "Shared", Timeout.InfiniteTimeSpan, cancellationToken))
        {
            // Waiting without a limit, it is refused only as a deadlock victim or on an error: the change is not made.
            throw RuleViolation.Conflict("period.guard_refused", "The database refused the period guard for this change (a deadlock?); try again.");
        }
    }

    /// <summary>
    /// Holds the guard exclusively until the transaction ends, waiting at most <paramref name="wait"/> for the changes
    /// in progress; beyond that, an ABORTED <see cref="RuleViolation"/> asks the caller to try again.
    /// </summary>
    public static async Task LockAsync(ReconDbContext db, TimeSpan wait, CancellationToken cancellationToken)
    {
        RequireTransaction(db);
        if (db.Database.IsNpgsql())
        {
            await SetLockTimeoutAsync(db, $"{(long)wait.TotalMilliseconds}ms", cancellationToken);
            try
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", [AdvisoryKey], cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
            {
                throw Busy(wait);
            }

            await SetLockTimeoutAsync(db, "0", cancellationToken);
        }
        else if (db.Database.IsSqlServer() && !await AppLockAsync(db, "Exclusive", wait, cancellationToken))
        {
            throw Busy(wait);
        }
    }

    private static void RequireTransaction(ReconDbContext db)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("The period guard is held for a transaction; begin the change's transaction first.");
        }
    }

    // For the rest of the transaction only (set_config's is_local).
    private static Task SetLockTimeoutAsync(ReconDbContext db, string value, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync("SELECT set_config('lock_timeout', {0}, true)", [value], cancellationToken);

    private static async Task<bool> AppLockAsync(ReconDbContext db, string mode, TimeSpan wait, CancellationToken cancellationToken)
    {
        var result = new SqlParameter("@result", SqlDbType.Int) { Direction = ParameterDirection.Output };
        var timeout = new SqlParameter("@timeout", SqlDbType.Int) { Value = wait == Timeout.InfiniteTimeSpan ? -1 : (int)wait.TotalMilliseconds };
        await db.Database.ExecuteSqlRawAsync(
            "EXEC @result = sp_getapplock @Resource = @resource, @LockMode = @mode, @LockOwner = N'Transaction', @LockTimeout = @timeout",
            [result, new SqlParameter("@resource", AppLockResource), new SqlParameter("@mode", mode), timeout], cancellationToken);
        // 0 granted, 1 granted after waiting; negative: timed out, cancelled, deadlock victim or an error.
        return (int)result.Value >= 0;
    }

    private static RuleViolation Busy(TimeSpan wait) => RuleViolation.Conflict("period.lock_busy",
        $"An import or another change of the books was still writing after {wait.TotalSeconds:0.#} s, and a period is only locked once none is; try again when it has finished.");
}
