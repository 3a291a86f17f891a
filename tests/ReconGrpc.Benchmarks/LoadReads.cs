using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using ReconGrpc.Contracts.V1;

namespace ReconGrpc.Benchmarks;

/// <summary>
/// Unary reads sent open-loop: request <c>i</c> is due at <c>start + i / rate</c> and is sent then, whether or not the
/// earlier ones have been answered, so a server that stalls shows as latency rather than as fewer requests (no
/// coordinated omission). Latency is counted from the due time to the answer, so any lateness of the sender counts
/// too. The reads are a mix of what screens and integrations ask, spread over a few HTTP/2 channels to each server
/// and over several viewer keys.
/// </summary>
internal sealed class LoadReads : IDisposable
{
    internal enum Kind
    {
        GetCustomer,
        ListCustomers,
        SearchByMnemonic,
        GetBalance,
        CustomerFigures,
        GetRun,
        ListRuns,
        ListCategories,
        GetCodingScheme,
    }

    /// <summary>The mix, in percent.</summary>
    private static readonly (Kind Kind, int Weight)[] Mix =
    [
        (Kind.GetCustomer, 20), (Kind.ListCustomers, 10), (Kind.SearchByMnemonic, 15), (Kind.GetBalance, 20), (Kind.CustomerFigures, 5),
        (Kind.GetRun, 10), (Kind.ListRuns, 5), (Kind.ListCategories, 10), (Kind.GetCodingScheme, 5),
    ];

    private static readonly Kind[] Wheel = Mix.SelectMany(m => Enumerable.Repeat(m.Kind, m.Weight)).ToArray();

    private readonly List<GrpcChannel> _channels = [];
    private readonly CallInvoker[] _invokers;
    private readonly Metadata[] _keys;
    private readonly LoadArchive _archive;

