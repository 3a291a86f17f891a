using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Data.Changes;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Access;
using ReconGrpc.Domain.Auditing;
using ReconGrpc.Domain.Reconciliation;

namespace ReconGrpc.Application.Reconciliation;

/// <summary>对账确认 and period locks of customers.</summary>
public sealed class PeriodBook(IDbContextFactory<ReconDbContext> contexts, ChangeRunner changes, ReconciliationOptions options)
{
    /// <summary>Locking or lifting a period waits for the changes in progress that honour locks (see <see cref="PeriodGuard"/>).</summary>
    private ChangeOptions ExcludingChanges => ChangeOptions.ExcludingChanges(options.PeriodLockWait);

    public Task<PeriodRecord> ConfirmAsync(Actor actor, string customerCode, DateOnly start, DateOnly end, string confirmedBy, DateTimeOffset? confirmedAt,
        long? runId, decimal? confirmedBalance, string? note, CancellationToken cancellationToken) =>
        changes.RunAsync(actor, async (session, ct) =>
        {
            await RequireCustomerAsync(session.Db, customerCode, ct);
            if (runId is { } id)
            {
                var run = await RunCoordinator.FindAsync(session.Db, id, ct);
                if (run.CustomerCode != customerCode)
                {
                    throw RuleViolation.Invalid("period.run_customer", $"Run {id} is not about customer '{InputText.Echo(customerCode)}'.");
                }

                // A confirmation cites the reconciliation it rests on; one of another period or unfinished cannot be it.
                if (run.StartDate != start || run.EndDate != end)
                {
                    throw RuleViolation.FailedPrecondition("period.run_period",
                        $"Run {id} reconciled {run.StartDate:yyyy-MM-dd}..{run.EndDate:yyyy-MM-dd}; the period confirmed is {start:yyyy-MM-dd}..{end:yyyy-MM-dd}. " +
                        "Cite a run of this period, or confirm without one.");
                }

                if (run.Status != RunStatus.Completed)
                {
                    throw RuleViolation.FailedPrecondition("period.run_unfinished",
                        $"Run {id} is {run.Status.ToString().ToLowerInvariant()}; only a completed run can back a confirmation.");
                }

                // The run cited must be where the period's reconciliation stands: the latest of its scope and period, with
                // no proposal left for a person to decide (unmatched items are normal: timing differences are listed, not decided).
                var later = await session.Db.Runs.Where(r => r.Id > id && r.CustomerCode == run.CustomerCode && r.CategoryCode == run.CategoryCode
                        && r.StartDate == start && r.EndDate == end && r.Status == RunStatus.Completed)
                    .OrderByDescending(r => r.Id).Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
                if (later is { } latest)
                {
                    throw RuleViolation.FailedPrecondition("period.run_superseded",
                        $"Run {id} is not the latest reconciliation of this period: run {latest} came after it. Cite run {latest}.");
                }

                var undecided = await session.Db.RunMatches.CountAsync(m => m.RunId == id && m.Status == MatchStatus.Proposed, ct);
                if (undecided > 0)
                {
                    throw RuleViolation.FailedPrecondition("period.run_undecided",
                        $"Run {id} still has {undecided} proposed match{(undecided == 1 ? "" : "es")} nobody has confirmed or rejected; decide them first " +
                        $"('recon matches list {id} --status proposed'), or confirm without citing the run.");
                }

                if (confirmedBalance is { } confirmed && run.TheirClosingBalance is { } reconciled && confirmed != reconciled)
                {
                    throw RuleViolation.FailedPrecondition("period.balance_differs",
                        $"Run {id} reconciled their closing balance as {Money(reconciled)}; the balance confirmed is {Money(confirmed)}. " +
                        "Confirm the balance the run reconciled, or reconcile again with the balance the customer confirms.");
                }
            }

            var record = PeriodRecord.Confirmation(customerCode, start, end, confirmedBy, confirmedAt ?? session.Now, actor.RequirePerson("Recording a period confirmation"), runId, confirmedBalance, note);
            session.Db.Periods.Add(record);
            await session.Db.SaveChangesAsync(ct);
            session.Record(AuditActions.Period.Confirm, "customer_period", record.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, AuditSnapshot.Of(record), note);
            return record;
        }, cancellationToken);

