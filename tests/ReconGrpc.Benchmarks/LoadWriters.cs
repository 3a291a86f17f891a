using System.Diagnostics;
using Grpc.Core;
using ReconGrpc.Contracts.V1;

namespace ReconGrpc.Benchmarks;

/// <summary>
/// The streaming work that goes on beside the reads: one reconciliation at a time of March over every customer
/// (StartRun, left after its first event, then followed with WatchRun to its end, as a client that re-attaches does),
/// and one ledger import at a time of a few thousand new rows; each started again as soon as it ends, until told to stop.
/// </summary>
internal static class LoadWriters
{
    internal sealed record RunOutcome(long RunId, TimeSpan Elapsed, RunStatus Status, long Matches, long Exceptions, long Events)
    {
        public string Describe() => $"run {RunId} {Status} in {Elapsed.TotalSeconds:F2} s, {Matches:N0} matches and {Exceptions:N0} exceptions streamed in {Events:N0} events";
    }

    internal sealed record ImportOutcome(TimeSpan Elapsed, long Imported, long Rejected, StatusCode Status = StatusCode.OK);

    /// <summary>One run of the archive's March over every customer against its statement, from StartRun to WatchRun's last event.</summary>
    public static async Task<RunOutcome> RunOnceAsync(CallInvoker admin, LoadArchive archive, CancellationToken cancellationToken)
    {
        var recon = new ReconciliationService.ReconciliationServiceClient(admin);
        var watch = Stopwatch.StartNew();
        long runId;
        using (var start = recon.StartRun(new StartRunRequest
               {
                   StartDate = ToProto(LoadArchive.RunStart),
                   EndDate = ToProto(LoadArchive.RunEnd),
                   StatementIds = { archive.StatementId },
                   MatchItems = MatchItemDetail.Ids,
               }, deadline: DateTime.UtcNow.AddMinutes(30), cancellationToken: cancellationToken))
        {
            if (!await start.ResponseStream.MoveNext(cancellationToken))
            {
                throw new InvalidOperationException("StartRun ended without an event");
            }

            runId = start.ResponseStream.Current.Event.RunId;
        }

        var tally = new RunStreamTally();
        using var follow = recon.WatchRun(new WatchRunRequest { RunId = runId, MatchItems = MatchItemDetail.Ids },
            deadline: DateTime.UtcNow.AddMinutes(30), cancellationToken: cancellationToken);
        await foreach (var response in follow.ResponseStream.ReadAllAsync(cancellationToken))
        {
            tally.Add(response.Event, watch.Elapsed);
        }

        return new RunOutcome(runId, watch.Elapsed, tally.Finished?.Status ?? RunStatus.Unspecified, tally.Matches, tally.Exceptions, tally.Events);
    }

    /// <summary>Runs one after the other until <paramref name="stop"/> is set; a run in progress then is finished.</summary>
    public static async Task<List<RunOutcome>> RunRepeatedlyAsync(CallInvoker admin, LoadArchive archive, CancellationToken stop)
    {
        var outcomes = new List<RunOutcome>();
        while (!stop.IsCancellationRequested)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                outcomes.Add(await RunOnceAsync(admin, archive, CancellationToken.None));
            }
            catch (RpcException e)
            {
                // A server that falls behind may refuse or drop the run: counted as not completed, and tried again.
                Console.Error.WriteLine($"run failed after {watch.Elapsed.TotalSeconds:F1} s: {e.StatusCode} {e.Status.Detail}");
                outcomes.Add(new RunOutcome(0, watch.Elapsed, RunStatus.Unspecified, 0, 0, 0));
            }
        }

        return outcomes;
    }

    /// <summary>Imports of new rows one after the other until <paramref name="stop"/> is set; one in progress then is finished.</summary>
    public static async Task<List<ImportOutcome>> ImportRepeatedlyAsync(CallInvoker admin, LoadArchive archive, int rows, string folder, CancellationToken stop)
    {
        var imports = new ImportService.ImportServiceClient(admin);
        var outcomes = new List<ImportOutcome>();
        for (var repetition = 1; !stop.IsCancellationRequested; repetition++)
        {
            var file = Path.Combine(folder, $"import-{repetition}.csv");
            archive.WriteImport(file, rows, repetition);
            var watch = Stopwatch.StartNew();
            try
            {
                var batch = await ImportBenchmark.UploadAsync(imports, file,
                    new ImportHeader { AdapterId = "template", FileName = $"april-{repetition}.csv", Options = { ["kind"] = "ledger" } });
                outcomes.Add(new ImportOutcome(watch.Elapsed, batch?.Imported ?? 0, batch?.Rejected ?? rows));
            }
            catch (RpcException e)
            {
                Console.Error.WriteLine($"import failed after {watch.Elapsed.TotalSeconds:F1} s: {e.StatusCode} {e.Status.Detail}");
                outcomes.Add(new ImportOutcome(watch.Elapsed, 0, 0, e.StatusCode));
            }

            File.Delete(file);
        }

        return outcomes;
    }

    private static Date ToProto(DateOnly date) => new() { Year = date.Year, Month = date.Month, Day = date.Day };
}
