using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ReconGrpc.Application.Queries;
using ReconGrpc.Data;
using ReconGrpc.Data.Providers;
using ReconGrpc.Domain.Categories;
using ReconGrpc.Domain.Customers;
using ReconGrpc.Domain.Ledger;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests;

/// <summary>
/// A balance reads the opening balances and then the entries. Another writer committing between the two reads must
/// not change what the balance sees: it is the books before that commit or after it, never a mix of both.
/// </summary>
public sealed class BalanceSnapshotTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_commit_between_the_balance_reads_is_not_half_seen(string provider)
    {
        var name = $"recon_snapshot_{Guid.NewGuid():N}";
        var folder = Directory.CreateTempSubdirectory("recon-snapshot-tests-").FullName;
        var connectionString = provider == TestDatabases.Sqlite
            ? $"Data Source={Path.Combine(folder, "snapshot.db")};Pooling=False"
            : await TestDatabases.CreatePostgresDatabaseAsync(name);
        var databaseProvider = Enum.Parse<DatabaseProvider>(provider);
        try
        {
            await using var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System)
                .AddReconDatabase(databaseProvider, connectionString).BuildServiceProvider();
            await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
            var contexts = services.GetRequiredService<IDbContextFactory<ReconDbContext>>();
            await using (var db = await contexts.CreateDbContextAsync())
            {
                db.Categories.Add(Category.Create(CodingScheme.Default.ParseCode("01"), "全部", Now));
                db.Customers.Add(Customer.Create(new CustomerProfile("SNAP1", "快照客户", "01"), Now));
                await db.SaveChangesAsync();
                db.LedgerEntries.AddRange(
                    Entry(new DateOnly(2024, 1, 1), DocumentType.OpeningBalance, "期初", 100m),
                    Entry(new DateOnly(2024, 2, 1), DocumentType.SalesInvoice, "INV-FEB", 50m));
                await db.SaveChangesAsync();
            }

            // The next export of the same books arrives while the balance is being read: a later opening balance
            // (which stands for everything before it) and an entry after it.
            var commitInBetween = new CommitAfterFirstRead(async () =>
            {
                await using var writer = await contexts.CreateDbContextAsync();
                writer.LedgerEntries.AddRange(
                    Entry(new DateOnly(2024, 3, 1), DocumentType.OpeningBalance, "期初", 500m),
                    Entry(new DateOnly(2024, 3, 5), DocumentType.SalesInvoice, "INV-MAR", 10m));
                await writer.SaveChangesAsync();
            });
            await using (var reader = ReaderContext(databaseProvider, connectionString, commitInBetween))
            {
                var balance = await LedgerBalanceQuery.ReadAsync(reader, "SNAP1", null, null, CancellationToken.None);
                Assert.True(commitInBetween.Committed);
                // Before the commit: 100 + 50. Half seen it was 160: the new opening balance missed by the first read and
                // skipped as a second one by the second, while the March entry was counted on top of January's opening.
                Assert.Equal(150m, balance.TotalsIn("CNY").Balance);
            }

            await using (var after = await contexts.CreateDbContextAsync())
            {
                var balance = await LedgerBalanceQuery.ReadAsync(after, "SNAP1", null, null, CancellationToken.None);
                Assert.Equal(510m, balance.TotalsIn("CNY").Balance);
            }
        }
        finally
        {
            if (provider == TestDatabases.PostgreSql)
            {
                await TestDatabases.DropPostgresDatabaseAsync(name);
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static LedgerEntry Entry(DateOnly date, DocumentType type, string number, decimal amount) =>
        LedgerEntry.Create(new LedgerEntryDraft("SNAP1", date, type, number, amount), Now);

    private static ReconDbContext ReaderContext(DatabaseProvider provider, string connectionString, CommitAfterFirstRead hook) => provider == DatabaseProvider.Sqlite
        ? new SqliteReconDbContext(new DbContextOptionsBuilder<SqliteReconDbContext>().UseSqlite(connectionString).AddInterceptors(hook).Options)
        : new PostgreSqlReconDbContext(new DbContextOptionsBuilder<PostgreSqlReconDbContext>().UseNpgsql(connectionString).AddInterceptors(hook).Options);

    /// <summary>Runs another writer's commit once the first query of the context has been read to its end.</summary>
    private sealed class CommitAfterFirstRead(Func<Task> commit) : DbCommandInterceptor
    {
        public bool Committed { get; private set; }

        public override async ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
        {
            if (!Committed)
            {
                Committed = true;
                await commit();
            }

            return result;
        }
    }
}
