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

    private string Units(string amount) => _sqlite
        // Integer part times 10,000 plus the first four decimals, signed by the text: exact, where a double is not.
        ? $"(CASE WHEN instr({amount}, '.') = 0 THEN CAST({amount} AS INTEGER) * 10000 ELSE CAST(substr({amount}, 1, instr({amount}, '.') - 1) AS INTEGER) * 10000 "
          + $"+ (CASE WHEN substr({amount}, 1, 1) = '-' THEN -1 ELSE 1 END) * CAST(substr(substr({amount}, instr({amount}, '.') + 1) || '000', 1, 4) AS INTEGER) END)"
        : $"CAST({amount} * 10000 AS BIGINT)";

    private string PlusDays(string date, string days) => _sqlite
        ? $"date({date}, '+' || ({days}) || ' days')"
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
    /// The common table <c>counted</c>: (id, code, cur, units, basis) of every entry the balance counts. The payment
    /// terms are looked up only for an entry without a due date (COALESCE stops at the first value).
    /// </summary>
    private void Counted(Scope scope, AgingBasis basis)
    {
        var asOf = Parameter(scope.AsOf);
        var filters = Filters(scope);
        var basisSql = basis == AgingBasis.DocumentDate
            ? "e.\"Date\""
            : $"COALESCE(e.\"DueDate\", {PlusDays("e.\"Date\"", "SELECT t.\"PaymentTermsDays\" FROM customer t WHERE t.\"Code\" = e.\"CustomerCode\"")})";
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
            counted AS (
              SELECT e."Id" AS id, e."CustomerCode" AS code, e."Currency" AS cur, {Units("e.\"Amount\"")} AS units, {basisSql} AS basis
              FROM ledger_entry e LEFT JOIN hold h ON h."CustomerCode" = e."CustomerCode" AND h."Currency" = e."Currency"
              WHERE e."Date" <= {asOf}{filters}
                AND (h."HoldId" IS NULL OR e."Id" = h."HoldId" OR (e."DocumentType" <> 'OpeningBalance' AND e."Date" >= h."HoldDate")))

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
        q.Counted(scope, basis);
        var slot = new StringBuilder("CASE WHEN basis > ").Append(q.Parameter(scope.AsOf)).Append(" THEN 0");
        for (var k = 0; k < upperDays.Count; k++)
        {
            slot.Append(" WHEN basis >= ").Append(q.Parameter(scope.AsOf.AddDays(-upperDays[k]))).Append(" THEN ").Append(k + 1);
        }

        slot.Append(" ELSE ").Append(upperDays.Count + 1).Append(" END");
        q._sql.Append("SELECT g.code, g.cur, g.credit");
        for (var k = 0; k <= upperDays.Count + 1; k++)
        {
            q._sql.Append(", g.s").Append(k);
        }

        q._sql.Append(", c.\"Name\", c.\"CategoryCode\", c.\"CreditLimit\" FROM (SELECT a.code, a.cur, CAST(SUM(CASE WHEN a.units < 0 THEN -a.units ELSE 0 END) AS BIGINT) AS credit");
        for (var k = 0; k <= upperDays.Count + 1; k++)
        {
            q._sql.Append($", CAST(SUM(CASE WHEN a.units > 0 AND a.slot = {k} THEN a.units ELSE 0 END) AS BIGINT) AS s{k}");
        }

        // On SQLite the LIMIT keeps the inner query from being flattened into the aggregate, which would compute the
        // units and the slot once per reference instead of once per row.
        q._sql.Append($" FROM (SELECT code, cur, units, {slot} AS slot FROM counted{(q._sqlite ? " LIMIT -1" : "")}) a GROUP BY a.code, a.cur) g");
        q._sql.Append(" JOIN customer c ON c.\"Code\" = g.code ORDER BY g.code, g.cur");
        q._command.CommandText = q._sql.ToString();
        return q._command;
    }

    /// <summary>A customer's debits in one currency, newest basis first (then highest id): its open items are the first of them.</summary>
    public static DbCommand DebitsNewestFirst(ReconDbContext db, DateOnly asOf, string customerCode, string currency, AgingBasis basis)
    {
        var q = new OpenItemsSql(db);
        q.Counted(new Scope(asOf, customerCode, null, currency), basis);
        q._sql.Append("SELECT basis, units FROM counted WHERE units > 0 ORDER BY basis DESC, id DESC");
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
