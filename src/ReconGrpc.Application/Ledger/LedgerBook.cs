using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using ReconGrpc.Application.Archive;
using ReconGrpc.Application.Queries;
using ReconGrpc.Data;
using ReconGrpc.Data.Changes;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Access;
using ReconGrpc.Domain.Auditing;
using ReconGrpc.Domain.Ledger;

namespace ReconGrpc.Application.Ledger;

/// <summary>The filters of a ledger query; every one optional.</summary>
public sealed record LedgerQuery(
    DateOnly? From,
    DateOnly? To,
    string? CustomerCode,
    string? CategoryCode,
    IReadOnlyList<DocumentType> DocumentTypes,
    decimal? MinAmount,
    decimal? MaxAmount,
    string? Text);

/// <summary>A customer's balance as of a date.</summary>
public sealed record CustomerBalance(string CustomerCode, DateOnly? AsOf, decimal Balance, decimal DebitTotal, decimal CreditTotal, long EntryCount, string Currency);

/// <summary>A statement with its line count and total.</summary>
public sealed record StatementSummary(Statement Statement, long LineCount, decimal Total);

/// <summary>A posted entry and what it did to the customer's credit.</summary>
public sealed record PostedEntry(LedgerEntry Entry, IReadOnlyList<CreditAlert> CreditAlerts);

/// <summary>Our ledger (账目记录) and the counterparties' statements: queries and manual postings.</summary>
public sealed class LedgerBook(IDbContextFactory<ReconDbContext> contexts, ChangeRunner changes, CreditAlertsQuery credit, CreditAlertFeed feed)
{
    /// <summary>Streams matching entries in date then id order without holding them all.</summary>
    public async IAsyncEnumerable<LedgerEntry> ListAsync(LedgerQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entries = db.LedgerEntries.AsNoTracking();
        if (query.From is { } from)
        {
            entries = entries.Where(e => e.Date >= from);
        }

        if (query.To is { } to)
        {
            entries = entries.Where(e => e.Date <= to);
        }

        if (!string.IsNullOrWhiteSpace(query.CustomerCode))
        {
            // An unknown code is a typo far more often than a customer without entries: say so, as a balance does.
            if (!await db.Customers.AnyAsync(c => c.Code == query.CustomerCode, cancellationToken))
            {
                throw RuleViolation.NotFound("customer.not_found", $"There is no customer with code '{InputText.Echo(query.CustomerCode)}'.");
            }

            entries = entries.Where(e => e.CustomerCode == query.CustomerCode);
        }

        if (!string.IsNullOrWhiteSpace(query.CategoryCode))
        {
            entries = (await CategoryScope.OfAsync(db, query.CategoryCode, cancellationToken)).Entries(db, entries);
        }

        if (query.DocumentTypes.Count > 0)
        {
            var types = query.DocumentTypes.ToList();
            entries = entries.Where(e => types.Contains(e.DocumentType));
        }

        if (query.MinAmount is { } min)
        {
            entries = entries.Where(e => e.Amount >= min);
        }

        if (query.MaxAmount is { } max)
        {
            entries = entries.Where(e => e.Amount <= max);
        }

        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var text = query.Text.Trim();
            entries = entries.Where(e => e.DocumentNumber.Contains(text) || (e.Reference != null && e.Reference.Contains(text)) || (e.Memo != null && e.Memo.Contains(text)));
        }

        await foreach (var entry in entries.OrderBy(e => e.Date).ThenBy(e => e.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return entry;
        }
    }

    public async Task<CustomerBalance> GetBalanceAsync(string customerCode, DateOnly? asOf, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Customers.AnyAsync(c => c.Code == customerCode, cancellationToken))
        {
            throw RuleViolation.NotFound("customer.not_found", $"There is no customer with code '{InputText.Echo(customerCode)}'.");
        }

        var balance = await LedgerBalanceQuery.ReadAsync(db, customerCode, null, asOf, cancellationToken);
        if (balance.Currencies.Count > 1)
        {
            throw RuleViolation.FailedPrecondition("balance.currencies",
                $"Customer '{customerCode}' has entries in {string.Join(", ", balance.Currencies)}; a balance across currencies would mean nothing.");
        }

