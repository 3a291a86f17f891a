namespace ReconGrpc.Data;

/// <summary>
/// How reports read ledger amounts in bulk on SQLite: as whole ten-thousandths in 64-bit integers, exact where
/// SQLite's own arithmetic on its text decimals is not, through one index that holds every column an aggregate over a
/// customer's entries needs, so aging, balances and the month-end board read the index in customer order and never
/// the table's rows. The index costs imports: every row goes into a second B-tree at a place of its customer's.
/// PostgreSQL and SQL Server sum their exact numeric and aggregate by hash without it.
/// </summary>
public static class LedgerAmountUnits
{
    /// <summary>The SQLite column holding the amount in ten-thousandths, computed by the database from the stored text.</summary>
    public const string Column = "AmountUnits";

    /// <summary>Ten-thousandths per unit of money: the scale of <see cref="Column"/> and of every sum reports read back.</summary>
    public const decimal PerUnit = 10_000m;

    /// <summary>A sum read back in ten-thousandths, as money.</summary>
    public static decimal ToMoney(long units) => units / PerUnit;

    /// <summary>The index in customer, currency and date order that aging, balances and the month-end board scan.</summary>
    public const string AgingIndex = "IX_ledger_entry_aging";

    /// <summary>The index's columns, ending with the integer amount.</summary>
    public static readonly string[] AgingIndexColumns = ["CustomerCode", "Currency", "Date", "DueDate", "DocumentType", Column];

    /// <summary>
    /// The integer part times 10,000 plus the first four decimals, signed by the text. Exact for anything a
    /// decimal(19,4) column holds, which SQLite stores as plain digits with an optional sign and point.
    /// </summary>
    public static string SqliteExpression(string amount) =>
        $"CASE WHEN instr({amount}, '.') = 0 THEN CAST({amount} AS INTEGER) * 10000 ELSE CAST(substr({amount}, 1, instr({amount}, '.') - 1) AS INTEGER) * 10000 "
        + $"+ (CASE WHEN substr({amount}, 1, 1) = '-' THEN -1 ELSE 1 END) * CAST(substr(substr({amount}, instr({amount}, '.') + 1) || '000', 1, 4) AS INTEGER) END";
}
