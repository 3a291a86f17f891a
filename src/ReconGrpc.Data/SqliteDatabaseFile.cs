using Microsoft.Data.Sqlite;

namespace ReconGrpc.Data;

/// <summary>
/// The SQLite database file, created readable and writable by its owner only. SQLite itself creates a missing file
/// with mode 0644 (less the umask), so anyone on the machine could copy the books; its write-ahead log and shared
/// memory files (<c>-wal</c>, <c>-shm</c>) take the mode of the database file, so creating that one right covers all
/// three.
/// </summary>
public static class SqliteDatabaseFile
{
    /// <summary>
    /// Creates the file a connection string names, empty (an empty file is an empty SQLite database) and owner-only,
    /// unless it exists: an existing file keeps the mode its owner gave it. In-memory databases have no file.
    /// </summary>
    public static void CreateOwnerOnly(string connectionString)
    {
        var settings = new SqliteConnectionStringBuilder(connectionString);
        var path = settings.DataSource;
        if (string.IsNullOrWhiteSpace(path) || path == ":memory:" || settings.Mode == SqliteOpenMode.Memory
            || path.StartsWith("file:", StringComparison.OrdinalIgnoreCase) || File.Exists(path))
        {
            return;
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write }.OwnerOnly();

        try
        {
            using var created = new FileStream(path, options);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it in between: it is its owner's to keep as it is.
        }
    }
}
