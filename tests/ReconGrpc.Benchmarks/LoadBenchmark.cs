using System.Diagnostics;
using Grpc.Core;
using ReconGrpc.Contracts.V1;

namespace ReconGrpc.Benchmarks;

/// <summary>
/// Load on one or more servers in other processes on loopback: unary reads sent open-loop at a sustained rate for a
/// given time, alongside one streaming reconciliation over every customer and one ledger import at a time (each
/// started again when it ends). Reports what was sent and answered, throughput, latency percentiles from the scheduled
/// send time, errors by status code, and the runs' and imports' durations. See docs/benchmarks.md, Load.
/// </summary>
internal static class LoadBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        LoadOptions options;
        try
        {
            options = LoadOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        var folder = Directory.CreateTempSubdirectory("recon-load-files-").FullName;
        await using var servers = options.Addresses.Count > 0
            ? LoadServers.Given(options.Addresses, options.Key!)
            : await LoadServers.StartAsync(options);
        try
        {
            Console.WriteLine($"servers: {string.Join(", ", servers.Addresses)} ({servers.Storage}" +
                              (servers.Processes.Count > 0 ? $", pids {string.Join(", ", servers.Processes.Select(p => p.Id))})" : ")"));
            using var admin = ImportBenchmark.Connect(servers.Addresses[0], servers.AdminKey);
            await ImportBenchmark.WaitForServerAsync(new CategoryService.CategoryServiceClient(admin.Invoker));
            var archive = await LoadArchive.SeedAsync(admin.Invoker, options, folder);

            using var reads = new LoadReads(servers.Addresses, options.Channels, archive);
            if (options.WarmUp > 0)
            {
                var warm = await reads.RunAsync(options.Rate, TimeSpan.FromSeconds(options.WarmUp));
                Console.WriteLine($"warm-up: {options.WarmUp} s of the same reads at the same rate, not counted " +
                                  $"({warm.Statuses.Count(s => s != 0):N0} not OK)");
            }

            Console.WriteLine($"load: {options.Rate:N0} reads/s for {options.Duration} s over {options.Channels} channel(s) to each of {servers.Addresses.Count} server(s) " +
                              $"and {options.Keys} viewer keys, " + (options.ReadsOnly
                                  ? "alone…"
                                  : $"beside one run at a time (March, {archive.CustomerCodes.Count:N0} customers) and one import at a time ({options.ImportRows:N0} ledger rows)…"));
            using var stop = new CancellationTokenSource();
            var runs = options.ReadsOnly ? Task.FromResult(new List<LoadWriters.RunOutcome>())
                : Task.Run(() => LoadWriters.RunRepeatedlyAsync(admin.Invoker, archive, stop.Token));
            var imports = options.ReadsOnly ? Task.FromResult(new List<LoadWriters.ImportOutcome>())
                : Task.Run(() => LoadWriters.ImportRepeatedlyAsync(admin.Invoker, archive, options.ImportRows, folder, stop.Token));
            var serverCpu = servers.ProcessorTime();
            var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var duration = TimeSpan.FromSeconds(options.Duration);
            var recording = await reads.RunAsync(options.Rate, duration);
            var elapsed = watch.Elapsed;
            serverCpu = servers.ProcessorTime() - serverCpu;
            clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpu;
            stop.Cancel();
            var ran = await runs;
            var imported = await imports;

            LoadReads.Report(recording, options.Rate, duration, Console.Out);
            Console.WriteLine($"runs alongside: {ran.Count} ({string.Join("; ", ran.Select(r => $"{r.Status} {r.Elapsed.TotalSeconds:F2} s"))}); " +
                              (ran.Count > 0 ? $"each {ran[0].Matches:N0} matches and {ran[0].Exceptions:N0} exceptions" : ""));
            if (ran.Count > 0)
            {
                Console.WriteLine($"run duration: min {ran.Min(r => r.Elapsed).TotalSeconds:F2} s, median {Median(ran.Select(r => r.Elapsed)).TotalSeconds:F2} s, max {ran.Max(r => r.Elapsed).TotalSeconds:F2} s");
            }

            Console.WriteLine($"imports alongside: {imported.Count} of {options.ImportRows:N0} rows ({imported.Sum(i => i.Imported):N0} rows imported, {imported.Sum(i => i.Rejected):N0} rejected, " +
                              $"{imported.Count(i => i.Status != StatusCode.OK)} failed)" +
                              (imported.Count > 0
                                  ? $"; duration min {imported.Min(i => i.Elapsed).TotalSeconds:F2} s, median {Median(imported.Select(i => i.Elapsed)).TotalSeconds:F2} s, max {imported.Max(i => i.Elapsed).TotalSeconds:F2} s"
                                  : ""));
            var cores = Environment.ProcessorCount * elapsed.TotalSeconds;
            Console.WriteLine(servers.Processes.Count > 0
                ? $"processor time while the reads were sent: servers {serverCpu.TotalSeconds:F1} s, this client {clientCpu.TotalSeconds:F1} s, of {cores:F1} core-seconds"
                : $"processor time while the reads were sent: this client {clientCpu.TotalSeconds:F1} s of {cores:F1} core-seconds");
            if (servers.Processes.Count > 0)
            {
                Console.WriteLine($"server log lines at fail or crit: {servers.Failures:N0}");
            }

            var failed = recording.Statuses.Any(s => s != 0) || ran.Any(r => r.Status != RunStatus.Completed) || imported.Any(i => i.Rejected > 0 || i.Status != StatusCode.OK);
            return failed ? 1 : 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static TimeSpan Median(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
