using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Data.Changes;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Access;
using ReconGrpc.Domain.Auditing;
using ReconGrpc.Domain.Ledger;
using ReconGrpc.Domain.Reconciliation;
using ReconGrpc.Matching;

namespace ReconGrpc.Application.Reconciliation;

/// <summary>A difference to post to our ledger to close a manual match (核销差额 / 坏账核销).</summary>
public sealed record AdjustmentRequest(string Account, string Reason);

/// <summary>One ledger entry a write-off posted: the net share against the model's account, or the tax share against its tax account.</summary>
public sealed record PostedWriteOffEntry(long EntryId, string DocumentNumber, DateOnly Date, decimal Amount, string Currency, string Account, bool Tax);

/// <summary>
/// What a write-off model posted for a match: its entries, their total (the sign closes the difference), and the
/// difference that stays with the match when the model's fixed or percentage amount was smaller.
/// </summary>
public sealed record WriteOffPosting(string Model, string ReasonCode, IReadOnlyList<PostedWriteOffEntry> Entries, decimal Posted, decimal Remaining);

/// <summary>A match as a person's decision left it, with what a write-off posted, if one was asked for.</summary>
public sealed record DecidedMatch(MatchView Match, WriteOffPosting? WriteOff);

/// <summary>A match and the exceptions its items became when it was turned down or undone.</summary>
public sealed record MatchChange(MatchView Match, IReadOnlyList<ExceptionView> Released);

/// <summary>
/// What people do with a run's results: confirm or reject proposals, match by hand, undo matches. Every action
/// is refused in a locked period and recorded in the audit log with who, what and why: each declares its run's
/// period to the change runner, which refuses it there, and refuses at commit an adjustment or reversal it posted
/// into a locked period (see <see cref="ChangeOptions"/>).
/// </summary>
public sealed class MatchDesk(IDbContextFactory<ReconDbContext> contexts, ChangeRunner changes, RuleSetStore ruleSets, ExchangeDifferences exchange)
{
    public async Task<MatchView> ConfirmAsync(Actor actor, long runId, int sequence, string? note, CancellationToken cancellationToken) =>
        (await ConfirmAsync(actor, runId, sequence, note, null, cancellationToken)).Match;

    /// <summary>
    /// Confirms a proposed match. With a write-off model, also posts the match's difference (or the model's part of
    /// it) to the run's customer's ledger as the model says, one entry or, with VAT, two: then a match accepted by
    /// its rule, or confirmed without a write-off, may take one too (and stands confirmed), as may a manual match
    /// whose difference was within tolerance (it stays manual). Refused for a run over a category or all customers.
    /// </summary>
    public Task<DecidedMatch> ConfirmAsync(Actor actor, long runId, int sequence, string? note, string? writeOffModel, CancellationToken cancellationToken)
    {
        var options = ChangeOptions.Touching(PeriodScope.Run(runId, "confirming a match")) with { Posting = "posting the write-off of a match" };
        return changes.RunAsync(actor, options, async (session, ct) =>
        {
            var (run, match) = await OpenAsync(session.Db, runId, sequence, ct);
            var before = AuditSnapshot.Of(match);
            var person = actor.RequirePerson("Confirming a match");
            WriteOffPosting? posting = null;
            var wasToCheck = match.Status == MatchStatus.ToCheck;
            writeOffModel = string.IsNullOrWhiteSpace(writeOffModel) ? SuggestedWriteOff(run, match) : writeOffModel;
            if (writeOffModel is null)
            {
                match.Confirm(person, session.Now, note);
                Revise(run, f => wasToCheck ? f.Checked() : f.Confirmed(match.Currency, match.Difference));
            }
            else
            {
                var model = await WriteOffModelStore.FindAsync(session.Db, writeOffModel, ct);
                match.RequireWriteOffAllowed();
                var wasProposed = match.Status == MatchStatus.Proposed;
                var amounts = model.Reckon(match.Difference, match.OurAmount, match.Currency);
                var view = (await RunReader.HydrateAsync(session.Db, [match], ct))[0];
                posting = await PostWriteOffAsync(session, run, [.. view.Ours, .. view.Theirs], match.Currency, model, amounts, sequence,
                    string.IsNullOrWhiteSpace(note) ? null : note.Trim(), ct);
                match.RecordWriteOff(model.Name, posting.Entries[0].EntryId, posting.Entries.Count > 1 ? posting.Entries[1].EntryId : null, person, session.Now, note);
                Revise(run, f => (wasProposed ? f.Confirmed(match.Currency, match.Difference) : wasToCheck ? f.Checked() : f).WrittenOff(match.Currency, amounts.Posted));
            }

            await exchange.PostAsync(session, run, match, ct); // a match across currencies: its 汇兑损益

            await session.Db.SaveChangesAsync(ct);
            session.Record(AuditActions.Match.Confirm, "recon_match", Key(runId, sequence), before, AuditSnapshot.Of(match), note);
            return new DecidedMatch((await RunReader.HydrateAsync(session.Db, [match], ct))[0], posting);
        }, cancellationToken);
    }

