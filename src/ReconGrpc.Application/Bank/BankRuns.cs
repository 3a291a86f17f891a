using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ReconGrpc.Application.Reconciliation;
using ReconGrpc.Data;
using ReconGrpc.Data.Changes;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Access;
using ReconGrpc.Domain.Auditing;
using ReconGrpc.Domain.Ledger;
using ReconGrpc.Domain.Reconciliation;
using ReconGrpc.Matching;

namespace ReconGrpc.Application.Bank;

/// <summary>
/// What a run against a bank statement leaves an accountant to do: book the money the bank received that our
/// ledger lacks (对方已记我方未记), and show the 银行存款余额调节表 from the bank's closing balance.
/// </summary>
public sealed class BankRuns(IDbContextFactory<ReconDbContext> contexts, ChangeRunner changes)
{
    /// <summary>Bank credits the run found no receipt for, per customer, each with the receipt it suggests; lines of unknown payers last.</summary>
    public async Task<IReadOnlyList<UnbookedReceipt>> ListUnbookedAsync(long runId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await RequireBankRunAsync(db, runId, cancellationToken);
        return await UnbookedAsync(db, run, null, cancellationToken);
    }

    /// <summary>
    /// Posts the suggested receipts of the lines a person accepts (all of the run's, when none are named) in one
    /// change, each audited as a ledger posting. A line of an unknown payer must be assigned first; a receipt already
    /// posted is not posted again.
    /// </summary>
    public Task<IReadOnlyList<LedgerEntry>> PostAsync(Actor actor, long runId, IReadOnlyCollection<long> lineIds, CancellationToken cancellationToken) =>
        changes.RunAsync<IReadOnlyList<LedgerEntry>>(actor, async (session, ct) =>
        {
            var db = session.Db;
            var run = await RequireBankRunAsync(db, runId, ct);
            var wanted = lineIds.Count == 0 ? null : lineIds.ToHashSet();
            var unbooked = await UnbookedAsync(db, run, wanted, ct);
            if (wanted?.Except(unbooked.Select(u => u.Line.Id)).Order().ToList() is [var other, ..])
            {
                throw RuleViolation.FailedPrecondition("bank_line.not_unbooked",
                    $"Bank line {other} is not money in that run {runId} found no receipt for; see ListUnbookedReceipts.");
            }

            if (unbooked.FirstOrDefault(u => u.Suggested is null) is { } unassigned && wanted is not null)
            {
                throw RuleViolation.FailedPrecondition("bank_line.unassigned",
                    $"Bank line {unassigned.Line.Id} is from {unassigned.Line.CounterpartyName ?? "a payer the bank does not name"}, whom the archive does not know: assign it to a customer first.");
            }

            var posted = new List<LedgerEntry>();
            foreach (var receipt in unbooked.Where(u => u.Suggested is not null && !u.AlreadyPosted))
            {
                var customer = await db.Customers.AsNoTracking().Where(c => c.Code == receipt.Suggested!.CustomerCode).Select(c => c.PaymentTermsDays).SingleAsync(ct);
                var entry = LedgerEntry.Create(receipt.Suggested!.WithTermsDueDate(customer), session.Now);
                db.LedgerEntries.Add(entry);
                posted.Add(entry);
            }

            await db.SaveChangesAsync(ct);
            foreach (var entry in posted)
            {
                session.Record(AuditActions.Ledger.Post, "ledger_entry", entry.Id.ToString(CultureInfo.InvariantCulture), null, AuditSnapshot.Of(entry),
                    $"对方已记我方未记: money in on the bank statement, run {runId}");
            }

            return posted;
        }, cancellationToken);

    /// <summary>The 银行存款余额调节表 of a completed run against a bank statement, per currency.</summary>
    public async Task<IReadOnlyList<BankReconciliation>> ReconcileAsync(long runId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await RequireBankRunAsync(db, runId, cancellationToken);
        var statementIds = run.StatementIdList.ToList();
        var open = db.RunExceptions.AsNoTracking().Where(e => e.RunId == runId && e.ResolvedByMatch == null && (e.Reason == ExceptionReason.MissingOnOurSide || e.Reason == ExceptionReason.MissingOnTheirSide));
        var theirs = await (from e in open
                            where e.Side == Side.Theirs
                            join l in db.StatementLines on e.ItemId equals l.Id
                            select new { l.Currency, l.OriginalAmount }).ToListAsync(cancellationToken);
        var ours = await (from e in open
                          where e.Side == Side.Ours
                          join l in db.LedgerEntries on e.ItemId equals l.Id
                          select new { l.Currency, l.Amount }).ToListAsync(cancellationToken);
        var balances = await db.StatementBalances.AsNoTracking()
            .Where(b => statementIds.Contains(b.StatementId) && b.ClosingBalance != null && b.ClosingDate != null && b.ClosingDate <= run.EndDate)
            .ToListAsync(cancellationToken);
        // Each account's latest closing balance up to the run's end; the accounts of a currency add up.
        var closing = balances.GroupBy(b => (b.Account, b.Currency))
            .Select(g => g.OrderByDescending(b => b.ClosingDate).ThenByDescending(b => b.ImportBatchId).ThenByDescending(b => b.Position).First())
            .ToList();
        var currencies = theirs.Select(t => t.Currency).Concat(ours.Select(o => o.Currency)).Concat(closing.Select(c => c.Currency))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return [.. currencies.Select(currency =>
        {
            var atBank = closing.Where(c => c.Currency == currency).ToList();
            return new BankReconciliation(currency,
                atBank.Count == 0 ? null : atBank.Sum(c => c.ClosingBalance!.Value),
                atBank.Count == 0 ? null : atBank.Max(c => c.ClosingDate),
                BankReceivedNotBooked: theirs.Where(t => t.Currency == currency && t.OriginalAmount > 0).Sum(t => t.OriginalAmount),
                BankPaidNotBooked: -theirs.Where(t => t.Currency == currency && t.OriginalAmount < 0).Sum(t => t.OriginalAmount),
                BookedNotReceived: -ours.Where(o => o.Currency == currency && o.Amount < 0).Sum(o => o.Amount),
                BookedNotPaid: ours.Where(o => o.Currency == currency && o.Amount > 0).Sum(o => o.Amount));
        })];
    }

