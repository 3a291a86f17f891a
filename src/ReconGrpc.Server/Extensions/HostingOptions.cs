using ReconGrpc.Data;

namespace ReconGrpc.Server.Extensions;

/// <summary>Where the archive is stored (<c>Database</c> section and <c>ConnectionStrings:Recon</c>).</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations when the server starts. Turn off when a DBA applies the scripts.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>
    /// How often the server asks the database whether it answers (health, and whether calls are served or refused as
    /// UNAVAILABLE). A call that fails as if the database were away asks at once.
    /// </summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The connect timeout for a PostgreSQL or SQL Server connection string that sets none; <see langword="null"/> for
    /// <see cref="Data.Outages.DatabaseEndpoint.DefaultConnectTimeout"/>. A connection string's own timeout wins.
    /// </summary>
    public TimeSpan? ConnectTimeout { get; set; }
}

/// <summary>Local storage (<c>Storage</c> section).</summary>
public sealed class StorageOptions
{
    /// <summary>The folder for the SQLite file and the generated bootstrap key; relative to the content root.</summary>
    public string DataDirectory { get; set; } = "data";
}
