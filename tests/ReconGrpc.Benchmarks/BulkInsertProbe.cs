using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReconGrpc.Data;
using ReconGrpc.Domain.Ledger;

namespace ReconGrpc.Benchmarks;

/// <summary>
/// The storage step alone: N ledger entries through <see cref="BulkInserter{T}"/> in one transaction, skipping stored
/// fingerprints as the import does, spread over 1,000 customers and a year of dates like the import benchmark's file.
/// </summary>
internal static class BulkInsertProbe
{
    private const int Customers = 1000;

    public static async Task<int> RunAsync(int rows)
    {
        var folder = Directory.CreateTempSubdirectory("recon-bulk-").FullName;
        await using var services = await SeededSqliteDatabase.CreateAsync(Path.Combine(folder, "bulk.db"), Customers);
        var contexts = services.GetRequiredService<IDbContextFactory<ReconDbContext>>();
        var now = DateTimeOffset.UtcNow;
        var create = Stopwatch.StartNew();
        var made = new List<LedgerEntry>(rows);
        for (var i = 0; i < rows; i++)
        {
            made.Add(LedgerEntry.Create(new LedgerEntryDraft(SeededSqliteDatabase.CustomerCode((int)((long)i * 7919 % Customers)), new DateOnly(2024, 1, 1).AddDays(i % 365), DocumentType.SalesInvoice, $"INV{i}", 100m + i), now));
        }

        Console.WriteLine($"creating the entries alone: {create.Elapsed.TotalSeconds:F2} s");
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var watch = Stopwatch.StartNew();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await using var inserter = new BulkInserter<LedgerEntry>(db, UniqueKeys.LedgerEntry);
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
