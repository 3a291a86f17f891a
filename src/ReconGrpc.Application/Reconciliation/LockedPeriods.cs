using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Domain.Reconciliation;

namespace ReconGrpc.Application.Reconciliation;

/// <summary>
/// Every locked period, read once, for checking many rows (an import) without a query each. Read by a change that
/// declares <see cref="Data.Changes.ChangeOptions.HonoursLocks"/>: no lock can commit between the read and its end.
/// </summary>
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
