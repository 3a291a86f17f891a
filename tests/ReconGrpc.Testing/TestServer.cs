using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Server;

namespace ReconGrpc.Testing;

/// <summary>
/// A real server: Kestrel on 127.0.0.1 with a free port, a real database of its own (an SQLite file in a temp
/// folder, or a fresh PostgreSQL database), and real gRPC channels to it.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _folder;
    private readonly string? _postgresDatabase;
    private readonly string? _postgresServer;
    private readonly GrpcChannel _channel;

    private TestServer(WebApplication app, string folder, string? postgresDatabase, string? postgresServer, string adminKey, string provider, TestClock clock)
    {
        Clock = clock;
        _app = app;
        _folder = folder;
        _postgresDatabase = postgresDatabase;
        _postgresServer = postgresServer;
        AdminKey = adminKey;
        Provider = provider;
        Address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _channel = GrpcChannel.ForAddress(Address);
    }

    public string Provider { get; }

    /// <summary>The server's clock: its today is <see cref="TestClock.DefaultStart"/>'s day unless the test chose another.</summary>
    public TestClock Clock { get; }

    public string Address { get; }

    public string AdminKey { get; }

    public string DataFolder => _folder;

    public IServiceProvider Services => _app.Services;

    /// <param name="clock">The server's clock; by default one that starts at <see cref="TestClock.DefaultStart"/>, so
    /// that no test depends on the day it runs.</param>
    /// <param name="services">Changes to the server's services once all of them are registered, e.g. to wrap one in
    /// a test double that lets the test hold the server at a known point.</param>
    /// <param name="postgresServer">For PostgreSQL, the server to create the database on (an admin connection string); by
    /// default <c>RECON_TEST_POSTGRES</c>'s.</param>
    public static async Task<TestServer> StartAsync(string provider, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, TestClock? clock = null,
        string? postgresServer = null)
    {
        clock ??= new TestClock();
        var folder = Directory.CreateTempSubdirectory("recon-test-").FullName;
        var adminKey = "rk_test_admin_" + Guid.NewGuid().ToString("N");
        var config = new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider,
            ["Storage:DataDirectory"] = Path.Combine(folder, "data"),
            ["Auth:BootstrapAdminKey"] = adminKey,
            ["Plugins:Path"] = Path.Combine(folder, "plugins"),
            // Tests call far faster than people or integrations do, one key for a whole class; a test of the
            // per-key limits sets its own.
            ["RateLimits:PermitsPerSecond"] = "0",
        };
        string? postgresDatabase = null;
        if (provider == TestDatabases.PostgreSql)
        {
            postgresDatabase = "recon_test_" + Guid.NewGuid().ToString("N");
            config["ConnectionStrings:Recon"] = await TestDatabases.CreatePostgresDatabaseAsync(postgresDatabase, postgresServer);
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        // A test that starts two servers on one database gives both the same bootstrap key.
        adminKey = config["Auth:BootstrapAdminKey"]!;

        // Each server gets its own copy of the bundled adapters, so a test may add or remove plugins freely.
        BundledPlugins.CopyTo(config["Plugins:Path"]!);

        var app = ReconServer.Build(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(config);
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton<TimeProvider>(clock);
            if (services is not null)
            {
                builder.Host.UseServiceProviderFactory(new AfterRegistration(services));
            }
        });
        await app.PrepareAsync();
        await app.StartAsync();
        return new TestServer(app, folder, postgresDatabase, postgresServer, adminKey, provider, clock);
    }

    /// <summary>The person test calls act for (x-recon-user): the test keys are service keys, and decisions name a person.</summary>
    public const string Person = "测试会计 王芳";

    /// <summary>A call invoker that sends the given API key (or none) on every call, acting for <paramref name="person"/>.</summary>
    public CallInvoker Invoker(string? apiKey, string? person = Person) => apiKey is null
        ? _channel.CreateCallInvoker()
        : _channel.Intercept(metadata =>
        {
            metadata.Add("authorization", "Bearer " + apiKey);
            if (person is not null)
            {
                metadata.Add("x-recon-user", Uri.EscapeDataString(person));
            }

            return metadata;
        });

    public CategoryService.CategoryServiceClient Categories(string? apiKey) => new(Invoker(apiKey));

    public AdminService.AdminServiceClient Admin(string? apiKey) => new(Invoker(apiKey));

    public AuditService.AuditServiceClient Audit(string? apiKey) => new(Invoker(apiKey));

    public MaintenanceService.MaintenanceServiceClient Maintenance(string? apiKey) => new(Invoker(apiKey));

    public CustomerService.CustomerServiceClient Customers(string? apiKey) => new(Invoker(apiKey));

    public ImportService.ImportServiceClient Imports(string? apiKey) => new(Invoker(apiKey));

    public LedgerService.LedgerServiceClient Ledger(string? apiKey) => new(Invoker(apiKey));

    public ReconciliationService.ReconciliationServiceClient Reconciliation(string? apiKey) => new(Invoker(apiKey));

    public ReceivablesService.ReceivablesServiceClient Receivables(string? apiKey) => new(Invoker(apiKey));

    public BankService.BankServiceClient Bank(string? apiKey) => new(Invoker(apiKey));

    public PlatformService.PlatformServiceClient Platform(string? apiKey) => new(Invoker(apiKey));

    /// <summary>Every ledger entry of the customer, as ListLedgerEntries streams them (date, then id order).</summary>
    public async Task<List<LedgerEntry>> LedgerEntriesAsync(string customerCode)
    {
        var entries = new List<LedgerEntry>();
        using var call = Ledger(AdminKey).ListLedgerEntries(new ListLedgerEntriesRequest { CustomerCode = customerCode });
        await foreach (var batch in call.ResponseStream.ReadAllAsync())
        {
            entries.AddRange(batch.Entries);
        }

        return entries;
    }

    public string PluginFolder => Path.Combine(_folder, "plugins");

    /// <summary>Creates a key with the given role through the admin service and returns its secret.</summary>
    public async Task<string> CreateKeyAsync(Role role, string name = "test")
    {
        var response = await Admin(AdminKey).CreateApiKeyAsync(new CreateApiKeyRequest { Name = name, Role = role });
        return response.Secret;
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_postgresDatabase is not null)
        {
            await TestDatabases.DropPostgresDatabaseAsync(_postgresDatabase, _postgresServer);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the OS is left to the temp cleaner; the test's result does not depend on it.
        }
    }
}

