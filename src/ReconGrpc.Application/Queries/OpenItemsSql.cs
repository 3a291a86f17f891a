using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using ReconGrpc.Data;

namespace ReconGrpc.Application.Queries;

/// <summary>What an item's age is counted from.</summary>
public enum AgingBasis
{
    /// <summary>The due date, or the document date plus the customer's payment terms.</summary>
    DueDate,
    /// <summary>The document date.</summary>
    DocumentDate,
}

/// <summary>
/// The ledger entries a balance counts, aggregated in the database per customer and currency into slots by basis
/// date. It counts the entries <see cref="Domain.Ledger.BroughtForwardBalance"/> counts (the latest opening balance up
/// to the date stands for everything before it), so its figures equal <c>GetCustomerBalance</c>'s.
/// </summary>
/// <remarks>
/// Amounts are summed as whole ten-thousandths in 64-bit integers: SQLite keeps decimals as text and would add them
/// as doubles. On SQLite the integer is parsed from the stored text (integer part and up to four decimals), which is
/// exact for any stored amount; PostgreSQL and SQL Server scale their exact numeric. The rest is portable SQL with
/// double-quoted identifiers; only the units and the date arithmetic differ by provider.
/// </remarks>
internal sealed partial class OpenItemsSql
{
    private readonly DbCommand _command;
    private readonly StringBuilder _sql = new();
    private readonly bool _sqlite;
    private readonly bool _postgres;

    private OpenItemsSql(ReconDbContext db)
    {
        _command = db.Database.GetDbConnection().CreateCommand();
        _command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        _sqlite = db.Database.IsSqlite();
        _postgres = db.Database.IsNpgsql();
    }

    /// <summary>One customer, a category subtree, or every customer; one currency or all.</summary>
    public sealed record Scope(DateOnly AsOf, string? CustomerCode, string? CategoryPrefix, string? Currency)
    {
        /// <summary>Or the customers with entries in this import batch.</summary>
        public long? ImportBatchId { get; init; }
    }

    private string Parameter(object value)
    {
        var parameter = _command.CreateParameter();
        parameter.ParameterName = "@p" + _command.Parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        parameter.Value = value;
        _command.Parameters.Add(parameter);
        return parameter.ParameterName;
    }

    /// <summary>An entry's amount in ten-thousandths: SQLite's exact integer copy of its text, the others' exact numeric scaled.</summary>
    private string Units(string entry) => _sqlite ? $"{entry}.\"{LedgerAmountUnits.Column}\"" : $"CAST({entry}.\"Amount\" * 10000 AS BIGINT)";

    private string PlusDays(string date, string days) => _sqlite
        ? $"date({date}, ({days}) || ' days')"
        : _postgres ? $"({date} + ({days}))" : $"DATEADD(day, ({days}), {date})";

    /// <summary>The scope's conditions on <c>e</c>, a ledger_entry row, each starting with AND.</summary>
    private StringBuilder Filters(Scope scope)
    {
        var filters = new StringBuilder();
        if (scope.CustomerCode is { } customer)
        {
            filters.Append(" AND e.\"CustomerCode\" = ").Append(Parameter(customer));
        }

        if (scope.CategoryPrefix is { } prefix)
        {
            filters.Append(" AND e.\"CustomerCode\" IN (SELECT c.\"Code\" FROM customer c WHERE SUBSTRING(c.\"CategoryCode\", 1, ")
                .Append(Parameter(prefix.Length)).Append(") = ").Append(Parameter(prefix)).Append(')');
        }

        if (scope.ImportBatchId is { } batch)
        {
            filters.Append(" AND e.\"CustomerCode\" IN (SELECT b.\"CustomerCode\" FROM ledger_entry b WHERE b.\"ImportBatchId\" = ").Append(Parameter(batch)).Append(')');
        }

        if (scope.Currency is { } currency)
        {
            filters.Append(" AND e.\"Currency\" = ").Append(Parameter(currency));
        }

        return filters;
    }