    /// <summary>
    /// The write-off model the match's rule names, when confirming should post it: the match has a difference not
    /// posted yet, and the run is one customer's (a write-off posts to that customer's ledger; a run over several
    /// customers is confirmed without it, and the difference posted by hand).
    /// </summary>
    private static string? SuggestedWriteOff(ReconciliationRun run, RunMatch match) =>
        match.SuggestedWriteOff is { } model && match.Difference != 0 && match.AdjustmentEntryId is null && run.CustomerCode is not null ? model : null;

    public Task<MatchChange> RejectAsync(Actor actor, long runId, int sequence, string reason, CancellationToken cancellationToken) =>
        Release(actor, runId, sequence, reason, AuditActions.Match.Reject, (m, now) => m.Reject(actor.RequirePerson("Rejecting a match"), now, reason), cancellationToken);

    public Task<MatchChange> UnmatchAsync(Actor actor, long runId, int sequence, string reason, CancellationToken cancellationToken) =>
        Release(actor, runId, sequence, reason, AuditActions.Match.Unmatch, (m, now) => m.Undo(actor.RequirePerson("Undoing a match"), now, reason), cancellationToken);

    public async Task<MatchView> CreateManualAsync(Actor actor, long runId, IReadOnlyList<long> ourIds, IReadOnlyList<long> theirIds, string reason,
        AdjustmentRequest? adjustment, CancellationToken cancellationToken) =>
        (await CreateManualAsync(actor, runId, ourIds, theirIds, reason, adjustment, null, cancellationToken)).Match;

