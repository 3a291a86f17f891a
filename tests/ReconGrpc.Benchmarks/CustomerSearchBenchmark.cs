using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using ReconGrpc.Application.Archive;
using ReconGrpc.Data;
using ReconGrpc.Domain.Categories;
using ReconGrpc.Domain.Customers;

namespace ReconGrpc.Benchmarks;

/// <summary>
/// Searching N customers by mnemonic prefix through the server's own search (SQLite, indexed range), against the
/// same range query forced to scan the table (NOT INDEXED) in the same run as the baseline.
/// </summary>
internal static class CustomerSearchBenchmark
{
    private static readonly string[] Cities = ["上海", "北京", "广州", "深圳", "杭州", "南京", "成都", "武汉", "西安", "重庆", "天津", "苏州"];
    private static readonly string[] Brands = ["华联", "鑫源", "恒通", "瑞丰", "宏达", "金鼎", "盛世", "隆基", "永辉", "嘉禾", "德润", "晟泰", "汇丰", "兴业", "中天", "天顺"];
    private static readonly string[] Trades = ["超市", "商贸", "电子", "科技", "食品", "物流", "医药", "化工", "建材", "服装"];

    public static async Task<int> RunAsync(int count)
    {
        var folder = Directory.CreateTempSubdirectory("recon-bench-").FullName;
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddReconDatabase(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "bench.db")}")
            .AddSingleton<CustomerArchive>()
            .BuildServiceProvider();
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        await SeedAsync(services.GetRequiredService<IDbContextFactory<ReconDbContext>>(), count);

        var archive = services.GetRequiredService<CustomerArchive>();
        var search = new CustomerSearch("SHHL", null, false, new Dictionary<string, string>(), null, null, null);
        var indexed = await TimeAsync(async () => (await archive.SearchAsync(search, 100, null, CancellationToken.None)).Items.Count);

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "bench.db")}");
        await connection.OpenAsync();
        Func<Task<int>> RawRange(string hint) => async () =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM (SELECT Id FROM customer {hint} WHERE Mnemonic >= 'SHHL' AND Mnemonic < 'SHHM')";
            return Convert.ToInt32(await command.ExecuteScalarAsync());
        };
        var rawIndexed = await TimeAsync(RawRange(""));
        var rawScan = await TimeAsync(RawRange("NOT INDEXED"));

        Console.WriteLine($"customers: {count:N0}");
        Console.WriteLine($"server search, prefix 'SHHL' (first page of 100, EF Core, index ranges): median {indexed.Median.TotalMilliseconds:F3} ms over {indexed.Runs} runs");
        Console.WriteLine($"raw range on the mnemonic index ({rawIndexed.Rows} matches):                     median {rawIndexed.Median.TotalMilliseconds:F3} ms over {rawIndexed.Runs} runs");
        Console.WriteLine($"same range forced to scan the table (baseline):                       median {rawScan.Median.TotalMilliseconds:F3} ms over {rawScan.Runs} runs");
        Console.WriteLine($"ratio scan / index: {rawScan.Median / rawIndexed.Median:F1}x");
        Directory.Delete(folder, recursive: true);
        return 0;
    }

    private static async Task SeedAsync(IDbContextFactory<ReconDbContext> contexts, int count)
    {
        var now = DateTimeOffset.UtcNow;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var scheme = CodingScheme.Default;
            db.Categories.Add(Category.Create(scheme.ParseCode("01"), "全部", now));
            await db.SaveChangesAsync();
        }

        var random = new Random(42);
        const int batch = 5_000;
        for (var start = 0; start < count; start += batch)
        {
            await using var db = await contexts.CreateDbContextAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = start; i < Math.Min(count, start + batch); i++)
            {
                var name = $"{Cities[random.Next(Cities.Length)]}{Brands[random.Next(Brands.Length)]}{Trades[random.Next(Trades.Length)]}{i:D6}有限公司";
                db.Customers.Add(Customer.Create(new CustomerProfile($"C{i:D7}", name, "01"), now));
            }

            await db.SaveChangesAsync();
        }
    }

    private sealed record Timing(TimeSpan Median, int Runs, int Rows);

    private static async Task<Timing> TimeAsync(Func<Task<int>> query)
    {
        var rows = await query(); // warm-up: plans, caches, JIT
        var times = new List<TimeSpan>();
        var total = Stopwatch.StartNew();
        while (times.Count < 20 || (total.Elapsed < TimeSpan.FromSeconds(2) && times.Count < 200))
        {
            var watch = Stopwatch.StartNew();
            rows = await query();
            times.Add(watch.Elapsed);
        }

        times.Sort();
        return new Timing(times[times.Count / 2], times.Count, rows);
    }
}
