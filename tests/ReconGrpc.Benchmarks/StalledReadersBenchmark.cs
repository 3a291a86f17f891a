using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Matching.Testing;

namespace ReconGrpc.Benchmarks;

/// <summary>
/// What streaming clients that read nothing cost a real server process on SQLite. A large run is stored first (its
/// ledger and statement written straight into the database), then, on the same server: one client replays it with
/// WatchRun reading everything (the baseline); N clients, each on a connection of its own in a child process, open
/// WatchRun on it, take the first event and read nothing more; the child process is killed, as a client machine's
/// process dies. The server's resident memory is sampled throughout (every 50 ms from /proc).
/// </summary>
internal static class StalledReadersBenchmark
{
    private static readonly TimeSpan Sample = TimeSpan.FromMilliseconds(50);

    /// <summary>How long the stalled clients are left stalled, and how long the server is watched after they are gone.</summary>
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(20);

    /// <summary>An ended run's results stay in memory this long for its watchers (LiveRuns.Linger), plus a margin.</summary>
    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(35);

    public static async Task<int> RunAsync(int size, int clients)
    {
        var data = SyntheticGenerator.Generate(new SyntheticOptions { Size = size, Seed = 20_240_601 });
        var folder = Directory.CreateTempSubdirectory("recon-stalled-bench-").FullName;
        // Stalled streams are not ended by the server here (Streaming:StalledReaderTimeout off): what they cost for as
        // long as they stay is what is measured.
        using var server = ImportBenchmark.StartServer(folder, out var address, out var key, "--Streaming:StalledReaderTimeout", "00:00:00");
        try
        {
            using var channel = GrpcChannel.ForAddress(address);
            var recon = new ReconciliationService.ReconciliationServiceClient(Authorized(channel, key));
            await ImportBenchmark.WaitForServerAsync(new CategoryService.CategoryServiceClient(Authorized(channel, key)));
            var statementId = ReconcileEndToEndBenchmark.Seed(Path.Combine(folder, "server", "recon.db"), data, "benchmark", yearShift: 0);
            Console.WriteLine($"seeded {data.Ours.Count:N0} ours x {data.Theirs.Count:N0} theirs straight into the database");

            var runWatch = Stopwatch.StartNew();
            long runId = 0, results = 0;
            using (var start = recon.StartRun(new StartRunRequest
            {
                StartDate = ToProto(data.Ours.Min(i => i.Date)), EndDate = ToProto(data.Ours.Max(i => i.Date)), StatementIds = { statementId },
            }, deadline: DateTime.UtcNow.AddMinutes(30)))
            {
                await foreach (var response in start.ResponseStream.ReadAllAsync())
                {
                    runId = response.Event.RunId;
                    results += response.Event.Matches?.Matches.Count ?? 0;
                    results += response.Event.Exceptions?.Exceptions.Count ?? 0;
                }
            }

            Console.WriteLine($"run {runId} stored {results:N0} results in {runWatch.Elapsed.TotalSeconds:F1} s; waiting {Linger.TotalSeconds:0} s for its results to leave memory");
            await Task.Delay(Linger);
            var idle = ResidentMegabytes(server.Id);
            Console.WriteLine($"server resident memory at rest: {idle:N0} MB");

            // Baseline: one client replays the whole run (matched items in full), as fast as it reads.
            var baseline = await SampledAsync(server.Id, async () =>
            {
                using var replay = recon.WatchRun(new WatchRunRequest { RunId = runId }, deadline: DateTime.UtcNow.AddMinutes(30));
                long read = 0;
                await foreach (var response in replay.ResponseStream.ReadAllAsync())
                {
                    read += response.Event.Matches?.Matches.Count ?? 0;
                    read += response.Event.Exceptions?.Exceptions.Count ?? 0;
                }

                return read.ToString("N0", CultureInfo.InvariantCulture) + " results read";
            });
            Console.WriteLine($"baseline, 1 client reading everything: peak {baseline.Peak:N0} MB ({baseline.Peak - idle:+#,0;-#,0;0} MB over rest), {baseline.Note} in {baseline.Elapsed.TotalSeconds:F1} s");

            // N clients in a child process, each on its own connection, that take the first event and stop.
            using var stalledClients = StartStalledClients(address, key, runId, clients);
            var stalled = await SampledAsync(server.Id, async () =>
            {
                var ready = await stalledClients.StandardOutput.ReadLineAsync();
                await Task.Delay(Hold);
                return ready ?? "the client process ended early";
            });
            Console.WriteLine($"{clients} clients reading nothing for {Hold.TotalSeconds:0} s: peak {stalled.Peak:N0} MB ({stalled.Peak - idle:+#,0;-#,0;0} MB over rest, " +
                              $"{(stalled.Peak - idle) * 1024.0 / Math.Max(1, clients):N0} KB a client); {stalled.Note}");

            stalledClients.Kill(entireProcessTree: true);
            await stalledClients.WaitForExitAsync();
            var gone = await SampledAsync(server.Id, async () =>
            {
                await Task.Delay(Hold);
                return "";
            });
            var after = ResidentMegabytes(server.Id);
            Console.WriteLine($"after the client process was killed: {after:N0} MB {Hold.TotalSeconds:0} s later ({after - idle:+#,0;-#,0;0} MB over rest; lowest {gone.Lowest:N0} MB)");

            // The same again: memory let go by the first stalled clients is what the next ones use.
            using var secondClients = StartStalledClients(address, key, runId, clients);
            var second = await SampledAsync(server.Id, async () =>
            {
                var ready = await secondClients.StandardOutput.ReadLineAsync();
                await Task.Delay(Hold);
                return ready ?? "the client process ended early";
            });
            secondClients.Kill(entireProcessTree: true);
            await secondClients.WaitForExitAsync();
            Console.WriteLine($"{clients} more stalled clients after those: peak {second.Peak:N0} MB ({second.Peak - idle:+#,0;-#,0;0} MB over rest)");
            return 0;
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// The child process's side (<c>stalled-client</c>): opens the watches, takes the first event of each, says so on
    /// standard output, and then reads nothing until it is killed.
    /// </summary>
    public static async Task<int> HoldStalledAsync(string address, string key, long runId, int clients)
    {
        var channels = new List<GrpcChannel>();
        var calls = new List<AsyncServerStreamingCall<WatchRunResponse>>();
        for (var i = 0; i < clients; i++)
        {
            var channel = GrpcChannel.ForAddress(address);
            channels.Add(channel);
            var call = new ReconciliationService.ReconciliationServiceClient(Authorized(channel, key)).WatchRun(new WatchRunRequest { RunId = runId });
            await call.ResponseStream.MoveNext(CancellationToken.None);
            calls.Add(call);
        }

        // Let the servers' writes fill each stream's window before saying the clients are in place.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Console.WriteLine($"{clients} watches open, each past its first event and reading nothing");
        await Task.Delay(Timeout.InfiniteTimeSpan);
        GC.KeepAlive(calls);
        return 0;
    }

    private static Process StartStalledClients(string address, string key, long runId, int clients)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(StalledReadersBenchmark).Assembly.Location);
        }

