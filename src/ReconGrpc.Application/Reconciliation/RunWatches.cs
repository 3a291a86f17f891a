using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace ReconGrpc.Application.Reconciliation;

/// <summary>
/// The watches of runs open in this process (the streams of WatchRun, StartRun and RestartRun), for diagnostics:
/// what each holds for its client. A watch holds the page being handed out and at most one page read ahead, however
/// far behind its client falls; a watch whose call ends (cancelled, the client gone, or ended as stalled) is closed.
/// </summary>
/// <remarks>
/// Exported as metrics (meter <see cref="MeterName"/>): <c>recon.run_watches.open</c>, the watches open, and
/// <c>recon.run_watches.rows_held</c>, the result rows they hold together.
/// </remarks>
public sealed class RunWatches
{
    public const string MeterName = "ReconGrpc.RunWatches";

    private readonly ConcurrentDictionary<long, RunWatch> _open = new();
    private long _lastId;
    private TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RunWatches(IMeterFactory? meters = null)
    {
        if (meters?.Create(MeterName) is { } meter)
        {
            meter.CreateObservableGauge("recon.run_watches.open", () => Count, "{watch}", "Run watches (WatchRun, StartRun, RestartRun streams) open in this process.");
            meter.CreateObservableGauge("recon.run_watches.rows_held", () => _open.Values.Sum(w => w.RowsHeld), "{row}",
                "Result rows the open run watches hold for their clients: the pages being written and the pages read ahead.");
        }
    }

    /// <summary>How many watches are open now.</summary>
    public int Count => _open.Count;

    /// <summary>The watches open now.</summary>
    public IReadOnlyList<RunWatch> Open => [.. _open.Values.OrderBy(w => w.Id)];

    /// <summary>Completes when a watch is next closed.</summary>
    public Task NextClosed => Volatile.Read(ref _closed).Task;

    internal RunWatch Begin(long runId, long offset)
    {
        var watch = new RunWatch(Interlocked.Increment(ref _lastId), runId, offset);
        _open[watch.Id] = watch;
        return watch;
    }

    internal void End(RunWatch watch)
    {
        _open.TryRemove(watch.Id, out _);
        Interlocked.Exchange(ref _closed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}

/// <summary>One open watch of a run: how far its client has been handed results, and how many result rows it holds.</summary>
public sealed class RunWatch(long id, long runId, long offset)
{
    private long _offset = offset;
    private int _handing;
    private int _ahead;
    private int _setAside;
    private int _mostHeld;

    /// <summary>Numbers the watches of this process.</summary>
    public long Id { get; } = id;

    public long RunId { get; } = runId;

    /// <summary>The offset of the next result to hand out: everything before it was handed to the call's writer.</summary>
    public long Offset => Interlocked.Read(ref _offset);

    /// <summary>Result rows held for this watch now: the page being written to the client, the page read ahead, and
    /// reads still under way that it no longer needs.</summary>
    public int RowsHeld => Volatile.Read(ref _handing) + Volatile.Read(ref _ahead) + Volatile.Read(ref _setAside);

    /// <summary>The most result rows this watch held at once.</summary>
    public int MostRowsHeld => Volatile.Read(ref _mostHeld);

    /// <summary>A page goes to the client's writer while <paramref name="ahead"/> rows are being read ahead.</summary>
    internal void Handing(int rows, int ahead)
    {
        Volatile.Write(ref _handing, rows);
        Volatile.Write(ref _ahead, ahead);
        Note();
    }

    /// <summary>The page was written (the writer took it); the watch goes on from <paramref name="offset"/>.</summary>
    internal void Handed(long offset, int ahead)
    {
        Interlocked.Exchange(ref _offset, offset);
        Volatile.Write(ref _handing, 0);
        Volatile.Write(ref _ahead, ahead);
        Note();
    }

    /// <summary>A read ahead that was not the page asked for; it holds its rows until it completes, then none.</summary>
    internal void SetAside(int rows, Task read)
    {
        Interlocked.Add(ref _setAside, rows);
        Note();
        read.ContinueWith(_ => Interlocked.Add(ref _setAside, -rows), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void Note()
    {
        var held = RowsHeld;
        int most;
        while (held > (most = Volatile.Read(ref _mostHeld)) && Interlocked.CompareExchange(ref _mostHeld, held, most) != most)
        {
        }
    }
}
