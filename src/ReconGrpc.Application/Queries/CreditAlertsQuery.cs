using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Ledger;

namespace ReconGrpc.Application.Queries;

/// <summary>What a credit alert is about, in the order alerts are listed.</summary>
public enum CreditAlertKind
{
    OverLimit = 1,
    NearLimit = 2,
    Overdue = 3,
}

/// <summary>A customer the credit controller should look at.</summary>
public sealed record CreditAlert(CreditAlertKind Kind, string CustomerCode, string CustomerName, decimal Balance, decimal? CreditLimit,
    decimal? OverLimit, decimal OverdueAmount, int OldestOverdueDays, string Currency)
{
    /// <summary>The customer's current category, which watchers filter on.</summary>
    public string? CategoryCode { get; init; }
}

/// <summary>What ListCreditAlerts is asked for.</summary>
/// <param name="NearLimitPercent">Null for the server's setting.</param>
public sealed record CreditAlertRequest(DateOnly AsOf, string? CategoryCode, IReadOnlyList<CreditAlertKind> Kinds, decimal? NearLimitPercent, int OverdueGraceDays);

/// <summary>
/// Credit control: customers over their limit, near it, or with items overdue. A customer's balance is compared with
/// its limit in each currency it has entries in (a limit is a sum of money with no currency of its own).
/// </summary>
public sealed class CreditAlertsQuery(IDbContextFactory<ReconDbContext> contexts, CreditOptions options)
{
    public CreditOptions Options => options;

    public async Task<IReadOnlyList<CreditAlert>> ListAsync(CreditAlertRequest request, CancellationToken cancellationToken)
    {
        var percent = request.NearLimitPercent ?? options.NearLimitPercent;
        if (percent is <= 0 or > 100)
        {
            throw RuleViolation.Invalid("credit.near_limit_percent", $"near_limit_percent is a percentage above 0 and at most 100, e.g. 90; {percent} was given.");
        }

        if (request.OverdueGraceDays is < 0 or > AgingQuery.MaxBucketDays)
        {
            throw RuleViolation.Invalid("credit.grace_days", $"overdue_grace_days is 0 to {AgingQuery.MaxBucketDays}; {request.OverdueGraceDays} was given.");
        }

        var kinds = request.Kinds.Count == 0 ? [CreditAlertKind.OverLimit, CreditAlertKind.NearLimit, CreditAlertKind.Overdue] : request.Kinds.ToHashSet();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var scope = await AgingQuery.ScopeAsync(db, request.AsOf, null, request.CategoryCode, null, cancellationToken);
        // One snapshot: a receipt committing between the two reads would leave an overdue customer without an oldest item.
        await using var snapshot = await ReadSnapshot.BeginAsync(db, cancellationToken);
        // Slot 2 holds what is more than the grace days past due.
        var items = await AgingQuery.ReadAsync(db, scope, AgingBasis.DueDate, [request.OverdueGraceDays], cancellationToken);
        var oldestOpen = kinds.Contains(CreditAlertKind.Overdue) && items.Any(i => i.Slots[2] > 0)
            ? await OldestOpenBasisAsync(db, scope, cancellationToken)
            : [];
        var alerts = new List<CreditAlert>();
        foreach (var item in items)
        {
            if (LimitAlert(item, percent) is { } limit && kinds.Contains(limit.Kind))
            {
                alerts.Add(limit);
            }

            if (kinds.Contains(CreditAlertKind.Overdue) && item.Slots[2] > 0)
            {
                var oldest = oldestOpen[(item.Code, item.Currency)];
                alerts.Add(new CreditAlert(CreditAlertKind.Overdue, item.Code, item.Name, item.Balance, item.CreditLimit,
                    item.CreditLimit is { } l ? item.Balance - l : null, item.Slots[2], request.AsOf.DayNumber - oldest.DayNumber, item.Currency)
                {
                    CategoryCode = item.CategoryCode,
                });
            }
        }

        return Ordered(alerts);
    }