        foreach (var argument in new[] { "stalled-client", address, key, runId.ToString(CultureInfo.InvariantCulture), clients.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    private sealed record Sampled(long Peak, long Lowest, TimeSpan Elapsed, string Note);

    /// <summary>Runs <paramref name="work"/> while sampling the server's resident memory.</summary>
    private static async Task<Sampled> SampledAsync(int pid, Func<Task<string>> work)
    {
        long peak = 0, lowest = long.MaxValue;
        using var done = new CancellationTokenSource();
        var sampling = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                var now = ResidentMegabytes(pid);
                peak = Math.Max(peak, now);
                lowest = Math.Min(lowest, now);
                await Task.Delay(Sample);
            }
        });
        var watch = Stopwatch.StartNew();
        var note = await work();
        watch.Stop();
        await done.CancelAsync();
        await sampling;
        return new Sampled(peak, lowest, watch.Elapsed, note);
    }

    /// <summary>The process's resident memory now (VmRSS), in MB.</summary>
    private static long ResidentMegabytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? -1 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    private static CallInvoker Authorized(GrpcChannel channel, string key) => channel.Intercept(m =>
    {
        m.Add("authorization", "Bearer " + key);
        return m;
    });

    private static Date ToProto(DateOnly date) => new() { Year = date.Year, Month = date.Month, Day = date.Day };
}