    public LoadReads(IReadOnlyList<string> addresses, int channelsEach, LoadArchive archive)
    {
        _archive = archive;
        var invokers = new List<CallInvoker>();
        // Channels interleaved across the servers, so that consecutive requests go to different servers.
        for (var c = 0; c < channelsEach; c++)
        {
            foreach (var address in addresses)
            {
                var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
                {
                    HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan },
                });
                _channels.Add(channel);
                invokers.Add(channel.CreateCallInvoker());
            }
        }

        _invokers = [.. invokers];
        _keys = archive.ViewerKeys.Select(k => new Metadata { { "authorization", "Bearer " + k } }).ToArray();
    }

    internal sealed class Recording(int total)
    {
        public readonly Kind[] Kinds = new Kind[total];
        public readonly long[] Latencies = new long[total];
        public readonly int[] Statuses = Enumerable.Repeat(-1, total).ToArray();
        public long Start;
        public long LastAnswer;
        public int Total => Kinds.Length;
    }

    /// <summary>Sends <paramref name="rate"/> reads a second for <paramref name="duration"/> and waits for every answer.</summary>
    public async Task<Recording> RunAsync(int rate, TimeSpan duration)
    {
        var total = (int)(rate * duration.TotalSeconds);
        var recording = new Recording(total);
        var tasks = new Task[total];
        var ticksPerRequest = Stopwatch.Frequency / (double)rate;
        var sender = new Thread(() =>
        {
            var start = Stopwatch.GetTimestamp();
            recording.Start = start;
            for (var i = 0; i < total; i++)
            {
                var due = start + (long)(i * ticksPerRequest);
                while (Stopwatch.GetTimestamp() < due)
                {
                    // About a millisecond at a time: what is due meanwhile goes out together when it wakes (and counts the wait).
                    Thread.Sleep(1);
                }

                var index = i;
                tasks[i] = Task.Run(() => SendAsync(index, due, recording));
            }
        })
        {
            IsBackground = true,
            Name = "load sender",
            Priority = ThreadPriority.AboveNormal,
        };
        sender.Start();
        await Task.Run(sender.Join);
        await Task.WhenAll(tasks);
        return recording;
    }

    private async Task SendAsync(int index, long due, Recording recording)
    {
        var random = Random.Shared;
        var kind = Wheel[random.Next(Wheel.Length)];
        var invoker = _invokers[index % _invokers.Length];
        var headers = _keys[index % _keys.Length];
        var deadline = DateTime.UtcNow.AddSeconds(30);
        recording.Kinds[index] = kind;
        try
        {
            await CallAsync(kind, invoker, new CallOptions(headers, deadline), random);
            recording.Statuses[index] = (int)StatusCode.OK;
        }
        catch (RpcException e)
        {
            recording.Statuses[index] = (int)e.StatusCode;
        }

        var now = Stopwatch.GetTimestamp();
        recording.Latencies[index] = now - due;
        InterlockedMax(ref recording.LastAnswer, now);
    }

    private async Task CallAsync(Kind kind, CallInvoker invoker, CallOptions options, Random random)
    {
        string Customer() => _archive.CustomerCodes[random.Next(_archive.CustomerCodes.Count)];
        switch (kind)
        {
            case Kind.GetCustomer:
                await new CustomerService.CustomerServiceClient(invoker).GetCustomerAsync(new GetCustomerRequest { Code = Customer() }, options);
                break;
            case Kind.ListCustomers:
                await new CustomerService.CustomerServiceClient(invoker).SearchCustomersAsync(new SearchCustomersRequest
                {
                    CategoryCode = _archive.LeafCategories[random.Next(_archive.LeafCategories.Count)],
                    PageSize = 20,
                }, options);
                break;
            case Kind.SearchByMnemonic:
                await new CustomerService.CustomerServiceClient(invoker).SearchCustomersAsync(new SearchCustomersRequest
                {
                    Prefix = _archive.MnemonicPrefixes[random.Next(_archive.MnemonicPrefixes.Count)],
                    PageSize = 20,
                }, options);
                break;
            case Kind.GetBalance:
                await new LedgerService.LedgerServiceClient(invoker).GetCustomerBalanceAsync(new GetCustomerBalanceRequest
                {
                    CustomerCode = Customer(),
                    AsOfDate = new Date { Year = 2026, Month = 3, Day = 31 },
                }, options);
                break;
            case Kind.CustomerFigures:
                // A few customers with their purchases in the quarter, in yuan.
                await new CustomerService.CustomerServiceClient(invoker).SearchCustomersAsync(new SearchCustomersRequest
                {
                    Prefix = _archive.MnemonicPrefixes[random.Next(_archive.MnemonicPrefixes.Count)],
                    PeriodStart = new Date { Year = 2026, Month = 1, Day = 1 },
                    PeriodEnd = new Date { Year = 2026, Month = 3, Day = 31 },
                    Currency = "CNY",
                    PageSize = 10,
                }, options);
                break;
            case Kind.GetRun:
                await new ReconciliationService.ReconciliationServiceClient(invoker).GetRunAsync(new GetRunRequest { RunId = _archive.RunId }, options);
                break;
            case Kind.ListRuns:
                await new ReconciliationService.ReconciliationServiceClient(invoker).ListRunsAsync(new ListRunsRequest { PageSize = 20 }, options);
                break;
            case Kind.ListCategories:
                await new CategoryService.CategoryServiceClient(invoker).ListCategoriesAsync(new ListCategoriesRequest(), options);
                break;
            case Kind.GetCodingScheme:
                await new CategoryService.CategoryServiceClient(invoker).GetCodingSchemeAsync(new GetCodingSchemeRequest(), options);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>Writes what the recording says: requests, throughput, latency percentiles overall and by kind, errors by status.</summary>
    public static void Report(Recording recording, int rate, TimeSpan duration, TextWriter output)
    {
        var answered = recording.Statuses.Count(s => s >= 0);
        var ok = recording.Statuses.Count(s => s == (int)StatusCode.OK);
        var window = TimeSpan.FromSeconds((recording.LastAnswer - recording.Start) / (double)Stopwatch.Frequency);
        output.WriteLine($"unary reads: {recording.Total:N0} sent at {rate:N0}/s over {duration.TotalSeconds:N0} s, {answered:N0} answered, {ok:N0} OK; " +
                         $"throughput {ok / window.TotalSeconds:N1} OK/s (first send to last answer {window.TotalSeconds:F1} s)");
        output.WriteLine($"latency from the scheduled send, all reads:  {Percentiles(recording, _ => true)}");
        var errors = recording.Statuses.Where(s => s != (int)StatusCode.OK).GroupBy(s => s).OrderByDescending(g => g.Count())
            .Select(g => $"{(StatusCode)g.Key} {g.Count():N0}").ToList();
        output.WriteLine("errors by status: " + (errors.Count == 0 ? "none" : string.Join(", ", errors)));
        foreach (var kind in Enum.GetValues<Kind>())
        {
            var count = recording.Kinds.Count(k => k == kind);
            output.WriteLine($"  {kind,-17} {count,7:N0}  {Percentiles(recording, k => k == kind)}");
        }
    }

    private static string Percentiles(Recording recording, Func<Kind, bool> which)
    {
        var latencies = new List<double>();
        for (var i = 0; i < recording.Total; i++)
        {
            if (recording.Statuses[i] == (int)StatusCode.OK && which(recording.Kinds[i]))
            {
                latencies.Add(recording.Latencies[i] * 1000.0 / Stopwatch.Frequency);
            }
        }

        if (latencies.Count == 0)
        {
            return "no answers";
        }

        latencies.Sort();
        string At(double p) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)].ToString("F1", CultureInfo.InvariantCulture);
        return $"p50 {At(0.50)} ms, p90 {At(0.90)} ms, p99 {At(0.99)} ms, max {latencies[^1].ToString("F1", CultureInfo.InvariantCulture)} ms";
    }

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }
}