    /// <summary>A watcher's filter: NOT_FOUND for a category that does not exist.</summary>
    public async Task<CreditAlertFilter> FilterAsync(string? categoryCode, IReadOnlyList<CreditAlertKind> kinds, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(categoryCode))
        {
            return new CreditAlertFilter(null, kinds.ToHashSet());
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await Archive.CategoryScope.OfAsync(db, categoryCode, cancellationToken);
        return new CreditAlertFilter(categoryCode.Trim(), kinds.ToHashSet());
    }

    /// <summary>
    /// The alerts over or near the limit of the given customers on their whole ledger (every date): what a posting or an
    /// import has just done to them. Reads through <paramref name="db"/>, so inside a change it sees the change.
    /// </summary>
    internal async Task<IReadOnlyList<CreditAlert>> LimitAlertsAsync(ReconDbContext db, string? customerCode, long? importBatchId, CancellationToken cancellationToken)
    {
        var scope = new OpenItemsSql.Scope(DateOnly.MaxValue, customerCode, null, null) { ImportBatchId = importBatchId };
        var items = await AgingQuery.ReadAsync(db, scope, AgingBasis.DocumentDate, [], cancellationToken);
        return Ordered(items.Select(i => LimitAlert(i, options.NearLimitPercent)).OfType<CreditAlert>().ToList());
    }

    /// <summary>The alerts an import caused: its customers' that are over or near their limit once it is stored.</summary>
    public async Task<IReadOnlyList<CreditAlert>> AfterImportAsync(ImportBatch batch, CancellationToken cancellationToken)
    {
        if (batch.RecordKind != RecordKind.LedgerEntries || !batch.Committed || batch.Imported == 0)
        {
            return [];
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await LimitAlertsAsync(db, null, batch.Id, cancellationToken);
    }

    private static CreditAlert? LimitAlert(CustomerOpenItems item, decimal percent)
    {
        if (item.CreditLimit is not { } limit || item.Balance <= 0)
        {
            return null;
        }

        var overdue = item.Slots.Length > 2 ? item.Slots[2] : 0m;
        if (item.Balance > limit)
        {
            return new CreditAlert(CreditAlertKind.OverLimit, item.Code, item.Name, item.Balance, limit, item.Balance - limit, overdue, 0, item.Currency)
            {
                CategoryCode = item.CategoryCode,
            };
        }

        return item.Balance >= limit * percent / 100m
            ? new CreditAlert(CreditAlertKind.NearLimit, item.Code, item.Name, item.Balance, limit, item.Balance - limit, overdue, 0, item.Currency)
            {
                CategoryCode = item.CategoryCode,
            }
            : null;
    }

    /// <summary>Over the limit first, then near it, then overdue; the largest amount first within each kind.</summary>
    private static List<CreditAlert> Ordered(List<CreditAlert> alerts) =>
        alerts.OrderBy(a => a.Kind)
            .ThenByDescending(a => a.Kind switch { CreditAlertKind.OverLimit => a.OverLimit ?? 0m, CreditAlertKind.NearLimit => a.Balance, _ => a.OverdueAmount })
            .ThenBy(a => a.CustomerCode, StringComparer.Ordinal).ThenBy(a => a.Currency, StringComparer.Ordinal).ToList();

    /// <summary>The basis date of every customer's oldest open item, by customer and currency, read in one query.</summary>
    private static async Task<Dictionary<(string Code, string Currency), DateOnly>> OldestOpenBasisAsync(ReconDbContext db, OpenItemsSql.Scope scope,
        CancellationToken cancellationToken)
    {
        await using var command = OpenItemsSql.OldestOpenBasis(db, scope, AgingBasis.DueDate);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var oldest = new Dictionary<(string, string), DateOnly>();
        while (await reader.ReadAsync(cancellationToken))
        {
            oldest[(reader.GetString(0), reader.GetString(1))] = OpenItemsSql.ReadDate(reader, 2);
        }

        return oldest;
    }
}
