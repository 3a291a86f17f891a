using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using ReconGrpc.Application.Bank;
using ReconGrpc.Application.Reconciliation;
using ReconGrpc.Data;
using ReconGrpc.Data.Changes;
using ReconGrpc.Data.Execution;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Access;
using ReconGrpc.Domain.Auditing;
using ReconGrpc.Domain.Customers;
using ReconGrpc.Domain.Ledger;
using ReconGrpc.Domain.Platforms;
using ReconGrpc.Matching.Settlement;

namespace ReconGrpc.Application.Platforms;

/// <summary>What a three-way run is asked to reconcile.</summary>
/// <param name="CustomerCode">The platform as a customer of ours, whom fees are booked against and whose bank credits are the payouts.</param>
/// <param name="PayoutDays">How many days a payout may take to reach the bank; null for the default.</param>
public sealed record SettlementRunRequest(long OrdersStatementId, long BillStatementId, long? BankStatementId, DateOnly StartDate, DateOnly EndDate,
    string? CustomerCode, int? PayoutDays);

/// <summary>How far a three-way run has got, reported as it goes.</summary>
public sealed record SettlementProgress(long RunId, string Phase, long Orders, long BillLines, long BankLines, long ItemsStored);

/// <summary>A three-way run with its figures per currency.</summary>
public sealed record SettlementRunView(SettlementRun Run, IReadOnlyList<SettlementRunTotal> Totals);

/// <summary>Which items of a run to list.</summary>
public sealed record SettlementItemFilter(bool ExceptionsOnly, SettlementOutcome? Outcome, SettlementSubject? Subject);

