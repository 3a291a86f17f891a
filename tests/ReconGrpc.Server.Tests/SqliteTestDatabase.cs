using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReconGrpc.Data;
using ReconGrpc.Domain.Categories;
using ReconGrpc.Domain.Customers;

namespace ReconGrpc.Server.Tests;

/// <summary>
/// A migrated SQLite database file of its own, for tests of the storage layer below the server: it holds the
/// category 01 and one customer in it per given code. Deleted with its folder when disposed.
/// </summary>
internal sealed class SqliteTestDatabase : IAsyncDisposable
{
    private readonly string _folder;
    private readonly ServiceProvider _services;

    private SqliteTestDatabase(string folder, ServiceProvider services)
    {
        _folder = folder;
        _services = services;
    }

    public IDbContextFactory<ReconDbContext> Contexts => _services.GetRequiredService<IDbContextFactory<ReconDbContext>>();

    public static async Task<SqliteTestDatabase> CreateAsync(string name, DateTimeOffset now, params string[] customerCodes)
    {
        var folder = Directory.CreateTempSubdirectory($"recon-{name}-tests-").FullName;
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System)
            .AddReconDatabase(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, name + ".db")};Pooling=False").BuildServiceProvider();
        var database = new SqliteTestDatabase(folder, services);
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        await using var db = await database.Contexts.CreateDbContextAsync();
        db.Categories.Add(Category.Create(CodingScheme.Default.ParseCode("01"), "全部", now));
        foreach (var code in customerCodes)
        {
            db.Customers.Add(Customer.Create(new CustomerProfile(code, "客户 " + code, "01"), now));
        }

        await db.SaveChangesAsync();
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
