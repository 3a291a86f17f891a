using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ReconGrpc.Benchmarks;

/// <summary>
/// The servers a load is sent to: either given (<c>--address</c>), or started here as child processes the way they are
/// deployed — <c>dotnet ReconGrpc.Server.dll</c> run from its own folder (so its appsettings.json applies, logging
/// included), configured by environment variables, listening on a free loopback port it reports in its "Now listening
/// on" line. Several instances share one PostgreSQL database and one field key and audit key, each with its own data
/// folder (spool, checkpoints).
/// </summary>
internal sealed partial class LoadServers : IAsyncDisposable
{
    private readonly List<Process> _processes = [];
    private readonly string? _folder;
    private BenchmarkPostgres? _database;
    private int _failures;

    private LoadServers(IReadOnlyList<string> addresses, string key, string? folder)
    {
        Addresses = addresses;
        AdminKey = key;
        _folder = folder;
    }

    public IReadOnlyList<string> Addresses { get; private set; }

    public string AdminKey { get; }

    /// <summary>What the servers store in, for the report.</summary>
    public string Storage { get; private set; } = "given servers";

    public IReadOnlyList<Process> Processes => _processes;

    /// <summary>Lines the started servers logged at the levels fail or crit.</summary>
    public int Failures => Volatile.Read(ref _failures);

    public static LoadServers Given(IReadOnlyList<string> addresses, string key) => new(addresses, key, null);

    public static async Task<LoadServers> StartAsync(LoadOptions options)
    {
        var folder = Directory.CreateTempSubdirectory("recon-load-").FullName;
        var servers = new LoadServers([], "rk_load_" + Guid.NewGuid().ToString("N"), folder);
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["Auth__BootstrapAdminKey"] = servers.AdminKey,
                ["Secrets__FieldKeyFile"] = Path.Combine(folder, "field.key"),
                ["Audit__KeyFile"] = Path.Combine(folder, "audit.key"),
            };
            if (options.Postgres is { } admin)
            {
                servers._database = await BenchmarkPostgres.CreateAsync(admin);
                environment["Database__Provider"] = "PostgreSql";
                // Npgsql's pool holds up to 100 connections by default, PostgreSQL's default max_connections: two instances
                // under load would ask for more than the database allows, and fail calls.
                environment["ConnectionStrings__Recon"] = new Npgsql.NpgsqlConnectionStringBuilder(servers._database.ConnectionString) { MaxPoolSize = options.PoolSize }.ConnectionString;
                servers.Storage = $"PostgreSQL (database {servers._database.Name}), {options.Instances} instance(s) of at most {options.PoolSize} connections each";
            }
            else
            {
                environment["Database__Provider"] = "Sqlite";
                servers.Storage = "SQLite, 1 instance";
            }

            var assembly = options.ServerAssembly ?? DefaultAssembly();
            var addresses = new List<string>();
            // One after the other: the first applies the migrations and creates the admin key, the next finds them done.
            for (var i = 0; i < options.Instances; i++)
            {
                var data = Path.Combine(folder, $"server-{i + 1}");
                addresses.Add(await servers.StartOneAsync(assembly, new Dictionary<string, string>(environment) { ["Storage__DataDirectory"] = data }));
            }

            servers.Addresses = addresses;
            return servers;
        }
        catch
        {
            await servers.DisposeAsync();
            throw;
        }
    }

    /// <summary>Processor time the started servers have used so far.</summary>
    public TimeSpan ProcessorTime()
    {
        var total = TimeSpan.Zero;
        foreach (var process in _processes)
        {
            process.Refresh();
            total += process.TotalProcessorTime;
        }

        return total;
    }

    private async Task<string> StartOneAsync(string assembly, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(assembly);
        // Unprefixed, so that it overrides the Urls of appsettings.json (ASPNETCORE_URLS would not).
        start.Environment["Urls"] = "http://127.0.0.1:0";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        _processes.Add(process);
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new Queue<string>();
        void Read(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (log)
            {
                log.Enqueue(line);
                if (log.Count > 200)
                {
                    log.Dequeue();
                }
            }

            if (ListeningOn().Match(line) is { Success: true } match)
            {
                listening.TrySetResult(match.Groups[1].Value);
            }
            else if (line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal))
            {
                // The first few as they come, then only counted (a server falling behind logs each call it gives up on).
                if (Interlocked.Increment(ref _failures) <= 5)
                {
                    Console.Error.WriteLine($"server {process.Id}: {line}");
                }
            }
        }

        process.OutputDataReceived += (_, e) => Read(e.Data);
        process.ErrorDataReceived += (_, e) => Read(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var ready = await Task.WhenAny(listening.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(2)));
        if (ready != listening.Task)
        {
            lock (log)
            {
                throw new InvalidOperationException($"the server ({assembly}) did not start listening:\n{string.Join('\n', log)}");
            }
        }

        return await listening.Task;
    }

    /// <summary>The server's Release build in its own output folder, beside the plugins folder its build publishes.</summary>
    private static string DefaultAssembly()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "ReconGrpc.sln")))
        {
            root = root.Parent;
        }

        var assembly = Path.Combine(root!.FullName, "src", "ReconGrpc.Server", "bin", "Release", "net10.0", "ReconGrpc.Server.dll");
        return File.Exists(assembly)
            ? assembly
            : throw new FileNotFoundException($"Build the server first: dotnet build -c Release src/ReconGrpc.Server ({assembly} is missing).");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            try
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            catch (InvalidOperationException)
            {
                // Exited already.
            }

            process.Dispose();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        if (_folder is not null)
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open is left to the temp cleaner.
            }
        }
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningOn();
}
