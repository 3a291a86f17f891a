using ReconGrpc.Data;
using ReconGrpc.Data.Changes;
using ReconGrpc.Domain;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Server.Imports;

/// <summary>
/// The storage path shared by ledger entries and statement lines: each row becomes a validated draft with a
/// fingerprint; a fingerprint seen earlier in the file, or already stored (checked a chunk at a time through the
/// unique index), counts as a duplicate; the rest go out through multi-row inserts.
/// </summary>
public abstract class FingerprintedSink<TDraft, TEntity>(ChangeSession session, long batchId, string adapterId)
    : ImportSink(session, batchId, adapterId), IAsyncDisposable
    where TEntity : class
{
    private const int ChunkSize = 1000;
    private readonly HashSet<UInt128> _seen = [];
    private readonly List<(TDraft Draft, string Fingerprint, int Line)> _chunk = new(ChunkSize);
    private readonly BulkInserter<TEntity> _inserter = new(session.Db);

    public sealed override async Task<RowProblem?> AcceptAsync(ImportRecord record, int line, CancellationToken cancellationToken)
    {
        var (draft, problem) = await ToDraftAsync(record, line, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        string fingerprint;
        try
        {
            fingerprint = Fingerprint(draft!);
        }
        catch (RuleViolation violation)
        {
            return new RowProblem(line, null, violation.Message);
        }

        if (!_seen.Add(Key(fingerprint)))
        {
            Duplicates++;
            return null;
        }

        _chunk.Add((draft!, fingerprint, line));
        if (_chunk.Count == ChunkSize)
        {
            await StoreChunkAsync(cancellationToken);
        }

        return null;
    }

    public sealed override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await StoreChunkAsync(cancellationToken);
        await _inserter.FlushAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _inserter.DisposeAsync();

    /// <summary>Turns a record into a draft, or says why the row is rejected.</summary>
    protected abstract Task<(TDraft? Draft, RowProblem? Problem)> ToDraftAsync(ImportRecord record, int line, CancellationToken cancellationToken);

    /// <summary>Validates the draft (throwing <see cref="RuleViolation"/>) and returns its fingerprint.</summary>
    protected abstract string Fingerprint(TDraft draft);

    /// <summary>Which of these fingerprints are already stored.</summary>
    protected abstract Task<HashSet<string>> StoredAsync(List<string> fingerprints, CancellationToken cancellationToken);

    protected abstract TEntity Create(TDraft draft, int line);

    private async Task StoreChunkAsync(CancellationToken cancellationToken)
    {
        if (_chunk.Count == 0)
        {
            return;
        }

        var present = await StoredAsync([.. _chunk.Select(c => c.Fingerprint)], cancellationToken);
        foreach (var (draft, fingerprint, line) in _chunk)
        {
            if (present.Contains(fingerprint))
            {
                Duplicates++;
                continue;
            }

            await _inserter.AddAsync(Create(draft, line), cancellationToken);
            Imported++;
        }

        _chunk.Clear();
    }
}
