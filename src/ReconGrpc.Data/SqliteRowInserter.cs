using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ReconGrpc.Data;

/// <summary>
/// One prepared single-row INSERT on SQLite's own statement API, binding by position. Microsoft.Data.Sqlite looks
/// every parameter up by name on every execution; for bulk rows that lookup cost as much as the insert itself.
/// Values are written in exactly the text forms Microsoft.Data.Sqlite (and so EF Core) writes, so rows stored here
/// read back and compare like any other.
/// </summary>
internal sealed class SqliteRowInserter : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly SqliteValueBinder _binder;
    private bool _hasInserted;

    private SqliteRowInserter(sqlite3 db, sqlite3_stmt statement)
    {
        _db = db;
        _statement = statement;
        _binder = new SqliteValueBinder(db, statement);
    }

    /// <summary>Whether every column's stored type is one this path writes; otherwise the caller keeps to ADO.NET.</summary>
    public static bool CanWrite(IEnumerable<Type> providerTypes) => SqliteValueBinder.CanBind(providerTypes);

    public static SqliteRowInserter Prepare(SqliteConnection connection, string sql)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        // A bulk writer reads the pages its inserts land on; through the memory map every page it touches stays in
        // the server's resident memory (a 1M-row import peaked at 268-302 MB with the map, 261-278 MB without; the budget is 300 MB), while
        // read into SQLite's page cache they stay within its bound. The map is back when the connection next opens.
        SqliteException.ThrowExceptionForRC(raw.sqlite3_exec(db, "PRAGMA mmap_size=0;"), db);
        SqliteConnectionSettings.Forget(connection);
        var rc = raw.sqlite3_prepare_v2(db, sql, out var statement);
        SqliteException.ThrowExceptionForRC(rc, db);
        return new SqliteRowInserter(db, statement);
    }

    /// <summary>Inserts one row: stored, skipped by an ON CONFLICT clause, or (DO UPDATE) the conflicting row updated instead.</summary>
    public InsertOutcome Insert(ReadOnlySpan<object?> values)
    {
        try
        {
            for (var i = 0; i < values.Length; i++)
            {
                _binder.Bind(i + 1, values[i]);
            }

            // An upsert's UPDATE counts as a change but leaves the last inserted rowid alone. Before this statement's
            // first insert that rowid may be another table's and equal the new row's, but nothing can be updated then:
            // a conflict with a row of the same batch needs a row this statement inserted.
            var lastRowId = raw.sqlite3_last_insert_rowid(_db);
            var rc = raw.sqlite3_step(_statement);
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }

            if (raw.sqlite3_changes(_db) == 0)
            {
                return InsertOutcome.Skipped;
            }

            if (!_hasInserted || raw.sqlite3_last_insert_rowid(_db) != lastRowId)
            {
                _hasInserted = true;
                return InsertOutcome.Inserted;
            }

            return InsertOutcome.Updated;
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    public void Dispose() => _statement.Dispose();
}

/// <summary>What became of one row of an INSERT with an ON CONFLICT clause.</summary>
internal enum InsertOutcome
{
    Inserted,
    Skipped,
    Updated,
}
