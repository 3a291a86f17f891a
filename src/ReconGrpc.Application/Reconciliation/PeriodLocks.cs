using Microsoft.EntityFrameworkCore;
using ReconGrpc.Application.Archive;
using ReconGrpc.Data;
using ReconGrpc.Domain.Reconciliation;

namespace ReconGrpc.Application.Reconciliation;

/// <summary>The one place that decides whether a customer's period is locked against a change.</summary>
/// <param name="lockWait">How long locking a period waits for the changes in progress (see <see cref="PeriodGuard"/>).</param>
public sealed class PeriodLocks(TimeSpan lockWait)
{
    /// <summary>
    /// Inside a change's transaction, before it reads locks: a lock committed after this waits for the change to end.
    /// </summary>
    public Task HonourAsync(ReconDbContext db, CancellationToken cancellationToken) => PeriodGuard.HonourAsync(db, cancellationToken);

    /// <summary>Inside the transaction that locks a period, before it does: waits for the changes that honour locks.</summary>
    public Task ExcludeChangesAsync(ReconDbContext db, CancellationToken cancellationToken) => PeriodGuard.LockAsync(db, lockWait, cancellationToken);

    /// <summary>
    /// Throws FAILED_PRECONDITION when a lock covers any day of [start, end]: a lock of the customer, or with no
    /// customer (a change to every customer, such as a run over all of them) a lock of any customer.
    /// </summary>
    public Task ThrowIfLockedAsync(ReconDbContext db, string? customerCode, DateOnly start, DateOnly end, string what, CancellationToken cancellationToken) =>
        ThrowIfLockedAsync(db, customerCode, null, start, end, what, cancellationToken);

    /// <summary>Throws FAILED_PRECONDITION when a lock of a customer the run covers overlaps its period.</summary>
    public Task ThrowIfLockedAsync(ReconDbContext db, ReconciliationRun run, string what, CancellationToken cancellationToken) =>
        ThrowIfLockedAsync(db, run.CustomerCode, run.CategoryCode, run.StartDate, run.EndDate, what, cancellationToken);

    private static async Task ThrowIfLockedAsync(ReconDbContext db, string? customerCode, string? categoryCode, DateOnly start, DateOnly end, string what,
        CancellationToken cancellationToken)
    {
        // A change about to write holds the guard until it commits; a bare read has nothing to order.
        if (db.Database.CurrentTransaction is not null)
        {
            await PeriodGuard.HonourAsync(db, cancellationToken);
        }

        var locks = db.Periods.AsNoTracking().Where(p => p.Locked && p.UnlockedAt == null && p.StartDate <= end && start <= p.EndDate);
        if (customerCode is not null)
        {
            locks = locks.Where(p => p.CustomerCode == customerCode);
        }
        else if (categoryCode is not null)
        {
            var customers = (await CategoryScope.OfAsync(db, categoryCode, cancellationToken)).CustomerCodes(db);
            locks = locks.Where(p => customers.Contains(p.CustomerCode));
        }

        var locked = await locks.OrderBy(p => p.StartDate).ThenBy(p => p.CustomerCode).FirstOrDefaultAsync(cancellationToken);
        if (locked is not null)
        {
            throw locked.Refusal(customerCode is not null ? what : categoryCode is not null ? $"{what} over category '{categoryCode}'" : what + " over all customers");
        }
    }
}

/// <summary>Every locked period, read once, for checking many rows (an import) without a query each.</summary>
public sealed class LockedPeriods
{
    private readonly Dictionary<string, PeriodRecord[]> _byCustomer;

    private LockedPeriods(Dictionary<string, PeriodRecord[]> byCustomer) => _byCustomer = byCustomer;

    public static async Task<LockedPeriods> ReadAsync(ReconDbContext db, CancellationToken cancellationToken) =>
        new((await db.Periods.AsNoTracking().Where(p => p.Locked && p.UnlockedAt == null).ToListAsync(cancellationToken))
            .GroupBy(p => p.CustomerCode, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal));

    /// <summary>The lock covering the customer's date, if any; a row with no customer falls under none.</summary>
    /// <remarks>Asked for every imported row: a loop, not a query with a closure per row.</remarks>
    public PeriodRecord? Covering(string? customerCode, DateOnly date)
    {
        if (customerCode is null || !_byCustomer.TryGetValue(customerCode, out var periods))
        {
            return null;
        }

        foreach (var period in periods)
        {
            if (period.StartDate <= date && date <= period.EndDate)
            {
                return period;
            }
        }

        return null;
    }
}
