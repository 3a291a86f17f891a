using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using ReconGrpc.Application.Archive;
using ReconGrpc.Application.Reconciliation;
using ReconGrpc.Data;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Ledger;
using ReconGrpc.Domain.Reconciliation;

namespace ReconGrpc.Application.Reports;

/// <summary>
/// The read model of statements of account: one read-only snapshot for everything an export reads, so the figures
/// at the top, the movements streamed below them and the open items all see the ledger as of one moment.
/// </summary>
/// <remarks>
/// Balances are carried forward as <see cref="BroughtForwardBalance"/> counts them: entries are walked in date order
/// with a day's opening balances (期初余额) first, and an opening balance restates the balance (it stands for every
/// entry before its date). Walking rather than summing lets the same pass settle the open items first in, first out.
/// </remarks>
public sealed class StatementOfAccountQuery(IDbContextFactory<ReconDbContext> contexts, StatementOptions options)
{
    /// <summary>Begins a reading; dispose it when the export is written.</summary>
    public async Task<StatementReading> BeginAsync(CancellationToken cancellationToken)
    {
        var db = await contexts.CreateDbContextAsync(cancellationToken);
        try
        {
            var snapshot = await ReadSnapshot.BeginAsync(db, cancellationToken);
            return new StatementReading(db, snapshot, options);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }
}

/// <summary>One export's view of the ledger (see <see cref="StatementOfAccountQuery"/>).</summary>
public sealed class StatementReading : IAsyncDisposable
{
    private readonly ReconDbContext _db;
    private readonly ReadSnapshot _snapshot;
    private readonly StatementOptions _options;

    internal StatementReading(ReconDbContext db, ReadSnapshot snapshot, StatementOptions options)
    {
        _db = db;
        _snapshot = snapshot;
        _options = options;
    }

    /// <summary>The customer's code as stored; NOT_FOUND for an unknown one.</summary>
    public async Task<string> RequireCustomerAsync(string code, CancellationToken cancellationToken)
    {
        var trimmed = code.Trim();
        return await _db.Customers.AsNoTracking().Where(c => c.Code == trimmed).Select(c => c.Code).SingleOrDefaultAsync(cancellationToken)
            ?? throw RuleViolation.NotFound("customer.not_found", $"There is no customer with code '{InputText.Echo(trimmed)}'.");
    }

    /// <summary>The codes of a category's customers with its descendants', in code order; NOT_FOUND for an unknown category.</summary>
    public async Task<IReadOnlyList<string>> CategoryCustomersAsync(string categoryCode, CancellationToken cancellationToken)
    {
        var scope = await CategoryScope.OfAsync(_db, categoryCode, cancellationToken);
        return await scope.CustomerCodes(_db).OrderBy(c => c).ToListAsync(cancellationToken);
    }

    /// <summary>The statement's header, figures and open items; its movements come from <see cref="MovementsAsync"/>.</summary>
    /// <param name="currency">Only entries in it; null when the customer's entries must all be in one currency.</param>
    public async Task<StatementOfAccount> ReadAsync(string customerCode, DateOnly start, DateOnly end, string? currency, bool openItemsOnly, bool includeAging,
        CancellationToken cancellationToken)
    {
        var customer = await _db.Customers.AsNoTracking().SingleAsync(c => c.Code == customerCode, cancellationToken);
        currency = await CurrencyAsync(customerCode, end, currency, cancellationToken);

        var walk = new BalanceWalk(start);
        var openItems = new OpenItemQueue(customer.PaymentTermsDays);
        await foreach (var e in Entries(customerCode, currency, null, end).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            walk.Add(e);
            openItems.Add(e);
        }

        var open = openItems.At(end);
        return new StatementOfAccount(
            _options.CompanyName.Trim(),
            string.IsNullOrWhiteSpace(_options.FooterText) ? null : _options.FooterText.Trim(),
            new StatementCustomer(customer.Code, customer.Name, customer.Address, customer.Contact, customer.Phone, customer.PaymentTermsDays),
            start,
            end,
            currency,
            walk.Opening,
            walk.Debits,
            walk.Credits,
            walk.Balance,
            walk.Movements,
            open,
            includeAging ? Age(open) : null,
            await ReconciliationAsync(customerCode, start, end, currency, cancellationToken),
            openItemsOnly);
    }

