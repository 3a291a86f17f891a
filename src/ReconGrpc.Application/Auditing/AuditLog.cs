using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Data.Changes;
using ReconGrpc.Domain.Access;
using ReconGrpc.Domain.Auditing;

namespace ReconGrpc.Application.Auditing;

/// <summary>Filters for reading the audit log; every one optional.</summary>
public sealed record AuditFilter(
    string? Actor,
    string? EntityType,
    string? EntityId,
    string? ActionPrefix,
    DateTimeOffset? From,
    DateTimeOffset? Before);

/// <summary>Reading and verifying the audit log. Writing happens only through <see cref="Data.Changes.ChangeRunner"/>.</summary>
public sealed class AuditLog(IDbContextFactory<ReconDbContext> contexts, AuditKey key, AuditCheckpointFile checkpoints, TimeProvider time)
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

    /// <summary>
    /// Verifies the chain (every entry, including any beyond the head), against the head row and the checkpoint file,
    /// and, when the chain holds, compares the stored categories, customers and ledger entries with what the log says
    /// they are.
    /// </summary>
    public async Task<AuditVerdict> VerifyAsync(CancellationToken cancellationToken)
    {
        var read = await checkpoints.ReadAsync(cancellationToken);
        if (read.BadLine is { } badLine)
        {
            return new AuditVerdict(ChainVerdict.Broken(0, 0,
                $"line {badLine} of the checkpoint file is not a checkpoint (a sequence and a hash): the file was edited"), [], 0);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var snapshot = await db.Database.BeginTransactionAsync(cancellationToken);
        var head = await db.AuditHeads.AsNoTracking().SingleOrDefaultAsync(h => h.Id == AuditHead.SingletonId, cancellationToken);
        var verifier = new AuditChainVerifier(key, head, read.Checkpoints);
        var logged = new LoggedContent();
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (!verifier.Accept(entry))
            {
                break;
            }

            logged.Apply(entry);
        }

        var chain = verifier.Finish();
        if (!chain.IsIntact)
        {
            // Past the break the log cannot be trusted to say what the rows should be.
            return new AuditVerdict(chain, [], 0);
        }

        var differences = await logged.CompareAsync(db, cancellationToken);
        return new AuditVerdict(chain, [.. differences.Take(MaxDifferencesReported)], differences.Count);
    }

    /// <summary>Differences beyond these are counted, not listed: the answer must fit one message.</summary>
    public const int MaxDifferencesReported = 100;

    /// <summary>Starts the checkpoints again after a deliberate restore (see <see cref="AuditCheckpointFile.SetAsideAsync"/>).</summary>
    public Task<string?> SetCheckpointsAsideAsync() => checkpoints.SetAsideAsync(time.GetUtcNow());

    /// <summary>Appends the current head to the checkpoint file (on start: anchors the chain as it stands).</summary>
    public async Task CheckpointHeadAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var head = await db.AuditHeads.AsNoTracking().SingleOrDefaultAsync(h => h.Id == AuditHead.SingletonId, cancellationToken);
        if (head is { LastSequence: > 0 })
        {
            await checkpoints.AppendAsync(head.LastSequence, head.LastHash, time.GetUtcNow());
        }
    }
}

/// <summary>The verdict on the chain, and the stored rows that differ from what the log says (the first ones).</summary>
public sealed record AuditVerdict(ChainVerdict Chain, IReadOnlyList<ContentDifference> Differences, int DifferencesFound)
{
    public bool IsIntact => Chain.IsIntact && DifferencesFound == 0;
}

/// <summary>One stored row that is not what the audit log says; <paramref name="Sequence"/> is the entry that last described it (0: none).</summary>
public sealed record ContentDifference(string EntityType, string EntityId, long Sequence, string Problem);

/// <summary>What the audit log says the vouched-for rows are, built while walking the chain.</summary>
internal sealed class LoggedContent
{
    private readonly Dictionary<(string Type, string Id), (long Sequence, string? Digest)> _entities = [];
    private readonly Dictionary<long, (long Sequence, string? Digest)> _batches = [];

    public void Apply(AuditEntry entry)
    {
        if (AuditedContent.IsChecked(entry.EntityType))
        {
            var digest = entry.AfterJson is null ? null : AuditedContent.Digest(entry.EntityType, Parse(entry.AfterJson));
            _entities[(entry.EntityType, entry.EntityId)] = (entry.Sequence, digest);
        }
        else if (entry.Action == AuditActions.Import.Commit && long.TryParse(entry.EntityId, NumberStyles.None, CultureInfo.InvariantCulture, out var batchId))
        {
            // A batch committed before its rows were digested has none: its ledger entries are not vouched for.
            var after = entry.AfterJson is null ? default : Parse(entry.AfterJson);
            var digest = after.ValueKind == JsonValueKind.Object && after.TryGetProperty(AuditedContent.LedgerDigestProperty, out var value)
                && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            _batches[batchId] = (entry.Sequence, digest);
        }
    }

