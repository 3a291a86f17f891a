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
    /// <summary>How far from a bank line's date a receipt booked after the run counts as the line's own, already booked.</summary>
    public const int PostedWithinDays = 7;

    /// <summary>
    /// Bank credits the run found no receipt for, per customer, each with the receipt it suggests; lines of unknown
    /// payers last. Paged by position: a completed run's exceptions do not change.
    /// </summary>
    public async Task<Page<UnbookedReceipt>> ListUnbookedAsync(long runId, int pageSize, int after, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await RequireBankRunAsync(db, runId, cancellationToken);
        var size = Paging.Size(pageSize);
        var all = await UnbookedAsync(db, run, null, cancellationToken);
        var page = all.Skip(after).Take(size).ToList();
        return new Page<UnbookedReceipt>(page, after + page.Count < all.Count ? (after + page.Count).ToString(CultureInfo.InvariantCulture) : null);
    }

    /// <summary>
    /// Posts the suggested receipts of the lines a person accepts in one change, each audited as a ledger posting.
    /// Without named lines: every line of a known payer not yet booked, but not one only a fuzzy name match resolved,
    /// which is a guess a person must confirm by naming it. A line of an unknown payer must be assigned first.
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

            if (wanted is not null && unbooked.FirstOrDefault(u => u.Suggested is null) is { } unassigned)
            {
                throw RuleViolation.FailedPrecondition("bank_line.unassigned",
                    $"Bank line {unassigned.Line.Id} is from {InputText.Echo(unassigned.Line.CounterpartyName ?? "a payer the bank does not name")}, "
                    + "whom the archive does not know: assign it to a customer first.");
            }

            var posted = new List<LedgerEntry>();
            foreach (var receipt in unbooked.Where(u => u.Suggested is not null && !u.AlreadyPosted
                                                        && (wanted is not null || u.Line.Resolution != CounterpartyResolution.Fuzzy)))
            {
                var code = receipt.Suggested!.CustomerCode;
                var terms = await db.Customers.AsNoTracking().Where(c => c.Code == code).Select(c => (int?)c.PaymentTermsDays).SingleOrDefaultAsync(ct)
                    ?? throw RuleViolation.NotFound("customer.not_found", $"Bank line {receipt.Line.Id} is assigned to customer '{code}', which is no longer in the archive.");
                var entry = LedgerEntry.Create(receipt.Suggested.WithTermsDueDate(terms), session.Now);
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

    /// <summary>
    /// The 银行存款余额调节表 of a completed run against a bank statement, per currency. Every item the run leaves open
    /// counts, whatever its reason: a receipt of 1,000 the bank shows as 995 is 1,000 we booked that the bank lacks and
    /// 995 the bank has that we lack.
    /// </summary>
    public async Task<IReadOnlyList<BankReconciliation>> ReconcileAsync(long runId, IReadOnlyDictionary<string, decimal> bookBalances, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await RequireBankRunAsync(db, runId, cancellationToken);
        var open = db.RunExceptions.AsNoTracking().Where(e => e.RunId == runId && e.ResolvedByMatch == null);
        var theirs = await (from e in open
                            where e.Side == Side.Theirs
                            join l in db.StatementLines on e.ItemId equals l.Id
                            select new { l.Currency, l.OriginalAmount }).ToListAsync(cancellationToken);
        var ours = await (from e in open
                          where e.Side == Side.Ours
                          join l in db.LedgerEntries on e.ItemId equals l.Id
                          select new { l.Currency, l.Amount }).ToListAsync(cancellationToken);
        var atBank = await BankBalancesAsync(db, run, cancellationToken);
        var scopeNote = run.CustomerCode is { } customer
            ? $"The run covers customer {customer}'s items only, but the bank's balance is the whole account's: run it over all customers for a table that can balance."
            : run.CategoryCode is { } category
                ? $"The run covers category {category}'s customers only, but the bank's balance is the whole account's: run it over all customers for a table that can balance."
                : null;
        var unknown = bookBalances.Keys.Select(c => c.Trim().ToUpperInvariant()).Except(theirs.Select(t => t.Currency).Concat(ours.Select(o => o.Currency)).Concat(atBank.Keys))
            .FirstOrDefault();
        if (unknown is not null)
        {
            throw RuleViolation.Invalid("bank_reconciliation.currency", $"The run has no {InputText.Echo(unknown)} items or balances; give book balances of the run's currencies.");
        }

        var books = bookBalances.ToDictionary(b => b.Key.Trim().ToUpperInvariant(), b => b.Value, StringComparer.Ordinal);
        var currencies = theirs.Select(t => t.Currency).Concat(ours.Select(o => o.Currency)).Concat(atBank.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return [.. currencies.Select(currency =>
        {
            var bank = atBank.GetValueOrDefault(currency);
            return new BankReconciliation(currency, bank?.Balance, bank?.Date,
                BankReceivedNotBooked: theirs.Where(t => t.Currency == currency && t.OriginalAmount > 0).Sum(t => t.OriginalAmount),
                BankPaidNotBooked: -theirs.Where(t => t.Currency == currency && t.OriginalAmount < 0).Sum(t => t.OriginalAmount),
                BookedNotReceived: -ours.Where(o => o.Currency == currency && o.Amount < 0).Sum(o => o.Amount),
                BookedNotPaid: ours.Where(o => o.Currency == currency && o.Amount > 0).Sum(o => o.Amount))
            {
                BookBalance = books.TryGetValue(currency, out var book) ? book : null,
                Notes = [.. new[] { scopeNote }.Concat(bank?.Notes ?? []).OfType<string>()],
            };
        })];
    }

    /// <summary>
    /// The bank's balance of each currency at the run's end: per account, the statement whose period holds the end
    /// date, its closing balance less the movements after the end; else the latest closing balance before the end.
    /// The accounts of a currency add up.
    /// </summary>
    private static async Task<Dictionary<string, BankBalanceAtEnd>> BankBalancesAsync(ReconDbContext db, ReconciliationRun run, CancellationToken cancellationToken)
    {
        var statementIds = run.StatementIdList.ToList();
        var balances = await db.StatementBalances.AsNoTracking()
            .Where(b => statementIds.Contains(b.StatementId) && b.ClosingBalance != null && b.ClosingDate != null)
            .ToListAsync(cancellationToken);
        var perAccount = new List<(string Currency, decimal Balance, DateOnly Date, string? Note)>();
        foreach (var account in balances.GroupBy(b => (Account: PayerNames.AccountKey(b.Account), b.Currency)))
        {
            var spanning = account.Where(b => b.ClosingDate >= run.EndDate && (b.OpeningDate ?? b.ClosingDate) <= run.EndDate)
                .OrderBy(b => b.ClosingDate).ThenByDescending(b => b.ImportBatchId).FirstOrDefault();
            var chosen = spanning ?? account.Where(b => b.ClosingDate <= run.EndDate)
                .OrderByDescending(b => b.ClosingDate).ThenByDescending(b => b.ImportBatchId).ThenByDescending(b => b.Position).FirstOrDefault();
            if (chosen is null)
            {
                continue;
            }

            var balance = chosen.ClosingBalance!.Value;
            string? note = null;
            if (spanning is not null && chosen.ClosingDate > run.EndDate)
            {
                var accountLines = await db.StatementLines.AsNoTracking()
                    .Where(l => l.StatementId == chosen.StatementId && l.Currency == chosen.Currency && l.Date > run.EndDate && l.Date <= chosen.ClosingDate)
                    .Select(l => new { l.Account, l.OriginalAmount }).ToListAsync(cancellationToken);
                var later = accountLines.Where(l => PayerNames.AccountKey(l.Account) == account.Key.Account).Sum(l => l.OriginalAmount);
                balance -= later;
                note = $"The bank's balance is statement {Name(chosen)}'s closing balance of {Money(chosen.ClosingBalance!.Value)} on {chosen.ClosingDate:yyyy-MM-dd} "
                       + $"less its movements after {run.EndDate:yyyy-MM-dd} ({Money(later)}).";
            }

            if (chosen.Difference is { } difference && difference != 0)
            {
                note = (note is null ? "" : note + " ")
                       + $"Statement {Name(chosen)} does not add up by {Money(difference)}: its closing balance is the bank's word, but check the file.";
            }

            perAccount.Add((chosen.Currency, balance, run.EndDate < chosen.ClosingDate!.Value ? run.EndDate : chosen.ClosingDate.Value, note));
        }

        return perAccount.GroupBy(a => a.Currency, StringComparer.Ordinal).ToDictionary(g => g.Key,
            g => new BankBalanceAtEnd(g.Sum(a => a.Balance), g.Max(a => a.Date), [.. g.Select(a => a.Note).OfType<string>()]), StringComparer.Ordinal);
    }

    private static string Name(StatementBalance b) => b.StatementNumber ?? b.Position.ToString(CultureInfo.InvariantCulture);

    private static string Money(decimal amount) => amount.ToString("#,##0.00##", CultureInfo.InvariantCulture);

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

        var suggestions = lines.Select(line => (Line: line, Suggested: line.CustomerCode is { } customer ? SuggestedReceipt(line, customer) : null)).ToList();
        var bookedSince = await ReceiptsBookedSinceAsync(db, run, [.. suggestions.Select(s => s.Suggested?.CustomerCode).OfType<string>().Distinct()], cancellationToken);
        var receipts = suggestions.Select(s => new UnbookedReceipt(s.Line, s.Suggested, s.Suggested is { } receipt && bookedSince.Any(b => b.Covers(receipt)))).ToList();

        return [.. receipts.OrderBy(r => r.Line.CustomerCode is null).ThenBy(r => r.Line.CustomerCode, StringComparer.Ordinal).ThenBy(r => r.Line.Date).ThenBy(r => r.Line.Id)];
    }

    /// <summary>
    /// The receipts of these customers booked after the run started, by this list or by hand under a number of our own:
    /// one covers a suggested receipt of the customer for the same amount within <see cref="PostedWithinDays"/> days.
    /// Read once for the list, a chunk of customers at a time.
    /// </summary>
    private static async Task<List<BookedReceipt>> ReceiptsBookedSinceAsync(ReconDbContext db, ReconciliationRun run, IReadOnlyList<string> customers,
        CancellationToken cancellationToken)
    {
        var booked = new List<BookedReceipt>();
        foreach (var chunk in customers.Chunk(500))
        {
            booked.AddRange(await db.LedgerEntries.AsNoTracking()
                .Where(e => chunk.Contains(e.CustomerCode) && e.DocumentType == DocumentType.Receipt && e.CreatedAt >= run.CreatedAt)
                .Select(e => new BookedReceipt(e.CustomerCode, e.Date, e.Amount, e.Currency)).ToListAsync(cancellationToken));
        }

        return booked;
    }

    /// <summary>
    /// The receipt a bank credit calls for: on its date, for its amount, numbered by the bank line it comes from so no
    /// two suggestions share a number; the bank's reference and the payer's text go with it.
    /// </summary>
    private static LedgerEntryDraft SuggestedReceipt(StatementLine line, string customerCode)
    {
        var memo = string.Join(' ', new[] { "银行收款", line.CounterpartyName, line.Text }.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct());
        return new LedgerEntryDraft(customerCode, line.Date, DocumentType.Receipt, "BANK-" + line.Id.ToString(CultureInfo.InvariantCulture), line.Amount, line.Currency,
            Reference: line.Reference ?? line.DocumentNumber, Memo: memo.Length > LedgerEntry.MaxTextLength ? memo[..LedgerEntry.MaxTextLength] : memo);
    }

    private static async Task<ReconciliationRun> RequireBankRunAsync(ReconDbContext db, long runId, CancellationToken cancellationToken)
    {
        var run = await RunCoordinator.FindAsync(db, runId, cancellationToken);
        run.RequireCompleted();
        var statementIds = run.StatementIdList.ToList();
        var kinds = await db.Statements.AsNoTracking().Where(s => statementIds.Contains(s.Id)).Select(s => s.Kind).ToListAsync(cancellationToken);
        if (kinds.Count == 0 || kinds.Any(k => k != StatementKind.BankStatement))
        {
            throw RuleViolation.FailedPrecondition("run.not_bank", $"Run {runId} is not against a bank statement.");
        }

        return run;
    }

    private sealed record BankBalanceAtEnd(decimal Balance, DateOnly Date, IReadOnlyList<string> Notes);

    private sealed record BookedReceipt(string CustomerCode, DateOnly Date, decimal Amount, string Currency)
    {
        public bool Covers(LedgerEntryDraft receipt) => CustomerCode == receipt.CustomerCode && Amount == receipt.Amount && Currency == receipt.Currency
            && Math.Abs(Date.DayNumber - receipt.Date.DayNumber) <= PostedWithinDays;
    }
}