    /// <summary>
    /// The common table <c>counted</c>: (id, code, cur, units, due, dt, basis) of every entry the balance counts. The
    /// payment terms are looked up only for an entry without a due date (COALESCE stops at the first value), and
    /// <c>basis</c> only where a query reads it. With <paramref name="withSuperseded"/> it also holds the entries an
    /// opening balance stands for, with <c>counts</c> 0 (1 for the rest), for a query that asks what happened as well
    /// as what is owed. <paramref name="moreTables"/> are common tables the query adds before <c>counted</c>.
    /// </summary>
    private void Counted(Scope scope, AgingBasis basis, bool withSuperseded = false, string moreTables = "")
    {
        var asOf = Parameter(scope.AsOf);
        var filters = Filters(scope);
        var basisSql = basis == AgingBasis.DocumentDate
            ? "e.\"Date\""
            : $"COALESCE(e.\"DueDate\", {PlusDays("e.\"Date\"", "SELECT t.\"PaymentTermsDays\" FROM customer t WHERE t.\"Code\" = e.\"CustomerCode\"")})";
        const string counts = "(h.\"HoldId\" IS NULL OR e.\"Id\" = h.\"HoldId\" OR (e.\"DocumentType\" <> 'OpeningBalance' AND e.\"Date\" >= h.\"HoldDate\"))";
        // The opening balances are few: computed once (MATERIALIZED, where the dialect has it), not once per entry.
        var once = _sqlite || _postgres ? " MATERIALIZED" : "";
        _sql.Append($"""
            WITH hold_date AS{once} (
              SELECT e."CustomerCode", e."Currency", MAX(e."Date") AS "HoldDate" FROM ledger_entry e
              WHERE e."DocumentType" = 'OpeningBalance' AND e."Date" <= {asOf}{filters}
              GROUP BY e."CustomerCode", e."Currency"),
            hold AS{once} (
              SELECT e."CustomerCode", e."Currency", d."HoldDate", MAX(e."Id") AS "HoldId" FROM ledger_entry e
              JOIN hold_date d ON d."CustomerCode" = e."CustomerCode" AND d."Currency" = e."Currency" AND d."HoldDate" = e."Date"
              WHERE e."DocumentType" = 'OpeningBalance'
              GROUP BY e."CustomerCode", e."Currency", d."HoldDate"),
            {moreTables}counted AS (
              SELECT e."Id" AS id, e."CustomerCode" AS code, e."Currency" AS cur, {Units("e")} AS units, e."DueDate" AS due, e."Date" AS dt,
                e."DocumentType" AS kind, {(withSuperseded ? $"CASE WHEN {counts} THEN 1 ELSE 0 END" : "1")} AS counts, {basisSql} AS basis
              FROM ledger_entry e LEFT JOIN hold h ON h."CustomerCode" = e."CustomerCode" AND h."Currency" = e."Currency"
              WHERE e."Date" <= {asOf}{filters}{(withSuperseded ? "" : $" AND {counts}")})

            """);
    }

    /// <summary>
    /// Per customer and currency: the credits (as a positive sum) and the debits in slots by basis date. Slot 0 holds
    /// basis dates after the scope's date; slot k (1..n) those on or after <c>asOf - upperDays[k-1]</c>; slot
    /// n+1 the rest. Each row comes with the customer's name, current category and credit limit.
    /// </summary>
    public static DbCommand Slots(ReconDbContext db, Scope scope, AgingBasis basis, IReadOnlyList<int> upperDays)
    {
        var q = new OpenItemsSql(db);
        var bounds = new List<string> { q.Parameter(scope.AsOf) };
        bounds.AddRange(upperDays.Select(days => q.Parameter(scope.AsOf.AddDays(-days))));
        // Each debit is summed into every bound its basis date is on or after (after, for the first): slot k is then
        // the difference of two such sums. Conditional sums straight over the scan keep SQLite reading the ledger in
        // index order and grouping as it goes, where a per-row slot column needed a subquery and a sort.
        Func<int, string> onOrAfter;
        var join = "";
        if (basis == AgingBasis.DocumentDate)
        {
            q.Counted(scope, basis);
            onOrAfter = k => $"dt {(k == 0 ? ">" : ">=")} {bounds[k]}";
        }
        else
        {
            // An entry without a due date is due its terms after its date: rather than add the terms to every such
            // entry's date, the bounds are moved back by the terms once per customer. CROSS JOIN keeps SQLite scanning
            // the ledger first, in index order.
            q.Counted(scope, basis, moreTables: q.TermBounds(bounds));
            onOrAfter = k => $"(due IS NOT NULL AND due {(k == 0 ? ">" : ">=")} {bounds[k]}) OR (due IS NULL AND dt {(k == 0 ? ">" : ">=")} tb.b{k})";
            join = " CROSS JOIN term_bounds tb WHERE tb.customer = counted.code";
        }

        q._sql.Append("SELECT g.code, g.cur, g.credit, g.ge0 AS s0");
        for (var k = 1; k < bounds.Count; k++)
        {
            q._sql.Append($", g.ge{k} - g.ge{k - 1} AS s{k}");
        }

        q._sql.Append($", g.debit - g.ge{bounds.Count - 1} AS s{bounds.Count}");
        q._sql.Append(", c.\"Name\", c.\"CategoryCode\", c.\"CreditLimit\" FROM (SELECT counted.code, counted.cur");
        q._sql.Append(", CAST(SUM(CASE WHEN units < 0 THEN -units ELSE 0 END) AS BIGINT) AS credit, CAST(SUM(CASE WHEN units > 0 THEN units ELSE 0 END) AS BIGINT) AS debit");
        for (var k = 0; k < bounds.Count; k++)
        {
            q._sql.Append($", CAST(SUM(CASE WHEN units > 0 AND ({onOrAfter(k)}) THEN units ELSE 0 END) AS BIGINT) AS ge{k}");
        }

        q._sql.Append($" FROM counted{join} GROUP BY counted.code, counted.cur) g");
        q._sql.Append(" JOIN customer c ON c.\"Code\" = g.code ORDER BY g.code, g.cur");
        q._command.CommandText = q._sql.ToString();
        return q._command;
    }

    /// <summary>
    /// Per customer and currency: the balance as of the scope's date (in ten-thousandths) and whether an entry other than
    /// an opening balance is dated on or after <paramref name="movedSince"/>, counted or not.
    /// </summary>
    public static DbCommand Balances(ReconDbContext db, Scope scope, DateOnly movedSince)
    {
        var q = new OpenItemsSql(db);
        q.Counted(scope, AgingBasis.DocumentDate, withSuperseded: true);
        q._sql.Append($"""
            SELECT code, cur, CAST(SUM(CASE WHEN counts = 1 THEN units ELSE 0 END) AS BIGINT) AS balance,
              CAST(MAX(CASE WHEN dt >= {q.Parameter(movedSince)} AND kind <> 'OpeningBalance' THEN 1 ELSE 0 END) AS BIGINT) AS moved
            FROM counted GROUP BY code, cur ORDER BY code, cur
            """);
        q._command.CommandText = q._sql.ToString();
        return q._command;
    }

    /// <summary>
    /// The common table <c>term_bounds</c>: per customer, each bound moved back by its payment terms. The dates are
    /// computed once per distinct terms value, not once per customer.
    /// </summary>
    private string TermBounds(IReadOnlyList<string> bounds)
    {
        var once = _sqlite || _postgres ? " MATERIALIZED" : "";
        var moved = string.Join(", ", bounds.Select((b, k) => $"{PlusDays(b, "-t.terms")} AS b{k}"));
        var columns = string.Join(", ", bounds.Select((_, k) => $"m.b{k}"));
        return $"""
            term_bounds AS{once} (
              SELECT c."Code" AS customer, {columns} FROM customer c
              JOIN (SELECT t.terms, {moved} FROM (SELECT DISTINCT "PaymentTermsDays" AS terms FROM customer) t) m ON m.terms = c."PaymentTermsDays"),

            """;
    }

    /// <summary>
    /// A customer's entries in one currency that a balance counts, with what a statement shows of them: the debits
    /// newest due first (then highest id), or the credits newest first. What is open is the first of them.
    /// </summary>
    public static DbCommand ItemsNewestFirst(ReconDbContext db, DateOnly asOf, string customerCode, string currency, bool debits)
    {
        var q = new OpenItemsSql(db);
        q.Counted(new Scope(asOf, customerCode, null, currency), AgingBasis.DueDate);
        q._sql.Append($"""
            SELECT c.units, c.basis, e."Date", e."DocumentType", e."DocumentNumber", e."Memo", e."Amount"
            FROM counted c JOIN ledger_entry e ON e."Id" = c.id
            WHERE {(debits ? "c.units > 0 ORDER BY c.basis DESC, c.id DESC" : "c.units < 0 ORDER BY c.dt DESC, c.id DESC")}
            """);
        q._command.CommandText = q._sql.ToString();
        return q._command;
    }

    /// <summary>
    /// Per customer and currency with something open: the basis date of its oldest open item. First in, first out, the
    /// credits settle the debits in basis then id order, so the oldest open debit is the first whose running total
    /// of debits exceeds all the credits. One grouped query for every customer in scope.
    /// </summary>
    public static DbCommand OldestOpenBasis(ReconDbContext db, Scope scope, AgingBasis basis)
    {
        var q = new OpenItemsSql(db);
        q.Counted(scope, basis);
        q._sql.Append("""
            SELECT d.code, d.cur, MIN(d.basis) FROM (
              SELECT code, cur, basis, SUM(units) OVER (PARTITION BY code, cur ORDER BY basis, id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running
              FROM counted WHERE units > 0) d
            LEFT JOIN (SELECT code, cur, CAST(SUM(-units) AS BIGINT) AS credit FROM counted WHERE units < 0 GROUP BY code, cur) c
              ON c.code = d.code AND c.cur = d.cur
            WHERE d.running > COALESCE(c.credit, 0)
            GROUP BY d.code, d.cur
            """);
        q._command.CommandText = q._sql.ToString();
        return q._command;
    }

    /// <summary>A date column as the provider returns it (SQLite: yyyy-MM-dd text).</summary>
    public static DateOnly ReadDate(DbDataReader reader, int ordinal) => reader.GetValue(ordinal) switch
    {
        DateOnly d => d,
        DateTime t => DateOnly.FromDateTime(t),
        string s => DateOnly.ParseExact(s, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        var other => throw new InvalidOperationException($"Unexpected date value {other}."),
    };
}