    /// <summary>
    /// Matches open exceptions by hand. A difference beyond the rule set's tolerance is posted: as a free-form
    /// adjustment, or by a write-off model (what it leaves must then be within tolerance).
    /// </summary>
    public async Task<DecidedMatch> CreateManualAsync(Actor actor, long runId, IReadOnlyList<long> ourIds, IReadOnlyList<long> theirIds, string reason,
        AdjustmentRequest? adjustment, string? writeOffModel, CancellationToken cancellationToken)
    {
        RequireReason(reason);
        writeOffModel = string.IsNullOrWhiteSpace(writeOffModel) ? null : writeOffModel.Trim();
        if (adjustment is not null && writeOffModel is not null)
        {
            throw RuleViolation.Invalid("match.adjustment_and_write_off", "Give either an adjustment (account and reason) or a write-off model, not both.");
        }

        if (ourIds.Count + theirIds.Count == 0)
        {
            throw RuleViolation.Invalid("match.items_required", "Name the items to match: ledger entry ids of ours and/or statement line ids of theirs.");
        }

        if (ourIds.Distinct().Count() != ourIds.Count || theirIds.Distinct().Count() != theirIds.Count)
        {
            throw RuleViolation.Invalid("match.items_repeated", "An item is named twice; name each item once.");
        }

        var run = await GetRunAsync(runId, cancellationToken);
        var rules = await ruleSets.GetAsync(run.RuleSetName, run.RuleSetVersion, cancellationToken);
        return await changes.RunAsync(actor, ChangeOptions.Touching(PeriodScope.Run(run, "matching by hand")), async (session, ct) =>
        {
            var model = writeOffModel is null ? null : await WriteOffModelStore.FindAsync(session.Db, writeOffModel, ct);
            var db = session.Db;
            run = await RunCoordinator.FindAsync(db, runId, ct);
            run.RequireCompleted();
            var open = await db.RunExceptions.Where(e => e.RunId == runId && e.ResolvedByMatch == null
                && ((e.Side == Side.Ours && ourIds.Contains(e.ItemId)) || (e.Side == Side.Theirs && theirIds.Contains(e.ItemId)))).ToListAsync(ct);
            var missing = ourIds.Select(id => (Side.Ours, id)).Concat(theirIds.Select(id => (Side.Theirs, id)))
                .FirstOrDefault(r => !open.Any(e => e.Side == r.Item1 && e.ItemId == r.id));
            if (missing != default)
            {
                throw RuleViolation.FailedPrecondition("match.item_not_open",
                    $"{(missing.Item1 == Side.Ours ? "Our ledger entry" : "Their statement line")} {missing.id} is not an open exception of run {runId}: it is matched already or not in the run.");
            }

            var consumed = await RunReader.HydrateAsync(db, open, ct);
            var items = consumed.Select(v => v.Item).ToList();
            var currencies = items.Select(i => i.Currency).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (currencies.Count > 1)
            {
                throw RuleViolation.Invalid("match.currencies", $"The items are in {string.Join(", ", currencies)}; a match holds items of one currency.");
            }

            var ourAmount = items.Where(i => i.Side == Side.Ours).Sum(i => i.Amount);
            var theirAmount = items.Where(i => i.Side == Side.Theirs).Sum(i => i.Amount);
            var difference = theirAmount - ourAmount;
            var allowed = Tolerance(rules.Rules, ourAmount);
            long? adjustmentId = null;
            if (Math.Abs(difference) > allowed && adjustment is null && model is null)
            {
                throw RuleViolation.FailedPrecondition("match.difference_beyond_tolerance",
                    $"Their items total {Money(theirAmount)} and ours {Money(ourAmount)}: the difference {Money(difference)} is beyond the tolerance of {Money(allowed)} of rule set '{rules.Stored.Name}'. " +
                    "Post it as an adjustment (give an account and a reason) or with a write-off model, or choose other items.");
            }

            var currency = currencies.FirstOrDefault()?.ToUpperInvariant() ?? "CNY";
            WriteOffAmounts? amounts = null;
            if (model is not null)
            {
                if (difference == 0)
                {
                    throw RuleViolation.FailedPrecondition("writeoff.no_difference", "The items agree to the cent: there is nothing to write off; leave out the write-off model.");
                }

                amounts = model.Reckon(difference, ourAmount, currency);
                if (Math.Abs(amounts.Remaining) > allowed)
                {
                    throw RuleViolation.FailedPrecondition("match.difference_beyond_tolerance",
                        $"Write-off model '{model.Name}' posts {Money(amounts.Posted)} of the difference {Money(difference)}; the {Money(amounts.Remaining)} it leaves is beyond the tolerance of " +
                        $"{Money(allowed)} of rule set '{rules.Stored.Name}'. Use a model for the whole difference, or an adjustment.");
                }
            }

            var sequence = (await db.RunMatches.Where(m => m.RunId == runId).MaxAsync(m => (int?)m.Sequence, ct) ?? -1) + 1;
            WriteOffPosting? posting = null;
            if (adjustment is not null && difference != 0)
            {
                adjustmentId = await PostAdjustmentAsync(session, run, items, difference, adjustment, sequence, ct);
            }
            else if (model is not null)
            {
                posting = await PostWriteOffAsync(session, run, items, currency, model, amounts!, sequence, reason.Trim(), ct);
                adjustmentId = posting.Entries[0].EntryId;
            }

            var match = RunMatch.Manual(runId, sequence, ourIds, theirIds, currency,
                ourAmount, theirAmount, adjustmentId, actor.RequirePerson("Matching by hand"), session.Now, reason.Trim());
            if (posting is not null)
            {
                match.NameWriteOff(posting.Model, posting.Entries.Count > 1 ? posting.Entries[1].EntryId : null);
            }

            db.RunMatches.Add(match);
            foreach (var exception in open)
            {
                exception.ResolveBy(sequence);
            }

            Revise(run, f => f.Matched(match.Currency, difference, adjustmentId is null ? null : posting?.Posted ?? difference,
                [.. consumed.Select(c => (c.Item.Side == Side.Ours, c.Exception.Reason.ToString(), c.Item.Amount))]));
            await db.SaveChangesAsync(ct);
            session.Record(AuditActions.Match.Manual, "recon_match", Key(runId, sequence), null, AuditSnapshot.Of(match), reason.Trim());
            return new DecidedMatch((await RunReader.HydrateAsync(db, [match], ct))[0], posting);
        }, cancellationToken);
    }

