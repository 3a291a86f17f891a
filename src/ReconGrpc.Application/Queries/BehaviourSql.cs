using System.Data.Common;
using ReconGrpc.Data;

namespace ReconGrpc.Application.Queries;

/// <summary>The two reads of payment behaviour: sales per customer and month, and a customer's entries in order.</summary>
internal sealed partial class OpenItemsSql
{
    /// <summary>The document types that are sales: invoices and exchanges add, returns and credit notes (stored negative) take off.</summary>
    public static readonly string[] SalesTypes = ["SalesInvoice", "Exchange", "Return", "CreditNote"];

    /// <summary>The month of a date column as the integer yyyymm.</summary>
    private string Month(string date) => _sqlite
        ? $"(CAST(substr({date}, 1, 4) AS INTEGER) * 100 + CAST(substr({date}, 6, 2) AS INTEGER))"
        : _postgres
            ? $"(CAST(EXTRACT(YEAR FROM {date}) AS INTEGER) * 100 + CAST(EXTRACT(MONTH FROM {date}) AS INTEGER))"
            : $"(YEAR({date}) * 100 + MONTH({date}))";

    /// <summary>
    /// Per customer, currency and month (yyyymm) between <paramref name="start"/> and the scope's date: the net sales
    /// in ten-thousandths, summed in the database.
    /// </summary>
    public static DbCommand MonthlySales(ReconDbContext db, DateOnly start, Scope scope)
    {
        var q = new OpenItemsSql(db);
        var from = q.Parameter(start);
        var to = q.Parameter(scope.AsOf);
        var filters = q.Filters(scope);
        var types = string.Join(", ", SalesTypes.Select(t => "'" + t + "'"));
        var month = q.Month("e.\"Date\"");
        q._sql.Append($"""
            SELECT e."CustomerCode", e."Currency", {month} AS ym, CAST(SUM({q.Units("e.\"Amount\"")}) AS BIGINT)
            FROM ledger_entry e
            WHERE e."Date" >= {from} AND e."Date" <= {to} AND e."DocumentType" IN ({types}){filters}
            GROUP BY e."CustomerCode", e."Currency", {month}
            ORDER BY e."CustomerCode", e."Currency", ym
            """);
        q._command.CommandText = q._sql.ToString();
        return q._command;
    }

    /// <summary>
    /// Every entry up to the scope's date, by customer, then date, opening balances first on their day, then id: the
    /// order a balance is carried forward in. Columns: code, currency, date, document type, amount, due date (null
    /// when the entry has none), the customer's payment terms. The amount and the due date are worked out by the
    /// reader (<see cref="ReadAmount"/>): parsing each row's text in SQL costs more than in .NET, and is as exact.
    /// </summary>
    public static DbCommand EntriesInOrder(ReconDbContext db, Scope scope)
    {
        var q = new OpenItemsSql(db);
        var to = q.Parameter(scope.AsOf);
        var filters = q.Filters(scope);
        q._sql.Append($"""
            SELECT e."CustomerCode", e."Currency", e."Date", e."DocumentType", e."Amount", e."DueDate", t."PaymentTermsDays"
            FROM ledger_entry e JOIN customer t ON t."Code" = e."CustomerCode"
            WHERE e."Date" <= {to}{filters}
            ORDER BY e."CustomerCode", e."Date", CASE WHEN e."DocumentType" = 'OpeningBalance' THEN 0 ELSE 1 END, e."Id"
            """);
        q._command.CommandText = q._sql.ToString();
        return q._command;
    }

    /// <summary>A decimal column exactly: SQLite keeps it as text, the others as numeric.</summary>
    public static decimal ReadAmount(DbDataReader reader, int ordinal) => reader.GetValue(ordinal) switch
    {
        string text => decimal.Parse(text, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture),
        var value => Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture),
    };
}
