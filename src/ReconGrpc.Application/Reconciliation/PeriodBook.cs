using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Data.Changes;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Access;
using ReconGrpc.Domain.Auditing;
using ReconGrpc.Domain.Reconciliation;

namespace ReconGrpc.Application.Reconciliation;

/// <summary>对账确认 and period locks of customers.</summary>
public sealed class PeriodBook(IDbContextFactory<ReconDbContext> contexts, ChangeRunner changes, ReconciliationOptions options)
{
    /// <summary>Locking or lifting a period waits for the changes in progress that honour locks (see <see cref="PeriodGuard"/>).</summary>
    private ChangeOptions ExcludingChanges => ChangeOptions.ExcludingChanges(options.PeriodLockWait);

    /// <param name="differenceReason">
    /// Why the balance confirmed differs from their side of the cited run, when it does and the run was given no closing
    /// balance of theirs; without it such a confirmation is refused.
    /// </param>
    public Task<PeriodRecord> ConfirmAsync(Actor actor, string customerCode, DateOnly start, DateOnly end, string confirmedBy, DateTimeOffset? confirmedAt,
        long? runId, decimal? confirmedBalance, string? note, string? differenceReason, CancellationToken cancellationToken) =>
        changes.RunAsync(actor, (session, ct) => ConfirmInAsync(session, actor, customerCode, start, end, confirmedBy, confirmedAt, runId, confirmedBalance, note,
                differenceReason, ct),
            cancellationToken);

    /// <summary>The confirmation inside a change already begun: on its own, or as an agreeing reply turned into one.</summary>
    private static async Task<PeriodRecord> ConfirmInAsync(ChangeSession session, Actor actor, string customerCode, DateOnly start, DateOnly end, string confirmedBy,
        DateTimeOffset? confirmedAt, long? runId, decimal? confirmedBalance, string? note, string? differenceReason, CancellationToken ct)
    {
        await RequireCustomerAsync(session.Db, customerCode, ct);
        if (runId is { } id)
        {
            var run = await RunCoordinator.FindAsync(session.Db, id, ct);
            run.RequireReal("a period confirmation can cite it");
            if (run.CustomerCode != customerCode)
            {
                throw RuleViolation.Invalid("period.run_customer", $"Run {id} is not about customer '{InputText.Echo(customerCode)}'.");
            }

            // A confirmation cites the reconciliation it rests on; one of another period or unfinished cannot be it.
            if (run.StartDate != start || run.EndDate != end)
            {
                throw RuleViolation.FailedPrecondition("period.run_period",
                    $"Run {id} reconciled {run.StartDate:yyyy-MM-dd}..{run.EndDate:yyyy-MM-dd}; the period confirmed is {start:yyyy-MM-dd}..{end:yyyy-MM-dd}. " +
                    "Cite a run of this period, or confirm without one.");
            }

            if (run.Status != RunStatus.Completed)
            {
                throw RuleViolation.FailedPrecondition("period.run_unfinished",
                    $"Run {id} is {run.Status.ToString().ToLowerInvariant()}; only a completed run can back a confirmation.");
            }

            // The run cited must be where the period's reconciliation stands: the latest of its scope and period, with
            // no proposal left for a person to decide (unmatched items are normal: timing differences are listed, not decided).
            var later = await session.Db.Runs.Where(r => r.Id > id && r.CustomerCode == run.CustomerCode && r.CategoryCode == run.CategoryCode
                    && r.StartDate == start && r.EndDate == end && r.Status == RunStatus.Completed && !r.DryRun)
                .OrderByDescending(r => r.Id).Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
            if (later is { } latest)
            {
                throw RuleViolation.FailedPrecondition("period.run_superseded",
                    $"Run {id} is not the latest reconciliation of this period: run {latest} came after it. Cite run {latest}.");
            }

            var undecided = await session.Db.RunMatches.CountAsync(m => m.RunId == id && m.Status == MatchStatus.Proposed, ct);
            if (undecided > 0)
            {
                throw RuleViolation.FailedPrecondition("period.run_undecided",
                    $"Run {id} still has {undecided} proposed match{(undecided == 1 ? "" : "es")} nobody has confirmed or rejected; decide them first " +
                    $"('recon matches list {id} --status proposed'), or confirm without citing the run.");
            }

            if (confirmedBalance is { } confirmed && run.TheirClosingBalance is { } reconciled && confirmed != reconciled)
            {
                throw RuleViolation.FailedPrecondition("period.balance_differs",
                    $"Run {id} reconciled their closing balance as {Money(reconciled)}; the balance confirmed is {Money(confirmed)}. " +
                    "Confirm the balance the run reconciled, or reconcile again with the balance the customer confirms.");
            }

            if (confirmedBalance is { } balance && run.TheirClosingBalance is null)
            {
                note = TheirSide.Check(run, balance, differenceReason, note);
            }
        }

        var record = PeriodRecord.Confirmation(customerCode, start, end, confirmedBy, confirmedAt ?? session.Now, actor.RequirePerson("Recording a period confirmation"), runId, confirmedBalance, note);
        session.Db.Periods.Add(record);
        await session.Db.SaveChangesAsync(ct);
        session.Record(AuditActions.Period.Confirm, "customer_period", record.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, AuditSnapshot.Of(record), note);
        return record;
    }

