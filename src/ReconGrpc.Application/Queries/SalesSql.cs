using System.Data.Common;
using ReconGrpc.Data;
using ReconGrpc.Domain.Ledger;

namespace ReconGrpc.Application.Queries;

/// <summary>
/// Sales (销售) as the revenue report and the customer search count them, aggregated in the database. One definition:
/// an entry of a period is a sale when it is a sales invoice (销售发票) or an exchange (换货), and a return reducing
/// sales when it is a return (退货) or a credit note (贷项通知); receipts, adjustments and opening balances are
/// neither. Amounts keep the ledger's sign: a red-letter invoice (negative) lowers sales, and a return's negative
/// amount is counted as a positive "returned".
/// </summary>
internal sealed partial class OpenItemsSql
{
    /// <summary>The document types that are sales.</summary>
    public static readonly IReadOnlyList<DocumentType> SaleTypes = [DocumentType.SalesInvoice, DocumentType.Exchange];

    /// <summary>The document types that reduce sales.</summary>
    public static readonly IReadOnlyList<DocumentType> ReturnTypes = [DocumentType.Return, DocumentType.CreditNote];

    private static string TypeList(IEnumerable<DocumentType> types) => string.Join(", ", types.Select(t => $"'{t}'"));

    /// <summary>yyyyMM of a date column as an integer, e.g. 202603.</summary>
    private string Month(string date) => _sqlite
        ? $"CAST(substr({date}, 1, 4) || substr({date}, 6, 2) AS INTEGER)"
        : _postgres
            ? $"CAST(EXTRACT(YEAR FROM {date}) * 100 + EXTRACT(MONTH FROM {date}) AS INTEGER)"
            : $"(YEAR({date}) * 100 + MONTH({date}))";

    /// <summary>
    /// The common table <c>category_period</c>: (customer id, category, since, until) from the category history, each
    /// assignment holding from its effective date until the next one's (exclusive; open when it is the last). Two
    /// assignments on one day leave the first an empty period, so the later one holds, as
    /// <see cref="Domain.Customers.CustomerCategoryAssignment.CategoryAt"/> decides.
    /// </summary>
    private const string CategoryPeriods = """
        category_period AS (
          SELECT h."CustomerId" AS customer_id, h."CategoryCode" AS category, h."EffectiveFrom" AS since,
            LEAD(h."EffectiveFrom") OVER (PARTITION BY h."CustomerId" ORDER BY h."EffectiveFrom", h."Id") AS until
          FROM customer_category_history h)
        """;

    /// <summary>The category in force on <paramref name="date"/> for the customer <c>c</c>, joined as <c>p</c>; the current one without history.</summary>
    private static string CategoryJoin(string date) =>
        $" LEFT JOIN category_period p ON p.customer_id = c.\"Id\" AND p.since <= {date} AND (p.until IS NULL OR p.until > {date})";

    /// <summary>
    /// The common table <c>sales</c>: (code, cur, category, month, sold, returned) for every sale or return dated
    /// from <paramref name="from"/> to <paramref name="to"/>, in ten-thousandths; with <paramref name="byCategory"/> the
    /// category in force on the entry's date (after <c>category_period</c>), else none. The caller has opened the WITH.
    /// </summary>
    private void Sales(DateOnly from, DateOnly to, string? currency, bool byCategory, IReadOnlyList<string>? customers = null)
    {
        var units = Units("e");
        var filters = currency is null ? "" : " AND e.\"Currency\" = " + Parameter(currency);
        if (customers is not null)
        {
            filters += " AND e.\"CustomerCode\" IN (" + string.Join(", ", customers.Select(c => Parameter(c))) + ")";
        }

        if (byCategory)
        {
            _sql.Append(CategoryPeriods).Append(",\n");
        }

        var category = byCategory ? "COALESCE(p.category, c.\"CategoryCode\")" : "NULL";
        var join = byCategory ? " JOIN customer c ON c.\"Code\" = e.\"CustomerCode\"" + CategoryJoin("e.\"Date\"") : "";
        _sql.Append($"""
            sales AS (
              SELECT e."CustomerCode" AS code, e."Currency" AS cur, {category} AS category, {Month("e.\"Date\"")} AS month,
                CASE WHEN e."DocumentType" IN ({TypeList(SaleTypes)}) THEN {units} ELSE 0 END AS sold,
                CASE WHEN e."DocumentType" IN ({TypeList(ReturnTypes)}) THEN -({units}) ELSE 0 END AS returned
              FROM ledger_entry e{join}
              WHERE e."Date" >= {Parameter(from)} AND e."Date" <= {Parameter(to)}
                AND e."DocumentType" IN ({TypeList(SaleTypes.Concat(ReturnTypes))}){filters})

            """);
    }

