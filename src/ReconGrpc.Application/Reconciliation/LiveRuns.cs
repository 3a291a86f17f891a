using System.Collections.Concurrent;
using ReconGrpc.Domain.Reconciliation;
using ReconGrpc.Matching;

namespace ReconGrpc.Application.Reconciliation;

/// <summary>Where a live run is, as its watchers see it.</summary>
public sealed record RunProgressSnapshot(string Stage, string? RuleName, int RulesDone, int RuleCount, int OurItems, int TheirItems, int MatchedOurItems, int MatchedTheirItems);

/// <summary>
/// The runs executing in this process: their cancellation, their latest progress, their stored results, and a
/// signal watchers wait on so a stream wakes as soon as a batch is stored instead of polling the database.
/// </summary>
public sealed class LiveRuns(TimeProvider time)
{
    /// <summary>
    /// How long an ended run's results and items stay with the watchers already attached to it, so one a little
    /// behind finishes from memory; then they are let go and a late reader goes to storage.
    /// </summary>
    public static readonly TimeSpan Linger = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<long, LiveRun> _runs = new();

    public LiveRun Add(long runId, CancellationToken stopping)
    {
        var live = new LiveRun(CancellationTokenSource.CreateLinkedTokenSource(stopping));
        if (!_runs.TryAdd(runId, live))
        {
            live.Dispose();
            throw new InvalidOperationException($"Run {runId} is already executing.");
        }

        return live;
    }

    public void Remove(long runId)
    {
        if (_runs.TryRemove(runId, out var live))
        {
            live.Signal();
            live.Dispose();
            _ = ReleaseLaterAsync(live);
        }
    }

    private async Task ReleaseLaterAsync(LiveRun ended)
    {
        await Task.Delay(Linger, time);
        ended.Release();
    }

    public bool TryGet(long runId, out LiveRun live) => _runs.TryGetValue(runId, out live!);

    public IReadOnlyCollection<Task> Executions => [.. _runs.Values.Select(r => r.Execution)];

    /// <summary>Waits until the run stores something new or ends, or the timeout passes.</summary>
    public async Task WaitForChangeAsync(long runId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var changed = _runs.TryGetValue(runId, out var live) ? live.Changed : Task.CompletedTask;
        if (!changed.IsCompleted)
        {
            await Task.WhenAny(changed, Task.Delay(timeout, cancellationToken));
        }
        else if (live is null)
        {
            // Not executing here (finished, or run by another process): look again a little later.
            await Task.Delay(timeout, cancellationToken);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }
}

/// <summary>
/// One run executing in this process. Its stored match and exception rows are kept beside the items it holds anyway
/// (a row is its ids and amounts, smaller than its items), so a watcher at any offset reads the run from memory
/// rather than the database: a client that falls behind costs the server no extra reads and holds nothing for it.
/// </summary>
public sealed class LiveRun(CancellationTokenSource cancellation) : IDisposable
{
    private readonly List<RunMatch> _matches = [];
    private readonly List<RunException> _exceptions = [];
    private bool _released;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CancellationToken Token => cancellation.Token;

    /// <summary>Set when a person cancelled the run (rather than the server stopping).</summary>
    public bool CancelledByUser { get; private set; }

    /// <summary>Set when the instance stopped and left the run to the next one that takes its job (shared databases).</summary>
    public bool HandedOver { get; set; }

    public RunProgressSnapshot? Progress { get; private set; }

    public Task Execution { get; set; } = Task.CompletedTask;

    /// <summary>The run's items while they are in memory.</summary>
    public RunItems? Items { get; set; }

    public Task Changed => Volatile.Read(ref _changed).Task;

    public void Cancel()
    {
        CancelledByUser = true;
        cancellation.Cancel();
    }

    public void Report(RunProgressSnapshot progress)
    {
        Progress = progress;
        Signal();
    }

    /// <summary>Keeps rows that are stored (committed), in sequence order, and wakes the watchers.</summary>
    public void Publish(IReadOnlyList<RunMatch> matches, IReadOnlyList<RunException> exceptions)
    {
        lock (_matches)
        {
            if (!_released)
            {
                _matches.AddRange(matches);
                _exceptions.AddRange(exceptions);
            }

            PublishedMatches += matches.Count;
            PublishedExceptions += exceptions.Count;
        }

        Signal();
    }

    /// <summary>
    /// Matches handed to watchers so far. For a real run they equal what is stored; a dry run stores none, so its
    /// watchers count by these instead (and see the run's results only while it is kept here).
    /// </summary>
    public int PublishedMatches { get; private set; }

    /// <summary>Exceptions handed to watchers so far (see <see cref="PublishedMatches"/>).</summary>
    public int PublishedExceptions { get; private set; }

    /// <summary>Whether the results were let go (<see cref="Release"/>): a dry run's can no longer be streamed.</summary>
    public bool Released
    {
        get
        {
            lock (_matches)
            {
                return _released;
            }
        }
    }

    /// <summary>Stored matches from a sequence number, or null once they are let go or not all kept yet.</summary>
    public IReadOnlyList<RunMatch>? MatchesAt(long from, int count) => Slice(_matches, from, count);

    /// <summary>Stored exceptions from a sequence number, or null once they are let go or not all kept yet.</summary>
    public IReadOnlyList<RunException>? ExceptionsAt(long from, int count) => Slice(_exceptions, from, count);

    private IReadOnlyList<T>? Slice<T>(List<T> rows, long from, int count)
    {
        lock (_matches)
        {
            return _released || from < 0 || from + count > rows.Count ? null : rows.GetRange((int)from, count);
        }
    }

    /// <summary>Lets go of the results and items of an ended run.</summary>
    public void Release()
    {
        Items = null;
        lock (_matches)
        {
            _released = true;
            _matches.Clear();
            _matches.TrimExcess();
            _exceptions.Clear();
            _exceptions.TrimExcess();
        }
    }

    public void Signal() =>
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public void Dispose() => cancellation.Dispose();
}

/// <summary>Both sides of a live run by id, for the views of its results. Indexed on first use.</summary>
public sealed class RunItems(IReadOnlyList<Matching.ReconItem> ours, IReadOnlyList<Matching.ReconItem> theirs, Func<Matching.ReconItem, ItemView> view)
{
    private readonly Lazy<Dictionary<long, Matching.ReconItem>> _ours = new(() => ours.ToDictionary(i => i.Id));
    private readonly Lazy<Dictionary<long, Matching.ReconItem>> _theirs = new(() => theirs.ToDictionary(i => i.Id));

    public ItemView View(Side side, long id) => view((side == Side.Ours ? _ours : _theirs).Value[id]);
}
