using System.Globalization;
using System.Text;
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
    private static readonly HashSet<Type> Supported =
    [
        typeof(string), typeof(long), typeof(int), typeof(short), typeof(byte), typeof(bool), typeof(double), typeof(float),
        typeof(decimal), typeof(DateOnly), typeof(DateTime), typeof(DateTimeOffset), typeof(byte[]),
    ];

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private byte[] _utf8 = new byte[256];

    private SqliteRowInserter(sqlite3 db, sqlite3_stmt statement)
    {
        _db = db;
        _statement = statement;
    }

    /// <summary>Whether every column's stored type is one this path writes; otherwise the caller keeps to ADO.NET.</summary>
    public static bool CanWrite(IEnumerable<Type> providerTypes) =>
        providerTypes.All(type => Supported.Contains(Nullable.GetUnderlyingType(type) ?? type));

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
                Bind(i + 1, values[i]);
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

    private void Bind(int index, object? value)
    {
        var rc = value switch
        {
            null or DBNull => raw.sqlite3_bind_null(_statement, index),
            string text => BindText(index, text),
            long number => raw.sqlite3_bind_int64(_statement, index, number),
            int number => raw.sqlite3_bind_int64(_statement, index, number),
            short number => raw.sqlite3_bind_int64(_statement, index, number),
            byte number => raw.sqlite3_bind_int64(_statement, index, number),
            bool flag => raw.sqlite3_bind_int64(_statement, index, flag ? 1 : 0),
            double real => raw.sqlite3_bind_double(_statement, index, real),
            float real => raw.sqlite3_bind_double(_statement, index, real),
            decimal amount => BindText(index, amount.ToString("0.0###########################", CultureInfo.InvariantCulture)),
            DateOnly date => BindText(index, date.ToString(@"yyyy\-MM\-dd", CultureInfo.InvariantCulture)),
            DateTime time => BindText(index, time.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture)),
            DateTimeOffset time => BindText(index, time.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFFzzz", CultureInfo.InvariantCulture)),
            byte[] { Length: 0 } => raw.sqlite3_bind_zeroblob(_statement, index, 0),
            byte[] blob => raw.sqlite3_bind_blob(_statement, index, blob),
            _ => throw new NotSupportedException($"{value.GetType().Name} values are not written by the SQLite bulk path."),
        };
        SqliteException.ThrowExceptionForRC(rc, _db);
    }

    private int BindText(int index, string text)
    {
        if (text.Length == 0)
        {
            // An empty span would reach SQLite as a null pointer, which it stores as NULL.
            return raw.sqlite3_bind_text(_statement, index, "");
        }

        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (length > _utf8.Length)
        {
            _utf8 = new byte[Math.Max(length, _utf8.Length * 2)];
        }

        // SQLite copies the bytes (SQLITE_TRANSIENT), so the buffer is reused for the next value.
        var written = Encoding.UTF8.GetBytes(text, _utf8);
        return raw.sqlite3_bind_text(_statement, index, _utf8.AsSpan(0, written));
    }
}
