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