    public Task<PeriodRecord> LockAsync(Actor actor, string customerCode, DateOnly start, DateOnly end, string reason, CancellationToken cancellationToken) =>
        changes.RunAsync(actor, ExcludingChanges, async (session, ct) =>
        {
            await RequireCustomerAsync(session.Db, customerCode, ct);
            // A lock that holds a month inside a quarter, or a quarter around its months, is fine; one that cuts across
            // a held lock (15 May to 15 June over May) is almost always a slip of the dates.
            var across = await session.Db.Periods.AsNoTracking()
                .Where(p => p.CustomerCode == customerCode && p.Locked && p.UnlockedAt == null && p.StartDate <= end && start <= p.EndDate
                            && !(p.StartDate <= start && end <= p.EndDate) && !(start <= p.StartDate && p.EndDate <= end))
                .OrderBy(p => p.StartDate).FirstOrDefaultAsync(ct);
            if (across is not null)
            {
                throw RuleViolation.FailedPrecondition("period.lock_overlaps",
                    $"Customer '{customerCode}' has {across.StartDate:yyyy-MM-dd} to {across.EndDate:yyyy-MM-dd} locked (lock {across.Id}); " +
                    $"{start:yyyy-MM-dd} to {end:yyyy-MM-dd} cuts across it. Lock a period inside it, around it or beside it, or lift it first.");
            }

            var record = PeriodRecord.Lock(customerCode, start, end, actor.RequirePerson("Locking a period"), session.Now, reason);
            session.Db.Periods.Add(record);
            await session.Db.SaveChangesAsync(ct);
            session.Record(AuditActions.Period.Lock, "customer_period", record.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, AuditSnapshot.Of(record), reason);
            return record;
        }, cancellationToken);

