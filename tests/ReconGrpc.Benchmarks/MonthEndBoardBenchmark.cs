using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReconGrpc.Application.Queries;
using ReconGrpc.Data;
using ReconGrpc.Domain.Categories;
using ReconGrpc.Domain.Customers;

namespace ReconGrpc.Benchmarks;

/// <summary>
/// The month-end board over N customers on SQLite: each with an opening balance and eight entries over February and
/// March (9 N ledger entries); 60 % with a completed March run (half reconciled, half leaving 12.50 unexplained), half
/// with a statement sent, 30 % with a reply, 20 % confirmed and 10 % locked. Times the first page of 100 and the
/// summary over all of them, which is what every call computes.
/// </summary>
internal static class MonthEndBoardBenchmark
{
    public static async Task<int> RunAsync(int count)
    {
        var folder = Directory.CreateTempSubdirectory("recon-bench-").FullName;
        var file = Path.Combine(folder, "bench.db");
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddReconDatabase(DatabaseProvider.Sqlite, $"Data Source={file}")
            .AddSingleton<MonthEndBoardQuery>()
            .BuildServiceProvider();
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        var seeding = Stopwatch.StartNew();
        await SeedCustomersAsync(services.GetRequiredService<IDbContextFactory<ReconDbContext>>(), count);
        await SeedRestAsync(file);
        Console.WriteLine($"seeded {count:N0} customers, {count * 9L:N0} ledger entries in {seeding.Elapsed.TotalSeconds:F1} s");

        var board = services.GetRequiredService<MonthEndBoardQuery>();
        var march1 = new DateOnly(2026, 3, 1);
        var march31 = new DateOnly(2026, 3, 31);
        MonthEndBoard? last = null;
        var times = new List<TimeSpan>();
        for (var i = 0; i < 6; i++)
        {
            var watch = Stopwatch.StartNew();
            last = await board.GetAsync(march1, march31, null, 100, i % 2 == 0 ? null : "C0050000", CancellationToken.None);
            times.Add(watch.Elapsed);
        }

        var measured = times.Skip(1).Order().ToList(); // the first run warms plans, caches and JIT
        // The floor in the same run: one plain pass over the ledger, which any balance per customer must make.
        await using var floor = new SqliteConnection($"Data Source={file}");
        await floor.OpenAsync();
        await using var scan = floor.CreateCommand();
        scan.CommandText = "SELECT COUNT(*), SUM(length(Amount)) FROM ledger_entry";
        var floorWatch = Stopwatch.StartNew();
        await scan.ExecuteScalarAsync();
        var floorTime = floorWatch.Elapsed;
        var s = last!.Summary;
        Console.WriteLine($"board: {s.Customers:N0} customers, {s.Reconciled:N0} reconciled, {s.Unexplained:N0} with a difference, {s.WithoutRun:N0} without a run, " +
                          $"{s.Sent:N0} sent, {s.Agreed:N0} agreed, {s.Disagreed:N0} disagreed, {s.Confirmed:N0} confirmed, {s.Locked:N0} locked");
        Console.WriteLine($"GetMonthEndBoard (page of 100 + summary): first {times[0].TotalMilliseconds:F0} ms, median {measured[measured.Count / 2].TotalMilliseconds:F0} ms, " +
                          $"max {measured[^1].TotalMilliseconds:F0} ms over {measured.Count} runs; floor: full scan of the ledger {floorTime.TotalMilliseconds:F0} ms");
        await services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
        return 0;
    }

    private static async Task SeedCustomersAsync(IDbContextFactory<ReconDbContext> contexts, int count)
    {
        var now = DateTimeOffset.UtcNow;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            db.Categories.Add(Category.Create(CodingScheme.Default.ParseCode("01"), "全部", now));
            await db.SaveChangesAsync();
        }

        const int batch = 5_000;
        for (var start = 0; start < count; start += batch)
        {
            await using var db = await contexts.CreateDbContextAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = start; i < Math.Min(count, start + batch); i++)
            {
                db.Customers.Add(Customer.Create(new CustomerProfile($"C{i:D7}", $"月结客户{i:D7}有限公司", "01"), now));
            }

