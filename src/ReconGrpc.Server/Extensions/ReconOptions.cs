using ReconGrpc.Data;

namespace ReconGrpc.Server.Extensions;

/// <summary>Where the archive is stored (<c>Database</c> section and <c>ConnectionStrings:Recon</c>).</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations when the server starts. Turn off when a DBA applies the scripts.</summary>
    public bool MigrateOnStart { get; set; } = true;
}

/// <summary>Local storage (<c>Storage</c> section).</summary>
public sealed class StorageOptions
{
    /// <summary>The folder for the SQLite file and the generated bootstrap key; relative to the content root.</summary>
    public string DataDirectory { get; set; } = "data";
}

/// <summary>Authentication (<c>Auth</c> section).</summary>
public sealed class AuthOptions
{
    /// <summary>A secret that becomes an admin key on start if no key with it exists yet.</summary>
    public string? BootstrapAdminKey { get; set; }

    /// <summary>
    /// A secret that becomes a new admin key on start if no key with it was ever created: the way back in when no
    /// admin key is left. One-time: once created (even if revoked since) it is never created again.
    /// </summary>
    public string? RecoveryAdminKey { get; set; }

    /// <summary>Where a generated first admin key is written when no bootstrap key is configured.</summary>
    public string? BootstrapKeyFile { get; set; }
}

/// <summary>Limits on calls (<c>Grpc</c> section).</summary>
public sealed class CallLimitOptions
{
    /// <summary>The largest message the server accepts, in bytes (4 MiB): large files are uploaded in chunks.</summary>
    public int MaxReceiveMessageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The largest message the server sends, in bytes.</summary>
    public int MaxSendMessageBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// The longest a unary call may run, whatever deadline the client set (or none): a stuck query must
    /// not hold a connection and a database session for ever. Streaming calls run until done or cancelled.
    /// </summary>
    public TimeSpan MaxUnaryCallDuration { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>Reconciliation runs (<c>Reconciliation</c> section).</summary>
public sealed class ReconciliationOptions
{
    /// <summary>
    /// How many runs may execute at once; later ones wait as pending. A run of a million items a side holds about
    /// a gigabyte while it matches, so the default keeps two at most.
    /// </summary>
    public int MaxConcurrentRuns { get; set; } = 2;

    /// <summary>
    /// How long locking a period waits for imports and other changes of the books in progress before it answers
    /// ABORTED (PostgreSQL, SQL Server; on SQLite writers take turns and it waits its turn).
    /// </summary>
    public TimeSpan PeriodLockWait { get; set; } = TimeSpan.FromSeconds(10);
}
