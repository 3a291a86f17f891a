using System.Threading.Channels;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Application.Imports;

/// <summary>
/// Runs an adapter's <see cref="IImportAdapter.ReadAsync"/> on a task of its own and hands its rows to the import in
/// small batches. The import only ever waits on the hand-over, never inside the adapter, so an adapter that hangs
/// (awaiting something that never comes, or blocking its thread in <c>ReadAsync</c> or <c>MoveNextAsync</c>) cannot
/// hold the import and its transaction past the row timeout. When the import stops early the adapter's token is
/// cancelled and its enumeration is left to end on its own; it only ever touches the file's stream and this feed.
/// </summary>
internal sealed class AdapterRowFeed : IAsyncDisposable
{
    /// <summary>Rows per hand-over: enough that the hop between tasks costs nothing per row, small enough to stay cheap in memory.</summary>
    internal const int BatchSize = 256;

    // A few batches of read-ahead let the adapter parse while the import stores, without letting it run far ahead.
    private const int BatchesAhead = 4;

    private readonly Channel<Batch> _batches = Channel.CreateBounded<Batch>(new BoundedChannelOptions(BatchesAhead)
    {
        SingleReader = true,
        SingleWriter = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly CancellationTokenSource _stop;
    private readonly Task _producer;

    // When the adapter was last seen making progress (a row, or the import taking a batch off its hands), in
    // Environment.TickCount64 milliseconds: the stall clock runs only while the adapter owes the next row.
    private long _lastProgressAt;

    private AdapterRowFeed(IImportAdapter adapter, Stream content, ImportContext context, CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _lastProgressAt = Environment.TickCount64;
        var token = _stop.Token;
        // Task.Run so that even the first call into the adapter (ReadAsync, which may block before its first yield)
        // happens off the import's own flow.
        _producer = Task.Run(() => ProduceAsync(adapter, content, context, token), CancellationToken.None);
    }

    /// <summary>Starts reading; the adapter gets a token that is cancelled when the import stops or gives up on it.</summary>
    public static AdapterRowFeed Start(IImportAdapter adapter, Stream content, ImportContext context, CancellationToken cancellationToken) =>
        new(adapter, content, context, cancellationToken);

    /// <summary>
    /// The next batch of rows, or an empty batch when the adapter has finished. Throws <see cref="AdapterFault"/>
    /// when the adapter threw, <see cref="AdapterStalled"/> when it produced no row for <paramref name="rowTimeout"/>,
    /// and <see cref="OperationCanceledException"/> when the import itself was cancelled.
    /// </summary>
    public async ValueTask<Batch> NextAsync(TimeSpan rowTimeout, CancellationToken cancellationToken)
    {
        var reader = _batches.Reader;
        while (true)
        {
            if (reader.TryRead(out var batch))
            {
                // Taking a batch restarts the adapter's clock here too: if the import itself is slow, the producer's
                // own restart (after its hand-over) may not have run yet, and the time was the import's, not the adapter's.
                Volatile.Write(ref _lastProgressAt, Environment.TickCount64);
                return batch;
            }

            var ready = reader.WaitToReadAsync(cancellationToken);
            var more = ready.IsCompletedSuccessfully ? ready.Result : await WatchAsync(ready.AsTask(), rowTimeout, cancellationToken);
            if (!more)
            {
                return default;
            }
        }
    }

    private async Task<bool> WatchAsync(Task<bool> ready, TimeSpan rowTimeout, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (ready.IsCompleted)
            {
                return await ready;
            }

            var idle = TimeSpan.FromMilliseconds(Environment.TickCount64 - Volatile.Read(ref _lastProgressAt));
            var left = rowTimeout - idle;
            if (left <= TimeSpan.Zero)
            {
                throw new AdapterStalled();
            }

            try
            {
                return await ready.WaitAsync(left, cancellationToken);
            }
            catch (TimeoutException) when (!ready.IsCompleted)
            {
                // Rows may have arrived in a batch not yet handed over: look at the adapter's clock again.
            }
        }
    }

    private async Task ProduceAsync(IImportAdapter adapter, Stream content, ImportContext context, CancellationToken token)
    {
        var writer = _batches.Writer;
        try
        {
            var rows = adapter.ReadAsync(content, context, token).GetAsyncEnumerator(token);
            await using (rows.ConfigureAwait(false))
            {
                var buffer = new ImportRow[BatchSize];
                var count = 0;
                while (true)
                {
                    var next = rows.MoveNextAsync();
                    if (!next.IsCompleted && count > 0)
                    {
                        // The adapter is about to wait (for input, or for ever): hand over what it has, so that the
                        // import is not kept waiting for a batch to fill and a stall is seen as one.
                        await HandOverAsync(writer, new Batch(buffer, count), token);
                        buffer = new ImportRow[BatchSize];
                        count = 0;
                    }

                    if (!await next.ConfigureAwait(false))
                    {
                        break;
                    }

                    buffer[count++] = rows.Current;
                    Volatile.Write(ref _lastProgressAt, Environment.TickCount64);
                    if (count == BatchSize)
                    {
                        await HandOverAsync(writer, new Batch(buffer, count), token);
                        buffer = new ImportRow[BatchSize];
                        count = 0;
                    }
                }

                if (count > 0)
                {
                    await HandOverAsync(writer, new Batch(buffer, count), token);
                }
            }

            writer.TryComplete();
        }
        catch (Exception ex)
        {
            // Whatever the adapter threw (a cancellation included: the import tells its own apart by its token).
            writer.TryComplete(new AdapterFault(ex));
        }
    }

    private async ValueTask HandOverAsync(ChannelWriter<Batch> writer, Batch batch, CancellationToken token)
    {
        await writer.WriteAsync(batch, token).ConfigureAwait(false);
        // Time spent waiting for the import to take a batch is not the adapter's: restart its clock.
        Volatile.Write(ref _lastProgressAt, Environment.TickCount64);
    }

    /// <summary>
    /// Tells the adapter to stop, without waiting for it: a hung adapter would never answer. The token source is
    /// disposed once the adapter's task has ended, whenever that is.
    /// </summary>
    public ValueTask DisposeAsync()
    {
        if (_producer.IsCompleted)
        {
            _stop.Dispose();
            return ValueTask.CompletedTask;
        }

        // CancelAsync runs the adapter's cancellation callbacks off this thread, so a callback that blocks cannot
        // hold the import either.
        var cancelling = _stop.CancelAsync();
        _ = Task.WhenAll(cancelling, _producer).ContinueWith(static (_, stop) => ((CancellationTokenSource)stop!).Dispose(), _stop,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return ValueTask.CompletedTask;
    }

    /// <summary>Rows handed over together: the first <see cref="Count"/> of <see cref="Rows"/>.</summary>
    internal readonly record struct Batch(ImportRow[]? Rows, int Count)
    {
        public bool IsEnd => Rows is null;
    }

    /// <summary>The adapter threw; the inner exception is what it threw.</summary>
    internal sealed class AdapterFault(Exception inner) : Exception("The adapter failed.", inner);

    /// <summary>The adapter produced no row within the row timeout.</summary>
    internal sealed class AdapterStalled() : Exception("The adapter produced no row in time.");
}
