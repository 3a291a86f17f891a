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
        var rc = raw.sqlite3_prepare_v2(db, sql, out var statement);
        SqliteException.ThrowExceptionForRC(rc, db);
        return new SqliteRowInserter(db, statement);
    }

    /// <summary>Inserts one row; returns 1, or 0 when an ON CONFLICT clause skipped it.</summary>
    public int Insert(ReadOnlySpan<object?> values)
    {
        try
        {
            for (var i = 0; i < values.Length; i++)
            {
                _binder.Bind(i + 1, values[i]);
            }

            var rc = raw.sqlite3_step(_statement);
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }

            return raw.sqlite3_changes(_db);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    public void Dispose() => _statement.Dispose();
}
