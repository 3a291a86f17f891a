using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using ReconGrpc.Application.Queries;
using ReconGrpc.Data;

namespace ReconGrpc.Benchmarks;

/// <summary>
/// GetAgingReport's query over N customers and M entries on SQLite, in process, against a plain
/// <c>SELECT COUNT(*), SUM(length(Amount))</c> scan of the same table in the same run as the floor; with
/// <c>--behaviour</c>, GetPaymentBehaviour's query over the twelve months to the same date too.
/// </summary>
internal static class AgingBenchmark
{
    public static async Task<int> RunAsync(int customers, int entries, bool behaviour = false)
    {
        var folder = Directory.CreateTempSubdirectory("recon-bench-aging-").FullName;
        var path = Path.Combine(folder, "aging.db");
        await using (var seeded = await SeededSqliteDatabase.CreateAsync(path, customers))
        {
        }

        var seed = Stopwatch.StartNew();
        await SeedEntriesAsync(path, customers, entries);
        Console.WriteLine($"seeded {customers:N0} customers, {entries:N0} entries in {seed.Elapsed.TotalSeconds:F1} s");
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System)
            .AddReconDatabase(DatabaseProvider.Sqlite, $"Data Source={path}").AddSingleton<AgingQuery>().AddSingleton<PaymentBehaviourQuery>().BuildServiceProvider();
        await using (services)
        {
            var aging = services.GetRequiredService<AgingQuery>();
            var request = new AgingRequest(new DateOnly(2026, 6, 30), AgingBasis.DueDate, [], null, null, false, 0, null);
            await using var floor = new SqliteConnection($"Data Source={path}");
            await floor.OpenAsync();
            for (var run = 1; run <= 3; run++)
            {
                var watch = Stopwatch.StartNew();
                var report = await aging.GetAsync(request, CancellationToken.None);
                var byCustomer = watch.Elapsed;
                watch.Restart();
                var byCategory = await aging.GetAsync(request with { ByCategory = true }, CancellationToken.None);
                var category = watch.Elapsed;
                watch.Restart();
                await using var scan = floor.CreateCommand();
                scan.CommandText = "SELECT COUNT(*), SUM(length(Amount)) FROM ledger_entry";
                await scan.ExecuteScalarAsync();
                Console.WriteLine($"run {run}: aging by customer {byCustomer.TotalSeconds:F2} s ({report.Rows.Count:N0} rows, total {report.Total.Balance}), " +
                    $"by category {category.TotalSeconds:F2} s (total {byCategory.Total.Balance}); floor: full scan {watch.Elapsed.TotalSeconds:F2} s");
                if (behaviour)
                {
                    // Twelve months ending with the aging date: the sales grouped in the database, then one ordered pass.
                    var window = MonthWindow.Parse("2025-07", "2026-06");
                    watch.Restart();
                    var rows = await services.GetRequiredService<PaymentBehaviourQuery>().GetAsync(new PaymentBehaviourRequest(window, null, null, false, 0, null), CancellationToken.None);
                    Console.WriteLine($"run {run}: payment behaviour by customer {watch.Elapsed.TotalSeconds:F2} s ({rows.Rows.Count:N0} rows, DSO {rows.Total.Dso}, " +
                        $"days to pay {rows.Total.AverageDaysToPay}); working set {Environment.WorkingSet / 1_048_576:N0} MiB now, " +
                        $"{System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1_048_576:N0} MiB peak");
                }
            }
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
        return 0;
    }

    /// <summary>Adds <paramref name="entries"/> invoices and receipts over 2024-01-01 and the 900 days after, a quarter of them receipts.</summary>
    internal static async Task SeedEntriesAsync(string path, int customers, int entries)
    {
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync();
            await using var transaction = connection.BeginTransaction();
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO ledger_entry (CustomerCode, Date, DocumentType, DocumentNumber, Amount, Currency, DueDate, Fingerprint, CreatedAt) " +
                "VALUES ($c, $d, $t, $n, $a, 'CNY', $due, $f, '2026-01-01 00:00:00+00:00')";
            var (c, d, t, n, a, due, f) = (insert.Parameters.Add("$c", SqliteType.Text), insert.Parameters.Add("$d", SqliteType.Text), insert.Parameters.Add("$t", SqliteType.Text),
                insert.Parameters.Add("$n", SqliteType.Text), insert.Parameters.Add("$a", SqliteType.Text), insert.Parameters.Add("$due", SqliteType.Text), insert.Parameters.Add("$f", SqliteType.Text));
            var random = new Random(7);
            var start = new DateOnly(2024, 1, 1);
            for (var i = 0; i < entries; i++)
            {
                var date = start.AddDays(random.Next(900));
                var receipt = random.Next(4) == 0;
                c.Value = SeededSqliteDatabase.CustomerCode(random.Next(customers));
                d.Value = date.ToString("yyyy-MM-dd");
                t.Value = receipt ? "Receipt" : "SalesInvoice";
                n.Value = "D" + i;
                a.Value = ((receipt ? -1 : 1) * random.Next(1, 2_000_000) / 100m).ToString("0.0###", System.Globalization.CultureInfo.InvariantCulture);
                // Half the invoices carry a due date; the rest take the customer's terms.
                due.Value = !receipt && random.Next(2) == 0 ? date.AddDays(30).ToString("yyyy-MM-dd") : DBNull.Value;
                f.Value = i.ToString("x32");
                await insert.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
        }

    }
}