    /// <summary>反结账: lifts a lock of the customer, audited; it waits, as locking does, for changes in progress.</summary>
    public Task<PeriodRecord> UnlockAsync(Actor actor, string customerCode, long id, string reason, CancellationToken cancellationToken) =>
        changes.RunAsync(actor, ExcludingChanges, async (session, ct) =>
        {
            await RequireCustomerAsync(session.Db, customerCode, ct);
            var record = await session.Db.Periods.SingleOrDefaultAsync(p => p.Id == id && p.CustomerCode == customerCode, ct)
                ?? throw RuleViolation.NotFound("period.not_found", $"Customer '{InputText.Echo(customerCode)}' has no period record {id}; 'recon period list' shows their ids.");
            var before = AuditSnapshot.Of(record);
            record.Unlock(actor.RequirePerson("Unlocking a period"), session.Now, reason);
            await session.Db.SaveChangesAsync(ct);
            session.Record(AuditActions.Period.Unlock, "customer_period", record.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), before, AuditSnapshot.Of(record), reason);
            return record;
        }, cancellationToken);

    public async Task<IReadOnlyList<PeriodRecord>> ListAsync(string customerCode, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await RequireCustomerAsync(db, customerCode, cancellationToken);
        return await db.Periods.AsNoTracking().Where(p => p.CustomerCode == customerCode).OrderBy(p => p.StartDate).ThenBy(p => p.Id).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Records the customer's reply to a statement of account (对账回函), audited. A period with no sending recorded gets
    /// one: the reply shows the statement reached the customer. With <see cref="StatementReplyRequest.ConfirmPeriod"/> an agreeing reply is
    /// also the period's confirmation, made in the same change and checked as <see cref="ConfirmAsync"/> checks one.
    /// </summary>
    public Task<StatementReplyRecorded> RecordReplyAsync(Actor actor, StatementReplyRequest request, CancellationToken cancellationToken) =>
        changes.RunAsync(actor, async (session, ct) =>
        {
            var person = actor.RequirePerson("Recording a customer's reply to a statement");
            await RequireCustomerAsync(session.Db, request.CustomerCode, ct);
            var reply = StatementReply.Record(request.CustomerCode, request.Start, request.End, request.Verdict, request.Differences, request.Balance,
                request.RepliedBy, request.RepliedAt ?? session.Now, request.Note, person, session.Now);
            if (request.ConfirmPeriod && request.Verdict != ReplyVerdict.Agrees)
            {
                throw RuleViolation.Invalid("reply.confirm_disagreeing",
                    "Only an agreeing reply confirms the period; record the disagreeing reply without confirm_period, settle the differences, and record the customer's agreement.");
            }

            if (!request.ConfirmPeriod && request.RunId is not null)
            {
                throw RuleViolation.Invalid("reply.run_without_confirm", "A run is cited only by the confirmation; ask for confirm_period too, or leave the run out.");
            }

            session.Db.StatementReplies.Add(reply);
            StatementSending? sending = null;
            if (!await session.Db.StatementSendings.AnyAsync(s => s.CustomerCode == reply.CustomerCode && s.StartDate == reply.StartDate && s.EndDate == reply.EndDate, ct))
            {
                sending = StatementSending.ImpliedBy(reply, person);
                session.Db.StatementSendings.Add(sending);
            }

            await session.Db.SaveChangesAsync(ct);
            PeriodRecord? confirmation = null;
            if (request.ConfirmPeriod)
            {
                confirmation = await ConfirmInAsync(session, actor, reply.CustomerCode, reply.StartDate, reply.EndDate, reply.RepliedBy, reply.RepliedAt, request.RunId,
                    reply.Balance, reply.Note ?? "confirmed by the customer's reply", request.DifferenceReason, ct);
                reply.ConfirmedAs(confirmation.Id);
                await session.Db.SaveChangesAsync(ct);
            }

            if (sending is not null)
            {
                session.Record(AuditActions.Statement.Sent, "statement_sending", Id(sending.Id), null, AuditSnapshot.Of(sending), "implied by the customer's reply");
            }

            session.Record(AuditActions.Statement.Reply, "statement_reply", Id(reply.Id), null, AuditSnapshot.Of(reply), reply.Note);
            return new StatementReplyRecorded(reply, confirmation, sending);
        }, cancellationToken);

    /// <summary>Records that a statement of account for the customer's period was sent (an export, or sent some other way), audited.</summary>
    public Task<StatementSending> RecordStatementSentAsync(Actor actor, string customerCode, DateOnly start, DateOnly end, string format, string? fileName,
        CancellationToken cancellationToken) =>
        changes.RunAsync(actor, (session, ct) => AddSendingAsync(session, customerCode, start, end, format, fileName, ct), cancellationToken);

    /// <summary>The sent record inside a change already begun: recorded by hand, or by the export that made the file.</summary>
    internal static async Task<StatementSending> AddSendingAsync(ChangeSession session, string customerCode, DateOnly start, DateOnly end, string format,
        string? fileName, CancellationToken ct)
    {
        await RequireCustomerAsync(session.Db, customerCode, ct);
        var sending = StatementSending.Record(customerCode, start, end, format, fileName, session.Actor, session.Now);
        session.Db.StatementSendings.Add(sending);
        await session.Db.SaveChangesAsync(ct);
        session.Record(AuditActions.Statement.Sent, "statement_sending", Id(sending.Id), null, AuditSnapshot.Of(sending), fileName);
        return sending;
    }

    /// <summary>A customer's replies and the statements sent, each by period start, then as recorded.</summary>
    public async Task<(IReadOnlyList<StatementReply> Replies, IReadOnlyList<StatementSending> Sendings)> ListRepliesAsync(string customerCode, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await RequireCustomerAsync(db, customerCode, cancellationToken);
        var replies = await db.StatementReplies.AsNoTracking().Where(r => r.CustomerCode == customerCode).OrderBy(r => r.StartDate).ThenBy(r => r.Id).ToListAsync(cancellationToken);
        var sendings = await db.StatementSendings.AsNoTracking().Where(s => s.CustomerCode == customerCode).OrderBy(s => s.StartDate).ThenBy(s => s.Id).ToListAsync(cancellationToken);
        return (replies, sendings);
    }

    private static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Money(decimal amount) => amount.ToString("#,0.00##", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task RequireCustomerAsync(ReconDbContext db, string customerCode, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(customerCode) || !await db.Customers.AnyAsync(c => c.Code == customerCode, cancellationToken))
        {
            throw RuleViolation.NotFound("customer.not_found", $"There is no customer with code '{InputText.Echo(customerCode)}'.");
        }
    }
}

