using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ReconGrpc.Application.Archive;
using ReconGrpc.Application.Jobs;
using ReconGrpc.Data;
using ReconGrpc.Data.Changes;
using ReconGrpc.Data.Execution;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Access;
using ReconGrpc.Domain.Auditing;
using ReconGrpc.Domain.Ledger;
using ReconGrpc.Domain.Reconciliation;
using ReconGrpc.Matching;

namespace ReconGrpc.Application.Reconciliation;

/// <summary>What a caller asks a run to cover; a dry run keeps only its figures and its comparison (see <see cref="ReconciliationRun.DryRun"/>).</summary>
public sealed record RunScope(string? CustomerCode, DateOnly StartDate, DateOnly EndDate, IReadOnlyList<long> StatementIds,
    string? RuleSetName, int? RuleSetVersion, decimal? TheirClosingBalance, string? CategoryCode = null, bool DryRun = false);

/// <summary>
/// Starts, cancels and restarts runs. A run executes in the background, independent of the call that started
/// it: it reads both sides from storage, lets the engine decide, and stores matches and exceptions in batches as
/// they come, so watchers (and a client that reconnects, to any instance) read them from storage at their own pace.
/// </summary>
/// <remarks>
/// A run executes as a job of the <see cref="JobEngine"/>, on whichever instance on the database takes it, holding
/// its own lock and one of the run slots (database locks on PostgreSQL and SQL Server). A run an instance left
/// unfinished (stopped, or killed) is taken over by the next instance that fetches its job and starts again from the
/// beginning, so its results are those one instance would have given. With SQLite there is one instance: what a
/// stopped server left unfinished is marked interrupted at the next start, to be restarted by a person. A dry run
/// keeps its results in the memory of the instance executing it, so it executes where it was started.
/// </remarks>
public sealed partial class RunCoordinator(
    IDbContextFactory<ReconDbContext> contexts,
    ChangeRunner changes,
    RuleSetStore ruleSets,
    RunExchangeRates exchangeRates,
    LiveRuns live,
    RunSlots slots,
    ExecutionLocks locks,
    JobEngine jobs,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<RunCoordinator> logger) : IHostedService
{
    /// <summary>Rows per stored batch and per streamed message.</summary>
    public const int BatchSize = 1000;

    /// <summary>Decided batches waiting for the writer at most; the engine waits beyond it.</summary>
    private const int WriteQueueBatches = 16;

    /// <summary>Waiting batches stored in one transaction at most.</summary>
    private const int MaxBatchesPerCommit = 8;

    /// <summary>How often an instance executing a run looks whether it was ended through another instance.</summary>
    private static readonly TimeSpan EndedElsewherePoll = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stopping = new();

    public async Task<ReconciliationRun> StartAsync(Actor actor, RunScope scope, CancellationToken cancellationToken)
    {
        var rules = await ruleSets.GetAsync(scope.RuleSetName, scope.RuleSetVersion, cancellationToken);
        // A dry run changes nothing of the period (no matches, no openings carried): a locked period may be tried.
        var touches = scope.DryRun ? ChangeOptions.None
            : ChangeOptions.Touching(PeriodScope.Customers(scope.CustomerCode, scope.CategoryCode, scope.StartDate, scope.EndDate, "a new reconciliation run"));
        var run = await changes.RunAsync(actor, touches, async (session, ct) =>
        {
            var db = session.Db;
            if (scope.CustomerCode is { Length: > 0 } customer && !await db.Customers.AnyAsync(c => c.Code == customer, ct))
            {
                throw RuleViolation.NotFound("customer.not_found", $"There is no customer with code '{InputText.Echo(customer)}'.");
            }

            if (scope.CategoryCode is { Length: > 0 } category)
            {
                await CategoryScope.OfAsync(db, category, ct);
            }

            var ids = scope.StatementIds.Distinct().ToList();
            if (ids.Any(id => id <= 0))
            {
                throw RuleViolation.Invalid("run.statement_id", "Statement ids are positive numbers; list statements with ListStatements.");
            }

            var found = await db.Statements.Where(s => ids.Contains(s.Id)).Select(s => new { s.Id, s.Name, s.CustomerCode }).ToListAsync(ct);
            if (ids.Except(found.Select(s => s.Id)).FirstOrDefault() is var missing and > 0)
            {
                throw RuleViolation.NotFound("statement.not_found", $"There is no statement with id {missing}.");
            }

            // A customer's own statement reconciled against another customer's books can only end all missing.
            if (scope.CustomerCode is { Length: > 0 } runCustomer
                && found.FirstOrDefault(s => s.CustomerCode is not null && s.CustomerCode != runCustomer) is { } foreign)
            {
                throw RuleViolation.FailedPrecondition("run.statement_customer",
                    $"Statement {foreign.Id} ('{foreign.Name}') is customer {foreign.CustomerCode}'s; this run is for {runCustomer}. " +
                    $"Reconcile {foreign.CustomerCode} against it, or choose {runCustomer}'s statement (recon statements list).");
            }

            var run = ReconciliationRun.Create(scope.CustomerCode, scope.StartDate, scope.EndDate, ids,
                rules.Stored.Name, rules.Stored.Version, scope.TheirClosingBalance, actor.KeyId, session.Now, scope.CategoryCode, scope.DryRun);
            run.Warn(await StatementCoverage.WarningsAsync(db, run.CustomerCode, run.StartDate, run.EndDate, [.. found.Select(s => (s.Id, s.Name))], ct));
            db.Runs.Add(run);
            await db.SaveChangesAsync(ct);
            session.Record(AuditActions.Run.Start, "recon_run", run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, AuditSnapshot.Of(run));
            return run;
        }, cancellationToken);
        Launch(run);
        return run;
    }

    /// <summary>Runs an ended run again; a dry run restarts as a dry run (and is compared afresh).</summary>
    public async Task<ReconciliationRun> RestartAsync(Actor actor, long runId, CancellationToken cancellationToken)
    {
        bool dry;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var ended = await FindAsync(db, runId, cancellationToken);
            dry = ended.DryRun;
            // The rule set it ran by must still be there, before anything changes.
            await ruleSets.GetAsync(ended.RuleSetName, ended.RuleSetVersion, cancellationToken);
        }

        var touches = dry ? ChangeOptions.None : ChangeOptions.Touching(PeriodScope.Run(runId, "restarting the run"));
        var run = await changes.RunAsync(actor, touches, async (session, ct) =>
        {
            var run = await FindAsync(session.Db, runId, ct);
            var before = AuditSnapshot.Of(run);
            run.Restart();
            await session.Db.RunMatches.Where(m => m.RunId == runId).ExecuteDeleteAsync(ct);
            await session.Db.RunExceptions.Where(e => e.RunId == runId).ExecuteDeleteAsync(ct);
            await session.Db.SaveChangesAsync(ct);
            session.Record(AuditActions.Run.Restart, "recon_run", runId.ToString(System.Globalization.CultureInfo.InvariantCulture), before, AuditSnapshot.Of(run));
            return run;
        }, cancellationToken);
        Launch(run);
        return run;
    }

    /// <summary>Cancels a run; returns once it has ended and its partial results are gone.</summary>
    public async Task<ReconciliationRun> CancelAsync(Actor actor, long runId, CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var current = await FindAsync(db, runId, cancellationToken);
            if (current.IsFinished)
            {
                throw RuleViolation.FailedPrecondition("run.finished",
                    $"Run {runId} is {current.Status.ToString().ToLowerInvariant()} already; only a pending or running run can be cancelled.");
            }
        }

        if (live.TryGet(runId, out var running))
        {
            running.Cancel();
            await running.Execution.WaitAsync(cancellationToken);
        }
        else
        {
            // Not executing in this process: a run still marked pending or running here was cut off.
            await EndAsync(runId, RunStatus.Cancelled, null, onlyIfUnfinished: true, cancellationToken);
        }

        return await changes.RunAsync(actor, async (session, ct) =>
        {
            var run = await FindAsync(session.Db, runId, ct);
            if (run.Status != RunStatus.Cancelled)
            {
                // It finished on its own before the cancellation reached it.
                throw RuleViolation.FailedPrecondition("run.finished",
                    $"Run {runId} {run.Status.ToString().ToLowerInvariant()} before it could be cancelled.");
            }

            session.Record(AuditActions.Run.Cancel, "recon_run", runId.ToString(System.Globalization.CultureInfo.InvariantCulture), null, AuditSnapshot.Of(run));
            return run;
        }, cancellationToken);
    }

    async Task IHostedService.StartAsync(CancellationToken cancellationToken)
    {
        // Stop runs as soon as shutdown begins, before the server drains its calls, so they end interrupted rather
        // than racing the shutdown timeout.
        lifetime.ApplicationStopping.Register(_stopping.Cancel);

        List<(long Id, bool DryRun)> unfinished;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            unfinished = (await db.Runs.Where(r => r.Status == RunStatus.Pending || r.Status == RunStatus.Running).Select(r => new { r.Id, r.DryRun })
                .ToListAsync(cancellationToken)).ConvertAll(r => (r.Id, r.DryRun));
        }

        foreach (var (runId, dryRun) in unfinished)
        {
            // Held: another instance is executing it (or waiting for a slot with it).
            await using (var held = await locks.TryHoldAsync(HeldWork.Run, runId, cancellationToken))
            {
                if (held is null)
                {
                    continue;
                }
            }

            if (locks.SharedAcrossInstances && !dryRun)
            {
                // Its job may still be queued; queued twice, the second finds it ended or held and leaves it.
                jobs.EnqueueRun(runId);
                LogResumed(logger, runId);
            }
            else
            {
                await EndAsync(runId, RunStatus.Interrupted, "The server stopped while the run was going; restart it with RestartRun.", onlyIfUnfinished: true, cancellationToken);
                LogInterrupted(logger, runId);
            }
        }
    }

    async Task IHostedService.StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try
        {
            await Task.WhenAll(live.Executions).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout passed; runs left running are marked interrupted at the next start.
        }
    }

    /// <summary>A real run goes to the job engine; a dry run, whose results live in memory only, executes here.</summary>
    private void Launch(ReconciliationRun run)
    {
        if (!run.DryRun)
        {
            jobs.EnqueueRun(run.Id);
            return;
        }

        // Registered before the call returns, so that the caller's stream finds the results it is to be handed.
        var running = live.Add(run.Id, _stopping.Token);
        running.Attach(Task.Run(() => ExecuteAsync(run.Id, running, CancellationToken.None)));
    }

    /// <summary>
    /// Executes a run (the <see cref="RunJob"/>): nothing when another execution holds it or it has ended; a run left
    /// pending or running by an instance that is gone starts again from the beginning.
    /// </summary>
    /// <remarks>
    /// Only this instance stopping stops the run. The job engine's own cancellation (it may think a job whose heartbeat
    /// came late moved elsewhere) is not followed: the run's lock, not the engine, says who executes it.
    /// </remarks>
    internal async Task ExecuteAsync(long runId)
    {
        LiveRun running;
        try
        {
            running = live.Add(runId, _stopping.Token);
        }
        catch (InvalidOperationException)
        {
            LogHeldElsewhere(logger, runId);
            return;
        }

        var execution = ExecuteAsync(runId, running, _stopping.Token);
        running.Attach(execution);
        await execution;
        if (running.HandedOver)
        {
            // Tells the job engine the job did not finish, so that it goes back to the queue for another instance.
            _stopping.Token.ThrowIfCancellationRequested();
        }
    }

    private async Task ExecuteAsync(long runId, LiveRun running, CancellationToken shutdown)
    {
        try
        {
            await using var held = await locks.TryHoldAsync(HeldWork.Run, runId, shutdown);
            if (held is null)
            {
                LogHeldElsewhere(logger, runId);
                return;
            }

            ReconciliationRun? run;
            await using (var db = await contexts.CreateDbContextAsync(shutdown))
            {
                run = await db.Runs.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, shutdown);
            }

            if (run is null || run.IsFinished)
            {
                return;
            }

            RuleSetVersion rules;
            try
            {
                rules = await ruleSets.GetAsync(run.RuleSetName, run.RuleSetVersion, shutdown);
            }
            catch (RuleViolation e)
            {
                await EndAsync(runId, RunStatus.Failed, e.Message, onlyIfUnfinished: true, CancellationToken.None);
                return;
            }

            if (run.Status == RunStatus.Running || (run.Status == RunStatus.Pending && run.StoredMatches + run.StoredExceptions > 0))
            {
                await TakeOverAsync(runId, shutdown);
            }

            await ExecuteAsync(runId, run.DryRun, rules.Rules, running);
        }
        finally
        {
            live.Remove(runId);
        }
    }

    /// <summary>Removes what an instance that is gone stored of the run, so that it starts again from the beginning.</summary>
    private Task TakeOverAsync(long runId, CancellationToken cancellationToken) =>
        changes.RunAsync(RuleSetStore.SystemActor, async (session, ct) =>
        {
            var run = await FindAsync(session.Db, runId, ct);
            var before = AuditSnapshot.Of(run);
            await session.Db.RunMatches.Where(m => m.RunId == runId).ExecuteDeleteAsync(ct);
            await session.Db.RunExceptions.Where(e => e.RunId == runId).ExecuteDeleteAsync(ct);
            run.TakeOver();
            await session.Db.SaveChangesAsync(ct);
            session.Record(AuditActions.Run.TakeOver, "recon_run", runId.ToString(System.Globalization.CultureInfo.InvariantCulture), before, AuditSnapshot.Of(run),
                "taken over from an instance that stopped or died while it was executing");
            LogTakenOver(logger, runId);
            return 0;
        }, cancellationToken);

    /// <summary>A run from start to end: running, its sides loaded, matched and stored, completed.</summary>
    private async Task ExecuteAsync(long runId, bool dryRun, RuleSet rules, LiveRun running)
    {
        var token = running.Token;
        using var watching = new CancellationTokenSource();
        var watcher = locks.SharedAcrossInstances ? WatchForEndElsewhereAsync(runId, running, watching.Token) : Task.CompletedTask;
        try
        {
            // Waits as pending while other runs hold every slot (on any instance); cancelling or stopping ends the wait.
            await using var slot = await slots.EnterAsync(token);
            var run = await MarkRunningAsync(runId, token);
            running.Report(new RunProgressSnapshot("loading", null, 0, rules.Rules.Count, 0, 0, 0, 0));
            var loading = System.Diagnostics.Stopwatch.StartNew();
            var sides = await RunSides.LoadAsync(contexts, changes, run, token, withCategories: rules.Rules.Any(r => r.Partners is { Categories.Count: > 0 }),
                withCounterparties: rules.Rules.Any(r => r.Conditions.Any(c => c.Field == TextField.CounterpartyName)
                    || r.AmountFromText is { Field: TextField.CounterpartyName }));
            // What people taught by matching by hand: learned lines take their customer, and the learned rule goes last.
            var learned = await LearnedCounterparties.ReadAsync(contexts, token);
            rules = await learned.ApplyAsync(contexts, run, sides.Theirs, rules, token);
            running.Items = new RunItems(sides.Ours, sides.Theirs, View);
            loading.Stop();
            var matched = await MatchAndStoreAsync(run, rules, sides, learned, running, token);
            var figures = RunFigures.From(matched.Summary, _ => sides.TheirConvention, loading.Elapsed, matched.Storing, matched.WaitingForWriter);
            foreach (var proposal in matched.ProposedForLearning)
            {
                figures = figures.Proposed(proposal.Currency, proposal.Difference);
            }

            var comparison = run.DryRun
                ? await RunComparison.CompareAsync(contexts, run, matched.Kept, sides, m => m.Why, token)
                : null;
            await CompleteAsync(run, figures, matched.ConfirmedAsBefore, comparison);
            LogCompleted(logger, runId, sides.Ours.Count, sides.Theirs.Count);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested && !running.CancelledByUser && locks.SharedAcrossInstances && !dryRun)
        {
            // The instance is stopping: the run stays unfinished, and the instance that takes its job next starts it again.
            running.HandedOver = true;
            LogHandedOver(logger, runId);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            var status = running.CancelledByUser ? RunStatus.Cancelled : RunStatus.Interrupted;
            await EndAsync(runId, status, running.CancelledByUser ? null : "The server stopped while the run was going; restart it with RestartRun.", onlyIfUnfinished: true, CancellationToken.None);
        }
        catch (RunEndedElsewhere)
        {
            // Cancelled through another instance, which removed what it had stored: nothing is left to write.
        }
        catch (Exception e) when (AfterOutage.IsOutage(e))
        {
            // The database went away: the run ends interrupted, recorded once it is back (or at the next start).
            await AfterOutage.RecordWhenBackAsync(ct => EndAsync(runId, RunStatus.Interrupted, AfterOutage.RunInterrupted, onlyIfUnfinished: true, ct), _stopping.Token);
        }
        catch (Exception e) when (e is RuleViolation or ReconciliationInputException)
        {
            await EndAsync(runId, RunStatus.Failed, e.Message, onlyIfUnfinished: true, CancellationToken.None);
        }
        catch (Exception e)
        {
            LogFailed(logger, e, runId);
            await EndAsync(runId, RunStatus.Failed, "The run failed on the server; the log has the details under its trace id. Restart it with RestartRun.", onlyIfUnfinished: true, CancellationToken.None);
        }
        finally
        {
            await watching.CancelAsync();
            await watcher;
            live.Remove(runId);
        }
    }

    /// <summary>
    /// Cancelling a run executing on another instance ends it in the database; the instance executing it learns so
    /// here (and, while storing, from the run no longer being running) and stops.
    /// </summary>
    private async Task WatchForEndElsewhereAsync(long runId, LiveRun running, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(EndedElsewherePoll, time, cancellationToken);
                await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                var status = await db.Runs.Where(r => r.Id == runId).Select(r => (RunStatus?)r.Status).SingleOrDefaultAsync(cancellationToken);
                if (status is null or RunStatus.Cancelled or RunStatus.Failed or RunStatus.Interrupted)
                {
                    running.Cancel();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run ended here.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A look that failed (the database away) decides nothing; the run finds out itself when it writes.
            LogWatchFailed(logger, e, runId);
        }
    }

    private Task<ReconciliationRun> MarkRunningAsync(long runId, CancellationToken cancellationToken) =>
        changes.RunAsync(RuleSetStore.SystemActor, async (session, ct) =>
        {
            var run = await FindAsync(session.Db, runId, ct);
            run.MarkRunning();
            await session.Db.SaveChangesAsync(ct);
            return run;
        }, cancellationToken);

    /// <summary>
    /// Runs the engine over the loaded sides and stores what it decides as it goes. Decided batches go to a writer of
    /// their own through a short queue: the engine and the conversion of the next batches go on while the last ones
    /// are stored, and the queue's bound keeps memory flat.
    /// </summary>
    /// <remarks>A dry run stores nothing: its batches go to the watchers only, and are kept here for its comparison.</remarks>
    private async Task<MatchedRun> MatchAndStoreAsync(ReconciliationRun run, RuleSet rules, RunSides sides, LearnedCounterparties learned, LiveRun running,
        CancellationToken token)
    {
        var runId = run.Id;
        var engine = new ReconciliationEngine(rules, await exchangeRates.ForRunAsync(rules, run.EndDate, new ReconcileOptions { BatchSize = BatchSize, TimeProvider = time, PeriodEnd = run.EndDate }, token));
        var columns = await ResultColumns.ReadAsync(contexts, token);
        var carried = await CarriedDecisions.ReadAsync(contexts, run, token);
        var confirmedAsBefore = new List<CarriedConfirmation>();
        var proposedForLearning = new List<(string Currency, decimal Difference)>();
        var kept = new List<RunMatch>();
        var matchSequence = 0;
        var exceptionSequence = 0;
        ReconSummary? summary = null;
        var decided = Channel.CreateBounded<DecidedBatch>(new BoundedChannelOptions(WriteQueueBatches) { SingleReader = true, SingleWriter = true });
        var storing = new System.Diagnostics.Stopwatch();
        var waitingForWriter = new System.Diagnostics.Stopwatch();
        var writer = Task.Run(() => WriteResultsAsync(runId, run.DryRun, decided, running, storing, token), token);
        try
        {
            await foreach (var reported in engine.ReconcileAsync(sides.Ours, sides.Theirs, sides.ClosingBalances, token))
            {
                DecidedBatch? batch = null;
                switch (reported)
                {
                    case ProgressReported { Progress: var p }:
                        running.Report(Snapshot(p, rules));
                        break;
                    case MatchesFound { Matches: var matches }:
                        var matchRows = matches.Select(m => ToRow(runId, matchSequence++, m, learned, proposedForLearning)).ToList();
                        confirmedAsBefore.AddRange(CarriedConfirmations(matchRows, carried));
                        if (run.DryRun)
                        {
                            kept.AddRange(matchRows);
                        }

                        batch = new DecidedBatch(matchRows, matchRows.ConvertAll(columns.Matches.ValuesOf), [], []);
                        break;
                    case ExceptionsFound { Exceptions: var exceptions }:
                        var exceptionRows = exceptions.Select(e => ToRow(runId, exceptionSequence++, e, sides)).ToList();
                        batch = new DecidedBatch([], [], exceptionRows, exceptionRows.ConvertAll(columns.Exceptions.ValuesOf));
                        break;
                    case RunCompleted { Summary: var completed }:
                        summary = completed;
                        break;
                }

                if (batch is not null)
                {
                    waitingForWriter.Start();
                    await decided.Writer.WriteOrRethrowAsync(batch, writer, token);
                    waitingForWriter.Stop();
                }
            }

            // TryComplete: the writer may have closed the queue already with its own error (a cancellation while
            // storing); awaiting it then rethrows that error, so the run ends as what happened to it.
            decided.Writer.TryComplete();
            await writer;
        }
        finally
        {
            // On failure or cancellation the writer is stopped before the run is ended (and its rows removed).
            decided.Writer.TryComplete();
            await writer.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return new MatchedRun(summary!, confirmedAsBefore, storing.Elapsed, waitingForWriter.Elapsed, proposedForLearning, kept);
    }

    /// <summary>The matches a person confirmed in an earlier run, made again in this one: they stand confirmed.</summary>
    private static IEnumerable<CarriedConfirmation> CarriedConfirmations(List<RunMatch> matchRows, CarriedDecisions carried)
    {
        foreach (var row in matchRows)
        {
            if (carried.TryConfirm(row, out var earlier))
            {
                yield return new CarriedConfirmation(row.Sequence, row.Currency, row.Difference, earlier.RunId, earlier.Sequence, earlier.DecidedBy!);
            }
        }
    }

    /// <summary>
    /// Stores the run's figures as completed, with the confirmations carried from earlier runs in its log. A dry run
    /// keeps its figures and its comparison only: what it would have carried is in its figures, not in the log.
    /// </summary>
    private Task CompleteAsync(ReconciliationRun run, RunFigures figures, List<CarriedConfirmation> confirmedAsBefore, RunComparison? comparison)
    {
        var runId = run.Id;
        foreach (var confirmation in confirmedAsBefore)
        {
            figures = figures.Confirmed(confirmation.Currency, confirmation.Difference);
        }

        return changes.RunAsync(RuleSetStore.SystemActor, async (session, ct) =>
        {
            var stored = await FindAsync(session.Db, runId, ct);
            stored.Complete(figures.ToJson(), session.Now, comparison?.ToJson());
            await session.Db.SaveChangesAsync(ct);
            if (confirmedAsBefore.Count > 0 && !run.DryRun)
            {
                // Decisions people made stand in this run too: the log says which, and whose they were.
                session.Record(AuditActions.Match.ConfirmCarried, "recon_run", runId.ToString(System.Globalization.CultureInfo.InvariantCulture), null,
                    AuditSnapshot.Of(confirmedAsBefore.Select(c => new { c.Sequence, ConfirmedInRun = c.FromRun, ConfirmedMatch = c.FromMatch, ConfirmedBy = c.By })),
                    $"{confirmedAsBefore.Count} proposal(s) confirmed as in earlier runs");
            }

            return 0;
        }, CancellationToken.None);
    }

    /// <summary>
    /// Stores decided batches in order and then hands them to watchers. Batches that are waiting when the writer
    /// comes round go in one transaction, so a writer that falls behind catches up with fewer commits.
    /// </summary>
    private async Task WriteResultsAsync(long runId, bool dryRun, Channel<DecidedBatch> decided, LiveRun running, System.Diagnostics.Stopwatch storing,
        CancellationToken cancellationToken)
    {
        var waiting = new List<DecidedBatch>(MaxBatchesPerCommit);
        try
        {
            while (await decided.Reader.WaitToReadAsync(cancellationToken))
            {
                while (waiting.Count < MaxBatchesPerCommit && decided.Reader.TryRead(out var batch))
                {
                    waiting.Add(batch);
                }

                storing.Start();
                List<RunMatch> matches = [.. waiting.SelectMany(b => b.Matches)];
                List<RunException> exceptions = [.. waiting.SelectMany(b => b.Exceptions)];
                if (!dryRun)
                {
                    await StoreAsync(runId, [.. waiting.SelectMany(b => b.MatchValues)], [.. waiting.SelectMany(b => b.ExceptionValues)], cancellationToken);
                }

                storing.Stop();
                running.Publish(matches, exceptions);

                waiting.Clear();
            }
        }
        catch (Exception e)
        {
            storing.Stop();
            // Wakes the engine's side if it waits for room, so it stops too and rethrows this error.
            decided.Writer.TryComplete(e);
            throw;
        }
    }

    private Task StoreAsync(long runId, List<object?[]> matches, List<object?[]> exceptions, CancellationToken cancellationToken) =>
        changes.RunAsync(RuleSetStore.SystemActor, async (session, ct) =>
        {
            await InsertAsync<RunMatch>(session.Db, matches, ct);
            await InsertAsync<RunException>(session.Db, exceptions, ct);

            // The counts move in the same transaction as the rows: a watcher never reads a count ahead of the rows.
            int m = matches.Count, e = exceptions.Count;
            var counted = await session.Db.Runs.Where(r => r.Id == runId && r.Status == RunStatus.Running).ExecuteUpdateAsync(u => u
                .SetProperty(r => r.StoredMatches, r => r.StoredMatches + m)
                .SetProperty(r => r.StoredExceptions, r => r.StoredExceptions + e), ct);
            // Ended through another instance meanwhile: these rows go back with the transaction.
            return counted == 0 ? throw new RunEndedElsewhere() : 0;
        }, cancellationToken);

    /// <summary>Inserts rows already converted by <see cref="ResultColumns"/> on the engine's side.</summary>
    private static async Task InsertAsync<T>(ReconDbContext db, List<object?[]> rows, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var inserter = new BulkInserter<T>(db);
        foreach (var row in rows)
        {
            await inserter.AddAsync(row, cancellationToken);
        }

        await inserter.FlushAsync(cancellationToken);
    }

    private Task EndAsync(long runId, RunStatus status, string? error, bool onlyIfUnfinished, CancellationToken cancellationToken) =>
        changes.RunAsync(RuleSetStore.SystemActor, async (session, ct) =>
        {
            var run = await FindAsync(session.Db, runId, ct);
            if (onlyIfUnfinished && run.IsFinished)
            {
                return 0;
            }

            // Partial results go with the run: a cancelled or broken run leaves nothing half-decided behind.
            await session.Db.RunMatches.Where(m => m.RunId == runId).ExecuteDeleteAsync(ct);
            await session.Db.RunExceptions.Where(e => e.RunId == runId).ExecuteDeleteAsync(ct);
            run.EndWithoutResults(status, error, session.Now);
            await session.Db.SaveChangesAsync(ct);
            return 0;
        }, cancellationToken);

    internal static async Task<ReconciliationRun> FindAsync(ReconDbContext db, long runId, CancellationToken cancellationToken) =>
        await db.Runs.SingleOrDefaultAsync(r => r.Id == runId, cancellationToken)
        ?? throw RuleViolation.NotFound("run.not_found", $"There is no run with id {runId}.");

    private static RunProgressSnapshot Snapshot(ReconProgress p, RuleSet rules) => new(
        p.Stage switch
        {
            ReconStage.Intake => "matching",
            ReconStage.Matching => "matching",
            ReconStage.Explaining => "explaining",
            _ => "storing",
        },
        p.RuleIndex >= 0 ? rules.Rules[p.RuleIndex].Name : null,
        p.Stage == ReconStage.Matching ? p.RuleIndex + 1 : p.Stage == ReconStage.Intake ? 0 : p.RuleCount,
        p.RuleCount, p.OurItems, p.TheirItems, p.MatchedOurItems, p.MatchedTheirItems);

    /// <summary>
    /// A match as stored. One that takes a line the run learned the customer of says why; and as only a person's
    /// say-so makes such a line the customer's, it is proposed whichever rule made it (its figures are moved with it).
    /// </summary>
    private static RunMatch ToRow(long runId, int sequence, ReconMatch match, LearnedCounterparties learned, List<(string Currency, decimal Difference)> proposedForLearning)
    {
        var theirs = Ids(match.Theirs);
        var lesson = learned.Behind(theirs);
        var accepted = match.Decision != MatchDecision.Proposed;
        var row = RunMatch.FromEngine(runId, sequence, match.RuleName, lesson is not null ? MatchDecision.Proposed : match.Decision, Ids(match.Ours), theirs,
            match.Currency, match.OurAmount, match.TheirAmount, match.ReasonCode, match.Rule.WriteOff,
            match.IsAcrossCurrencies ? (match.TheirCurrency!, match.ExchangeDifference!.Value) : null);
        if (lesson is not null)
        {
            row.Explain(lesson.Why);
            if (accepted)
            {
                proposedForLearning.Add((row.Currency, row.Difference));
            }
        }

        return row;
    }

    private static long[] Ids(MatchItems items)
    {
        var ids = new long[items.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = items[i].Id;
        }

        return ids;
    }

    private static RunException ToRow(long runId, int sequence, ReconException exception, RunSides sides) => RunException.Create(runId, sequence,
        exception.Reason, exception.Side, exception.Item.Id,
        exception.Counterpart?.Side, exception.Counterpart?.Id, exception.Difference, sides.Explain(exception.Side, exception.Item.Id, exception.Explanation));

    /// <summary>A proposal of this run confirmed because a person confirmed the same items in an earlier run.</summary>
    private sealed record MatchedRun(ReconSummary Summary, List<CarriedConfirmation> ConfirmedAsBefore, TimeSpan Storing, TimeSpan WaitingForWriter,
        List<(string Currency, decimal Difference)> ProposedForLearning, List<RunMatch> Kept);

    private sealed record CarriedConfirmation(int Sequence, string Currency, decimal Difference, long FromRun, int FromMatch, string By);

    /// <summary>Results on their way to the writer: the rows watchers are handed, and their values as stored.</summary>
    private sealed record DecidedBatch(List<RunMatch> Matches, List<object?[]> MatchValues, List<RunException> Exceptions, List<object?[]> ExceptionValues);

    /// <summary>
    /// How result rows are stored. Rows are converted to stored values beside the engine, so the writer, which the
    /// run waits for, only inserts.
    /// </summary>
    private sealed record ResultColumns(StoredColumns<RunMatch> Matches, StoredColumns<RunException> Exceptions)
    {
        public static async Task<ResultColumns> ReadAsync(IDbContextFactory<ReconDbContext> contexts, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            return new ResultColumns(new StoredColumns<RunMatch>(db.Model), new StoredColumns<RunException>(db.Model));
        }
    }

    private static ItemView View(ReconItem item) => new(item.Side, item.Id, item.Date, item.Amount, item.OriginalAmount, item.Currency,
        item.DocumentNumber, item.Reference, item.Text);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} was left running by a stopped server; marked interrupted.")]
    private static partial void LogInterrupted(ILogger logger, long runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} completed: {Ours} items of ours, {Theirs} of theirs.")]
    private static partial void LogCompleted(ILogger logger, long runId, int ours, int theirs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} failed.")]
    private static partial void LogFailed(ILogger logger, Exception exception, long runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} is executing on another instance; this job leaves it.")]
    private static partial void LogHeldElsewhere(ILogger logger, long runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} was left unfinished by an instance that stopped or died; taken over and started again.")]
    private static partial void LogTakenOver(ILogger logger, long runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} is left to the next instance that takes its job: this one is stopping.")]
    private static partial void LogHandedOver(ILogger logger, long runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look whether run {RunId} was ended elsewhere.")]
    private static partial void LogWatchFailed(ILogger logger, Exception exception, long runId);

    /// <summary>The run was no longer running when this instance stored its next rows: it was ended through another instance.</summary>
    private sealed class RunEndedElsewhere() : Exception("The run was ended through another instance.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} was left unfinished and is not executing anywhere; queued again.")]
    private static partial void LogResumed(ILogger logger, long runId);
}