    public Task<PeriodRecord> LockAsync(Actor actor, string customerCode, DateOnly start, DateOnly end, string reason, CancellationToken cancellationToken) =>
        changes.RunAsync(actor, ExcludingChanges, async (session, ct) =>
        {
            await RequireCustomerAsync(session.Db, customerCode, ct);
            // A lock that holds a month inside a quarter, or a quarter around its months, is fine; one that cuts across
            // a held lock (15 May to 15 June over May) is almost always a slip of the dates.
            var across = await session.Db.Periods.AsNoTracking()
                .Where(p => p.CustomerCode == customerCode && p.Locked && p.UnlockedAt == null && p.StartDate <= end && start <= p.EndDate
                            && !(p.StartDate <= start && end <= p.EndDate) && !(start <= p.StartDate && p.EndDate <= end))
                .OrderBy(p => p.StartDate).FirstOrDefaultAsync(ct);
            if (across is not null)
            {
                throw RuleViolation.FailedPrecondition("period.lock_overlaps",
                    $"Customer '{customerCode}' has {across.StartDate:yyyy-MM-dd} to {across.EndDate:yyyy-MM-dd} locked (lock {across.Id}); " +
                    $"{start:yyyy-MM-dd} to {end:yyyy-MM-dd} cuts across it. Lock a period inside it, around it or beside it, or lift it first.");
            }

            var record = PeriodRecord.Lock(customerCode, start, end, actor.RequirePerson("Locking a period"), session.Now, reason);
            session.Db.Periods.Add(record);
            await session.Db.SaveChangesAsync(ct);
            session.Record(AuditActions.Period.Lock, "customer_period", record.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, AuditSnapshot.Of(record), reason);
            return record;
        }, cancellationToken);

    /// <summary>反结账: lifts a lock of the customer, audited; it waits, as locking does, for changes in progress.</summary>
    public Task<PeriodRecord> UnlockAsync(Actor actor, string customerCode, long id, string reason, CancellationToken cancellationToken) =>
        changes.RunAsync(actor, ExcludingChanges, async (session, ct) =>
        {
            await RequireCustomerAsync(session.Db, customerCode, ct);
            var record = await session.Db.Periods.SingleOrDefaultAsync(p => p.Id == id && p.CustomerCode == customerCode, ct)
                ?? throw RuleViolation.NotFound("period.not_found", $"Customer '{InputText.Echo(customerCode)}' has no period record {id}; 'recon period list' shows their ids.");
            var before = AuditSnapshot.Of(record);
            record.Unlock(actor.RequirePerson("Unlocking a period"), session.Now, reason);
            await session.Db.SaveChangesAsync(ct);
            session.Record(AuditActions.Period.Unlock, "customer_period", record.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), before, AuditSnapshot.Of(record), reason);
            return record;
        }, cancellationToken);

    public async Task<IReadOnlyList<PeriodRecord>> ListAsync(string customerCode, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await RequireCustomerAsync(db, customerCode, cancellationToken);
        return await db.Periods.AsNoTracking().Where(p => p.CustomerCode == customerCode).OrderBy(p => p.StartDate).ThenBy(p => p.Id).ToListAsync(cancellationToken);
    }

    private static string Money(decimal amount) => amount.ToString("#,0.00##", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task RequireCustomerAsync(ReconDbContext db, string customerCode, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(customerCode) || !await db.Customers.AnyAsync(c => c.Code == customerCode, cancellationToken))
        {
            throw RuleViolation.NotFound("customer.not_found", $"There is no customer with code '{InputText.Echo(customerCode)}'.");
        }
    }
}
