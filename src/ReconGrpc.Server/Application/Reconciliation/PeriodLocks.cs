using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;

namespace ReconGrpc.Server.Application.Reconciliation;

/// <summary>The one place that decides whether a customer's period is locked against a change.</summary>
public sealed class PeriodLocks
{
    /// <summary>Throws FAILED_PRECONDITION when a lock of the customer covers any day of [start, end].</summary>
    public async Task ThrowIfLockedAsync(ReconDbContext db, string? customerCode, DateOnly start, DateOnly end, string what, CancellationToken cancellationToken)
    {
        if (customerCode is null)
        {
            return;
        }

        var locked = await db.Periods.AsNoTracking()
            .Where(p => p.Locked && p.CustomerCode == customerCode && p.StartDate <= end && start <= p.EndDate)
            .OrderBy(p => p.StartDate).FirstOrDefaultAsync(cancellationToken);
        if (locked is not null)
        {
            throw locked.Refusal(what);
        }
    }
}
