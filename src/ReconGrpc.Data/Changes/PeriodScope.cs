using Microsoft.EntityFrameworkCore;
using ReconGrpc.Domain.Reconciliation;

namespace ReconGrpc.Data.Changes;

/// <summary>
/// The customers and dates a change touches, and what the change is called in its refusal
/// ("Customer 'X' has its period … locked; <c>what</c> is no longer possible."). A scope with no customer covers a
/// category's customers, or with neither every customer (a run over all of them), and is refused by a lock of any of them.
/// </summary>
public sealed class PeriodScope
{
    private readonly string? _customerCode;
    private readonly string? _categoryCode;
    private readonly DateOnly _start;
    private readonly DateOnly _end;
    private readonly long? _runId;

    private PeriodScope(string? customerCode, string? categoryCode, DateOnly start, DateOnly end, long? runId, string what)
    {
        _customerCode = string.IsNullOrWhiteSpace(customerCode) ? null : customerCode.Trim();
        _categoryCode = string.IsNullOrWhiteSpace(categoryCode) ? null : categoryCode.Trim();
        _start = start;
        _end = end;
        _runId = runId;
        What = what;
    }

    public string What { get; }

    /// <summary>Days [start, end] of one customer.</summary>
    public static PeriodScope Customer(string customerCode, DateOnly start, DateOnly end, string what) => new(customerCode, null, start, end, null, what);

    /// <summary>Days [start, end] of a run's customers: the customer, else the category's, else everyone's.</summary>
    public static PeriodScope Customers(string? customerCode, string? categoryCode, DateOnly start, DateOnly end, string what) =>
        new(customerCode, categoryCode, start, end, null, what);

    /// <summary>The customers and period of a run.</summary>
    public static PeriodScope Run(ReconciliationRun run, string what) => new(run.CustomerCode, run.CategoryCode, run.StartDate, run.EndDate, null, what);

    /// <summary>The customers and period of the run with this id, read inside the change; no run, nothing to refuse (the change says so).</summary>
    public static PeriodScope Run(long runId, string what) => new(null, null, default, default, runId, what);

    /// <summary>Throws FAILED_PRECONDITION when a lock covers any day of the scope. The guard is held by then.</summary>
    internal async Task ThrowIfLockedAsync(ReconDbContext db, CancellationToken cancellationToken)
    {
        var scope = this;
        if (_runId is { } runId)
        {
            var run = await db.Runs.AsNoTracking().Where(r => r.Id == runId)
                .Select(r => new { r.CustomerCode, r.CategoryCode, r.StartDate, r.EndDate }).SingleOrDefaultAsync(cancellationToken);
            if (run is null)
            {
                return;
            }

            scope = Customers(run.CustomerCode, run.CategoryCode, run.StartDate, run.EndDate, What);
        }

        await scope.ThrowIfLockedInRangeAsync(db, cancellationToken);
    }

    private async Task ThrowIfLockedInRangeAsync(ReconDbContext db, CancellationToken cancellationToken)
    {
        var (start, end) = (_start, _end);
        var locks = db.Periods.AsNoTracking().Where(p => p.Locked && p.UnlockedAt == null && p.StartDate <= end && start <= p.EndDate);
        if (_customerCode is { } customerCode)
        {
            locks = locks.Where(p => p.CustomerCode == customerCode);
        }
        else if (_categoryCode is { } categoryCode)
        {
            // A category's subtree is the codes starting with its own (see CategoryScope); only a real category's code
            // is a prefix of exactly its subtree, and an unknown one is the change's to report.
            if (!await db.Categories.AnyAsync(c => c.Code == categoryCode, cancellationToken))
            {
                return;
            }

            var customers = db.Customers.Where(c => c.CategoryCode.StartsWith(categoryCode)).Select(c => c.Code);
            locks = locks.Where(p => customers.Contains(p.CustomerCode));
        }

        var locked = await locks.OrderBy(p => p.StartDate).ThenBy(p => p.CustomerCode).FirstOrDefaultAsync(cancellationToken);
        if (locked is not null)
        {
            throw locked.Refusal(_customerCode is not null ? What : _categoryCode is not null ? $"{What} over category '{_categoryCode}'" : What + " over all customers");
        }
    }
}
