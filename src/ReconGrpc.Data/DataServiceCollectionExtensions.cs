using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ReconGrpc.Data.Changes;
using ReconGrpc.Data.Execution;
using ReconGrpc.Data.Outages;
using ReconGrpc.Data.Protection;
using ReconGrpc.Data.Providers;

namespace ReconGrpc.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Registers the archive's database: a context factory for the provider's own context (so that its
    /// migrations are the ones applied), exposed as <see cref="IDbContextFactory{ReconDbContext}"/>, and
    /// the change runner that writes business data together with its audit entries. On PostgreSQL and SQL Server the
    /// contexts go through the <see cref="OutageGate"/>, and a connection string without a connect timeout gets
    /// <paramref name="connectTimeout"/> (default <see cref="DatabaseEndpoint.DefaultConnectTimeout"/>).
    /// </summary>
    public static IServiceCollection AddReconDatabase(this IServiceCollection services, DatabaseProvider provider, string connectionString,
        TimeSpan? connectTimeout = null)
    {
        var endpoint = DatabaseEndpoint.For(provider, connectionString, connectTimeout);
        connectionString = endpoint.ConnectionString;
        services.AddSingleton(endpoint);
        services.AddSingleton<DatabaseAvailability>();
        services.AddSingleton<DatabaseProbe>();
        services.AddSingleton<OutageGate>();
        services.AddSingleton<CommandTracing>();
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                services.AddPooledDbContextFactory<SqliteReconDbContext>((sp, o) => o
                    .UseSqlite(connectionString)
                    .UseFieldProtectionFrom(sp)
                    .AddInterceptors(sp.GetRequiredService<CommandTracing>(), new SqliteConnectionSettings())
                    // EF rebuilds a SQLite table to change it and turns foreign-key checks off around the rebuild, which
                    // SQLite allows only outside a transaction; the rebuild itself stays in one. Every start on a new
                    // database warned of it. Logged at Information: it is how EF migrates SQLite, not a fault.
                    .ConfigureWarnings(w => w.Log((RelationalEventId.NonTransactionalMigrationOperationWarning, LogLevel.Information))));
                services.AddSingleton<IDbContextFactory<ReconDbContext>, ContextFactory<SqliteReconDbContext>>();
                services.AddSingleton<IWriteGate, SingleWriterGate>();
                break;
            case DatabaseProvider.PostgreSql:
                services.AddPooledDbContextFactory<PostgreSqlReconDbContext>((sp, o) => o
                    .UseNpgsql(connectionString)
                    .UseFieldProtectionFrom(sp)
                    .AddInterceptors(sp.GetRequiredService<CommandTracing>(), sp.GetRequiredService<OutageGate>()));
                services.AddSingleton<IDbContextFactory<ReconDbContext>, ContextFactory<PostgreSqlReconDbContext>>();
                services.AddSingleton<IWriteGate, OpenWriteGate>();
                break;
            case DatabaseProvider.SqlServer:
                services.AddPooledDbContextFactory<SqlServerReconDbContext>((sp, o) => o
                    .UseSqlServer(connectionString)
                    .UseFieldProtectionFrom(sp)
                    .AddInterceptors(sp.GetRequiredService<CommandTracing>(), sp.GetRequiredService<OutageGate>()));
                services.AddSingleton<IDbContextFactory<ReconDbContext>, ContextFactory<SqlServerReconDbContext>>();
                services.AddSingleton<IWriteGate, OpenWriteGate>();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider.");
        }

        services.AddSingleton(new DatabaseTarget(provider, connectionString));
        services.AddSingleton(ExecutionLocks.For(provider, connectionString));
        services.AddSingleton<ChangeRunner>();
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<SqliteDatabaseCopy>();
        return services;
    }

    /// <summary>Seals customers' sensitive fields under the registered <see cref="FieldCipher"/>, when there is one.</summary>
    private static DbContextOptionsBuilder UseFieldProtectionFrom(this DbContextOptionsBuilder options, IServiceProvider services) =>
        services.GetService<FieldCipher>() is { } cipher ? options.UseFieldProtection(cipher) : options;

    private sealed class ContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<ReconDbContext>
        where TContext : ReconDbContext
    {
        public ReconDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<ReconDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }
}
