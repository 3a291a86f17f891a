using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Access;
using ReconGrpc.Domain.Auditing;

namespace ReconGrpc.Data.Changes;

/// <summary>
/// Runs a change and its audit entries in one transaction. Every writer advances the single audit head row, so
/// two concurrent changes cannot claim the same place in the chain: the head is locked when the audit entries are
/// appended (writers queue there), and should a writer still lose (a provider without row locks), the whole change
/// runs again on fresh data. Entries are sealed with the audit key, and once the change committed the new head is
/// appended to the checkpoint file, out of the database's reach.
/// </summary>
/// <remarks>
/// The runner also holds every change to the period locks (<see cref="ChangeOptions"/>): before the change it takes
/// the <see cref="PeriodGuard"/> and refuses a change whose declared periods are locked, and before committing it
/// refuses one that saved a ledger entry or statement line in a locked period. The checks are here, in the
/// transaction, rather than in each use case, so a use case cannot forget them.
/// </remarks>
public sealed partial class ChangeRunner(
    IDbContextFactory<ReconDbContext> contexts,
    IWriteGate gate,
    TimeProvider time,
    AuditKey auditKey,
    AuditCheckpointFile checkpoints,
    ILogger<ChangeRunner> logger)
{
    private const int MaxAttempts = 8;

    public Task<T> RunAsync<T>(string actor, Func<ChangeSession, CancellationToken, Task<T>> change, CancellationToken cancellationToken) =>
        RunAsync(new Actor(actor), ChangeOptions.None, change, cancellationToken);

    public Task<T> RunAsync<T>(Actor actor, Func<ChangeSession, CancellationToken, Task<T>> change, CancellationToken cancellationToken) =>
        RunAsync(actor, ChangeOptions.None, change, cancellationToken);

    public async Task<T> RunAsync<T>(Actor actor, ChangeOptions options, Func<ChangeSession, CancellationToken, Task<T>> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var gateLease = await gate.EnterAsync(cancellationToken);
            long? headRead = null;
            try
            {
                await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var session = new ChangeSession(db, actor, StorableNow(), Activity.Current?.TraceId.ToHexString());
                T result;
                try
                {
                    await HoldToLocksAsync(db, options, cancellationToken);
                    result = await change(session, cancellationToken);
                    var appended = await AppendAuditAsync(session, cancellationToken);
                    headRead = appended?.HeadRead;
                    await db.SaveChangesAsync(cancellationToken);
                    await session.ThrowIfBookedInLockedPeriodAsync(options.Posting, cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                    if (appended is { } head)
                    {
                        await checkpoints.AppendAsync(head.Sequence, head.Hash, session.Now);
                    }
                }
                finally
                {
                    session.Detach();
                }

                return result;
            }
            catch (DbUpdateException ex)
            {
                // A writer that committed first moved the audit head: run the change again on fresh data.
                if (headRead is { } read && attempt < MaxAttempts && await AuditHeadMovedAsync(read, cancellationToken))
                {
                    LogAuditRace(logger, attempt);
                    continue;
                }

                var explained = Explain(ex);
                if (ReferenceEquals(explained, ex))
                {
                    throw;
                }

                throw explained;
            }
        }
    }

    /// <summary>
    /// Before the change: a change that locks periods waits for those that honour locks; one that honours them (or
    /// declares the periods it touches) holds the guard shared, so a lock committed from now on waits for it, and is
    /// refused should a lock already cover what it touches.
    /// </summary>
    private static async Task HoldToLocksAsync(ReconDbContext db, ChangeOptions options, CancellationToken cancellationToken)
    {
        if (options.ExcludesChangesFor is { } wait)
        {
            await PeriodGuard.LockAsync(db, wait, cancellationToken);
            return;
        }

        if (options.HonoursLocks || options.Touches is not null)
        {
            await PeriodGuard.HonourAsync(db, cancellationToken);
        }

        if (options.Touches is { } scope)
        {
            await scope.ThrowIfLockedAsync(db, cancellationToken);
        }
    }

    private async Task<bool> AuditHeadMovedAsync(long sequenceRead, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var head = await db.AuditHeads.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        return head is not null && head.LastSequence != sequenceRead;
    }

    private static Exception Explain(DbUpdateException exception) => exception switch
    {
        DbUpdateConcurrencyException concurrency => RuleViolation.Conflict("version.stale",
            $"The {concurrency.Entries.FirstOrDefault()?.Metadata.ClrType.Name.ToLowerInvariant() ?? "record"} was changed by someone else while you were changing it; read it again and retry."),
        // Two callers created the same thing at once; the guard before the insert could not see the other.
        _ when UniqueViolation.Is(exception) => RuleViolation.AlreadyExists("unique.race",
            "Someone else created the same record at the same moment; read again and retry."),
        _ => exception,
    };

    /// <summary>
    /// The clock cut to whole milliseconds: every provider stores that exactly (SQLite's packed ticks keep only
    /// 100 µs, PostgreSQL 1 µs), so what is hashed into the audit chain is what is read back.
    /// </summary>
    private DateTimeOffset StorableNow()
    {
        var now = time.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    /// <summary>
    /// Chains the session's audit records after the head; returns the head sequence it built on and the new head.
    /// A log whose head row is gone, or that holds entries beyond its head, was changed outside the server: no change
    /// is chained onto it (it would fail on the sequence, or vouch for the foreign entries) until an admin repairs it.
    /// </summary>
    private async Task<(long HeadRead, long Sequence, string Hash)?> AppendAuditAsync(ChangeSession session, CancellationToken cancellationToken)
    {
        if (session.Records.Count == 0)
        {
            return null;
        }

        // Touching the head row first takes its row lock (PostgreSQL, SQL Server): a concurrent writer now waits
        // here until this transaction ends instead of failing on the same sequence number and running again.
        var touched = await session.Db.AuditHeads.Where(h => h.Id == AuditHead.SingletonId)
            .ExecuteUpdateAsync(update => update.SetProperty(h => h.Version, h => h.Version + 1), cancellationToken);
        var head = touched == 0 ? null : await session.Db.AuditHeads.SingleOrDefaultAsync(h => h.Id == AuditHead.SingletonId, cancellationToken);
        if (head is null)
        {
            throw RuleViolation.FailedPrecondition("audit.head_missing",
                "The audit log's head row is missing from the database (it was deleted outside the server), so no change can be recorded. "
                + "An admin must restore it; VerifyAuditChain reports the damage and docs/operations.md describes the repair.");
        }

        var read = head.LastSequence;
        if (await session.Db.AuditEntries.Where(e => e.Sequence > read).OrderBy(e => e.Sequence).Select(e => (long?)e.Sequence)
                .FirstOrDefaultAsync(cancellationToken) is { } foreign)
        {
            throw RuleViolation.FailedPrecondition("audit.beyond_head",
                $"The audit log holds entry {foreign} beyond its head (entry {read}): it was added outside the server, so no change can be recorded. "
                + "An admin must remove it; VerifyAuditChain reports the damage and docs/operations.md describes the repair.");
        }

        foreach (var record in session.Records)
        {
            var entry = AuditEntry.Append(head.LastSequence, head.LastHash, record, session.Now, auditKey);
            session.Db.AuditEntries.Add(entry);
            head.Advance(entry);
        }

        return (read, head.LastSequence, head.LastHash);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Another change took the audit head first; retrying (attempt {Attempt}).")]
    private static partial void LogAuditRace(ILogger logger, int attempt);
}
