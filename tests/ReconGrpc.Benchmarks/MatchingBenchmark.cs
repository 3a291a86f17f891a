using System.Diagnostics;
using System.Globalization;
using ReconGrpc.Matching;
using ReconGrpc.Matching.Testing;

namespace ReconGrpc.Benchmarks;

internal sealed record MatchingBenchmarkOptions
{
    public int Size { get; init; } = 1_000_000;
    public int Seed { get; init; } = 20_240_601;
    public int Runs { get; init; } = 3;
    public int Threads { get; init; } = Environment.ProcessorCount;
    public bool DuckDb { get; init; } = true;
}

/// <summary>
/// The engine against a seeded synthetic pair of sides with a known answer: the exact-key stage, the same join in
/// DuckDB, the whole default rule set, peak memory, and precision and recall against the truth.
/// </summary>
internal static class MatchingBenchmark
{
    public static int Run(MatchingBenchmarkOptions options, TextWriter output)
    {
        var exactOnly = new RuleSet("exact-key", [RuleSet.Default.Rules[0]]);
        var engineOptions = new ReconcileOptions { MaxDegreeOfParallelism = options.Threads };
        var fullEngine = new ReconciliationEngine(RuleSet.Default, engineOptions);
        var exactEngine = new ReconciliationEngine(exactOnly, engineOptions);

        output.WriteLine($"ReconGrpc matching benchmark — .NET {Environment.Version}, {Environment.ProcessorCount} cores, engine threads {options.Threads}, {(GCSettings())}");

        // Warm up the JIT (tiered compilation, PGO) on a small run so the timed runs measure steady-state code.
        var warm = SyntheticGenerator.Generate(new SyntheticOptions { Size = Math.Min(100_000, options.Size), Seed = options.Seed + 1 });
        for (var i = 0; i < 3; i++)
        {
            fullEngine.Reconcile(warm.Ours, warm.Theirs, warm.ClosingBalances);
            exactEngine.Reconcile(warm.Ours, warm.Theirs);
        }

        warm = null;
        Collect();

        var generation = Stopwatch.StartNew();
        var data = SyntheticGenerator.Generate(new SyntheticOptions { Size = options.Size, Seed = options.Seed });
        generation.Stop();
        Collect();
        var inputHeap = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var generationPeak = process.PeakWorkingSet64;
        var peakReset = ResetPeakWorkingSet();
        process.Refresh();
        var inputWorkingSet = process.WorkingSet64;
        output.WriteLine($"generated {data.Ours.Count:N0} ours x {data.Theirs.Count:N0} theirs (seed {options.Seed}) in {generation.Elapsed.TotalSeconds:F2} s; managed heap with the input {Mb(inputHeap)}, working set {Mb(inputWorkingSet)} (peak while generating {Mb(generationPeak)})");

        // Exact-key stage: intake (validation, ordering, amounts to integers) plus the rule (normalising and
        // hashing the keys, partitioning, joining, checking amount and date).
        var exactTimes = new List<(double IntakeAndStage, double Stage)>();
        // One untimed run on the full data first, as DuckDB gets: the first run at this size also pays for the
        // process's heap growing to hold it.
        exactEngine.Reconcile(data.Ours, data.Theirs);
        Collect();
        for (var r = 0; r < options.Runs; r++)
        {
            var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
            var result = exactEngine.Reconcile(data.Ours, data.Theirs);
            var stage = result.Summary.Rules[0].Elapsed.TotalSeconds;
            output.WriteLine($"  exact run {r}: intake {Ms(result.Summary.IntakeElapsed.TotalSeconds)}, rule {Ms(stage)}, explain {Ms(result.Summary.ExplainElapsed.TotalSeconds)}; GC {GcSince(gcBefore)}");
            exactTimes.Add((result.Summary.IntakeElapsed.TotalSeconds + stage, stage));
            if (r == 0)
            {
                output.WriteLine($"exact-key stage matched {result.Summary.Matches:N0} pairs");
            }

            result = null;
            Collect();
        }

        // The peak so far is the exact-key stage's (its runs leave about 40 % of the items unmatched, and explain them
        // all); the 1 GB target is the whole default rule set's, measured from here on its own.
        process.Refresh();
        var exactPeak = process.PeakWorkingSet64;
        Collect();
        var defaultPeakReset = peakReset && ResetPeakWorkingSet();

        // The whole default rule set.
        ReconciliationResult? full = null;
        var fullTimes = new List<double>();
        var allocated = new List<long>();
        for (var r = 0; r < options.Runs; r++)
        {
            full = null;
            Collect();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
            var watch = Stopwatch.StartNew();
            full = fullEngine.Reconcile(data.Ours, data.Theirs, data.ClosingBalances);
            watch.Stop();
            output.WriteLine($"  default run {r}: {Ms(watch.Elapsed.TotalSeconds)}; GC {GcSince(gcBefore)}");
            allocated.Add(GC.GetTotalAllocatedBytes(precise: true) - before);
            fullTimes.Add(watch.Elapsed.TotalSeconds);
        }

        process.Refresh();
        var peakWorkingSet = process.PeakWorkingSet64;
        var gcInfo = GC.GetGCMemoryInfo(GCKind.Any);
        var quality = MatchQuality.Measure(full!, data.Truth);

        var exactMedian = Median(exactTimes.Select(t => t.IntakeAndStage));
        var stageMedian = Median(exactTimes.Select(t => t.Stage));
        var fullMedian = Median(fullTimes);

        double? duckMedian = null;
        if (options.DuckDb)
        {
            var duck = DuckDbBaseline.Run(data, options.Runs, output);
            duckMedian = duck;
        }

        var summary = full!.Summary;
        output.WriteLine();
        output.WriteLine("| measure | value |");
        output.WriteLine("|---|---|");
        output.WriteLine($"| items | {summary.OurItems:N0} ours x {summary.TheirItems:N0} theirs |");
        output.WriteLine($"| engine exact-key stage (intake + rule) | {Ms(exactMedian)} (rule alone {Ms(stageMedian)}) |");
        if (duckMedian is { } d)
        {
            output.WriteLine($"| DuckDB FULL OUTER JOIN (same run) | {Ms(d)} |");
            output.WriteLine($"| ratio engine / DuckDB | {exactMedian / d:F2} (target <= 1.5) |");
        }

        output.WriteLine($"| whole default rule set ({RuleSet.Default.Rules.Count} rules) | {Ms(fullMedian)} (target < 2 s); {(summary.OurItems + summary.TheirItems) / fullMedian:N0} items/s |");
        output.WriteLine($"| peak working set, default rule set runs (process, input included{(defaultPeakReset ? "" : ", earlier runs and generation included")}) | {Mb(peakWorkingSet)} (target < 1 GB); input alone {Mb(inputWorkingSet)} |");
        output.WriteLine($"| peak working set, exact-key stage runs (process, input included) | {Mb(exactPeak)} |");
        output.WriteLine($"| managed heap: input / GC peak committed | {Mb(inputHeap)} / {Mb(gcInfo.TotalCommittedBytes)} |");
        output.WriteLine($"| allocated per default run | {Mb((long)Median(allocated.Select(a => (double)a)))} |");
        output.WriteLine($"| precision / recall (pairs) | {quality.Precision:P3} / {quality.Recall:P3} ({quality.CorrectPairs:N0} of {quality.PredictedPairs:N0} predicted, {quality.TruePairs:N0} true) |");
        output.WriteLine($"| exceptions with the expected reason | {quality.ReasonAccuracy:P3} ({quality.ExceptionsWithExpectedReason:N0} of {quality.Exceptions:N0}) |");
        output.WriteLine($"| matches accepted / proposed | {summary.AcceptedMatches:N0} / {summary.ProposedMatches:N0} |");
        output.WriteLine($"| exceptions by reason | {string.Join(", ", summary.ExceptionsByReason.Where(kv => kv.Value > 0).Select(kv => $"{kv.Key} {kv.Value:N0}"))} |");
        foreach (var balance in summary.Balances)
        {
            output.WriteLine($"| 余额调节表 {balance.Currency} | ours {balance.OurClosingBalance} -> {balance.AdjustedOurs}; theirs {balance.TheirClosingBalance} -> {balance.AdjustedTheirs}; unexplained {balance.Unexplained} |");
        }

        output.WriteLine();
        output.WriteLine("per rule (last default run):");
        output.WriteLine($"  {"intake",-34} {Ms(summary.IntakeElapsed.TotalSeconds),10}");
        foreach (var rule in summary.Rules)
        {
            output.WriteLine($"  {rule.RuleName,-34} {Ms(rule.Elapsed.TotalSeconds),10} {rule.Matches,10:N0} matches {rule.OurItems,10:N0} ours {rule.TheirItems,10:N0} theirs");
        }

        output.WriteLine($"  {"explain",-34} {Ms(summary.ExplainElapsed.TotalSeconds),10}");
        output.WriteLine($"runs: exact-key {string.Join(", ", exactTimes.Select(t => Ms(t.IntakeAndStage)))}; default {string.Join(", ", fullTimes.Select(Ms))}");
        return 0;
    }

    /// <summary>
    /// Starts the process's peak working set afresh (Linux: writing 5 to /proc/self/clear_refs resets VmHWM), so
    /// the peak reported covers the reconciliation runs, not the generator's own scratch memory.
    /// </summary>
    private static bool ResetPeakWorkingSet()
    {
        try
        {
            if (!OperatingSystem.IsLinux())
            {
                return false;
            }

            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Collections per generation and pause time since <paramref name="before"/>: how much of a run was the collector's.</summary>
    private static string GcSince((int Gen0, int Gen1, int Gen2, TimeSpan Pause) before) =>
        $"gen0 {GC.CollectionCount(0) - before.Gen0}, gen1 {GC.CollectionCount(1) - before.Gen1}, gen2 {GC.CollectionCount(2) - before.Gen2}, paused {Ms((GC.GetTotalPauseDuration() - before.Pause).TotalSeconds)}";

    private static string GCSettings() =>
        $"{(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC";

    private static void Collect()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Ms(double seconds) => (seconds * 1000).ToString("N0", CultureInfo.InvariantCulture) + " ms";

    private static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("N0", CultureInfo.InvariantCulture) + " MB";
}
