using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReconGrpc.Data;
using ReconGrpc.Domain.Categories;
using ReconGrpc.Domain.Customers;

namespace ReconGrpc.Benchmarks;

/// <summary>A SQLite file made by the server's migrator, holding one category and the customers C00000, C00001, ….</summary>
internal static class SeededSqliteDatabase
{
    public static string CustomerCode(int index) => $"C{index:D5}";

    /// <summary>Creates and seeds the database; the caller disposes the services (their context factory reaches it).</summary>
    public static async Task<ServiceProvider> CreateAsync(string path, int customers)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System)
            .AddReconDatabase(DatabaseProvider.Sqlite, $"Data Source={path}").BuildServiceProvider();
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        await using var db = await services.GetRequiredService<IDbContextFactory<ReconDbContext>>().CreateDbContextAsync();
        var now = DateTimeOffset.UtcNow;
        db.Categories.Add(Category.Create(CodingScheme.Default.ParseCode("01"), "全部", now));
        for (var c = 0; c < customers; c++)
        {
            db.Customers.Add(Customer.Create(new CustomerProfile(CustomerCode(c), $"基准客户{c:D5}号贸易有限公司", "01"), now));
        }

        await db.SaveChangesAsync();
        return services;
    }
}
