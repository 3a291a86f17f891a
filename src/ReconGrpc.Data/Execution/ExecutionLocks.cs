using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.SqlClient;
using Npgsql;

namespace ReconGrpc.Data.Execution;

/// <summary>
/// What a run holds while it executes: its own lock, so that no two instances execute it at once, and one of the
/// slots that bound how many runs execute together. On PostgreSQL and SQL Server these are database locks held by a
/// connection of their own, shared by every instance on the database and released by the database when the
/// process holding them dies; with SQLite (one process) they are the process's own.
/// </summary>
public abstract class ExecutionLocks
{
    /// <summary>How often a run waiting for a slot held by another instance looks again.</summary>
    protected static readonly TimeSpan SlotPoll = TimeSpan.FromMilliseconds(250);

    /// <summary>Whether other processes on the same database see these locks (PostgreSQL, SQL Server).</summary>
    public abstract bool SharedAcrossInstances { get; }

    /// <summary>Waits until one of <paramref name="slots"/> slots is free and takes it.</summary>
    public abstract Task<ExecutionLease> EnterSlotAsync(int slots, CancellationToken cancellationToken);

    /// <summary>Takes the lock of one piece of work (a run); null when another execution (in this process or another) holds it.</summary>
    public abstract Task<ExecutionLease?> TryHoldAsync(HeldWork work, long id, CancellationToken cancellationToken);

    public static ExecutionLocks For(DatabaseProvider provider, string connectionString) => provider switch
    {
        DatabaseProvider.Sqlite => new ProcessExecutionLocks(),
        DatabaseProvider.PostgreSql => new PostgresExecutionLocks(connectionString),
        DatabaseProvider.SqlServer => new SqlServerExecutionLocks(connectionString),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider."),
    };

    /// <summary>An id folded into the 32-bit key the databases' lock functions take beside a namespace.</summary>
    protected static int Key(long id) => unchecked((int)(id ^ (id >> 32)));
}

/// <summary>The kinds of work that hold a lock of their own while they execute.</summary>
public enum HeldWork
{
    /// <summary>A reconciliation run.</summary>
    Run = 1,

    /// <summary>A three-way settlement run.</summary>
    SettlementRun = 2,
}

/// <summary>A held lock or slot; disposing it releases it.</summary>
public sealed class ExecutionLease(Func<ValueTask> release) : IAsyncDisposable, IDisposable
{
    private int _released;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            await release();
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}

/// <summary>SQLite: one process serves the database, so its own semaphore and set of runs are the locks.</summary>
internal sealed class ProcessExecutionLocks : ExecutionLocks
{
    private readonly ConcurrentDictionary<(HeldWork, long), byte> _held = new();
    private SemaphoreSlim? _slots;

    public override bool SharedAcrossInstances => false;

    public override async Task<ExecutionLease> EnterSlotAsync(int slots, CancellationToken cancellationToken)
    {
        var semaphore = LazyInitializer.EnsureInitialized(ref _slots, () => new SemaphoreSlim(Math.Max(1, slots), Math.Max(1, slots)));
        await semaphore.WaitAsync(cancellationToken);
        return new ExecutionLease(() =>
        {
            semaphore.Release();
            return ValueTask.CompletedTask;
        });
    }

    public override Task<ExecutionLease?> TryHoldAsync(HeldWork work, long id, CancellationToken cancellationToken) =>
        Task.FromResult(_held.TryAdd((work, id), 0)
            ? new ExecutionLease(() =>
            {
                _held.TryRemove((work, id), out _);
                return ValueTask.CompletedTask;
            })
            : null);
}

/// <summary>
/// Locks of a server database, held by a connection of the lease's own (not pooled, so closing it ends the session
/// and with it the locks; a killed process's connection ends the same way).
/// </summary>
internal abstract class DatabaseExecutionLocks : ExecutionLocks
{
    public override bool SharedAcrossInstances => true;

    public override async Task<ExecutionLease> EnterSlotAsync(int slots, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken);
        try
        {
            while (true)
            {
                for (var slot = 0; slot < Math.Max(1, slots); slot++)
                {
                    if (await TryLockSlotAsync(connection, slot, cancellationToken))
                    {
                        return new ExecutionLease(connection.DisposeAsync);
                    }
                }

                await Task.Delay(SlotPoll, cancellationToken);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override async Task<ExecutionLease?> TryHoldAsync(HeldWork work, long id, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken);
        try
        {
            if (await TryLockWorkAsync(connection, work, id, cancellationToken))
            {
                return new ExecutionLease(connection.DisposeAsync);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    protected abstract Task<bool> TryLockSlotAsync(DbConnection connection, int slot, CancellationToken cancellationToken);

    protected abstract Task<bool> TryLockWorkAsync(DbConnection connection, HeldWork work, long id, CancellationToken cancellationToken);
}

/// <summary>PostgreSQL: session advisory locks, in a namespace of their own beside the key.</summary>
internal sealed class PostgresExecutionLocks(string connectionString) : DatabaseExecutionLocks
{
    private const int SlotSpace = 0x5245_4353; // "RECS"
    private const int WorkSpace = 0x5245_4300; // "REC" and the kind of work

    private readonly string _dedicated = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, ApplicationName = $"recon execution lock {Environment.ProcessId}" }.ConnectionString;

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_dedicated);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    protected override Task<bool> TryLockSlotAsync(DbConnection connection, int slot, CancellationToken cancellationToken) =>
        TryLockAsync((NpgsqlConnection)connection, SlotSpace, slot, cancellationToken);

    protected override Task<bool> TryLockWorkAsync(DbConnection connection, HeldWork work, long id, CancellationToken cancellationToken) =>
        TryLockAsync((NpgsqlConnection)connection, WorkSpace + (int)work, Key(id), cancellationToken);

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, int space, int key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@space, @key)", connection);
        command.Parameters.AddWithValue("space", space);
        command.Parameters.AddWithValue("key", key);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}

/// <summary>SQL Server: application locks owned by the session.</summary>
internal sealed class SqlServerExecutionLocks(string connectionString) : DatabaseExecutionLocks
{
    private readonly string _dedicated = new SqlConnectionStringBuilder(connectionString) { Pooling = false, ApplicationName = $"recon execution lock {Environment.ProcessId}" }.ConnectionString;

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqlConnection(_dedicated);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    protected override Task<bool> TryLockSlotAsync(DbConnection connection, int slot, CancellationToken cancellationToken) =>
        TryLockAsync((SqlConnection)connection, $"recon.run-slot.{slot}", cancellationToken);

    protected override Task<bool> TryLockWorkAsync(DbConnection connection, HeldWork work, long id, CancellationToken cancellationToken) =>
        TryLockAsync((SqlConnection)connection, $"recon.{work}.{id}", cancellationToken);

    private static async Task<bool> TryLockAsync(SqlConnection connection, string resource, CancellationToken cancellationToken)
    {
        await using var command = new SqlCommand(
            "DECLARE @result int; EXEC @result = sp_getapplock @Resource = @resource, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 0; SELECT @result;",
            connection);
        command.Parameters.AddWithValue("@resource", resource);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))! >= 0;
    }
}