            await db.SaveChangesAsync();
        }
    }

    /// <summary>The rest set-based in SQL, from the customers: seeding row by row would take longer than anything measured.</summary>
    private static async Task SeedRestAsync(string file)
    {
        await using var connection = new SqliteConnection($"Data Source={file}");
        await connection.OpenAsync();
        await using var transaction = connection.BeginTransaction();
        const string Customers = "(SELECT Code, CAST(substr(Code, 2) AS INTEGER) AS N FROM customer)";
        string[] statements =
        [
            // An opening balance on 1 January, then four entries in February and four in March.
            $"""
            INSERT INTO ledger_entry (CustomerCode, Date, DocumentType, DocumentNumber, Amount, Currency, Fingerprint, CreatedAt)
            SELECT c.Code, e.Date, e.Type, e.Number || '-' || c.Code, e.Amount, 'CNY', lower(hex(randomblob(16))), 0
            FROM {Customers} c CROSS JOIN (
                SELECT '2026-01-01' AS Date, 'OpeningBalance' AS Type, '期初' AS Number, '1000.00' AS Amount
                UNION ALL SELECT '2026-02-03', 'SalesInvoice', 'INV-21', '250.00'
                UNION ALL SELECT '2026-02-11', 'SalesInvoice', 'INV-22', '120.50'
                UNION ALL SELECT '2026-02-18', 'Receipt', 'RC-21', '-300.00'
                UNION ALL SELECT '2026-02-25', 'SalesInvoice', 'INV-23', '80.00'
                UNION ALL SELECT '2026-03-04', 'SalesInvoice', 'INV-31', '410.00'
                UNION ALL SELECT '2026-03-12', 'Receipt', 'RC-31', '-500.00'
                UNION ALL SELECT '2026-03-19', 'SalesInvoice', 'INV-32', '99.99'
                UNION ALL SELECT '2026-03-27', 'Return', 'RT-31', '-20.00') e
            """,
            $$"""
            INSERT INTO recon_run (CustomerCode, StartDate, EndDate, StatementIds, RuleSetName, RuleSetVersion, Status, StartedBy, CreatedAt, EndedAt,
                                   StoredMatches, StoredExceptions, SummaryJson)
            SELECT Code, '2026-03-01', '2026-03-31', '1', 'default', 1, 'Completed', 'bench', 0, 0, 0, 0,
                   '{"ourItems":4,"theirItems":4,"balances":[{"currency":"CNY","ours":1040.49,"theirs":1040.49,"unexplained":' ||
                   CASE WHEN N % 2 = 0 THEN '0' ELSE '12.50' END || '}]}'
            FROM {{Customers}} WHERE N % 10 < 6
            """,
            $"""
            INSERT INTO statement_sending (CustomerCode, StartDate, EndDate, Format, FileName, SentBy, SentAt)
            SELECT Code, '2026-03-01', '2026-03-31', 'pdf', Code || '-2026-03.pdf', 'bench', 0 FROM {Customers} WHERE N % 2 = 0
            """,
            $"""
            INSERT INTO statement_reply (CustomerCode, StartDate, EndDate, Verdict, DifferenceTotal, RepliedBy, RepliedAt, RecordedBy, RecordedAt)
            SELECT Code, '2026-03-01', '2026-03-31', CASE WHEN N % 3 = 0 THEN 'Agrees' ELSE 'Disagrees' END,
                   CASE WHEN N % 3 = 0 THEN '0' ELSE '12.50' END, '王芳', 0, 'bench', 0
            FROM {Customers} WHERE N % 10 < 3
            """,
            $"""
            INSERT INTO customer_period (CustomerCode, StartDate, EndDate, Locked, Time, RecordedBy, ConfirmedBy)
            SELECT Code, '2026-03-01', '2026-03-31', 0, 0, 'bench', '王芳' FROM {Customers} WHERE N % 5 = 0
            """,
            $"""
            INSERT INTO customer_period (CustomerCode, StartDate, EndDate, Locked, Time, RecordedBy)
            SELECT Code, '2026-03-01', '2026-03-31', 1, 0, 'bench' FROM {Customers} WHERE N % 10 = 1
            """,
        ];
        foreach (var sql in statements)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }
}
