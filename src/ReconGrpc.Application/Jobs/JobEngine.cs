using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.SqlServer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ReconGrpc.Application.Reconciliation;
using ReconGrpc.Data;

namespace ReconGrpc.Application.Jobs;

/// <summary>
/// The job engine runs execute through: Hangfire, with its tables on the server's own database when that is
/// PostgreSQL or SQL Server (every instance on the database takes jobs from one queue, and a job whose instance died
/// is taken by another), and its in-memory storage with SQLite, so the embedded server runs the same code in-process
/// with nothing to configure.
/// </summary>
/// <remarks>
/// Built by hand rather than through Hangfire's global configuration: every server in a process (the tests start
/// many) keeps its own storage, client and workers.
/// </remarks>
public sealed partial class JobEngine(DatabaseTarget database, JobOptions options, ReconciliationOptions reconciliation, IServiceProvider services,
    ILogger<JobEngine> logger) : IHostedService, IDisposable
{
    private JobStorage? _storage;
    private BackgroundJobClient? _client;
    private BackgroundJobServer? _server;

    /// <summary>Queues a run for whichever instance has a worker free.</summary>
    public string EnqueueRun(long runId) =>
        (_client ?? throw new InvalidOperationException("The job engine has not started."))
        .Enqueue<RunJob>(job => job.ExecuteAsync(runId, CancellationToken.None));

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _storage = CreateStorage();
        _client = new BackgroundJobClient(_storage);
        var workers = options.Workers > 0 ? options.Workers : reconciliation.MaxConcurrentRuns + 1;
        var name = string.IsNullOrWhiteSpace(options.InstanceName) ? $"{Environment.MachineName}:{Environment.ProcessId}" : options.InstanceName;
        _server = new BackgroundJobServer(new BackgroundJobServerOptions
        {
            ServerName = $"{name}:{Guid.NewGuid().ToString("N")[..8]}",
            WorkerCount = workers,
            Activator = new ServiceJobActivator(services),
            SchedulePollingInterval = options.PollInterval,
            ServerCheckInterval = options.InvisibilityTimeout,
            ServerTimeout = options.InvisibilityTimeout * 2,
        }, _storage);
        LogStarted(logger, database.Provider.ToString(), workers);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is { } server)
        {
            server.SendStop();
            await server.WaitForShutdownAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        _server?.Dispose();
        (_storage as IDisposable)?.Dispose();
    }

    private JobStorage CreateStorage() => database.Provider switch
    {
        DatabaseProvider.Sqlite => new InMemoryStorage(new InMemoryStorageOptions { IdType = InMemoryStorageIdType.Long }),
        DatabaseProvider.PostgreSql => new PostgreSqlStorage(new NpgsqlConnectionFactory(database.ConnectionString, new PostgreSqlStorageOptions()),
            new PostgreSqlStorageOptions
            {
                SchemaName = options.Schema,
                PrepareSchemaIfNecessary = true,
                InvisibilityTimeout = options.InvisibilityTimeout,
                UseSlidingInvisibilityTimeout = true,
                QueuePollInterval = options.PollInterval,
                EnableLongPolling = true,
            }),
        DatabaseProvider.SqlServer => new SqlServerStorage(() => new Microsoft.Data.SqlClient.SqlConnection(database.ConnectionString),
            new SqlServerStorageOptions
            {
                SchemaName = options.Schema,
                PrepareSchemaIfNecessary = true,
                SlidingInvisibilityTimeout = options.InvisibilityTimeout,
                QueuePollInterval = options.PollInterval,
            }),
        _ => throw new InvalidOperationException($"No job storage for {database.Provider}."),
    };

    /// <summary>Jobs are made by the server's container, so they take its singletons as any use case does.</summary>
    private sealed class ServiceJobActivator(IServiceProvider services) : JobActivator
    {
        public override object ActivateJob(Type jobType) => ActivatorUtilities.GetServiceOrCreateInstance(services, jobType);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job engine started on {Provider} storage with {Workers} workers.")]
    private static partial void LogStarted(ILogger logger, string provider, int workers);
}