    private static async Task<List<UnbookedReceipt>> UnbookedAsync(ReconDbContext db, ReconciliationRun run, HashSet<long>? only, CancellationToken cancellationToken)
    {
        var lineIds = await db.RunExceptions.AsNoTracking()
            .Where(e => e.RunId == run.Id && e.Side == Side.Theirs && e.Reason == ExceptionReason.MissingOnOurSide && e.ResolvedByMatch == null)
            .Select(e => e.ItemId).ToListAsync(cancellationToken);
        if (only is not null)
        {
            lineIds = [.. lineIds.Where(only.Contains)];
        }

        var lines = new List<StatementLine>();
        foreach (var chunk in lineIds.Chunk(500))
        {
            lines.AddRange(await db.StatementLines.AsNoTracking().Where(l => chunk.Contains(l.Id) && l.OriginalAmount > 0).ToListAsync(cancellationToken));
        }

        var receipts = lines.Select(l => new UnbookedReceipt(l, l.CustomerCode is { } customer ? SuggestedReceipt(l, customer) : null, AlreadyPosted: false)).ToList();
        var documents = receipts.Where(r => r.Suggested is not null).Select(r => r.Suggested!.DocumentNumber).Distinct().ToList();
        var posted = new HashSet<(string, string, DateOnly, decimal)>();
        foreach (var chunk in documents.Chunk(500))
        {
            posted.UnionWith((await db.LedgerEntries.AsNoTracking()
                    .Where(e => e.DocumentType == DocumentType.Receipt && chunk.Contains(e.DocumentNumber))
                    .Select(e => new { e.CustomerCode, e.DocumentNumber, e.Date, e.Amount }).ToListAsync(cancellationToken))
                .Select(e => (e.CustomerCode, e.DocumentNumber, e.Date, e.Amount)));
        }

        return [.. receipts
            .Select(r => r.Suggested is { } s && posted.Contains((s.CustomerCode, s.DocumentNumber, s.Date, s.Amount)) ? r with { AlreadyPosted = true } : r)
            .OrderBy(r => r.Line.CustomerCode is null).ThenBy(r => r.Line.CustomerCode, StringComparer.Ordinal).ThenBy(r => r.Line.Date).ThenBy(r => r.Line.Id)];
    }

    /// <summary>
    /// The receipt a bank credit calls for: on its date, for its amount, numbered by the bank's reference for the line
    /// (or the line's id), so posting it twice is recognised.
    /// </summary>
    private static LedgerEntryDraft SuggestedReceipt(StatementLine line, string customerCode)
    {
        var memo = string.Join(' ', new[] { "银行收款", line.CounterpartyName, line.Text }.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct());
        return new LedgerEntryDraft(customerCode, line.Date, DocumentType.Receipt,
            line.DocumentNumber ?? "BANK-" + line.Id.ToString(CultureInfo.InvariantCulture), line.Amount, line.Currency,
            Reference: line.Reference, Memo: memo.Length > LedgerEntry.MaxTextLength ? memo[..LedgerEntry.MaxTextLength] : memo);
    }

    private static async Task<ReconciliationRun> RequireBankRunAsync(ReconDbContext db, long runId, CancellationToken cancellationToken)
    {
        var run = await RunCoordinator.FindAsync(db, runId, cancellationToken);
        run.RequireCompleted();
        var statementIds = run.StatementIdList.ToList();
        if (await db.Statements.AnyAsync(s => statementIds.Contains(s.Id) && s.Kind != StatementKind.BankStatement, cancellationToken))
        {
            throw RuleViolation.FailedPrecondition("run.not_bank", $"Run {runId} is not against a bank statement.");
        }

        return run;
    }
}

/// <summary>A bank credit with no receipt in our ledger, the receipt it suggests (none for an unknown payer), and whether that is posted already.</summary>
public sealed record UnbookedReceipt(StatementLine Line, LedgerEntryDraft? Suggested, bool AlreadyPosted);

/// <summary>
/// 银行存款余额调节表 of one currency. The bank's side starts from its closing balance in the file; our receivable
/// ledger is not the company's cash book, so the book balance is the one the open items imply.
/// </summary>
public sealed record BankReconciliation(string Currency, decimal? BankClosingBalance, DateOnly? BankClosingDate,
    decimal BankReceivedNotBooked, decimal BankPaidNotBooked, decimal BookedNotReceived, decimal BookedNotPaid)
{
    /// <summary>调节后余额 on the bank's side: its balance plus what we booked as received and it has not, less what we booked as paid.</summary>
    public decimal? AdjustedBankBalance => BankClosingBalance + BookedNotReceived - BookedNotPaid;

    /// <summary>The book balance the open items imply: the adjusted balance less the bank's items we have not booked.</summary>
    public decimal? ImpliedBookBalance => AdjustedBankBalance - BankReceivedNotBooked + BankPaidNotBooked;
}
