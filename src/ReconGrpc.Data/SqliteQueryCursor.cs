using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ReconGrpc.Data;

/// <summary>
/// Steps through the rows of a query EF Core built (<c>IQueryable.CreateDbCommand()</c>) on SQLite's own statement
/// API. Reading a large side of a run through ADO.NET cost more in conversions than SQLite's own work: every decimal
/// and date went through an intermediate string. Here they are parsed from the stored UTF-8 bytes, and a text value
/// equal to the previous row's in the same column is the same string instance (currencies, customer codes).
/// Values read here equal what Microsoft.Data.Sqlite's reader returns for the same columns.
/// </summary>
public sealed class SqliteQueryCursor : IDisposable
{
    private const int RememberedTextBytes = 64;
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly string?[] _lastText;
    private readonly byte[]?[] _lastBytes;
    private readonly int[] _lastLength;

    private SqliteQueryCursor(sqlite3 db, sqlite3_stmt statement)
    {
        _db = db;
        _statement = statement;
        var columns = raw.sqlite3_column_count(statement);
        _lastText = new string?[columns];
        _lastBytes = new byte[]?[columns];
        _lastLength = new int[columns];
    }

    /// <summary>Whether <paramref name="command"/> can be read here: a SQLite command whose parameters the binder writes.</summary>
    public static bool CanRead(DbCommand command) =>
        command is SqliteCommand { Connection: not null } sqlite
        && SqliteValueBinder.CanBind(sqlite.Parameters.Cast<SqliteParameter>().Select(p => p.Value?.GetType() ?? typeof(string)));

    /// <summary>Prepares the command's text on its (opened) connection and binds its parameters by name.</summary>
    public static SqliteQueryCursor Open(DbCommand command)
    {
        if (command is not SqliteCommand { Connection: { } connection } sqlite)
        {
            throw new ArgumentException("Only SQLite commands with a connection are read by this cursor.", nameof(command));
        }

        if (connection.State != System.Data.ConnectionState.Open)
        {
            connection.Open();
        }

        var db = connection.Handle!;
        var rc = raw.sqlite3_prepare_v2(db, sqlite.CommandText, out var statement);
        SqliteException.ThrowExceptionForRC(rc, db);
        var cursor = new SqliteQueryCursor(db, statement);
        try
        {
            var binder = new SqliteValueBinder(db, statement);
            foreach (SqliteParameter parameter in sqlite.Parameters)
            {
                binder.Bind(cursor.ParameterIndex(parameter.ParameterName), parameter.Value);
            }
        }
        catch
        {
            cursor.Dispose();
            throw;
        }

        return cursor;
    }

    /// <summary>The position of a column of the result by name (as the query's SQL names it).</summary>
    public int Ordinal(string column)
    {
        for (var i = 0; i < _lastText.Length; i++)
        {
            if (string.Equals(raw.sqlite3_column_name(_statement, i).utf8_to_string(), column, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new ArgumentException($"The query has no column named {column}.", nameof(column));
    }

    /// <summary>Moves to the next row; false after the last.</summary>
    public bool Read()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }

        return false;
    }

    public bool IsNull(int ordinal) => raw.sqlite3_column_type(_statement, ordinal) == raw.SQLITE_NULL;

    public long GetInt64(int ordinal) => raw.sqlite3_column_int64(_statement, ordinal);

    /// <summary>The text of a column, or null for NULL.</summary>
    public string? GetString(int ordinal)
    {
        if (IsNull(ordinal))
        {
            return null;
        }

        // For a TEXT value the blob accessor returns its UTF-8 bytes as stored, without a terminator.
        var bytes = raw.sqlite3_column_blob(_statement, ordinal);
        var last = _lastBytes[ordinal];
        if (_lastText[ordinal] is { } lastText && bytes.SequenceEqual(last.AsSpan(0, _lastLength[ordinal])))
        {
            return lastText;
        }

        var text = Encoding.UTF8.GetString(bytes);
        // Short values are the ones that repeat (codes, currencies); long ones are not kept. The bytes are copied into
        // the column's own buffer: most values of a column like a document number differ from the row before.
        if (bytes.Length <= RememberedTextBytes)
        {
            last ??= _lastBytes[ordinal] = new byte[RememberedTextBytes];
            bytes.CopyTo(last);
            _lastLength[ordinal] = bytes.Length;
            _lastText[ordinal] = text;
        }
        else
        {
            _lastText[ordinal] = null;
        }

        return text;
    }

    /// <summary>A decimal as Microsoft.Data.Sqlite reads it: the value's text in the invariant number format, scale kept.</summary>
    public decimal GetDecimal(int ordinal)
    {
        var bytes = raw.sqlite3_column_blob(_statement, ordinal);
        if (decimal.TryParse(bytes, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        throw new FormatException($"Column {ordinal} holds '{Encoding.UTF8.GetString(bytes)}', which is not a decimal.");
    }

    /// <summary>A date stored as yyyy-MM-dd text (as EF Core stores DateOnly); other stored forms are parsed as Microsoft.Data.Sqlite does.</summary>
    public DateOnly GetDateOnly(int ordinal)
    {
        if (raw.sqlite3_column_type(_statement, ordinal) == raw.SQLITE_FLOAT)
        {
            return DateOnly.FromDateTime(DateTime.FromOADate(raw.sqlite3_column_double(_statement, ordinal) - 2415018.5));
        }

        var bytes = raw.sqlite3_column_blob(_statement, ordinal);
        if (IsIsoDate(bytes))
        {
            int year = Digits(bytes[..4]), month = Digits(bytes.Slice(5, 2)), day = Digits(bytes.Slice(8, 2));
            if (year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
            {
                return new DateOnly(year, month, day);
            }
        }

        return DateOnly.Parse(Encoding.UTF8.GetString(bytes), CultureInfo.InvariantCulture);
    }

    public void Dispose() => _statement.Dispose();

    private static bool IsIsoDate(ReadOnlySpan<byte> text)
    {
        if (text.Length != 10 || text[4] != (byte)'-' || text[7] != (byte)'-')
        {
            return false;
        }

        foreach (var i in (ReadOnlySpan<int>)[0, 1, 2, 3, 5, 6, 8, 9])
        {
            if (!char.IsAsciiDigit((char)text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static int Digits(ReadOnlySpan<byte> digits)
    {
        var value = 0;
        foreach (var digit in digits)
        {
            value = (value * 10) + (digit - '0');
        }

        return value;
    }

    private int ParameterIndex(string name)
    {
        // Microsoft.Data.Sqlite accepts names without their prefix and tries each prefix SQLite knows.
        string[] candidates = name.Length > 0 && name[0] is '@' or '$' or ':' ? [name] : ["@" + name, "$" + name, ":" + name];
        foreach (var candidate in candidates)
        {
            var index = raw.sqlite3_bind_parameter_index(_statement, candidate);
            if (index > 0)
            {
                return index;
            }
        }

        throw new InvalidOperationException($"The query has no parameter named {name}.");
    }
}