/// <summary>A bank credit with no receipt in our ledger, the receipt it suggests (none for an unknown payer), and whether one was booked since.</summary>
public sealed record UnbookedReceipt(StatementLine Line, LedgerEntryDraft? Suggested, bool AlreadyPosted);

/// <summary>
/// 银行存款余额调节表 of one currency. The bank's side starts from its balance at the run's end, from the file; the book
/// side from the cash book's balance when it is given, else from the balance the open items imply (our ledger is the
/// receivables ledger, not the cash book).
/// </summary>
public sealed record BankReconciliation(string Currency, decimal? BankClosingBalance, DateOnly? BankClosingDate,
    decimal BankReceivedNotBooked, decimal BankPaidNotBooked, decimal BookedNotReceived, decimal BookedNotPaid)
{
    /// <summary>企业银行存款日记账余额, when the caller gave it.</summary>
    public decimal? BookBalance { get; init; }

    /// <summary>What to bear in mind reading the table (a partial scope, a statement that does not add up, how the balance was found).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>调节后余额 on the bank's side: its balance plus what we booked as received and it has not, less what we booked as paid.</summary>
    public decimal? AdjustedBankBalance => BankClosingBalance + BookedNotReceived - BookedNotPaid;

    /// <summary>The book balance the open items imply: the adjusted balance less the bank's items we have not booked.</summary>
    public decimal? ImpliedBookBalance => AdjustedBankBalance - BankReceivedNotBooked + BankPaidNotBooked;

    /// <summary>调节后余额 on the book side, from the cash book's balance.</summary>
    public decimal? AdjustedBookBalance => BookBalance + BankReceivedNotBooked - BankPaidNotBooked;

    /// <summary>What the open items do not explain: the two adjusted balances apart.</summary>
    public decimal? Unexplained => AdjustedBookBalance - AdjustedBankBalance;
}
