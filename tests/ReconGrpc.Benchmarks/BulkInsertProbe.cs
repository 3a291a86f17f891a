using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReconGrpc.Data;
using ReconGrpc.Domain.Categories;
using ReconGrpc.Domain.Customers;
using ReconGrpc.Domain.Ledger;

namespace ReconGrpc.Benchmarks;

/// <summary>The storage step alone: N ledger entries through <see cref="BulkInserter{T}"/> in one transaction.</summary>
internal static class BulkInsertProbe
{
    public static async Task<int> RunAsync(int rows)
    {
        var folder = Directory.CreateTempSubdirectory("recon-bulk-").FullName;
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System)
            .AddReconDatabase(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "bulk.db")}").BuildServiceProvider();
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        var contexts = services.GetRequiredService<IDbContextFactory<ReconDbContext>>();
        var now = DateTimeOffset.UtcNow;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            db.Categories.Add(Category.Create(CodingScheme.Default.ParseCode("01"), "全部", now));
            db.Customers.Add(Customer.Create(new CustomerProfile("C1", "客户一", "01"), now));
            await db.SaveChangesAsync();
        }

        var create = Stopwatch.StartNew();
        var made = new List<LedgerEntry>(rows);
        for (var i = 0; i < rows; i++)
        {
            made.Add(LedgerEntry.Create(new LedgerEntryDraft("C1", new DateOnly(2024, 1, 1).AddDays(i % 365), DocumentType.SalesInvoice, $"INV{i}", 100m + i), now));
        }

        Console.WriteLine($"creating the entries alone: {create.Elapsed.TotalSeconds:F2} s");
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var watch = Stopwatch.StartNew();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await using var inserter = new BulkInserter<LedgerEntry>(db);
            foreach (var entry in made)
            {
                await inserter.AddAsync(entry, CancellationToken.None);
            }

            await inserter.FlushAsync(CancellationToken.None);
            await transaction.CommitAsync();
            Console.WriteLine($"bulk insert: {rows:N0} rows in {watch.Elapsed.TotalSeconds:F2} s, {rows / watch.Elapsed.TotalSeconds:N0} rows/s");
        }

        Directory.Delete(folder, true);
        return 0;
    }
}