    /// <summary>The period's movements with their running balance, streamed from the ledger in the statement's order.</summary>
    public async IAsyncEnumerable<StatementMovement> MovementsAsync(StatementOfAccount statement, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var walk = new BalanceWalk(statement.StartDate, statement.OpeningBalance);
        // From the start on only: the opening balance already stands for everything before.
        await foreach (var e in Entries(statement.Customer.Code, statement.Currency, statement.StartDate, statement.EndDate).AsAsyncEnumerable()
                           .WithCancellation(cancellationToken))
        {
            if (walk.Add(e) is { } movement)
            {
                yield return movement with { DueDate = e.DueDate ?? (e.Amount > 0 ? e.Date.AddDays(statement.Customer.PaymentTermsDays) : null) };
            }
        }
    }

    private IQueryable<StatementEntry> Entries(string customerCode, string currency, DateOnly? from, DateOnly to)
    {
        var entries = _db.LedgerEntries.AsNoTracking().Where(e => e.CustomerCode == customerCode && e.Currency == currency && e.Date <= to);
        if (from is { } start)
        {
            entries = entries.Where(e => e.Date >= start);
        }

        return entries
            .OrderBy(e => e.Date).ThenBy(e => e.DocumentType == DocumentType.OpeningBalance ? 0 : 1).ThenBy(e => e.Id)
            .Select(e => new StatementEntry(e.Date, e.DocumentType, e.DocumentNumber, e.VoucherNumber, e.Memo, e.DueDate, e.Amount));
    }

    private async Task<string> CurrencyAsync(string customerCode, DateOnly end, string? currency, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(currency))
        {
            return currency.Trim().ToUpperInvariant();
        }

        var currencies = await _db.LedgerEntries.AsNoTracking().Where(e => e.CustomerCode == customerCode && e.Date <= end)
            .Select(e => e.Currency).Distinct().OrderBy(c => c).ToListAsync(cancellationToken);
        if (currencies.Count > 1)
        {
            throw RuleViolation.FailedPrecondition("statement.currencies",
                $"Customer '{customerCode}' has entries in {string.Join(", ", currencies)}; name the currency of the statement (one statement per currency).");
        }

        return currencies.SingleOrDefault() ?? "CNY";
    }

    private async Task<StatementReconciliation?> ReconciliationAsync(string customerCode, DateOnly start, DateOnly end, string currency, CancellationToken cancellationToken)
    {
        var run = await _db.Runs.AsNoTracking()
            .Where(r => r.CustomerCode == customerCode && r.Status == RunStatus.Completed && r.StartDate == start && r.EndDate == end)
            .OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        if (run is null || RunFigures.FromJson(run.SummaryJson) is not { } figures)
        {
            return null;
        }

        var balance = figures.Balances.FirstOrDefault(b => string.Equals(b.Currency, currency, StringComparison.OrdinalIgnoreCase));
        return new StatementReconciliation(run.Id, run.EndedAt, figures.Matches, figures.ExceptionsByReason.Values.Sum(),
            balance?.Unexplained ?? 0m, balance?.TheirsAsStated);
    }

    private static StatementAging Age(IReadOnlyList<OpenItem> open)
    {
        var buckets = new decimal[5];
        var credits = 0m;
        foreach (var item in open)
        {
            if (item.Amount < 0)
            {
                credits += -item.Amount;
                continue;
            }

            buckets[item.DaysOverdue switch { <= 30 => 0, <= 60 => 1, <= 90 => 2, <= 180 => 3, _ => 4 }] += item.Amount;
        }

        return new StatementAging(buckets[0], buckets[1], buckets[2], buckets[3], buckets[4], credits);
    }

    public async ValueTask DisposeAsync()
    {
        await _snapshot.DisposeAsync();
        await _db.DisposeAsync();
    }
}

