using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Auditing;

namespace ReconGrpc.Data.Changes;

/// <summary>
/// Runs a change and its audit entries in one transaction. Every writer advances the single audit head row,
/// so two concurrent changes cannot claim the same place in the chain: the loser's save fails on the head's
/// concurrency token (or the entry's key) and the whole change is run again on fresh data.
/// </summary>
public sealed partial class ChangeRunner(
    IDbContextFactory<ReconDbContext> contexts,
    IWriteGate gate,
    TimeProvider time,
    ILogger<ChangeRunner> logger)
{
    private const int MaxAttempts = 8;

    public async Task<T> RunAsync<T>(string actor, Func<ChangeSession, CancellationToken, Task<T>> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var gateLease = await gate.EnterAsync(cancellationToken);
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var session = new ChangeSession(db, actor, StorableNow(), Activity.Current?.TraceId.ToHexString());
            try
            {
                var result = await change(session, cancellationToken);
                await AppendAuditAsync(session, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch (DbUpdateException ex) when (TouchesAuditChain(ex) && attempt < MaxAttempts)
            {
                LogAuditRace(logger, attempt);
            }
            catch (DbUpdateConcurrencyException ex)
            {
                var what = ex.Entries.FirstOrDefault()?.Metadata.ClrType.Name.ToLowerInvariant() ?? "record";
                throw RuleViolation.Conflict("version.stale",
                    $"The {what} was changed by someone else while you were changing it; read it again and retry.");
            }
        }
    }

    /// <summary>
    /// The clock cut to whole milliseconds: every provider stores that exactly (SQLite's packed ticks keep only
    /// 100 µs, PostgreSQL 1 µs), so what is hashed into the audit chain is what is read back.
    /// </summary>
    private DateTimeOffset StorableNow()
    {
        var now = time.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    private static async Task AppendAuditAsync(ChangeSession session, CancellationToken cancellationToken)
    {
        if (session.Records.Count == 0)
        {
            return;
        }

        var head = await session.Db.AuditHeads.SingleAsync(cancellationToken);
        foreach (var record in session.Records)
        {
            var entry = AuditEntry.Append(head.LastSequence, head.LastHash, record, session.Now);
            session.Db.AuditEntries.Add(entry);
            head.Advance(entry);
        }
    }

    private static bool TouchesAuditChain(DbUpdateException ex) =>
        ex.Entries.Count == 0 || ex.Entries.Any(e => e.Entity is AuditHead or AuditEntry);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Another change took the audit head first; retrying (attempt {Attempt}).")]
    private static partial void LogAuditRace(ILogger logger, int attempt);
}