/// <summary>Applies a test's changes to the services when the provider is built, after the server registered its own.</summary>
file sealed class AfterRegistration(Action<IServiceCollection> change) : IServiceProviderFactory<IServiceCollection>
{
    public IServiceCollection CreateBuilder(IServiceCollection services)
    {
        change(services);
        return services;
    }

    public IServiceProvider CreateServiceProvider(IServiceCollection containerBuilder) => new DefaultServiceProviderFactory().CreateServiceProvider(containerBuilder);
}

/// <summary>
/// One server per provider for a test class, started on first use. Tests sharing it use codes of their own;
/// a test that changes global state (the coding scheme) starts a private server instead.
/// </summary>
public class ServerPool : IAsyncLifetime
{
    private readonly Dictionary<string, Task<TestServer>> _servers = [];
    private readonly Lock _lock = new();

    public Task<TestServer> For(string provider)
    {
        lock (_lock)
        {
            if (!_servers.TryGetValue(provider, out var server))
            {
                server = StartAsync(provider);
                _servers[provider] = server;
            }

            return server;
        }
    }

    /// <summary>Starts the pool's server for a provider; a pool for servers set up differently overrides it.</summary>
    protected virtual Task<TestServer> StartAsync(string provider) => TestServer.StartAsync(provider);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var server in _servers.Values)
        {
            await (await server).DisposeAsync();
        }
    }
}
