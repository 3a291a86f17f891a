using ReconGrpc.Domain.Reconciliation;
using System.Collections.Concurrent;

namespace ReconGrpc.Server.Application.Reconciliation;

/// <summary>Where a live run is, as its watchers see it.</summary>
public sealed record RunProgressSnapshot(string Stage, string? RuleName, int RulesDone, int RuleCount, int OurItems, int TheirItems, int MatchedOurItems, int MatchedTheirItems);

/// <summary>
/// The runs executing in this process: their cancellation, their latest progress, and a signal watchers wait on
/// so a stream wakes as soon as a batch is stored instead of polling the database in a tight loop.
/// </summary>
public sealed class LiveRuns(TimeProvider time, int keptBatches)
{
    /// <summary>
    /// How long an ended run's kept batches and items stay with the watchers already attached to it, so one a little
    /// behind finishes from memory; then they are let go and a late reader goes to storage.
    /// </summary>
    public static readonly TimeSpan Linger = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<long, LiveRun> _runs = new();

    public LiveRun Add(long runId, CancellationToken stopping)
    {
        var live = new LiveRun(CancellationTokenSource.CreateLinkedTokenSource(stopping), Math.Max(0, keptBatches));
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

/// <summary>One run executing in this process.</summary>
public sealed class LiveRun(CancellationTokenSource cancellation, int keptBatches) : IDisposable
{
    private readonly Queue<RunUpdate> _recent = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CancellationToken Token => cancellation.Token;

    /// <summary>Set when a person cancelled the run (rather than the server stopping).</summary>
    public bool CancelledByUser { get; private set; }

    public RunProgressSnapshot? Progress { get; private set; }

    public Task Execution { get; set; } = Task.CompletedTask;

    /// <summary>The run's items while they are in memory, for watchers that read stored batches.</summary>
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

    /// <summary>Keeps a batch that is stored (committed) for the watchers that are at its offset, and wakes them.</summary>
    public void Publish(RunUpdate batch)
    {
        lock (_recent)
        {
            // Stored batches are kept for watchers that keep up; one that falls further behind reads from storage.
            _recent.Enqueue(batch);
            while (_recent.Count > keptBatches)
            {
                _recent.Dequeue();
            }
        }

        Signal();
    }

    /// <summary>The stored batch that starts at <paramref name="offset"/>, if it is still kept.</summary>
    public RunUpdate? RecentAt(long offset)
    {
        lock (_recent)
        {
            return _recent.FirstOrDefault(b => b.Offset == offset);
        }
    }

    /// <summary>Lets go of the kept batches and items of an ended run.</summary>
    public void Release()
    {
        Items = null;
        lock (_recent)
        {
            _recent.Clear();
        }
    }

    public void Signal() =>
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public void Dispose() => cancellation.Dispose();
}

/// <summary>
/// Both sides of a live run by id, so a watcher that fell behind the kept batches reads only the stored match rows
/// and takes their items from memory rather than looking each up in the database. Indexed on first use.
/// </summary>
public sealed class RunItems(IReadOnlyList<Matching.ReconItem> ours, IReadOnlyList<Matching.ReconItem> theirs, Func<Matching.ReconItem, ItemView> view)
{
    private readonly Lazy<Dictionary<long, Matching.ReconItem>> _ours = new(() => ours.ToDictionary(i => i.Id));
    private readonly Lazy<Dictionary<long, Matching.ReconItem>> _theirs = new(() => theirs.ToDictionary(i => i.Id));

    public ItemView View(ItemSide side, long id) => view((side == ItemSide.Ours ? _ours : _theirs).Value[id]);
}
