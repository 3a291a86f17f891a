namespace ReconGrpc.Benchmarks;

/// <summary>What the load command is asked to do (<c>load [--rate R] [--duration S] …</c>, see Program.cs).</summary>
internal sealed record LoadOptions
{
    /// <summary>Unary reads a second, sent on schedule whatever the server's pace (open loop).</summary>
    public int Rate { get; init; } = 1000;

    /// <summary>Seconds the reads are measured for.</summary>
    public int Duration { get; init; } = 60;

    /// <summary>Seconds of the same reads at the same rate before the measurement, not counted (the servers' code compiled,
    /// their caches filled).</summary>
    public int WarmUp { get; init; } = 10;

    /// <summary>Servers already running to load; none means the command starts its own.</summary>
    public IReadOnlyList<string> Addresses { get; init; } = [];

    /// <summary>An administrator's key of the servers given by <see cref="Addresses"/>.</summary>
    public string? Key { get; init; }

    /// <summary>An administrator's PostgreSQL connection string: the started servers share a database made on it.</summary>
    public string? Postgres { get; init; }

    /// <summary>Connections each started server may hold open to PostgreSQL (Npgsql's <c>Maximum Pool Size</c>, default
    /// 100): the instances together must stay under the server's <c>max_connections</c> (100 by default).</summary>
    public int PoolSize { get; init; } = 40;

    /// <summary>Server processes to start (2 needs <see cref="Postgres"/>).</summary>
    public int Instances { get; init; } = 1;

    /// <summary>The server assembly to start; default the Release build beside this harness.</summary>
    public string? ServerAssembly { get; init; }

    /// <summary>Customers in the seeded archive.</summary>
    public int Customers { get; init; } = 2000;

    /// <summary>HTTP/2 connections (gRPC channels) to each server.</summary>
    public int Channels { get; init; } = 4;

    /// <summary>Viewer keys the reads are spread over; each key's rate limit (100 calls/s by default) is per server.</summary>
    public int Keys { get; init; } = 20;

    /// <summary>Rows of the ledger file imported again and again alongside the reads.</summary>
    public int ImportRows { get; init; } = 3000;

    /// <summary>The reads alone, without the run and the import beside them (to tell their cost apart).</summary>
    public bool ReadsOnly { get; init; }

    public static LoadOptions Parse(string[] args)
    {
        var addresses = new List<string>();
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--address")
            {
                addresses.Add(args[i + 1].TrimEnd('/'));
            }
        }

        var options = new LoadOptions
        {
            Rate = Options.Int(args, "--rate", 1000),
            Duration = Options.Int(args, "--duration", 60),
            WarmUp = Options.Int(args, "--warmup", 10),
            Addresses = addresses,
            Key = Options.Text(args, "--key", "") is { Length: > 0 } key ? key : null,
            Postgres = Options.Text(args, "--postgres", "") is { Length: > 0 } pg ? pg : null,
            Instances = Options.Int(args, "--instances", 1),
            ServerAssembly = Options.Text(args, "--server", "") is { Length: > 0 } server ? Path.GetFullPath(server) : null,
            Customers = Options.Int(args, "--customers", 2000),
            PoolSize = Options.Int(args, "--pool-size", 40),
            Channels = Options.Int(args, "--channels", 4),
            Keys = Options.Int(args, "--keys", 20),
            ImportRows = Options.Int(args, "--import-rows", 3000),
            ReadsOnly = args.Contains("--reads-only"),
        };
        if (options.Addresses.Count > 0 && options.Key is null)
        {
            throw new ArgumentException("--address needs --key with an administrator's API key of those servers (it seeds the archive and issues viewer keys).");
        }

        if (options.Addresses.Count == 0 && options.Instances is < 1 or > 8)
        {
            throw new ArgumentException("--instances is 1 to 8.");
        }

        if (options.Addresses.Count == 0 && options.Instances > 1 && options.Postgres is null)
        {
            throw new ArgumentException("Several instances share one database: give --postgres with an administrator's connection string.");
        }

        if (options.Rate < 1 || options.Duration < 1 || options.Customers < 100 || options.Channels < 1 || options.Keys < 1)
        {
            throw new ArgumentException("--rate, --duration, --channels and --keys are at least 1, --customers at least 100.");
        }

        return options;
    }
}
