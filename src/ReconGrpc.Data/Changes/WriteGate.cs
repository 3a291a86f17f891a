namespace ReconGrpc.Data.Changes;

/// <summary>Serialises writers where the database cannot do it well itself.</summary>
public interface IWriteGate
{
    ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken);
}

/// <summary>
/// SQLite allows one writer at a time and reports a conflicting upgrade from read to write as an error
/// rather than waiting; one process owns the file, so an in-process lock is both correct and cheaper.
/// </summary>
public sealed class SingleWriterGate : IWriteGate, IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);

    public async ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _semaphore.WaitAsync(cancellationToken);
        return new Lease(_semaphore);
    }

    public void Dispose() => _semaphore.Dispose();

    private sealed class Lease(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }
}

/// <summary>Server databases serialise writers through row locks and concurrency tokens; nothing to add.</summary>
public sealed class OpenWriteGate : IWriteGate
{
    private static readonly IDisposable Nothing = new NoLease();

    public ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Nothing);

    private sealed class NoLease : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