/// <summary>A customer's reply to a statement of account, as the transport hands it over.</summary>
/// <param name="RunId">With <paramref name="ConfirmPeriod"/>: the run the confirmation cites.</param>
/// <param name="DifferenceReason">With <paramref name="ConfirmPeriod"/>: why the reply's balance differs from their side of the run, when it does.</param>
public sealed record StatementReplyRequest(string CustomerCode, DateOnly Start, DateOnly End, ReplyVerdict Verdict, IReadOnlyList<StatementDifference> Differences,
    string RepliedBy, DateTimeOffset? RepliedAt, decimal? Balance, string? Note, bool ConfirmPeriod, long? RunId, string? DifferenceReason = null);

/// <summary>A reply as recorded, with the confirmation it became and the sending it implied, when it did.</summary>
public sealed record StatementReplyRecorded(StatementReply Reply, PeriodRecord? Confirmation, StatementSending? Sending);

/// <summary>
/// A confirmed balance against their side of the run it cites, when the run was given no closing balance of theirs:
/// the 余额调节表 then starts from their lines in the run, and a confirmation of any other figure would record an
/// agreement the reconciliation does not show. A difference stands only with its reason, kept in the record's note.
/// </summary>
internal static class TheirSide
{
    /// <summary>Returns the note to record: as given, or with the reason for the difference before it.</summary>
    public static string? Check(ReconciliationRun run, decimal confirmed, string? differenceReason, string? note)
    {
        var balances = RunFigures.FromJson(run.SummaryJson)?.Balances ?? [];
        if (balances.Count == 1 && balances[0].Theirs == confirmed)
        {
            return note;
        }

        var reason = differenceReason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            var side = balances.Count == 1
                ? $"their side of run {run.Id} stands at {Money(balances[0].Theirs)} {balances[0].Currency} (their lines in the run, in our convention; " +
                  $"the run was given no closing balance of theirs), {Money(confirmed - balances[0].Theirs)} apart from the balance confirmed, {Money(confirmed)}"
                : $"run {run.Id} reconciled {(balances.Count == 0 ? "no lines of theirs" : string.Join(", ", balances.Select(b => $"{Money(b.Theirs)} {b.Currency}")))}, " +
                  $"not one balance to compare with the balance confirmed, {Money(confirmed)}";
            throw RuleViolation.FailedPrecondition("period.balance_differs_from_run",
                $"The balance does not agree with the run: {side}. Give the reason for the difference (difference_reason; --difference-reason in the CLI) " +
                "to confirm it anyway, or reconcile again with their closing balance.");
        }

        if (reason.Length > 120)
        {
            throw RuleViolation.Invalid("period.difference_reason", "Say why the balances differ in at most 120 characters; the record keeps it in its note.");
        }

        var recorded = $"差异说明 (confirmed balance differs from run {run.Id}): {reason}";
        return string.IsNullOrWhiteSpace(note) ? recorded : $"{recorded} — {note.Trim()}";
    }

    private static string Money(decimal amount) => amount.ToString("#,0.00##", System.Globalization.CultureInfo.InvariantCulture);
}
