using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ReconGrpc.Application.Auditing;
using ReconGrpc.Data;
using ReconGrpc.Data.Changes;
using ReconGrpc.Data.Outages;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Access;
using ReconGrpc.Domain.Auditing;
using ReconGrpc.Domain.Ledger;
using ReconGrpc.Plugins.Abstractions;
using RecordKind = ReconGrpc.Plugins.Abstractions.RecordKind;
using SdkStatementKind = ReconGrpc.Plugins.Abstractions.StatementKind;
using StatementKind = ReconGrpc.Domain.Ledger.StatementKind;

namespace ReconGrpc.Application.Imports;

/// <summary>
/// Runs one uploaded file through its adapter into the database as one batch: the adapter reads every row first
/// (into an <see cref="ImportRowSpool"/>, outside any transaction), then one transaction stores them. Every row is
/// stored, reported as already present, or rejected with its line; the batch commits whole, or (strict mode with
/// a rejected row, a broken file, a failing adapter, a cancelled call) not at all.
/// </summary>
public sealed partial class ImportPipeline(
    IAdapterCatalog catalog,
    ChangeRunner changes,
    IDbContextFactory<ReconDbContext> contexts,
    PluginOptions pluginOptions,
    Queries.CreditAlertsQuery credit,
    Queries.CreditAlertFeed feed,
    ILogger<ImportPipeline> logger)
{
    /// <summary>How many rejected rows are kept with the batch; the count covers them all.</summary>
    public const int MaxStoredErrors = 10_000;

    private const int ProgressEvery = 5_000;

    /// <summary>Imports the file; an import the database going away cut off says so, and to send the file again.</summary>
    public async Task<ImportOutcome> RunAsync(Actor actor, ImportOrder order, SpooledFile file, Func<ImportProgressReport, Task> progress, CancellationToken cancellationToken)
    {
        try
        {
            return await ImportAsync(actor, order, file, progress, cancellationToken);
        }
        catch (Exception e) when (AfterOutage.IsOutage(e))
        {
            throw new DatabaseUnavailableException(AfterOutage.ImportInterrupted, e);
        }
    }

    private async Task<ImportOutcome> ImportAsync(Actor actor, ImportOrder order, SpooledFile file, Func<ImportProgressReport, Task> progress, CancellationToken cancellationToken)
    {
        await file.CompleteAsync(cancellationToken);
        var adapter = await ChooseAdapterAsync(order, file, cancellationToken);
        var context = await DescribeFileAsync(order, adapter, cancellationToken);

        // Every row is read before the transaction starts: an adapter that hangs then holds up its own import only,
        // never the write lock the other imports wait for.
        await using var spool = new ImportRowSpool(Path.GetDirectoryName(file.Path)!);
        var read = await ReadAheadAsync(adapter, file, context, spool, progress, cancellationToken);
        var import = new SpooledImport(actor, order, file, adapter, spool, read, progress);
        await import.ReportStoringAsync(refusedRecords: 0);

        var tally = new RowTally();
        ImportOutcome outcome;
        try
        {
            outcome = await changes.RunAsync(actor, LockOptionsFor(read.FirstKind), (session, ct) => CommitAsync(session, import, tally, ct), cancellationToken);
        }
        catch (StrictImportRefused refused)
        {
            return await RecordRefusedAsync(import, refused, tally, cancellationToken);
        }

        // Read once the batch is committed, over its customers' whole ledgers; watchers hear of them here too. The
        // batch is stored whatever happens now: a client that leaves does not cancel the read, and a read that fails
        // is logged rather than failing an import that succeeded.
        IReadOnlyList<Queries.CreditAlert> alerts;
        try
        {
            alerts = await credit.AfterImportAsync(outcome.Batch, CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogCreditAlertsFailed(logger, exception, outcome.Batch.Id);
            return outcome;
        }

        feed.Publish(new Queries.CreditAlertNews(alerts, null, outcome.Batch.Id));
        return outcome with { CreditAlerts = alerts };
    }

    /// <summary>Checks the adapter's options and tells it what the file is for.</summary>
    private async Task<ImportContext> DescribeFileAsync(ImportOrder order, LoadedAdapter adapter, CancellationToken cancellationToken)
    {
        var problems = adapter.Descriptor!.ValidateOptions(order.Options);
        if (problems.Count > 0)
        {
            throw RuleViolation.Invalid("import.options", string.Join(" ", problems));
        }

        var statementKind = await TargetStatementKindAsync(order, adapter.Descriptor!.Produces, cancellationToken);
        return new ImportContext(order.Options)
        {
            FileName = order.FileName,
            // A statement target says what the rows are (a shop's orders statement holds orders); without one the
            // adapter decides from the file.
            ExpectedKind = string.IsNullOrWhiteSpace(order.StatementName) ? RecordKind.None
                : statementKind == StatementKind.ShopOrders ? RecordKind.Orders
                : RecordKind.StatementLines,
            // And what the statement is, so an adapter can read its amounts in the right sign convention.
            StatementKind = ToSdk(statementKind),
        };
    }

    /// <summary>
    /// Rows dated for a customer (ledger entries, statement lines, orders) are checked one by one against the locks
    /// read once: the change honours them, so no lock commits until it ends. Master data touches no period.
    /// </summary>
    private static ChangeOptions LockOptionsFor(RecordKind kind) =>
        kind is RecordKind.LedgerEntries or RecordKind.StatementLines or RecordKind.Orders ? ChangeOptions.HonouringLocks() : ChangeOptions.None;

    /// <summary>One attempt at the batch's transaction: start the batch, store the rows, then describe and record it.</summary>
    private async Task<ImportOutcome> CommitAsync(ChangeSession session, SpooledImport import, RowTally tally, CancellationToken ct)
    {
        tally.Clear();
        var batch = ImportBatch.Start(import.Adapter.Reader, import.Order.FileName, import.File.Sha256, Domain.Ledger.RecordKind.LedgerEntries, null, import.Actor, session.Now);
        session.Db.ImportBatches.Add(batch);
        await session.Db.SaveChangesAsync(ct);
        // Every entry this batch stores gets a later id: its digest reads that range, not the whole ledger.
        var ledgerIdsAfter = await session.Db.LedgerEntries.MaxAsync(e => (long?)e.Id, ct) ?? 0;

        var stored = await StoreRowsAsync(session, import, batch, tally, ct);
        if (import.Order.Strict && stored.Footings.Problems.Any())
        {
            // Strict mode refuses a statement that does not add up as it refuses a bad row: the reasons go with the refusal.
            foreach (var problem in stored.Footings.Problems)
            {
                tally.Reject(problem);
            }
        }

        if (import.Order.Strict && tally.Rejected > 0)
        {
            throw new StrictImportRefused(import.Read.Rows, stored.Sink?.Duplicates ?? 0);
        }

        var statementId = KeepNewStatementIfFilled(session, stored);
        return await FinishBatchAsync(session, import, batch, stored, statementId, tally, ledgerIdsAfter, ct);
    }

    /// <summary>
    /// Replays the spooled rows into a sink for their kind, made at the first record, tallying every refused row;
    /// then writes the last of them.
    /// </summary>
    private async Task<StoredRows> StoreRowsAsync(ChangeSession session, SpooledImport import, ImportBatch batch, RowTally tally, CancellationToken ct)
    {
        ImportSink? sink = null;
        Statement? newStatement = null;
        RecordKind kind = RecordKind.None;
        var footings = new StatementFootings();
        try
        {
            foreach (var row in import.Spool.Replay())
            {
                ct.ThrowIfCancellationRequested();
                var line = (int)Math.Min(row.Line, int.MaxValue);
                RowProblem? problem;
                if (row is RowError error)
                {
                    problem = new RowProblem(line, error.Field, error.Reason);
                    footings.AddUnread();
                }
                else
                {
                    var record = ((RecordRow)row).Record;
                    if (sink is null)
                    {
                        kind = record.Kind;
                        (sink, newStatement) = await CreateSinkAsync(session, batch, import.Adapter.Id, import.Order, kind, ct);
                    }

                    if (record is StatementBalanceRecord balance && kind == RecordKind.StatementLines)
                    {
                        // Not a line: it closes the statement whose lines came before it.
                        footings.Close(balance, line);
                        continue;
                    }

                    problem = record.Kind == kind
                        ? await sink.AcceptAsync(record, line, ct)
                        : new RowProblem(line, null, $"a {record.Kind} record in a file of {kind} records");
                    if (record is StatementLineRecord statementLine)
                    {
                        // What the statement adds up to is what is stored of it (now or before): a refused line is missing from it.
                        if (problem is null)
                        {
                            footings.Add(statementLine);
                        }
                        else
                        {
                            footings.AddUnread();
                        }
                    }
                }

                tally.Reject(problem);
                if (row is RecordRow && tally.CountRecord(refused: problem is not null) % ProgressEvery == 0)
                {
                    // Rows not yet checked still count as accepted, as they did while reading.
                    await import.ReportStoringAsync(tally.RefusedRecords);
                }
            }

            // Every row checked; what is left is writing the last of them and committing.
            await import.ReportStoringAsync(tally.RefusedRecords);
            if (sink is not null)
            {
                await sink.FlushAsync(ct);
                foreach (var problem in sink.RejectedWhileStoring)
                {
                    tally.Reject(problem);
                }

                tally.SortByLine();
            }
        }
        finally
        {
            // Before the transaction commits or rolls back: a sink may still be writing through it.
            if (sink is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }

        return new StoredRows(sink, newStatement, kind, footings);
    }

    /// <summary>
    /// A statement is made for the lines it receives: when every line was refused, there is none to make.
    /// </summary>
    /// <returns>The statement the batch's lines went into, if any.</returns>
    private static long? KeepNewStatementIfFilled(ChangeSession session, StoredRows stored)
    {
        if (stored.NewStatement is not { } statement)
        {
            return stored.Sink?.StatementId;
        }

        if (stored.Sink!.Imported == 0)
        {
            session.Db.Statements.Remove(statement);
            return null;
        }

        session.Record(AuditActions.Statement.Create, "statement", statement.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, AuditSnapshot.Of(statement));
        return stored.Sink.StatementId;
    }

    /// <summary>Describes the batch with its counts and errors, looks for stored rows worth a warning, and records the commit.</summary>
    private static async Task<ImportOutcome> FinishBatchAsync(ChangeSession session, SpooledImport import, ImportBatch batch, StoredRows stored, long? statementId,
        RowTally tally, long ledgerIdsAfter, CancellationToken ct)
    {
        var (sink, kind) = (stored.Sink, stored.Kind);
        batch.Describe(ToDomain(kind), statementId);
        batch.Finish(import.Read.Rows, sink?.Imported ?? 0, sink?.Duplicates ?? 0, tally.Rejected, committed: true);
        await StoreErrorsAsync(session.Db, batch.Id, tally.Errors, ct);
        var warnings = kind == RecordKind.LedgerEntries && sink is { Imported: > 0 and <= CorrectedDocuments.MaxCheckedRows }
            ? await CorrectedDocuments.FindAsync(session.Db, batch.Id, ct)
            : [];
        if (batch.Imported > 0 && await SameFileInAnotherStatementAsync(session.Db, batch, ct) is { } copy)
        {
            warnings.Insert(0, copy);
        }

        if (statementId is { } into && stored.Footings.Closed.Count > 0 && batch.Imported > 0)
        {
            // Kept whatever they say: a statement that does not add up is still the bank's word on its closing balance.
            // A file whose every line was stored before adds no balances: they are the earlier import's.
            session.Db.StatementBalances.AddRange(stored.Footings.Closed.Select(f => StatementBalance.Create(f, into, batch.Id)));
            await session.Db.SaveChangesAsync(ct);
        }

        warnings.AddRange(stored.Footings.Problems);

        // Ledger entries are too many to log one by one: the commit entry vouches for them by a digest.
        var ledgerDigest = kind == RecordKind.LedgerEntries ? await AuditedContent.LedgerBatchDigestAsync(session.Db, batch.Id, ledgerIdsAfter, ct) : null;
        session.Record(AuditActions.Import.Commit, "import_batch", batch.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), null,
            AuditSnapshot.Of(new { batch.AdapterId, batch.AdapterVersion, batch.PluginSha256, batch.FileName, batch.FileSha256, Kind = batch.RecordKind.ToString(), batch.RowsRead, batch.Imported, batch.Duplicates, batch.Rejected, LedgerDigest = ledgerDigest }));
        return new ImportOutcome(batch, [.. tally.Errors.Take(100)], warnings);
    }

    /// <summary>Strict mode refused the batch: keep a record of it and its errors, none of its rows.</summary>
    private Task<ImportOutcome> RecordRefusedAsync(SpooledImport import, StrictImportRefused refused, RowTally tally, CancellationToken cancellationToken) =>
        changes.RunAsync(import.Actor, async (session, ct) =>
        {
            var batch = ImportBatch.Start(import.Adapter.Reader, import.Order.FileName, import.File.Sha256, Domain.Ledger.RecordKind.LedgerEntries, null, import.Actor, session.Now);
            batch.Finish(refused.RowsRead, 0, refused.Duplicates, tally.Rejected, committed: false);
            session.Db.ImportBatches.Add(batch);
            await session.Db.SaveChangesAsync(ct);
            await StoreErrorsAsync(session.Db, batch.Id, tally.Errors, ct);
            session.Record(AuditActions.Import.Refused, "import_batch", batch.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), null,
                AuditSnapshot.Of(new { batch.AdapterId, batch.FileName, batch.FileSha256, batch.RowsRead, batch.Rejected, Strict = true }));
            return new ImportOutcome(batch, [.. tally.Errors.Take(100)]);
        }, cancellationToken);

    /// <summary>
    /// Runs the adapter over the whole file into <paramref name="spool"/>, reporting progress as it reads.
    /// </summary>
    /// <returns>The data rows read — a row counts once, however many results it yields (a record and an error, or
    /// two errors); a check reported against an earlier line (a total's) adds no row — the adapter's errors, and the
    /// kind of the first record (what the batch will store).</returns>
    private async Task<ReadTally> ReadAheadAsync(LoadedAdapter adapter, SpooledFile file, ImportContext context, ImportRowSpool spool,
        Func<ImportProgressReport, Task> progress, CancellationToken cancellationToken)
    {
        long rowsRead = 0;
        long lastLine = 0;
        long errors = 0;
        var firstKind = RecordKind.None;
        await foreach (var row in ReadWithTimeout(adapter, file.OpenForReading(), context, cancellationToken))
        {
            if (firstKind == RecordKind.None && row is RecordRow record)
            {
                firstKind = record.Record.Kind;
            }

            if (row.Line > lastLine)
            {
                rowsRead++;
                lastLine = row.Line;
            }

            if (row is RowError)
            {
                errors++;
            }

            spool.Add(row);
            if (spool.Count % ProgressEvery == 0)
            {
                await progress(new ImportProgressReport(file.Length, rowsRead, Math.Max(0, rowsRead - errors), errors, "reading"));
            }
        }

        return new ReadTally(rowsRead, errors, firstKind);
    }

    private async Task<LoadedAdapter> ChooseAdapterAsync(ImportOrder order, SpooledFile file, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(order.AdapterId) && order.AdapterId != "auto")
        {
            return catalog.Get(order.AdapterId);
        }

        var head = await file.HeadAsync(FileProbe.HeadLength, cancellationToken);
        var candidates = await catalog.DetectAsync(order.FileName, head, file.Length, cancellationToken);
        var best = candidates.FirstOrDefault()
            ?? throw RuleViolation.Invalid("import.no_adapter",
                $"No adapter recognises '{InputText.Echo(order.FileName)}'; name one with adapter_id (see ListAdapters).");
        return catalog.Get(best.AdapterId);
    }

    /// <summary>
    /// The adapter's rows, with its failures made the import's: a file it cannot read (ImportException) is
    /// INVALID_ARGUMENT with the line; any other exception, or no row within the row timeout, fails the import
    /// naming the adapter. Either way nothing is stored. The adapter runs on a task of its own
    /// (<see cref="AdapterRowFeed"/>): only so can the timeout also catch an adapter that blocks its thread.
    /// </summary>
    private async IAsyncEnumerable<ImportRow> ReadWithTimeout(LoadedAdapter adapter, Stream content, ImportContext context,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var feed = AdapterRowFeed.Start(adapter.Adapter!, content, context, cancellationToken);
        while (true)
        {
            AdapterRowFeed.Batch batch;
            try
            {
                batch = await feed.NextAsync(pluginOptions.RowTimeout, cancellationToken);
            }
            catch (AdapterRowFeed.AdapterStalled)
            {
                LogAdapterStalled(logger, adapter.Id, pluginOptions.RowTimeout);
                throw RuleViolation.FailedPrecondition("adapter.timeout",
                    $"Adapter '{adapter.Id}' ({adapter.Name}) produced no row for {Seconds(pluginOptions.RowTimeout)} s and was given up on; " +
                    "the import was rolled back and nothing was imported.");
            }
            catch (AdapterRowFeed.AdapterFault fault) when (fault.InnerException is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                throw AdapterFailed(adapter, fault.InnerException!);
            }
            catch (AdapterRowFeed.AdapterFault)
            {
                // The adapter stopped because the import was cancelled: report the cancellation, not the adapter.
                throw new OperationCanceledException(cancellationToken);
            }

            if (batch.IsEnd)
            {
                yield break;
            }

            for (var i = 0; i < batch.Count; i++)
            {
                yield return batch.Rows![i];
            }
        }
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    private RuleViolation AdapterFailed(LoadedAdapter adapter, Exception exception)
    {
        if (exception is ImportException bad)
        {
            var where = bad.Line is { } line ? $" at line {line}" : "";
            return RuleViolation.Invalid("import.file", $"Adapter '{adapter.Id}' cannot read the file{where}: {bad.Message} Nothing was imported.");
        }

        LogAdapterFailed(logger, exception, adapter.Id);
        var cause = exception.GetBaseException();
        return RuleViolation.FailedPrecondition("adapter.failed",
            $"Adapter '{adapter.Id}' ({adapter.Name}) failed ({cause.GetType().Name}: {cause.Message}); the import was rolled back and nothing was imported.");
    }

    /// <returns>The sink, and the statement made for it when the import's lines go into a new one.</returns>
    private async Task<(ImportSink Sink, Statement? NewStatement)> CreateSinkAsync(ChangeSession session, ImportBatch batch, string adapterId, ImportOrder order, RecordKind kind, CancellationToken ct)
    {
        switch (kind)
        {
            case RecordKind.LedgerEntries:
                return (new LedgerEntrySink(session, await contexts.CreateDbContextAsync(ct), batch.Id, adapterId), null);
            case RecordKind.StatementLines or RecordKind.Orders:
                var (statement, created) = await FindOrCreateStatementAsync(session, order, kind, ct);
                return (new StatementLineSink(session, await contexts.CreateDbContextAsync(ct), batch.Id, adapterId, statement), created ? statement : null);
            case RecordKind.Categories:
                return (new CategorySink(session, batch.Id, adapterId), null);
            case RecordKind.Customers:
                return (new CustomerSink(session, batch.Id, adapterId), null);
            default:
                throw RuleViolation.Invalid("import.kind", $"The adapter produced {kind} records, which this server cannot store.");
        }
    }

    private static async Task<(Statement Statement, bool Created)> FindOrCreateStatementAsync(ChangeSession session, ImportOrder order, RecordKind kind, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(order.StatementName))
        {
            throw RuleViolation.Invalid("import.statement_required",
                "This file holds statement lines: name the statement to import them into (target.statement_name, recon import --statement NAME).");
        }

        var name = order.StatementName.Trim();
        var existing = await session.Db.Statements.SingleOrDefaultAsync(s => s.Name == name, ct);
        if (existing is not null)
        {
            return (existing, false);
        }

        if (!string.IsNullOrWhiteSpace(order.StatementCustomer) && !await session.Db.Customers.AnyAsync(c => c.Code == order.StatementCustomer, ct))
        {
            throw RuleViolation.Invalid("import.statement_customer", $"There is no customer '{InputText.Echo(order.StatementCustomer)}' for the statement.");
        }

        var statementKind = NewStatementKind(order, orders: kind == RecordKind.Orders);
        var statement = Statement.Create(name, statementKind, order.StatementCustomer, session.Now);
        session.Db.Statements.Add(statement);
        await session.Db.SaveChangesAsync(ct);
        return (statement, true);
    }

    /// <summary>
    /// The kind of the statement an import goes into, as known before reading: the existing statement's, else the
    /// one the caller gave, else a customer statement (what <see cref="FindOrCreateStatementAsync"/> makes of a new
    /// statement of lines); <see langword="null"/> without a statement target.
    /// </summary>
    private async Task<StatementKind?> TargetStatementKindAsync(ImportOrder order, RecordKind produces, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(order.StatementName))
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var name = order.StatementName.Trim();
        var existing = await db.Statements.AsNoTracking().Where(s => s.Name == name).Select(s => (StatementKind?)s.Kind).SingleOrDefaultAsync(ct);
        // Before any row is read, as FindOrCreateStatementAsync will create it once one is: from what the adapter produces.
        var onlyOrders = (produces & RecordKind.StatementLines) == 0 && (produces & RecordKind.Orders) != 0;
        return existing ?? NewStatementKind(order, onlyOrders);
    }

    /// <summary>What a new statement is: the kind the caller gave, else shop orders for orders and a customer statement for lines.</summary>
    private static StatementKind NewStatementKind(ImportOrder order, bool orders) =>
        order.StatementKind ?? (orders ? StatementKind.ShopOrders : StatementKind.CustomerStatement);

    private static SdkStatementKind? ToSdk(StatementKind? kind) => kind switch
    {
        null => null,
        StatementKind.CustomerStatement => SdkStatementKind.CustomerStatement,
        StatementKind.BankStatement => SdkStatementKind.BankStatement,
        StatementKind.PlatformBill => SdkStatementKind.PlatformBill,
        StatementKind.ShopOrders => SdkStatementKind.ShopOrders,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A statement kind the plugin SDK does not know."),
    };

    private static async Task StoreErrorsAsync(ReconDbContext db, long batchId, List<RowProblem> errors, CancellationToken ct)
    {
        await using var inserter = new BulkInserter<ImportRowError>(db);
        foreach (var error in errors)
        {
            await inserter.AddAsync(ImportRowError.Create(batchId, error.Line, error.Field, error.Message), ct);
        }

        await inserter.FlushAsync(ct);
    }

    private static Domain.Ledger.RecordKind ToDomain(RecordKind kind) => kind switch
    {
        RecordKind.Categories => Domain.Ledger.RecordKind.Categories,
        RecordKind.Customers => Domain.Ledger.RecordKind.Customers,
        RecordKind.StatementLines => Domain.Ledger.RecordKind.StatementLines,
        RecordKind.Orders => Domain.Ledger.RecordKind.Orders,
        _ => Domain.Ledger.RecordKind.LedgerEntries,
    };

    /// <summary>
    /// A file of statement lines imported before into another statement: each statement takes the lines as its own
    /// (a statement's lines are told apart only within it), so the same file sent twice under two names is stored
    /// twice, and a run against both would count every line twice. Worth a warning, not a refusal: two statements
    /// may rightly hold the same lines (a platform bill filed under two names on purpose).
    /// </summary>
    private static async Task<RowProblem?> SameFileInAnotherStatementAsync(ReconDbContext db, ImportBatch batch, CancellationToken cancellationToken)
    {
        if (batch.StatementId is not { } statementId)
        {
            return null;
        }

        var earlier = await db.ImportBatches.AsNoTracking()
            .Where(b => b.Id < batch.Id && b.FileSha256 == batch.FileSha256 && b.Committed && b.Imported > 0 && b.StatementId != null && b.StatementId != statementId)
            .Join(db.Statements, b => b.StatementId, s => s.Id, (b, s) => new { b.Id, b.FileName, StatementId = s.Id, s.Name })
            // The latest earlier import names the copy; ordered after the join, which would drop an order before it.
            .OrderByDescending(e => e.Id)
            .FirstOrDefaultAsync(cancellationToken);
        return earlier is null ? null : new RowProblem(0, null,
            $"The same file (SHA-256 {batch.FileSha256[..12]}…) was imported before as batch {earlier.Id} ('{earlier.FileName}') into statement {earlier.StatementId} " +
            $"'{earlier.Name}': its lines are now in both statements, and a run against both would count them twice. If this is a resend, reconcile against one of them.");
    }

    /// <summary>What the import works from once the file is read: who asked, for what, and the spooled rows.</summary>
    private sealed record SpooledImport(Actor Actor, ImportOrder Order, SpooledFile File, LoadedAdapter Adapter, ImportRowSpool Spool, ReadTally Read,
        Func<ImportProgressReport, Task> Progress)
    {
        /// <summary>Progress while storing: rows the sink refused so far move from accepted to rejected.</summary>
        public Task ReportStoringAsync(long refusedRecords) =>
            Progress(new ImportProgressReport(File.Length, Read.Rows, Read.Rows - Read.Errors - refusedRecords, Read.Errors + refusedRecords, "storing"));
    }

    /// <summary>What reading the file found: data rows, the adapter's errors, and the kind of the first record.</summary>
    private sealed record ReadTally(long Rows, long Errors, RecordKind FirstKind);

    /// <summary>The sink the rows went into, the statement made for them (if new), and the kind of record stored.</summary>
    private sealed record StoredRows(ImportSink? Sink, Statement? NewStatement, RecordKind Kind, StatementFootings Footings);

    /// <summary>
    /// The rows refused while storing, counted in full and kept up to <see cref="MaxStoredErrors"/>; cleared at each
    /// attempt of the transaction, and read after a strict refusal to record it.
    /// </summary>
    private sealed class RowTally
    {
        public List<RowProblem> Errors { get; } = [];

        public long Rejected { get; private set; }

        /// <summary>Records the sink refused (adapter errors are counted while reading).</summary>
        public long RefusedRecords { get; private set; }

        private long _records;

        public void Clear()
        {
            Errors.Clear();
            (Rejected, RefusedRecords, _records) = (0, 0, 0);
        }

        public void Reject(RowProblem? problem)
        {
            if (problem is null)
            {
                return;
            }

            Rejected++;
            if (Errors.Count < MaxStoredErrors)
            {
                Errors.Add(problem);
            }
        }

        /// <returns>The records replayed so far.</returns>
        public long CountRecord(bool refused)
        {
            if (refused)
            {
                RefusedRecords++;
            }

            return ++_records;
        }

        /// <summary>In line order, as a reader goes through the file (stable: a line's problems keep their order).</summary>
        public void SortByLine()
        {
            var inLineOrder = Errors.OrderBy(e => e.Line).ToList();
            Errors.Clear();
            Errors.AddRange(inLineOrder);
        }
    }

    /// <summary>Rolls the batch's transaction back when strict mode meets a rejected row.</summary>
    private sealed class StrictImportRefused(long rowsRead, long duplicates) : Exception("strict import refused")
    {
        public long RowsRead { get; } = rowsRead;

        public long Duplicates { get; } = duplicates;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Adapter {AdapterId} produced no row for {RowTimeout} during an import and was given up on")]
    private static partial void LogAdapterStalled(ILogger logger, string adapterId, TimeSpan rowTimeout);

    [LoggerMessage(Level = LogLevel.Error, Message = "Import batch {BatchId} is stored, but its credit alerts could not be read")]
    private static partial void LogCreditAlertsFailed(ILogger logger, Exception exception, long batchId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Adapter {AdapterId} failed during an import")]
    private static partial void LogAdapterFailed(ILogger logger, Exception exception, string adapterId);
}