/// <summary>The columns of a ledger entry a statement reads.</summary>
internal sealed record StatementEntry(DateOnly Date, DocumentType DocumentType, string DocumentNumber, string? VoucherNumber, string? Memo, DateOnly? DueDate, decimal Amount);

/// <summary>
/// The running balance over entries in the statement's order. An opening balance dated on the start day states the
/// statement's opening balance; one dated later restates the balance as a movement.
/// </summary>
internal sealed class BalanceWalk(DateOnly start, decimal balance = 0m)
{
    private bool _inPeriod;

    public decimal Balance { get; private set; } = balance;

    public decimal Opening { get; private set; } = balance;

    public decimal Debits { get; private set; }

    public decimal Credits { get; private set; }

    public long Movements { get; private set; }

    /// <summary>Moves the balance by the entry; the movement when the entry is one of the period's.</summary>
    public StatementMovement? Add(StatementEntry e)
    {
        var isOpening = e.DocumentType == DocumentType.OpeningBalance;
        if (!_inPeriod && (e.Date > start || (e.Date == start && !isOpening)))
        {
            _inPeriod = true;
            Opening = Balance;
        }

        var step = isOpening ? e.Amount - Balance : e.Amount;
        Balance = isOpening ? e.Amount : Amounts.Add(Balance, e.Amount);
        if (!_inPeriod)
        {
            Opening = Balance;
            return null;
        }

        var debit = step > 0 ? step : 0m;
        var credit = step < 0 ? -step : 0m;
        Debits += debit;
        Credits += credit;
        Movements++;
        return new StatementMovement(e.Date, e.DocumentType, e.DocumentNumber, e.VoucherNumber, e.Memo, e.DueDate, debit, credit, Balance);
    }
}

/// <summary>
/// Open items, first in, first out: a credit settles the oldest open debits first, and what is left of it waits as an
/// unapplied credit that later debits use up first. An opening balance restates everything: it becomes the one item.
/// Holds only what is open, not the entries.
/// </summary>
internal sealed class OpenItemQueue(int paymentTermsDays)
{
    private readonly LinkedList<Open> _debits = [];
    private readonly LinkedList<Open> _credits = [];

    public void Add(StatementEntry e)
    {
        if (e.DocumentType == DocumentType.OpeningBalance)
        {
            _debits.Clear();
            _credits.Clear();
        }

        if (e.Amount == 0m)
        {
            return;
        }

        var (settles, queue) = e.Amount > 0 ? (_credits, _debits) : (_debits, _credits);
        var left = Math.Abs(e.Amount);
        while (left > 0m && settles.First is { } oldest)
        {
            var applied = Math.Min(left, oldest.Value.Left);
            oldest.Value.Left -= applied;
            left -= applied;
            if (oldest.Value.Left == 0m)
            {
                settles.RemoveFirst();
            }
        }

        if (left > 0m)
        {
            queue.AddLast(new Open(e, left));
        }
    }

    /// <summary>What is open at <paramref name="end"/>: debits oldest first, then unapplied credits.</summary>
    public IReadOnlyList<OpenItem> At(DateOnly end)
    {
        var items = new List<OpenItem>(_debits.Count + _credits.Count);
        foreach (var debit in _debits)
        {
            var e = debit.Entry;
            var due = e.DueDate ?? e.Date.AddDays(paymentTermsDays);
            items.Add(new OpenItem(e.Date, e.DocumentType, e.DocumentNumber, e.Memo, e.Amount, debit.Left, due, Math.Max(0, end.DayNumber - due.DayNumber)));
        }

        foreach (var credit in _credits)
        {
            var e = credit.Entry;
            items.Add(new OpenItem(e.Date, e.DocumentType, e.DocumentNumber, e.Memo, e.Amount, -credit.Left, null, 0));
        }

        return items;
    }

    private sealed class Open(StatementEntry entry, decimal left)
    {
        public StatementEntry Entry { get; } = entry;

        public decimal Left { get; set; } = left;
    }
}