        var currency = balance.Currencies.SingleOrDefault() ?? "CNY";
        var totals = balance.TotalsIn(currency);
        return new CustomerBalance(customerCode, asOf, totals.Balance, totals.DebitTotal, totals.CreditTotal, totals.EntryCount, currency);
    }

    public async Task<PostedEntry> PostAsync(Actor actor, LedgerEntryDraft draft, string reason, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw RuleViolation.Invalid("ledger.reason_required", "A manual entry needs a reason; it is kept in the audit log.");
        }

        // The draft's own rules (range, decimals, dates, 0.00) before any lookup: an import row meets the same ones.
        draft.Validate();
        var touches = ChangeOptions.Touching(PeriodScope.Customer(draft.CustomerCode, draft.Date, draft.Date, "posting to it"));
        var posted = await changes.RunAsync(actor, touches, async (session, ct) =>
        {
            var db = session.Db;
            var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Code == draft.CustomerCode, ct)
                ?? throw RuleViolation.Invalid("ledger.customer_unknown", $"There is no customer with code '{InputText.Echo(draft.CustomerCode)}'.");
            draft = draft.WithTermsDueDate(customer.PaymentTermsDays);

            var entry = LedgerEntry.Create(draft, session.Now);
            if (await db.LedgerEntries.AnyAsync(e => e.CustomerCode == entry.CustomerCode && e.Date == entry.Date && e.Fingerprint == entry.Fingerprint, ct))
            {
                throw RuleViolation.AlreadyExists("ledger.duplicate",
                    $"The same entry (customer, date, type, document {draft.DocumentNumber}, amount {draft.Amount}) is already in the ledger.");
            }

            db.LedgerEntries.Add(entry);
            await db.SaveChangesAsync(ct);
            // Read within the change, so the balance includes the entry; refusing here rolls the entry back.
            var alerts = await credit.LimitAlertsAsync(db, entry.CustomerCode, null, ct);
            if (credit.Options.Policy == CreditPolicy.Refuse && entry.Amount > 0
                && alerts.FirstOrDefault(a => a.Kind == CreditAlertKind.OverLimit && a.Currency == entry.Currency) is { } over)
            {
                throw RuleViolation.FailedPrecondition("credit.over_limit",
                    $"Customer '{entry.CustomerCode}' would owe {over.Balance} {over.Currency} against a credit limit of {over.CreditLimit}; the server's credit policy refuses postings over the limit. Nothing was stored.");
            }

            session.Record(AuditActions.Ledger.Post, "ledger_entry", entry.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, AuditSnapshot.Of(entry), reason.Trim());
            return new PostedEntry(entry, alerts);
        }, cancellationToken);

        // Once committed: a watcher must never hear of an entry that was rolled back.
        feed.Publish(new CreditAlertNews(posted.CreditAlerts, posted.Entry.Id, null));
        return posted;
    }

    /// <summary>
    /// Deletes a statement that holds no lines. One with lines stays: runs and matches refer to its lines, and what a
    /// counterparty sent is evidence. One a run was made against stays too, so the run can still say what it read.
    /// </summary>
    public Task DeleteStatementAsync(Actor actor, long id, CancellationToken cancellationToken) =>
        changes.RunAsync(actor, async (session, ct) =>
        {
            var db = session.Db;
            var statement = await db.Statements.SingleOrDefaultAsync(s => s.Id == id, ct)
                ?? throw RuleViolation.NotFound("statement.not_found", $"There is no statement {id}.");
            var lines = await db.StatementLines.CountAsync(l => l.StatementId == id, ct);
            if (lines > 0)
            {
                throw RuleViolation.FailedPrecondition("statement.has_lines",
                    $"Statement {id} '{statement.Name}' holds {lines} lines; only an empty statement can be deleted.");
            }

            var text = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var run = await db.Runs.AsNoTracking()
                .Where(r => r.StatementIds == text || r.StatementIds.StartsWith(text + ",") || r.StatementIds.EndsWith("," + text) || r.StatementIds.Contains("," + text + ","))
                .OrderBy(r => r.Id).Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
            if (run is { } runId)
            {
                throw RuleViolation.FailedPrecondition("statement.in_run",
                    $"Run {runId} was made against statement {id} '{statement.Name}'; the statement stays so the run can say what it read.");
            }

            db.Statements.Remove(statement);
            session.Record(AuditActions.Statement.Delete, "statement", text, AuditSnapshot.Of(statement), null);
            return true;
        }, cancellationToken);

    public async Task<Page<StatementSummary>> ListStatementsAsync(string? customerCode, StatementKind? kind, int pageSize, long? afterId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var statements = db.Statements.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(customerCode))
        {
            statements = statements.Where(s => s.CustomerCode == customerCode);
        }

        if (kind is { } k)
        {
            statements = statements.Where(s => s.Kind == k);
        }

        if (afterId is { } after)
        {
            statements = statements.Where(s => s.Id < after);
        }

        var page = await statements.OrderByDescending(s => s.Id).Take(pageSize + 1).ToListAsync(cancellationToken);
        var summaries = new List<StatementSummary>(page.Count);
        foreach (var statement in page)
        {
            var amounts = await db.StatementLines.AsNoTracking().Where(l => l.StatementId == statement.Id).Select(l => l.Amount).ToListAsync(cancellationToken);
            summaries.Add(new StatementSummary(statement, amounts.Count, amounts.Aggregate(0m, Amounts.Add)));
        }

        return Paging.Of(summaries, pageSize, s => s.Statement.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public async IAsyncEnumerable<StatementLine> ListLinesAsync(long statementId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Statements.AnyAsync(s => s.Id == statementId, cancellationToken))
        {
            throw RuleViolation.NotFound("statement.not_found", $"There is no statement with id {statementId}.");
        }

        await foreach (var line in db.StatementLines.AsNoTracking().Where(l => l.StatementId == statementId)
                           .OrderBy(l => l.Date).ThenBy(l => l.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return line;
        }
    }
}
