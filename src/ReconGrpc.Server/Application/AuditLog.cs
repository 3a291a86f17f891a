using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Domain.Auditing;

namespace ReconGrpc.Server.Application;

/// <summary>Filters for reading the audit log; every one optional.</summary>
public sealed record AuditFilter(
    string? Actor,
    string? EntityType,
    string? EntityId,
    string? ActionPrefix,
    DateTimeOffset? From,
    DateTimeOffset? Before);

/// <summary>Reading and verifying the audit log. Writing happens only through <see cref="Data.Changes.ChangeRunner"/>.</summary>
public sealed class AuditLog(IDbContextFactory<ReconDbContext> contexts)
{
    public async Task<Page<AuditEntry>> ListAsync(AuditFilter filter, int pageSize, long? afterSequence, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrEmpty(filter.Actor))
        {
            query = query.Where(e => e.Actor == filter.Actor);
        }

        if (!string.IsNullOrEmpty(filter.EntityType))
        {
            query = query.Where(e => e.EntityType == filter.EntityType);
        }

        if (!string.IsNullOrEmpty(filter.EntityId))
        {
            query = query.Where(e => e.EntityId == filter.EntityId);
        }

        if (!string.IsNullOrEmpty(filter.ActionPrefix))
        {
            query = query.Where(e => e.Action.StartsWith(filter.ActionPrefix));
        }

        if (filter.From is { } from)
        {
            query = query.Where(e => e.Time >= from);
        }

        if (filter.Before is { } before)
        {
            query = query.Where(e => e.Time < before);
        }

        if (afterSequence is { } after)
        {
            query = query.Where(e => e.Sequence > after);
        }

        var fetched = await query.OrderBy(e => e.Sequence).Take(pageSize + 1).ToListAsync(cancellationToken);
        return Paging.Of(fetched, pageSize, e => e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public async Task<ChainVerdict> VerifyAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var snapshot = await db.Database.BeginTransactionAsync(cancellationToken);
        var head = await db.AuditHeads.AsNoTracking().SingleAsync(cancellationToken);
        var verifier = new AuditChainVerifier();
        await foreach (var entry in db.AuditEntries.AsNoTracking().Where(e => e.Sequence <= head.LastSequence)
                           .OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (!verifier.Accept(entry))
            {
                break;
            }
        }

        return verifier.Finish(head.LastSequence, head.LastHash);
    }
}