    private string DimensionJoin(string? dimension) => dimension is null
        ? ""
        : " LEFT JOIN customer_dimension_value v ON v.\"CustomerId\" = c.\"Id\" AND v.\"DimensionCode\" = " + Parameter(dimension);

    private static string DimensionColumn(string? dimension) => dimension is null ? "NULL" : "v.\"Value\"";

    /// <summary>
    /// Per customer, currency and category in force: (code, cur, category, sold, returned, dimension value) of the
    /// period's sales. A customer reclassified within the period has a row for each category.
    /// </summary>
    public static DbCommand SalesByCategory(ReconDbContext db, DateOnly from, DateOnly to, string? currency, string? dimension)
    {
        var q = new OpenItemsSql(db);
        q._sql.Append("WITH ");
        q.Sales(from, to, currency, byCategory: true);
        q._sql.Append($"""
            SELECT g.code, g.cur, g.category, g.sold, g.returned, {DimensionColumn(dimension)} AS dimension_value
            FROM (SELECT code, cur, category, CAST(SUM(sold) AS BIGINT) AS sold, CAST(SUM(returned) AS BIGINT) AS returned
                  FROM sales GROUP BY code, cur, category) g
            JOIN customer c ON c."Code" = g.code{q.DimensionJoin(dimension)}
            ORDER BY g.code, g.cur, g.category
            """);
        q._command.CommandText = q._sql.ToString();
        return q._command;
    }

    /// <summary>
    /// Per customer and currency: (code, cur, balance, category in force at <paramref name="asOf"/>, dimension value),
    /// the balance counted as every balance is (<see cref="Counted"/>).
    /// </summary>
    public static DbCommand BalancesByCategory(ReconDbContext db, DateOnly asOf, string? currency, string? dimension)
    {
        var q = new OpenItemsSql(db);
        q.Counted(new Scope(asOf, null, null, currency), AgingBasis.DocumentDate);
        var at = q.Parameter(asOf);
        q._sql.Append(',').Append(CategoryPeriods).Append($"""

            SELECT b.code, b.cur, b.units, COALESCE(p.category, c."CategoryCode") AS category, {DimensionColumn(dimension)} AS dimension_value
            FROM (SELECT code, cur, CAST(SUM(units) AS BIGINT) AS units FROM counted GROUP BY code, cur) b
            JOIN customer c ON c."Code" = b.code{CategoryJoin(at)}{q.DimensionJoin(dimension)}
            ORDER BY b.code, b.cur
            """);
        q._command.CommandText = q._sql.ToString();
        return q._command;
    }

    /// <summary>
    /// Per customer and currency: (code, cur, sold, returned, months active) of the period's sales, a month active when
    /// its sales net of returns are above zero; of the <paramref name="customers"/> given, or of every customer.
    /// </summary>
    public static DbCommand PurchasesByCustomer(ReconDbContext db, DateOnly from, DateOnly to, string? currency, IReadOnlyList<string>? customers = null)
    {
        var q = new OpenItemsSql(db);
        q._sql.Append("WITH ");
        q.Sales(from, to, currency, byCategory: false, customers);
        q._sql.Append("""
            SELECT m.code, m.cur, CAST(SUM(m.sold) AS BIGINT), CAST(SUM(m.returned) AS BIGINT), SUM(CASE WHEN m.sold - m.returned > 0 THEN 1 ELSE 0 END)
            FROM (SELECT code, cur, month, SUM(sold) AS sold, SUM(returned) AS returned FROM sales GROUP BY code, cur, month) m
            GROUP BY m.code, m.cur
            ORDER BY m.code, m.cur
            """);
        q._command.CommandText = q._sql.ToString();
        return q._command;
    }
}