    public async Task<List<ContentDifference>> CompareAsync(ReconDbContext db, CancellationToken cancellationToken)
    {
        var differences = new List<ContentDifference>();
        var changed = new List<(int Index, string Type, JsonElement Stored)>();
        var seen = new HashSet<(string, string)>();
        await foreach (var category in db.Categories.AsNoTracking().OrderBy(c => c.Code).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            Compare(AuditedContent.Category, category.Code, AuditSnapshot.ElementOf(category), seen, differences, changed);
        }

        await foreach (var customer in db.Customers.AsNoTracking().OrderBy(c => c.Code).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            Compare(AuditedContent.Customer, customer.Code, AuditSnapshot.ElementOf(customer), seen, differences, changed);
        }

        var batchDigests = new Dictionary<long, LedgerBatchDigest>();
        try
        {
            await foreach (var entry in db.LedgerEntries.AsNoTracking().OrderBy(e => e.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                if (entry.ImportBatchId is { } batchId)
                {
                    if (!batchDigests.TryGetValue(batchId, out var digest))
                    {
                        batchDigests[batchId] = digest = new LedgerBatchDigest();
                    }

                    digest.Add(entry);
                    continue;
                }

                var id = entry.Id.ToString(CultureInfo.InvariantCulture);
                Compare(AuditedContent.LedgerEntry, id, AuditSnapshot.ElementOf(entry), seen, differences, changed);
            }

            CompareBatches(batchDigests, differences);
        }
        finally
        {
            foreach (var digest in batchDigests.Values)
            {
                digest.Dispose();
            }
        }

        foreach (var ((type, id), (sequence, digest)) in _entities)
        {
            if (digest is not null && !seen.Contains((type, id)))
            {
                differences.Add(new ContentDifference(type, id, sequence,
                    $"{Name(type)} {id} is missing from the database, but audit entry {sequence} says it exists: it was deleted outside the server"));
            }
        }

        // Rare, so the entries are read again here rather than kept for every row (and after the rows were read: one
        // connection runs one query at a time): they name the fields that differ.
        foreach (var (index, type, stored) in changed)
        {
            var difference = differences[index];
            var json = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence == difference.Sequence).Select(e => e.AfterJson).SingleOrDefaultAsync(cancellationToken);
            var fields = json is null ? "" : string.Join(", ", AuditedContent.DifferingFields(type, Parse(json), stored));
            differences[index] = difference with
            {
                Problem = $"{Name(type)} {difference.EntityId} differs from audit entry {difference.Sequence}{(fields.Length > 0 ? $" in {fields}" : "")}: it was changed outside the server",
            };
        }

        return differences;
    }

    private void Compare(string type, string id, JsonElement stored, HashSet<(string, string)> seen,
        List<ContentDifference> differences, List<(int Index, string Type, JsonElement Stored)> changed)
    {
        seen.Add((type, id));
        if (!_entities.TryGetValue((type, id), out var logged))
        {
            differences.Add(new ContentDifference(type, id, 0, $"{Name(type)} {id} is in the database but not in the audit log: it was added outside the server"));
            return;
        }

        if (logged.Digest is null)
        {
            differences.Add(new ContentDifference(type, id, logged.Sequence,
                $"{Name(type)} {id} is in the database, but audit entry {logged.Sequence} deleted it: it was put back outside the server"));
            return;
        }

        if (AuditedContent.Digest(type, stored) == logged.Digest)
        {
            return;
        }

        if (changed.Count < AuditLog.MaxDifferencesReported)
        {
            changed.Add((differences.Count, type, stored));
        }

        differences.Add(new ContentDifference(type, id, logged.Sequence,
            $"{Name(type)} {id} differs from audit entry {logged.Sequence}: it was changed outside the server"));
    }

    private void CompareBatches(Dictionary<long, LedgerBatchDigest> stored, List<ContentDifference> differences)
    {
        var computed = stored.ToDictionary(b => b.Key, b => b.Value.Finish());
        foreach (var batchId in computed.Keys.Order())
        {
            if (!_batches.ContainsKey(batchId))
            {
                differences.Add(new ContentDifference(AuditedContent.LedgerEntry, "", 0,
                    $"ledger entries of import batch {batchId} are in the database, but the audit log has no such import: they were added outside the server"));
            }
        }

        foreach (var (batchId, (sequence, digest)) in _batches.OrderBy(b => b.Key))
        {
            if (digest is null)
            {
                continue;
            }

            var actual = computed.TryGetValue(batchId, out var value) ? value : EmptyDigest;
            if (actual != digest)
            {
                differences.Add(new ContentDifference("import_batch", batchId.ToString(CultureInfo.InvariantCulture), sequence,
                    $"the ledger entries of import batch {batchId} differ from the digest in audit entry {sequence}: one was changed, added or deleted outside the server"));
            }
        }
    }

    private static readonly string EmptyDigest = EmptyBatchDigest();

    private static string EmptyBatchDigest()
    {
        using var digest = new LedgerBatchDigest();
        return digest.Finish();
    }

    private static string Name(string type) => type.Replace('_', ' ');

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
