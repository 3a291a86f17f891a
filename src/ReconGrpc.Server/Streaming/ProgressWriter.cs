using Grpc.Core;

namespace ReconGrpc.Server.Streaming;

/// <summary>
/// Progress of a call, sent as its client takes it: reporting never waits for the client. A report made while the
/// previous one is still on its way waits in its place (a later one replaces it), so a client that reads slowly gets
/// the latest progress and holds up nothing: an import storing its rows inside a transaction does not keep it open
/// because its client stopped reading. Other messages (the outcome) go after the progress already reported.
/// </summary>
/// <remarks>Dispose it before the call ends: a call that fails waits for the report on its way, so its status is not
/// written beside it.</remarks>
internal sealed class ProgressWriter<T>(IServerStreamWriter<T> stream, CancellationToken cancellationToken) : IAsyncDisposable
    where T : class
{
    private readonly Lock _gate = new();
    private T? _waiting;
    private bool _busy;
    private Task _sending = Task.CompletedTask;

    /// <summary>Hands a report to the client's stream without waiting; fails if sending an earlier one failed.</summary>
    public Task ReportAsync(T progress)
    {
        lock (_gate)
        {
            if (_sending.IsFaulted || _sending.IsCanceled)
            {
                return _sending;
            }

            if (_busy)
            {
                _waiting = progress;
            }
            else
            {
                _busy = true;
                _sending = SendAsync(progress);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Writes a message once the progress reported before it went out.</summary>
    public async Task WriteAsync(T message)
    {
        Task sending;
        lock (_gate)
        {
            sending = _sending;
        }

        await sending;
        await stream.WriteAsync(message, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Task sending;
        lock (_gate)
        {
            _waiting = null;
            sending = _sending;
        }

        // Its failure, if any, was the call's to report (or is moot once the call failed for another reason).
        await sending.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task SendAsync(T first)
    {
        var next = first;
        try
        {
            while (next is not null)
            {
                await stream.WriteAsync(next, cancellationToken);
                lock (_gate)
                {
                    next = _waiting;
                    _waiting = null;
                    _busy = next is not null;
                }
            }
        }
        catch
        {
            lock (_gate)
            {
                _waiting = null;
                _busy = false;
            }

            throw;
        }
    }
}
