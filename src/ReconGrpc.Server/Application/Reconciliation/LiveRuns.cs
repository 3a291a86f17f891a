using System.Collections.Concurrent;

namespace ReconGrpc.Server.Application.Reconciliation;

/// <summary>Where a live run is, as its watchers see it.</summary>
public sealed record RunProgressSnapshot(string Stage, string? RuleName, int RulesDone, int RuleCount, int OurItems, int TheirItems, int MatchedOurItems, int MatchedTheirItems);

/// <summary>
/// The runs executing in this process: their cancellation, their latest progress, and a signal watchers wait on
/// so a stream wakes as soon as a batch is stored instead of polling the database in a tight loop.
/// </summary>
public sealed class LiveRuns
{
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
        }
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
public sealed class LiveRun(CancellationTokenSource cancellation) : IDisposable
{
    /// <summary>Stored batches kept for watchers that keep up; one that falls further behind reads from storage.</summary>
    private const int RecentBatches = 128;

    private readonly Queue<RunUpdate> _recent = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CancellationToken Token => cancellation.Token;

    /// <summary>Set when a person cancelled the run (rather than the server stopping).</summary>
    public bool CancelledByUser { get; private set; }

    public RunProgressSnapshot? Progress { get; private set; }

    public Task Execution { get; set; } = Task.CompletedTask;

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
            _recent.Enqueue(batch);
            if (_recent.Count > RecentBatches)
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

    public void Signal() =>
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public void Dispose() => cancellation.Dispose();
}
