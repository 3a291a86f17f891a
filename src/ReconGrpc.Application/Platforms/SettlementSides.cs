using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using ReconGrpc.Data;
using ReconGrpc.Matching;
using ReconGrpc.Matching.Settlement;

namespace ReconGrpc.Application.Platforms;

/// <summary>
/// The three sides of a three-way run read straight from <c>statement_line</c>, in date-then-id order (the
/// (statement, date) index gives it without a sort), each side on a connection of its own. A month of a busy shop is
/// millions of lines: read through EF each would be an entity with every text it carries; here a line is the few
/// fields the walk uses, and a line's text or reference is read only where the walk looks at it (a fee's kind, a
/// payout's reference). Portable SQL with double-quoted identifiers, as <c>OpenItemsSql</c>.
/// </summary>
internal static class SettlementSides
{
    private const string Columns = "\"Id\", \"Date\", \"Amount\", \"Currency\"";

    public static Task<List<OrderItem>> OrdersAsync(IDbContextFactory<ReconDbContext> contexts, long statementId, DateOnly from, DateOnly to,
        CancellationToken cancellationToken) =>
        ReadAsync(contexts, $"SELECT {Columns}, \"DocumentNumber\", \"RefundedAmount\" FROM statement_line"
                            + " WHERE \"StatementId\" = @s AND \"Date\" >= @from AND \"Date\" <= @to AND \"DocumentNumber\" IS NOT NULL ORDER BY \"Date\", \"Id\"",
            statementId, from, to, (r, currency) => new OrderItem(r.GetInt64(0), r.GetString(4), r.GetFieldValue<DateOnly>(1), r.GetDecimal(2),
                r.IsDBNull(5) ? null : r.GetDecimal(5), currency), cancellationToken);

    /// <summary>A bill's lines in the platform's own sign (money into the platform positive): the opposite of ours, as stored.</summary>
    public static Task<List<BillItem>> BillAsync(IDbContextFactory<ReconDbContext> contexts, long statementId, DateOnly from, DateOnly to,
        CancellationToken cancellationToken)
    {
        var purposes = Enum.GetValues<LinePurpose>().ToDictionary(p => p.ToString(), p => (LinePurpose?)p, StringComparer.Ordinal);
        return ReadAsync(contexts, $"SELECT {Columns}, \"Purpose\", \"DocumentNumber\", \"SettlementId\","
                                   + " CASE WHEN \"Purpose\" = 'Payout' THEN \"Reference\" END, CASE WHEN \"Purpose\" = 'Fee' THEN \"Text\" END FROM statement_line"
                                   + " WHERE \"StatementId\" = @s AND \"Date\" >= @from AND \"Date\" <= @to ORDER BY \"Date\", \"Id\"",
            statementId, from, to, (r, currency) => new BillItem(r.GetInt64(0), r.GetFieldValue<DateOnly>(1), -r.GetDecimal(2),
                r.IsDBNull(4) ? null : purposes.GetValueOrDefault(r.GetString(4)), Text(r, 5), Text(r, 6), Text(r, 7), Text(r, 8), currency), cancellationToken);
    }

    /// <summary>A bank statement's lines in the bank's sign (money in positive), with who paid and whose customer that is.</summary>
    public static Task<List<(long Id, DateOnly Date, decimal Amount, string? Reference, string? Payer, string? CustomerCode, string Currency)>> BankAsync(
        IDbContextFactory<ReconDbContext> contexts, long statementId, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        ReadAsync(contexts, $"SELECT {Columns}, \"Reference\", \"CounterpartyName\", \"CustomerCode\" FROM statement_line"
                            + " WHERE \"StatementId\" = @s AND \"Date\" >= @from AND \"Date\" <= @to ORDER BY \"Date\", \"Id\"",
            statementId, from, to, (r, currency) => (r.GetInt64(0), r.GetFieldValue<DateOnly>(1), -r.GetDecimal(2), Text(r, 4), Text(r, 5), Text(r, 6), currency),
            cancellationToken);

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static async Task<List<T>> ReadAsync<T>(IDbContextFactory<ReconDbContext> contexts, string sql, long statementId, DateOnly from, DateOnly to,
        Func<DbDataReader, string, T> read, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        if (db.Database.IsSqlite())
        {
            // Read through SQLite's page cache, not the memory map: a scan of millions of lines would otherwise keep every
            // page it passed in the server's resident memory (as SqliteRowInserter does for writes; the map is back when
            // the connection next opens).
            await using var unmap = connection.CreateCommand();
            unmap.CommandText = "PRAGMA mmap_size=0;";
            await unmap.ExecuteNonQueryAsync(cancellationToken);
            SqliteConnectionSettings.Forget(connection);
        }

        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Add(command, "@s", statementId);
        Add(command, "@from", from);
        Add(command, "@to", to);
        var items = new List<T>();
        // A statement's lines share one or two currencies: one string each, not one per line.
        var currencies = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        // Synchronous reads: per row, an awaited read costs more than the row (as RunSides reads a run's sides).
        while (reader.Read())
        {
            var code = reader.GetString(3);
            if (!currencies.TryGetValue(code, out var currency))
            {
                currencies[code] = currency = code;
            }

            items.Add(read(reader, currency));
            if ((items.Count & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        return items;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