    /// <summary>
    /// Posts what a write-off model reckoned for a match to the run's customer's ledger, as a manual adjustment is
    /// posted (document ADJ-&lt;run&gt;-&lt;match&gt;, type 调整, on the latest item's date within the run, audited): the
    /// net share against the model's account, and with VAT the tax share against the tax account (document ending
    /// in -T). Each entry's reference is its account; its memo names the model, its reason code and the match.
    /// </summary>
    internal static async Task<WriteOffPosting> PostWriteOffAsync(ChangeSession session, ReconciliationRun run, IReadOnlyList<ItemView> items, string currency,
        WriteOffModel model, WriteOffAmounts amounts, int sequence, string? why, CancellationToken cancellationToken)
    {
        var customer = run.CustomerCode
            ?? throw RuleViolation.FailedPrecondition("match.adjustment_customer",
                $"The run covers {(run.CategoryCode is { } category ? $"the customers of category '{category}'" : "every customer")}, and a write-off posts to one customer's ledger: " +
                "confirm the match without a write-off model and post the write-off with PostLedgerEntry (recon ledger post) for the right customer, or reconcile that customer on its own.");
        var date = items.Count == 0 ? run.EndDate : items.Max(i => i.Date) is var latest && latest > run.EndDate ? run.EndDate : items.Max(i => i.Date);
        var document = $"ADJ-{run.Id}-{sequence}";
        var head = $"核销 {model.Name} [{model.ReasonCode}] match {Key(run.Id, sequence)}";
        var shares = new List<(string Document, decimal Amount, string Account, bool Tax, string Memo)>
        {
            (document, amounts.Net, model.Account, false,
                $"{head}: {model.Account}{(model.TaxRate is { } rate ? $" 不含税 (VAT {DecimalText.ToText(rate, 0)}%)" : "")}{(why is null ? "" : " — " + why)}"),
        };
        if (amounts.Tax != 0)
        {
            shares.Add((document + "-T", amounts.Tax, model.TaxAccount!, true, $"{head}: {model.TaxAccount} 税额 (VAT {DecimalText.ToText(model.TaxRate!.Value, 0)}%)"));
        }

        var posted = new List<PostedWriteOffEntry>();
        foreach (var share in shares)
        {
            var memo = share.Memo.Length > LedgerEntry.MaxTextLength ? share.Memo[..LedgerEntry.MaxTextLength] : share.Memo;
            var entry = LedgerEntry.Create(new LedgerEntryDraft(customer, date, DocumentType.Adjustment, share.Document, share.Amount, currency.ToUpperInvariant(),
                Reference: share.Account, Memo: memo), session.Now);
            session.Db.LedgerEntries.Add(entry);
            await session.Db.SaveChangesAsync(cancellationToken);
            session.Record(AuditActions.Ledger.Post, "ledger_entry", entry.Id.ToString(CultureInfo.InvariantCulture), null, AuditSnapshot.Of(entry),
                $"write-off '{model.Name}' [{model.ReasonCode}] of match {Key(run.Id, sequence)}");
            posted.Add(new PostedWriteOffEntry(entry.Id, entry.DocumentNumber, entry.Date, entry.Amount, entry.Currency, share.Account, share.Tax));
        }

        return new WriteOffPosting(model.Name, model.ReasonCode, posted, amounts.Posted, amounts.Remaining);
    }

