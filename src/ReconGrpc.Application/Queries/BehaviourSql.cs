using System.Data.Common;
using ReconGrpc.Data;

namespace ReconGrpc.Application.Queries;

/// <summary>The two reads of payment behaviour: net sales per customer and month (sales as <see cref="SaleTypes"/> and <see cref="ReturnTypes"/> define them), and the entries in order.</summary>
internal sealed partial class OpenItemsSql
{
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
        var types = TypeList(SaleTypes.Concat(ReturnTypes));
        var month = q.Month("e.\"Date\"");
        q._sql.Append($"""
            SELECT e."CustomerCode", e."Currency", {month} AS ym, CAST(SUM({q.Units("e")}) AS BIGINT)
            FROM ledger_entry e
            WHERE e."Date" >= {from} AND e."Date" <= {to} AND e."DocumentType" IN ({types}){filters}
            GROUP BY e."CustomerCode", e."Currency", {month}
            ORDER BY e."CustomerCode", e."Currency", ym
            """);
        q._command.CommandText = q._sql.ToString();
        return q._command;
    }

    /// <summary>
    /// Every entry up to the scope's date, by customer and currency, then date, opening balances first on their day,
    /// then id: the order a balance is carried forward in, and mostly the aging index's, so SQLite sorts only the
    /// entries of one day. Columns: code, currency, date, document type, amount in ten-thousandths,
    /// due date (null when the entry has none), the customer's payment terms: the reader adds the terms, which costs
    /// less than date arithmetic in SQL for every row.
    /// </summary>
    public static DbCommand EntriesInOrder(ReconDbContext db, Scope scope)
    {
        var q = new OpenItemsSql(db);
        var to = q.Parameter(scope.AsOf);
        var filters = q.Filters(scope);
        q._sql.Append($"""
            SELECT e."CustomerCode", e."Currency", e."Date", e."DocumentType", {q.Units("e")}, e."DueDate", t."PaymentTermsDays"
            FROM ledger_entry e JOIN customer t ON t."Code" = e."CustomerCode"
            WHERE e."Date" <= {to}{filters}
            ORDER BY e."CustomerCode", e."Currency", e."Date", CASE WHEN e."DocumentType" = 'OpeningBalance' THEN 0 ELSE 1 END, e."Id"
            """);
        q._command.CommandText = q._sql.ToString();
        return q._command;
    }
}
