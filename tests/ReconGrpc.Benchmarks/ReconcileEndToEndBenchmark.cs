using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Data.Sqlite;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Matching;
using ReconGrpc.Matching.Testing;

namespace ReconGrpc.Benchmarks;

/// <summary>
/// A reconciliation through a real server process on SQLite: the synthetic ledger and statement are put straight
/// into the server's database (not timed), then one StartRun is timed from the call until the last streamed event,
/// with the engine alone on the same data in this process as the baseline.
/// </summary>
internal static class ReconcileEndToEndBenchmark
{
    private const int WarmUpSize = 20_000;

    /// <param name="size">Items on each side.</param>
    /// <param name="matchItems">How much of each matched item the timed stream carries: all of it, or ids only as the
    /// CLI asks.</param>
    public static async Task<int> RunAsync(int size, MatchItemDetail matchItems)
    {
        var data = SyntheticGenerator.Generate(new SyntheticOptions { Size = size, Seed = 20_240_601 });
        Console.WriteLine($"synthetic data: {data.Ours.Count:N0} ours x {data.Theirs.Count:N0} theirs");

        var engine = Stopwatch.StartNew();
        var result = new ReconciliationEngine(ReconGrpc.Matching.RuleSet.Default).Reconcile(data.Ours, data.Theirs);
        engine.Stop();
        Console.WriteLine($"baseline — engine alone in memory: {engine.Elapsed.TotalSeconds:F2} s ({result.Summary.Matches:N0} matches)");
        result = null;

        var folder = Directory.CreateTempSubdirectory("recon-e2e-bench-").FullName;
        using var server = ImportBenchmark.StartServer(folder, out var address, out var key);
        try
        {
            using var channel = GrpcChannel.ForAddress(address);
            var invoker = channel.Intercept(m =>
            {
                m.Add("authorization", "Bearer " + key);
                return m;
            });
            await ImportBenchmark.WaitForServerAsync(new CategoryService.CategoryServiceClient(invoker));
            var database = Path.Combine(folder, "server", "recon.db");
            var seed = Stopwatch.StartNew();
            // A server that has served before has its code compiled: a small run on data thirty years earlier (its
            // own statement, outside the measured run's dates) warms it, as BenchmarkDotNet's warm-up would.
            var warmUpData = SyntheticGenerator.Generate(new SyntheticOptions { Size = WarmUpSize, Seed = 7 });
            var warmUpStatement = Seed(database, warmUpData, "warm-up", yearShift: -30);
            var statementId = Seed(database, data, "benchmark", yearShift: 0);
            Console.WriteLine($"seeded the database directly in {seed.Elapsed.TotalSeconds:F1} s (not part of the measurement)");

            var recon = new ReconciliationService.ReconciliationServiceClient(invoker);
            var warmUp = Stopwatch.StartNew();
            var warmed = await StreamRunAsync(recon, warmUpData, warmUpStatement, yearShift: -30, Stopwatch.StartNew());
            Console.WriteLine($"warm-up run of {warmUpData.Ours.Count + warmUpData.Theirs.Count:N0} items on the same server: {warmUp.Elapsed.TotalSeconds:F2} s, {warmed.Finished?.Status} (not part of the measurement)");

            Console.WriteLine($"starting the run on the server (pid {server.Id})…");
            var serverCpu = server.TotalProcessorTime;
            var serverFaults = ImportBenchmark.MinorPageFaults(server.Id);
            var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var (finished, matches, exceptions, events, firstMatch) = await StreamRunAsync(recon, data, statementId, yearShift: 0, watch, matchItems);
            watch.Stop();
            server.Refresh();
            serverCpu = server.TotalProcessorTime - serverCpu;
            serverFaults = ImportBenchmark.MinorPageFaults(server.Id) - serverFaults;
            clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpu;
            var items = data.Ours.Count + data.Theirs.Count;
            Console.WriteLine($"end to end (StartRun until the last event, matched items {(matchItems == MatchItemDetail.Ids ? "by id" : "in full")}): {watch.Elapsed.TotalSeconds:F2} s, {items / watch.Elapsed.TotalSeconds:N0} items/s; " +
                              $"status {finished?.Status}, {matches:N0} matches and {exceptions:N0} exceptions streamed in {events:N0} events; first matches after {firstMatch?.TotalSeconds:F2} s");
            Console.WriteLine($"inside the run: loading {finished?.Summary.LoadingMillis:N0} ms, matching {finished?.Summary.MatchingMillis:N0} ms, storing {finished?.Summary.StoringMillis:N0} ms");
            // On a 2-core machine the server and this client share the cores: CPU time shows which side spent them.
            Console.WriteLine($"processor time during the run: server {serverCpu.TotalSeconds:F1} s, this client {clientCpu.TotalSeconds:F1} s " +
                              $"(of {Environment.ProcessorCount * watch.Elapsed.TotalSeconds:F1} core-seconds on this machine's {Environment.ProcessorCount} cores)");
            Console.WriteLine($"server peak resident memory (VmHWM): {ImportBenchmark.PeakResidentMegabytes(server.Id):N0} MB");
            // Each fault is a fresh page the kernel zeroed; a heap that keeps returning memory and taking it back shows here.
            Console.WriteLine($"server minor page faults during the run: {serverFaults:N0} ({serverFaults * Environment.SystemPageSize / (1024.0 * 1024 * 1024):F1} GiB of pages)");
            Console.WriteLine($"ratio end to end / engine alone: {watch.Elapsed / engine.Elapsed:F1}x");

            // The finished run replayed from storage, as a client that re-attaches later reads it.
            var replay = Stopwatch.StartNew();
            long replayed = 0;
            using (var again = recon.WatchRun(new WatchRunRequest { RunId = finished!.Id, MatchItems = matchItems }, deadline: DateTime.UtcNow.AddMinutes(30)))
            {
                await foreach (var response in again.ResponseStream.ReadAllAsync())
                {
                    replayed += response.Event.Matches?.Matches.Count ?? 0;
                    replayed += response.Event.Exceptions?.Exceptions.Count ?? 0;
                }
            }

            Console.WriteLine($"replay of the finished run from storage (WatchRun from offset 0): {replay.Elapsed.TotalSeconds:F2} s for {replayed:N0} results");
            return finished?.Status == RunStatus.Completed ? 0 : 1;
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Date ToProto(DateOnly date) => new() { Year = date.Year, Month = date.Month, Day = date.Day };

    private sealed record Streamed(Run? Finished, long Matches, long Exceptions, long Events, TimeSpan? FirstMatch);

    /// <summary>Starts a run over the data's dates and statement and reads its stream to the end.</summary>
    private static async Task<Streamed> StreamRunAsync(ReconciliationService.ReconciliationServiceClient recon, SyntheticData data, long statementId,
        int yearShift, Stopwatch watch, MatchItemDetail matchItems = MatchItemDetail.Full)
    {
        var tally = new RunStreamTally();
        using var call = recon.StartRun(new StartRunRequest
        {
            StartDate = ToProto(data.Ours.Min(i => i.Date).AddYears(yearShift)),
            EndDate = ToProto(data.Ours.Max(i => i.Date).AddYears(yearShift)),
            StatementIds = { statementId },
            MatchItems = matchItems,
        }, deadline: DateTime.UtcNow.AddMinutes(30));
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            tally.Add(response.Event, watch.Elapsed);
        }

        return new Streamed(tally.Finished, tally.Matches, tally.Exceptions, tally.Events, tally.FirstMatch);
    }

    /// <summary>
    /// Writes both sides with prepared inserts in one transaction. Customers are not created: foreign keys are not
    /// enforced on this connection and the run reads only entries and lines.
    /// </summary>
    internal static long Seed(string database, SyntheticData data, string statementName, int yearShift)
    {
        using var connection = new SqliteConnection($"Data Source={database};Foreign Keys=False");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        long statementId;
        using (var statement = connection.CreateCommand())
        {
            statement.CommandText = "INSERT INTO statement (Name, Kind, CustomerCode, CreatedAt) VALUES ($name, 'CustomerStatement', NULL, 0) RETURNING Id";
            statement.Parameters.AddWithValue("$name", statementName);
            statementId = (long)statement.ExecuteScalar()!;
        }

        using var insertEntry = connection.CreateCommand();
        insertEntry.CommandText = """
            INSERT INTO ledger_entry (CustomerCode, Date, DocumentType, DocumentNumber, Amount, Currency, Reference, Memo, Fingerprint, CreatedAt)
            VALUES ($c, $d, 'SalesInvoice', $n, $a, $cur, $r, $t, $f, 0)
            """;
        var entry = Parameters(insertEntry, "$c", "$d", "$n", "$a", "$cur", "$r", "$t", "$f");
        var i = 0;
        foreach (var item in data.Ours)
        {
            Fill(entry, item.CustomerKey ?? "", item.Date.AddYears(yearShift).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), item.DocumentNumber ?? "",
                item.Amount.ToString(CultureInfo.InvariantCulture), item.Currency, item.Reference, item.Text, $"{statementName}-o-{i++}");
            insertEntry.ExecuteNonQuery();
        }

        using var insertLine = connection.CreateCommand();
        insertLine.CommandText = """
            INSERT INTO statement_line (StatementId, Date, Amount, OriginalAmount, Currency, CustomerCode, DocumentNumber, Reference, Text, Fingerprint)
            VALUES ($s, $d, $a, $o, $cur, $c, $n, $r, $t, $f)
            """;
        var line = Parameters(insertLine, "$s", "$d", "$a", "$o", "$cur", "$c", "$n", "$r", "$t", "$f");
        i = 0;
        foreach (var item in data.Theirs)
        {
            Fill(line, statementId, item.Date.AddYears(yearShift).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), item.Amount.ToString(CultureInfo.InvariantCulture),
                item.OriginalAmount.ToString(CultureInfo.InvariantCulture), item.Currency, item.CustomerKey, item.DocumentNumber, item.Reference, item.Text, $"{statementName}-t-{i++}");
            insertLine.ExecuteNonQuery();
        }

        transaction.Commit();
        return statementId;
    }

    private static SqliteParameter[] Parameters(SqliteCommand command, params string[] names)
    {
        var parameters = names.Select(n => command.Parameters.Add(n, SqliteType.Text)).ToArray();
        command.Prepare();
        return parameters;
    }

    private static void Fill(SqliteParameter[] parameters, params object?[] values)
    {
        for (var p = 0; p < parameters.Length; p++)
        {
            parameters[p].Value = values[p] ?? DBNull.Value;
        }
    }
}