    /// <summary>
    /// How far a manual match may be off without an adjustment: the widest tolerance any rule of the run's rule
    /// set grants for this total, computed as the engine computes it. An exact-only rule set grants none.
    /// </summary>
    private static decimal Tolerance(RuleSet rules, decimal ourAmount) =>
        rules.Rules.Select(r => r.Amount.AllowedDifference(ourAmount)).DefaultIfEmpty(0m).Max();

    private static async Task<long> PostAdjustmentAsync(ChangeSession session, ReconciliationRun run, IReadOnlyList<ItemView> items, decimal difference,
        AdjustmentRequest adjustment, int sequence, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(adjustment.Account) || string.IsNullOrWhiteSpace(adjustment.Reason))
        {
            throw RuleViolation.Invalid("match.adjustment", "An adjustment needs the account it is booked against and a reason.");
        }

        var customer = run.CustomerCode
            ?? throw RuleViolation.FailedPrecondition("match.adjustment_customer",
                $"The run covers {(run.CategoryCode is { } category ? $"the customers of category '{category}'" : "every customer")}; post the adjustment with PostLedgerEntry for the right customer instead.");
        var date = items.Max(i => i.Date) is var latest && latest > run.EndDate ? run.EndDate : items.Max(i => i.Date);
        var draft = new LedgerEntryDraft(customer, date, DocumentType.Adjustment,
            $"ADJ-{run.Id}-{sequence}", difference, items[0].Currency.ToUpperInvariant(),
            Reference: adjustment.Account.Trim(), Memo: $"对账调整 {adjustment.Account.Trim()}: {adjustment.Reason.Trim()}");
        var entry = LedgerEntry.Create(draft, session.Now);
        session.Db.LedgerEntries.Add(entry);
        await session.Db.SaveChangesAsync(cancellationToken);
        session.Record(AuditActions.Ledger.Post, "ledger_entry", entry.Id.ToString(CultureInfo.InvariantCulture), null, AuditSnapshot.Of(entry), adjustment.Reason.Trim());
        return entry.Id;
    }

    private Task<MatchChange> Release(Actor actor, long runId, int sequence, string reason, string action, Action<RunMatch, DateTimeOffset> decide,
        CancellationToken cancellationToken)
    {
        RequireReason(reason);
        // Undoing a manual match reverses its adjustment, on the adjustment's date: outside the run's period it may
        // still be locked, which the runner refuses at commit under this name.
        var options = ChangeOptions.Touching(PeriodScope.Run(runId, "changing a match")) with { Posting = "reversing the adjustment of an undone match" };
        return changes.RunAsync(actor, options, async (session, ct) =>
        {
            var db = session.Db;
            var (run, match) = await OpenAsync(db, runId, sequence, ct);
            var before = AuditSnapshot.Of(match);
            var wasProposed = match.Status == MatchStatus.Proposed;
            var wasToCheck = match.Status == MatchStatus.ToCheck;
            var postedAdjustment = match.AdjustmentStands;
            decide(match, session.Now);
            await ExchangeDifferences.ReverseAsync(session, run, match, reason.Trim(), ct);
            var reversed = postedAdjustment ? await ReverseAdjustmentAsync(session, run, match, reason.Trim(), ct) : (decimal?)null;
            var view = (await RunReader.HydrateAsync(db, [match], ct))[0];
            List<RunException> released;
            if (match.RuleName == RunMatch.ManualRuleName)
            {
                // A manual match took open exceptions: undone, they stand again as they were (an amount difference is one
                // again, with its counterpart), not as items missing on the other side.
                released = await db.RunExceptions.Where(e => e.RunId == runId && e.ResolvedByMatch == sequence).OrderBy(e => e.Sequence).ToListAsync(ct);
                released.ForEach(e => e.Reopen());
            }
            else
            {
                var next = (await db.RunExceptions.Where(e => e.RunId == runId).MaxAsync(e => (int?)e.Sequence, ct) ?? -1) + 1;
                var openings = view.Ours is [var our] && view.Theirs is [var their] && await IsOpeningPairAsync(db, our.Id, their.Id, ct);
                released = ReleasedExceptions(runId, next, sequence, view, openings, match.Status == MatchStatus.Rejected ? "rejected" : "undone", reason.Trim());
                db.RunExceptions.AddRange(released);
            }

            await db.SaveChangesAsync(ct);
            var amounts = view.Ours.Concat(view.Theirs).ToDictionary(i => (i.Side, i.Id), i => i.Amount);
            Revise(run, f => f.Released(wasProposed, wasToCheck, match.RuleName == RunMatch.ManualRuleName, reversed, match.Currency, match.Difference,
                [.. released.Select(e => (e.Side == Side.Ours, e.Reason.ToString(), amounts[(e.Side, e.ItemId)]))]));
            await db.SaveChangesAsync(ct);
            session.Record(action, "recon_match", Key(runId, sequence), before, AuditSnapshot.Of(match), reason.Trim());
            return new MatchChange(view, await RunReader.HydrateAsync(db, released, ct));
        }, cancellationToken);
    }

    /// <summary>
    /// The exceptions an engine's match leaves when a person rejects or undoes it. One item a side naming the same
    /// document (number, else reference) with different amounts, or both sides' opening balances, is the pair the
    /// engine would have explained had no rule matched it: amount differs, with its counterpart and difference. Any
    /// other item is missing on the other side.
    /// </summary>
    private static List<RunException> ReleasedExceptions(long runId, int next, int sequence, MatchView view, bool openings, string verb, string reason)
    {
        var released = new List<RunException>();
        if (view.Ours is [var our] && view.Theirs is [var their] && our.Amount != their.Amount && our.Currency == their.Currency
            && (openings || SameDocument(our, their)))
        {
            var difference = their.Amount - our.Amount;
            var why = openings
                ? $"期初差异 — our opening balance (item {our.Id}, {Money(our.Amount)}) and theirs (item {their.Id}, {Money(their.Amount)}) differ by " +
                  $"{Money(difference)} {our.Currency}; match {sequence} was {verb}: {reason}"
                : $"金额不符 — our item {our.Id} ({Money(our.Amount)}) and their item {their.Id} ({Money(their.Amount)}) name the same document but differ by " +
                  $"{Money(difference)} {our.Currency}; match {sequence} was {verb}: {reason}";
            released.Add(RunException.Create(runId, next++, ExceptionReason.AmountDiffers, Side.Ours, our.Id, Side.Theirs, their.Id, difference, why));
            released.Add(RunException.Create(runId, next, ExceptionReason.AmountDiffers, Side.Theirs, their.Id, Side.Ours, our.Id, difference, why));
            return released;
        }

        foreach (var item in view.Ours.Concat(view.Theirs))
        {
            var ours = item.Side == Side.Ours;
            released.Add(RunException.Create(runId, next++,
                ours ? ExceptionReason.MissingOnTheirSide : ExceptionReason.MissingOnOurSide, item.Side, item.Id, null, null, null,
                $"{(ours ? "我方已记对方未记 — our" : "对方已记我方未记 — their")} item {item.Id} ({Money(item.Amount)} {item.Currency} on {item.Date:yyyy-MM-dd}) " +
                $"was in match {sequence}, {verb}: {reason}"));
        }

        return released;
    }

    /// <summary>Whether both items are opening balances (期初余额): a run pairs them as one document though they carry no number.</summary>
    private static async Task<bool> IsOpeningPairAsync(ReconDbContext db, long ourId, long theirId, CancellationToken cancellationToken) =>
        (CarriedOpening.IsCarriedOpening(ourId) || await db.LedgerEntries.AnyAsync(e => e.Id == ourId && e.DocumentType == DocumentType.OpeningBalance, cancellationToken))
        && await db.StatementLines.AnyAsync(l => l.Id == theirId && l.IsOpeningBalance, cancellationToken);

    /// <summary>The same document number; only where a side has none, the same reference (two invoices may share an order's).</summary>
    private static bool SameDocument(ItemView ours, ItemView theirs)
    {
        var (ourNumber, theirNumber) = (MatchingKey.Normalize(ours.DocumentNumber), MatchingKey.Normalize(theirs.DocumentNumber));
        if (ourNumber.Length > 0 && theirNumber.Length > 0)
        {
            return ourNumber == theirNumber;
        }

        var (ourReference, theirReference) = (MatchingKey.Normalize(ours.Reference), MatchingKey.Normalize(theirs.Reference));
        return ourReference.Length > 0 && ourReference == theirReference;
    }

    /// <summary>
    /// Offsets the adjustment a manual match posted, now that the match is undone: a reversing entry (红字冲销) on
    /// the adjustment's date, never a deletion, so the ledger shows both and the balance is back where it was.
    /// Refused when the adjustment's date lies in a locked period (by the change runner, at commit). Returns the
    /// amount the adjustment had posted.
    /// </summary>
    private static async Task<decimal> ReverseAdjustmentAsync(ChangeSession session, ReconciliationRun run, RunMatch match, string reason, CancellationToken cancellationToken)
    {
        var db = session.Db;
        var adjustment = await db.LedgerEntries.AsNoTracking().SingleAsync(e => e.Id == match.AdjustmentEntryId, cancellationToken);
        // Only an undo reaches here: rejecting applies to proposed matches, and a proposed match has posted nothing
        // (a write-off confirms it).
        match.RecordReversal((await UndoneMatchReversal.PostAsync(session, run, match, adjustment, reason, cancellationToken)).Id);
        if (match.TaxEntryId is not { } taxId)
        {
            return adjustment.Amount;
        }

        // A write-off with VAT posted its tax share apart: reversed alike, so the balance is back where it was.
        var tax = await db.LedgerEntries.AsNoTracking().SingleAsync(e => e.Id == taxId, cancellationToken);
        match.RecordTaxReversal((await UndoneMatchReversal.PostAsync(session, run, match, tax, reason, cancellationToken)).Id);
        return adjustment.Amount + tax.Amount;
    }

    private static async Task<(ReconciliationRun Run, RunMatch Match)> OpenAsync(ReconDbContext db, long runId, int sequence, CancellationToken cancellationToken)
    {
        var run = await RunCoordinator.FindAsync(db, runId, cancellationToken);
        run.RequireCompleted();
        var match = await db.RunMatches.SingleOrDefaultAsync(m => m.RunId == runId && m.Sequence == sequence, cancellationToken)
            ?? throw RuleViolation.NotFound("match.not_found", $"Run {runId} has no match {sequence}.");
        return (run, match);
    }

    private async Task<ReconciliationRun> GetRunAsync(long runId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await RunCoordinator.FindAsync(db, runId, cancellationToken);
    }

    private static void RequireReason(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw RuleViolation.Invalid("match.reason_required", "Say why; the reason is kept in the audit log.");
        }
    }

    private static string Key(long runId, int sequence) => $"{runId}/{sequence}";

    private static void Revise(ReconciliationRun run, Func<RunFigures, RunFigures> change)
    {
        if (RunFigures.FromJson(run.SummaryJson) is { } figures)
        {
            run.ReviseSummary(change(figures).ToJson());
        }
    }

    private static string Money(decimal amount) => DecimalText.ToText(amount, 2);
}
