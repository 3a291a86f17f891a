using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using ReconGrpc.Domain;
using SQLitePCL;

namespace ReconGrpc.Data;

/// <summary>
/// Binds values to a statement on SQLite's own API in exactly the text forms Microsoft.Data.Sqlite (and so EF Core)
/// writes, so a value bound here stores and compares like one bound through ADO.NET. Keeps one UTF-8 buffer.
/// </summary>
internal sealed class SqliteValueBinder(sqlite3 db, sqlite3_stmt statement)
{
    private static readonly HashSet<Type> Supported =
    [
        typeof(string), typeof(long), typeof(int), typeof(short), typeof(byte), typeof(bool), typeof(double), typeof(float),
        typeof(decimal), typeof(DateOnly), typeof(DateTime), typeof(DateTimeOffset), typeof(byte[]),
    ];

    private byte[] _utf8 = new byte[256];

    /// <summary>Whether every value's type is one this binder writes; otherwise the caller keeps to ADO.NET.</summary>
    public static bool CanBind(IEnumerable<Type> types) =>
        types.All(type => Supported.Contains(Nullable.GetUnderlyingType(type) ?? type));

    /// <summary>Binds a value to a parameter numbered from 1.</summary>
    public void Bind(int index, object? value)
    {
        var rc = value switch
        {
            null or DBNull => raw.sqlite3_bind_null(statement, index),
            string text => BindText(index, text),
            long number => raw.sqlite3_bind_int64(statement, index, number),
            int number => raw.sqlite3_bind_int64(statement, index, number),
            short number => raw.sqlite3_bind_int64(statement, index, number),
            byte number => raw.sqlite3_bind_int64(statement, index, number),
            bool flag => raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0),
            double real => raw.sqlite3_bind_double(statement, index, real),
            float real => raw.sqlite3_bind_double(statement, index, real),
            decimal amount => BindDecimal(index, amount),
            DateOnly date => BindDate(index, date),
            DateTime time => BindText(index, time.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture)),
            DateTimeOffset time => BindText(index, time.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFFzzz", CultureInfo.InvariantCulture)),
            byte[] { Length: 0 } => raw.sqlite3_bind_zeroblob(statement, index, 0),
            byte[] blob => raw.sqlite3_bind_blob(statement, index, blob),
            _ => throw new NotSupportedException($"{value.GetType().Name} values are not bound by the SQLite statement path."),
        };
        SqliteException.ThrowExceptionForRC(rc, db);
    }

    /// <summary>
    /// The text of <c>amount.ToString("0.0###########################")</c>, Microsoft.Data.Sqlite's decimal format
    /// (trailing zeros dropped, at least one decimal place), written as UTF-8 without parsing a custom format or
    /// allocating a string for every value.
    /// </summary>
    private int BindDecimal(int index, decimal amount)
    {
        Span<byte> text = stackalloc byte[DecimalText.MaxLength];
        return raw.sqlite3_bind_text(statement, index, text[..DecimalText.Format(amount, text, minDecimals: 1)]);
    }

    /// <summary>yyyy-MM-dd, as Microsoft.Data.Sqlite writes a DateOnly.</summary>
    private int BindDate(int index, DateOnly date)
    {
        Span<byte> text = stackalloc byte[10];
        WriteDigits(text[..4], date.Year);
        text[4] = (byte)'-';
        WriteDigits(text.Slice(5, 2), date.Month);
        text[7] = (byte)'-';
        WriteDigits(text.Slice(8, 2), date.Day);
        return raw.sqlite3_bind_text(statement, index, text);
    }

    private static void WriteDigits(Span<byte> digits, int value)
    {
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            digits[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    private int BindText(int index, string text)
    {
        if (text.Length == 0)
        {
            // An empty span would reach SQLite as a null pointer, which it stores as NULL.
            return raw.sqlite3_bind_text(statement, index, "");
        }

        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (length > _utf8.Length)
        {
            _utf8 = new byte[Math.Max(length, _utf8.Length * 2)];
        }

        // SQLite copies the bytes (SQLITE_TRANSIENT), so the buffer is reused for the next value.
        var written = Encoding.UTF8.GetBytes(text, _utf8);
        return raw.sqlite3_bind_text(statement, index, _utf8.AsSpan(0, written));
    }
}
