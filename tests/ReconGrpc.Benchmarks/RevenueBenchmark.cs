using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReconGrpc.Application.Archive;
using ReconGrpc.Application.Queries;
using ReconGrpc.Data;
using ReconGrpc.Domain.Categories;

namespace ReconGrpc.Benchmarks;

/// <summary>
/// GetRevenueByCategory for a quarter and a year, and SearchCustomers with a monthly-purchases filter over a year, on
/// SQLite over N customers and M entries (the aging benchmark's ledger), one customer in ten reclassified on
/// 2025-01-01.
/// </summary>
internal static class RevenueBenchmark
{
    public static async Task<int> RunAsync(int customers, int entries)
    {
        var folder = Directory.CreateTempSubdirectory("recon-bench-revenue-").FullName;
        var path = Path.Combine(folder, "revenue.db");
        await using (var seeded = await SeededSqliteDatabase.CreateAsync(path, customers))
        {
            await using var db = await seeded.GetRequiredService<IDbContextFactory<ReconDbContext>>().CreateDbContextAsync();
            db.Categories.Add(Category.Create(CodingScheme.Default.ParseCode("02"), "重分类", DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }

        var seed = Stopwatch.StartNew();
        await AgingBenchmark.SeedEntriesAsync(path, customers, entries);
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync();
            await using var history = connection.CreateCommand();
            history.CommandText = """
                INSERT INTO customer_category_history (CustomerId, CategoryCode, EffectiveFrom, Reason, RecordedBy, RecordedAt)
                  SELECT Id, '01', '0001-01-01', 'created', 'bench', 0 FROM customer;
                INSERT INTO customer_category_history (CustomerId, CategoryCode, EffectiveFrom, Reason, RecordedBy, RecordedAt)
                  SELECT Id, '02', '2025-01-01', 'moved', 'bench', 0 FROM customer WHERE Id % 10 = 0;
                UPDATE customer SET CategoryCode = '02' WHERE Id % 10 = 0;
                """;
            await history.ExecuteNonQueryAsync();
        }

        Console.WriteLine($"seeded {customers:N0} customers, {entries:N0} entries in {seed.Elapsed.TotalSeconds:F1} s");
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System)
            .AddReconDatabase(DatabaseProvider.Sqlite, $"Data Source={path}").AddSingleton<RevenueQuery>().BuildServiceProvider();
        await using (services)
        {
            var revenue = services.GetRequiredService<RevenueQuery>();
            // A search changes nothing, so it needs no change runner (whose audit key this harness does not set up).
            var archive = new CustomerArchive(services.GetRequiredService<IDbContextFactory<ReconDbContext>>(), null!);
            var quarter = new RevenueRequest(new DateOnly(2025, 1, 1), new DateOnly(2025, 3, 31), null, true, 1, null, null);
            var year = quarter with { From = new DateOnly(2024, 7, 1), To = new DateOnly(2025, 6, 30) };
            var search = new CustomerSearch(null, null, false, new Dictionary<string, string>(), null, null, null)
            {
                Computed = PurchaseFilters.None with { From = new DateOnly(2024, 7, 1), To = new DateOnly(2025, 6, 30), MinAverageMonthlyPurchases = 50_000m },
            };
            for (var run = 1; run <= 3; run++)
            {
                var watch = Stopwatch.StartNew();
                var q = await revenue.GetAsync(quarter, CancellationToken.None);
                var quarterTime = watch.Elapsed;
                watch.Restart();
                var y = await revenue.GetAsync(year, CancellationToken.None);
                var yearTime = watch.Elapsed;
                watch.Restart();
                var found = await archive.SearchAsync(search, 100, null, CancellationToken.None);
                Console.WriteLine($"run {run}: revenue for a quarter {quarterTime.TotalSeconds:F2} s (revenue {q.Total.Revenue}, {q.Rows.Count} rows), " +
                    $"for a year {yearTime.TotalSeconds:F2} s (revenue {y.Total.Revenue}); search by monthly purchases over a year {watch.Elapsed.TotalSeconds:F2} s ({found.Items.Count} on the first page)");
            }
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
        return 0;
    }
}