/// <summary>
/// 三方对账: a shop's orders against the payment platform's bill against our bank statement. Orders stay the order side
/// of the run, as imported (they are the shop's evidence, not our books); the bill's fees are totalled and booked to the
/// platform's account with one call; payouts are looked for among the bank statement's credits.
/// </summary>
public sealed class SettlementRuns(IDbContextFactory<ReconDbContext> contexts, ChangeRunner changes, RunSlots slots,
    ExecutionLocks locks) : IHostedService
{
    public async Task<SettlementRunView> RunAsync(Actor actor, SettlementRunRequest request, Func<SettlementProgress, Task> report,
        CancellationToken cancellationToken)
    {
        var run = await StartAsync(actor, request, cancellationToken);
        // Held while the run goes, so that another instance starting up knows it is not left over.
        await using var held = await locks.TryHoldAsync(HeldWork.SettlementRun, run.Id, cancellationToken);
        SettlementRunView view;
        (int Orders, int Bill, int Bank) read = default;
        try
        {
            await report(new SettlementProgress(run.Id, "started", 0, 0, 0, 0));
            await using var slot = await slots.EnterAsync(cancellationToken);
            SettlementResult result;
            (result, read) = await MatchAsync(run, report, cancellationToken);
            await report(new SettlementProgress(run.Id, "matched", read.Orders, read.Bill, read.Bank, 0));
            view = await StoreAsync(run.Id, result, cancellationToken);
        }
        catch (Exception e)
        {
            // A run that ends without its results says so: nothing of it is stored half (the results go in one change).
            var cancelled = e is OperationCanceledException;
            await EndAsync(run.Id, cancelled, cancelled ? null : e.Message);
            throw;
        }

        // Stored: the run stands whatever happens to the caller from here.
        await report(new SettlementProgress(run.Id, "stored", read.Orders, read.Bill, read.Bank, view.Run.ItemCount));
        return view;
    }

    /// <summary>
    /// Reads the three sides and walks them. Its own method so the sides, millions of lines, are garbage once it returns:
    /// held by the caller's state they would stay alive while the results are stored.
    /// </summary>
    private async Task<(SettlementResult Result, (int Orders, int Bill, int Bank) Read)> MatchAsync(SettlementRun run, Func<SettlementProgress, Task> report,
        CancellationToken cancellationToken)
    {
        var sides = await LoadAsync(run, cancellationToken);
        var read = (sides.Orders.Count, sides.Bill.Count, sides.Bank.Count);
        await report(new SettlementProgress(run.Id, "loaded", read.Item1, read.Item2, read.Item3, 0));
        var result = await Task.Run(() => SettlementMatcher.Match(sides.Orders, sides.Bill, sides.Bank, run.Period, cancellationToken), cancellationToken);
        return (result, read);
    }

    /// <summary>
    /// Runs the server was executing when it stopped end as failed, so none stays running for ever: a three-way run is
    /// quick to run again and stores nothing until it completes.
    /// </summary>
    async Task IHostedService.StartAsync(CancellationToken cancellationToken)
    {
        await changes.RunAsync(RuleSetStore.SystemActor, async (session, ct) =>
        {
            var running = await session.Db.SettlementRuns.Where(r => r.Status == SettlementRunStatus.Running).ToListAsync(ct);
            foreach (var run in running)
            {
                // On a shared database another instance may be running it now: only one nobody holds is left over.
                await using var held = await locks.TryHoldAsync(HeldWork.SettlementRun, run.Id, ct);
                if (held is not null)
                {
                    run.End(cancelled: false, "The server stopped while the run was going; run it again.", session.Now);
                }
            }

            await session.Db.SaveChangesAsync(ct);
            return 0;
        }, cancellationToken);
    }

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<SettlementRunView> GetAsync(long runId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await RequireAsync(db, runId, cancellationToken);
        var totals = await db.SettlementTotals.AsNoTracking().Where(t => t.RunId == runId).OrderBy(t => t.Currency).ToListAsync(cancellationToken);
        return new SettlementRunView(run, totals);
    }

    /// <summary>The runs, newest first, paged by id.</summary>
    public async Task<Page<SettlementRun>> ListAsync(int pageSize, long? beforeId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var size = Paging.Size(pageSize);
        var runs = await db.SettlementRuns.AsNoTracking().Where(r => beforeId == null || r.Id < beforeId).OrderByDescending(r => r.Id).Take(size + 1)
            .ToListAsync(cancellationToken);
        return new Page<SettlementRun>([.. runs.Take(size)], runs.Count > size ? runs[size - 1].Id.ToString(CultureInfo.InvariantCulture) : null);
    }

    /// <summary>A run's items in its order, paged by position.</summary>
    public async Task<Page<SettlementRunItem>> ListItemsAsync(long runId, SettlementItemFilter filter, int pageSize, int afterSequence,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await RequireAsync(db, runId, cancellationToken);
        var size = Paging.Size(pageSize);
        var query = db.SettlementItems.AsNoTracking().Where(i => i.RunId == runId && i.Sequence > afterSequence);
        if (filter.ExceptionsOnly)
        {
            var exceptional = Enum.GetValues<SettlementOutcome>().Where(o => o.IsException()).ToList();
            query = query.Where(i => exceptional.Contains(i.Outcome));
        }

        if (filter.Outcome is { } outcome)
        {
            query = query.Where(i => i.Outcome == outcome);
        }

        if (filter.Subject is { } subject)
        {
            query = query.Where(i => i.Subject == subject);
        }

        var items = await query.OrderBy(i => i.Sequence).Take(size + 1).ToListAsync(cancellationToken);
        return new Page<SettlementRunItem>([.. items.Take(size)],
            items.Count > size ? items[size - 1].Sequence.ToString(CultureInfo.InvariantCulture) : null);
    }

    /// <summary>
    /// Books the run's fees: per currency, one adjustment lowering what the platform owes us by what it kept as fees,
    /// dated the period's last day, audited as a ledger posting. Booked once: a second call is refused.
    /// </summary>
    public Task<IReadOnlyList<LedgerEntry>> BookFeesAsync(Actor actor, long runId, string? customerCode, CancellationToken cancellationToken) =>
        changes.RunAsync<IReadOnlyList<LedgerEntry>>(actor, async (session, ct) =>
        {
            var db = session.Db;
            var run = await RequireAsync(db, runId, ct);
            if (run.Status != SettlementRunStatus.Completed)
            {
                throw RuleViolation.FailedPrecondition("settlement_run.not_completed", $"Three-way run {runId} is {run.Status.ToString().ToLowerInvariant()}: only a completed run's fees can be booked.");
            }

            var customer = (string.IsNullOrWhiteSpace(customerCode) ? run.CustomerCode : customerCode.Trim())
                ?? throw RuleViolation.Invalid("settlement_run.customer", $"Three-way run {runId} names no platform customer: say whose account the fees are booked to.");
            if (!await db.Customers.AnyAsync(c => c.Code == customer, ct))
            {
                throw RuleViolation.NotFound("customer.not_found", $"Customer '{InputText.Echo(customer)}' is not in the archive.");
            }

            var totals = await db.SettlementTotals.Where(t => t.RunId == runId && t.Fees != 0).OrderBy(t => t.Currency).ToListAsync(ct);
            if (totals.Count == 0)
            {
                throw RuleViolation.FailedPrecondition("settlement_run.no_fees", $"Three-way run {runId} found no fees on the bill in its period.");
            }

            if (totals.FirstOrDefault(t => t.FeesEntryId is not null) is { } booked)
            {
                throw RuleViolation.FailedPrecondition("settlement_run.fees_booked",
                    $"Three-way run {runId}'s {booked.Currency} fees are booked already, by ledger entry {booked.FeesEntryId}.");
            }

            // Another run of the same bill over days of this period whose fees are booked: booking these too would book those days twice.
            var currencies = totals.Select(t => t.Currency).ToList();
            var overlapping = await (from other in db.SettlementRuns
                                     join t in db.SettlementTotals on other.Id equals t.RunId
                                     where other.Id != runId && other.BillStatementId == run.BillStatementId && other.StartDate <= run.EndDate
                                           && other.EndDate >= run.StartDate && t.FeesEntryId != null && currencies.Contains(t.Currency)
                                     orderby other.Id
                                     select new { other.Id, other.StartDate, other.EndDate, t.Currency, t.FeesEntryId }).FirstOrDefaultAsync(ct);
            if (overlapping is not null)
            {
                throw RuleViolation.FailedPrecondition("settlement_run.fees_booked_by_another",
                    $"Three-way run {overlapping.Id} of the same bill, {overlapping.StartDate:yyyy-MM-dd} to {overlapping.EndDate:yyyy-MM-dd}, booked its "
                    + $"{overlapping.Currency} fees already (ledger entry {overlapping.FeesEntryId}): booking run {runId}'s would book those days twice.");
            }

            var posted = new List<(SettlementRunTotal Total, LedgerEntry Entry)>();
            foreach (var total in totals)
            {
                var draft = new LedgerEntryDraft(customer, run.EndDate, DocumentType.Adjustment, $"FEE-{runId}-{total.Currency}", total.Fees, total.Currency,
                    Memo: $"平台服务费 {run.StartDate:yyyy-MM-dd}–{run.EndDate:yyyy-MM-dd}: {total.FeeLines} fee lines of three-way run {runId}");
                var entry = LedgerEntry.Create(draft, session.Now);
                db.LedgerEntries.Add(entry);
                posted.Add((total, entry));
            }

            await db.SaveChangesAsync(ct);
            foreach (var (total, entry) in posted)
            {
                total.FeesBookedBy(entry.Id);
                session.Record(AuditActions.Ledger.Post, "ledger_entry", entry.Id.ToString(CultureInfo.InvariantCulture), null, AuditSnapshot.Of(entry),
                    $"platform fees of three-way run {runId}");
            }

            await db.SaveChangesAsync(ct);
            session.Record(AuditActions.Settlement.BookFees, "settlement_run", runId.ToString(CultureInfo.InvariantCulture), null,
                AuditSnapshot.Of(posted.Select(p => new { p.Total.Currency, p.Total.Fees, EntryId = p.Entry.Id }).ToList()));
            return [.. posted.Select(p => p.Entry)];
        }, cancellationToken);

    private Task<SettlementRun> StartAsync(Actor actor, SettlementRunRequest request, CancellationToken cancellationToken) =>
        changes.RunAsync(actor, async (session, ct) =>
        {
            var db = session.Db;
            await RequireStatementAsync(db, request.OrdersStatementId, StatementKind.ShopOrders, "orders", ct);
            await RequireStatementAsync(db, request.BillStatementId, StatementKind.PlatformBill, "platform bill", ct);
            if (request.BankStatementId is { } bank)
            {
                await RequireStatementAsync(db, bank, StatementKind.BankStatement, "bank statement", ct);
            }

            if (request.CustomerCode is { Length: > 0 } code && !await db.Customers.AnyAsync(c => c.Code == code.Trim(), ct))
            {
                throw RuleViolation.NotFound("customer.not_found", $"Customer '{InputText.Echo(code)}' is not in the archive: name the platform's customer, or none.");
            }

            var run = SettlementRun.Start(request.OrdersStatementId, request.BillStatementId, request.BankStatementId, request.StartDate, request.EndDate,
                request.CustomerCode, request.PayoutDays, session.Actor.KeyId, session.Now);
            db.SettlementRuns.Add(run);
            await db.SaveChangesAsync(ct);
            session.Record(AuditActions.Settlement.Start, "settlement_run", run.Id.ToString(CultureInfo.InvariantCulture), null, AuditSnapshot.Of(run));
            return run;
        }, cancellationToken);

    private static async Task RequireStatementAsync(ReconDbContext db, long id, StatementKind kind, string what, CancellationToken cancellationToken)
    {
        var found = await db.Statements.AsNoTracking().Where(s => s.Id == id).Select(s => (StatementKind?)s.Kind).SingleOrDefaultAsync(cancellationToken)
            ?? throw RuleViolation.NotFound("statement.not_found", $"Statement {id} does not exist.");
        if (found != kind)
        {
            throw RuleViolation.Invalid("settlement_run.statement_kind",
                $"Statement {id} is a {Describe(found)}, not a {Describe(kind)}: give the {what} as the {what} of the run.");
        }
    }

    private static string Describe(StatementKind kind) => kind switch
    {
        StatementKind.ShopOrders => "shop's orders",
        StatementKind.PlatformBill => "platform bill",
        StatementKind.BankStatement => "bank statement",
        _ => "customer statement",
    };

    private sealed record Sides(List<OrderItem> Orders, List<BillItem> Bill, List<BankItem> Bank);

    /// <summary>
    /// The three sides, read at once on a connection each: orders of the period and a month before it (a sale early in
    /// the month is often of last month's order), the bill from a month before the period to a month past it (settlements
    /// across either end, late refunds, last month's payouts still on their way), the bank's lines until a payout could
    /// still arrive (its debits only say how far the statement runs).
    /// </summary>
    private async Task<Sides> LoadAsync(SettlementRun run, CancellationToken cancellationToken)
    {
        var period = run.Period;
        var orders = Task.Run(() => SettlementSides.OrdersAsync(contexts, run.OrdersStatementId, period.Start.AddDays(-SettlementPeriod.OrderLookBackDays),
            period.End, cancellationToken), cancellationToken);
        var bill = Task.Run(() => SettlementSides.BillAsync(contexts, run.BillStatementId, period.Start.AddDays(-SettlementPeriod.BillLookBackDays),
            period.End.AddDays(SettlementPeriod.BillLookAheadDays),
            cancellationToken), cancellationToken);
        var bank = run.BankStatementId is { } bankId
            ? Task.Run(async () => (await SettlementSides.BankAsync(contexts, bankId, period.Start, period.End.AddDays(period.PayoutDays), cancellationToken))
                .Select(l => new BankItem(l.Id, l.Date, l.Amount, l.Reference, l.Payer, FromPlatform(l.CustomerCode, l.Payer, run.CustomerCode), l.Currency))
                .ToList(), cancellationToken)
            : Task.FromResult(new List<BankItem>());
        return new Sides(await orders, await bill, await bank);
    }

    /// <summary>
    /// Whether a bank credit is the platform's money: its payer resolved to the platform's customer (by account, alias or
    /// name, as any bank line's), or the payer is a payment platform or clearing house.
    /// </summary>
    private static bool FromPlatform(string? customerCode, string? payer, string? platformCustomer) =>
        (platformCustomer is not null && customerCode == platformCustomer) || (payer is not null && PayerNames.IsIntermediary(CompanyName.Normalize(payer)));

    /// <summary>The run's items, figures and completion in one change: a run is stored whole or not at all.</summary>
    private Task<SettlementRunView> StoreAsync(long runId, SettlementResult result, CancellationToken cancellationToken) =>
        changes.RunAsync(RuleSetStore.SystemActor, async (session, ct) =>
        {
            var db = session.Db;
            await using (var inserter = new BulkInserter<SettlementRunItem>(db))
            {
                for (var i = 0; i < result.Items.Count; i++)
                {
                    await inserter.AddAsync(SettlementRunItem.Of(runId, i, result.Items[i]), ct);
                }

                await inserter.FlushAsync(ct);
            }

            var totals = result.Totals.Select(t => SettlementRunTotal.Of(runId, t)).ToList();
            db.SettlementTotals.AddRange(totals);
            var run = await RequireAsync(db, runId, ct);
            run.Complete(result.Items.Count, result.Items.Count(i => i.Outcome.IsException()), session.Now);
            await db.SaveChangesAsync(ct);
            return new SettlementRunView(run, totals);
        }, cancellationToken);

    private Task EndAsync(long runId, bool cancelled, string? failure) =>
        changes.RunAsync(RuleSetStore.SystemActor, async (session, ct) =>
        {
            var run = await RequireAsync(session.Db, runId, ct);
            run.End(cancelled, failure, session.Now);
            await session.Db.SaveChangesAsync(ct);
            return 0;
        }, CancellationToken.None);

    private static async Task<SettlementRun> RequireAsync(ReconDbContext db, long runId, CancellationToken cancellationToken) =>
        await db.SettlementRuns.SingleOrDefaultAsync(r => r.Id == runId, cancellationToken)
        ?? throw RuleViolation.NotFound("settlement_run.not_found", $"Three-way run {runId} does not exist.");
}
