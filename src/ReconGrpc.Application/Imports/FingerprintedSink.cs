using System.Threading.Channels;
using ReconGrpc.Application.Reconciliation;
using ReconGrpc.Data;
using ReconGrpc.Data.Changes;
using ReconGrpc.Domain;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Application.Imports;

/// <summary>
/// The storage path shared by ledger entries and statement lines: each row becomes a validated draft with a
/// fingerprint; a fingerprint seen earlier in the file, or already stored, counts as a duplicate; the rest go out
/// through prepared inserts. Where the provider can skip a conflicting row (SQLite, PostgreSQL) the unique index
/// itself tells duplicates apart as rows are inserted, so memory stays flat however long the file; elsewhere (SQL
/// Server) the file's fingerprints are kept in memory and stored ones looked up a chunk at a time.
/// </summary>
/// <remarks>
/// Storing runs on a writer of its own, fed through a bounded queue, so reading and checking the next rows overlaps
/// with inserting the last ones. Rows are handed over a few hundred at a time: one at a time, waking the writer for
/// each row cost more in thread switches than the insert itself. The reading side also converts each row to the
/// values the database stores, so the writer — the one thread the import waits for — only inserts. The writer alone uses the batch's connection until <see cref="FlushAsync"/> returns;
/// customer lookups go through <see cref="Lookups"/>, a context of their own.
/// </remarks>
public abstract class FingerprintedSink<TDraft, TEntity> : ImportSink, IAsyncDisposable
    where TEntity : class
{
    private const int ChunkSize = 1000;
    private const int HandOffSize = 256;
    private const int QueuedHandOffs = 16;
    private readonly Dictionary<UInt128, int> _firstLines = [];
    private readonly List<RowProblem> _rejectedWhileStoring = [];
    private readonly int _lineIndex;
    private readonly BulkInserter<TEntity> _inserter;
    private readonly Channel<List<Pending>> _queue = Channel.CreateBounded<List<Pending>>(new BoundedChannelOptions(QueuedHandOffs) { SingleReader = true, SingleWriter = true });
    private List<Pending> _handOff = new(HandOffSize);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _writer;
    private long _stored;
    private long _alreadyStored;
    private LockedPeriods? _locked;
    private long _storedInLockedPeriods;

    protected FingerprintedSink(ChangeSession session, ReconDbContext lookups, long batchId, string adapterId, IReadOnlyList<string> uniqueKey)
        : base(session, batchId, adapterId)
    {
        Lookups = lookups;
        _inserter = new BulkInserter<TEntity>(session.Db, uniqueKey, UniqueKeys.BatchProperty);
        _lineIndex = _inserter.ValueIndexOf(UniqueKeys.SourceLineProperty);
        _writer = Task.Run(() => WriteAsync(_stop.Token));
    }

    /// <summary>A context for reads while the writer holds the batch's own.</summary>
    protected ReconDbContext Lookups { get; }

    public sealed override long Imported => Volatile.Read(ref _stored);

    public sealed override long Duplicates => Volatile.Read(ref _alreadyStored) + Volatile.Read(ref _storedInLockedPeriods);

    /// <summary>Read by the import once <see cref="FlushAsync"/> has returned (the writer adds to it until then).</summary>
    public sealed override IReadOnlyList<RowProblem> RejectedWhileStoring => _rejectedWhileStoring;

    public sealed override async Task<RowProblem?> AcceptAsync(ImportRecord record, int line, CancellationToken cancellationToken)
    {
        var (draft, problem) = await ToDraftAsync(record, line, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        TEntity row;
        try
        {
            row = Create(draft!, line);
        }
        catch (RuleViolation violation)
        {
            return new RowProblem(line, FieldOf(violation.Rule), violation.Message);
        }

        // A locked period takes no more rows, as it takes no manual postings: the row is refused, the others go on.
        _locked ??= await LockedPeriods.ReadAsync(Lookups, cancellationToken);
        var (customer, date) = PeriodOf(row);
        if (_locked.Covering(customer, date) is { } locked)
        {
            // A row stored before the lock changes nothing: re-importing an overlapping export only counts it.
            if (await IsStoredAsync(row, cancellationToken))
            {
                Interlocked.Increment(ref _storedInLockedPeriods);
                return null;
            }

            return new RowProblem(line, "date", locked.Refusal("importing into it").Message);
        }

        // Where the index skips conflicts it also catches a row repeated within the file (the first copy is in the
        // table by then, with this batch's id) as the writer stores it; elsewhere the file's own fingerprints are
        // remembered here.
        if (!_inserter.SkipsConflicts)
        {
            var key = Key(FingerprintOf(row));
            if (_firstLines.TryGetValue(key, out var firstLine))
            {
                return Repeats(line, firstLine);
            }

            _firstLines.Add(key, line);
        }

        _handOff.Add(new Pending(row, _inserter.ValuesOf(row)));
        if (_handOff.Count == HandOffSize)
        {
            await HandOverAsync(cancellationToken);
        }

        return null;
    }

    public sealed override async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_handOff.Count > 0)
        {
            await HandOverAsync(cancellationToken);
        }

        _queue.Writer.TryComplete();
        await _writer.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        // After a failure the writer may still be inserting: stop it before the transaction is rolled back.
        _queue.Writer.TryComplete();
        await _stop.CancelAsync();
        try
        {
            await _writer;
        }
        catch (Exception)
        {
            // Its failure has been reported through AcceptAsync or FlushAsync, or the import failed for another reason.
        }

        await _inserter.DisposeAsync();
        await Lookups.DisposeAsync();
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Turns a record into a draft, or says why the row is rejected.</summary>
    protected abstract ValueTask<(TDraft? Draft, RowProblem? Problem)> ToDraftAsync(ImportRecord record, int line, CancellationToken cancellationToken);

    /// <summary>The row to store, validated (a <see cref="RuleViolation"/> rejects it) and fingerprinted.</summary>
    protected abstract TEntity Create(TDraft draft, int line);

    protected abstract string FingerprintOf(TEntity row);

    /// <summary>Whether this row is stored already (asked through <see cref="Lookups"/>, for rows in a locked period only).</summary>
    protected abstract Task<bool> IsStoredAsync(TEntity row, CancellationToken cancellationToken);

    /// <summary>The customer (if known) and date a row falls in, for period locks.</summary>
    protected abstract (string? CustomerCode, DateOnly Date) PeriodOf(TEntity row);

    /// <summary>The fingerprints of these rows that are already stored (only asked where the provider cannot skip conflicts).</summary>
    protected abstract Task<HashSet<string>> StoredAsync(IReadOnlyList<TEntity> rows, CancellationToken cancellationToken);

    private async Task HandOverAsync(CancellationToken cancellationToken)
    {
        var rows = _handOff;
        _handOff = new List<Pending>(HandOffSize);
        await _queue.Writer.WriteOrRethrowAsync(rows, _writer, cancellationToken);
    }

    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        try
        {
            var chunk = new List<Pending>(ChunkSize);
            await foreach (var rows in _queue.Reader.ReadAllAsync(cancellationToken))
            {
                if (_inserter.SkipsConflicts)
                {
                    foreach (var row in rows)
                    {
                        await _inserter.AddAsync(row.Values, cancellationToken);
                    }

                    TakeRepeats();
                    Count();
                    continue;
                }

                foreach (var row in rows)
                {
                    chunk.Add(row);
                    if (chunk.Count == ChunkSize)
                    {
                        await StoreChunkAsync(chunk, cancellationToken);
                    }
                }
            }

            await StoreChunkAsync(chunk, cancellationToken);
            await _inserter.FlushAsync(cancellationToken);
            TakeRepeats();
            Count();
        }
        catch (Exception e)
        {
            _queue.Writer.TryComplete(e);
            throw;
        }
    }

    private void TakeRepeats()
    {
        foreach (var values in _inserter.TakeRepeats())
        {
            _rejectedWhileStoring.Add(Repeats(values[_lineIndex] is int line ? line : 0, null));
        }
    }

    private void Count()
    {
        Volatile.Write(ref _stored, _inserter.Inserted);
        // Where conflicts are not skipped, the chunk lookups count stored rows themselves (the inserter skips none).
        if (_inserter.SkipsConflicts)
        {
            Volatile.Write(ref _alreadyStored, _inserter.Skipped);
        }
    }

    private async Task StoreChunkAsync(List<Pending> chunk, CancellationToken cancellationToken)
    {
        if (chunk.Count == 0)
        {
            return;
        }

        var present = await StoredAsync([.. chunk.Select(p => p.Row)], cancellationToken);
        foreach (var (row, values) in chunk)
        {
            if (present.Contains(FingerprintOf(row)))
            {
                Interlocked.Increment(ref _alreadyStored);
                continue;
            }

            await _inserter.AddAsync(values, cancellationToken);
        }

        Volatile.Write(ref _stored, _inserter.Inserted);
        chunk.Clear();
    }

    /// <summary>A row on its way to the writer, with its column values already converted on the reading side.</summary>
    private readonly record struct Pending(TEntity Row, object?[] Values);

    /// <summary>The field a rule of a draft is about, so a rejected row names its column as the adapter's own errors do.</summary>
    private static string? FieldOf(string rule) => rule[(rule.LastIndexOf('.') + 1)..] switch
    {
        "amount_scale" or "amount_range" or "amount_zero" => "amount",
        "date_range" => "date",
        "due_date_range" => "dueDate",
        "currency" => "currency",
        "document_number_length" or "document_type" => "document",
        "due_before_date" => "dueDate",
        "text_length" => "text",
        "customer_required" => "customer",
        _ => null,
    };
}
