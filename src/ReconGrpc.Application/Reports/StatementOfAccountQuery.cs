using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using ReconGrpc.Application.Archive;
using ReconGrpc.Application.Queries;
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
/// entry before its date). The open items and their aging are <see cref="AgingQuery"/>'s, so a statement and the aging
/// report agree to the cent.
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
        await foreach (var e in Entries(customerCode, currency, null, end).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            walk.Add(e);
        }

        var (open, aging) = await OpenItemsAsync(customerCode, currency, end, cancellationToken);
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
            includeAging ? aging : null,
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
            .Where(r => r.CustomerCode == customerCode && r.Status == RunStatus.Completed && !r.DryRun && r.StartDate == start && r.EndDate == end)
            .OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        if (run is null || RunFigures.FromJson(run.SummaryJson) is not { } figures)
        {
            return null;
        }

        var balance = figures.Balances.FirstOrDefault(b => string.Equals(b.Currency, currency, StringComparison.OrdinalIgnoreCase));
        return new StatementReconciliation(run.Id, run.EndedAt, figures.Matches, figures.ExceptionsByReason.Values.Sum(),
            balance?.Unexplained ?? 0m, balance?.TheirsAsStated);
    }

    /// <summary>
    /// What is open at the end, as the aging report counts it: its figures first, then the items that make them up —
    /// the newest debits by due date until the open debits are reached (the last one perhaps in part), and the newest
    /// credits until the unapplied credit is.
    /// </summary>
    private async Task<(IReadOnlyList<OpenItem> Items, StatementAging Aging)> OpenItemsAsync(string customerCode, string currency, DateOnly end,
        CancellationToken cancellationToken)
    {
        var scope = new OpenItemsSql.Scope(end, customerCode, null, currency);
        var figures = (await AgingQuery.ReadAsync(_db, scope, AgingBasis.DueDate, AgingQuery.DefaultBuckets, cancellationToken)).SingleOrDefault();
        var slots = figures?.Slots ?? new decimal[AgingQuery.DefaultBuckets.Count + 2];
        var unapplied = -(figures?.UnappliedCredit ?? 0m);
        var debits = await NewestItemsAsync(end, customerCode, currency, debits: true, slots.Sum(), cancellationToken);
        var credits = await NewestItemsAsync(end, customerCode, currency, debits: false, unapplied, cancellationToken);
        var items = debits.AsEnumerable().Reverse().Concat(credits.AsEnumerable().Reverse()).ToList();
        return (items, new StatementAging(slots[0], slots[1], slots[2], slots[3], slots[4], slots[5], unapplied));
    }

    private async Task<List<OpenItem>> NewestItemsAsync(DateOnly end, string customerCode, string currency, bool debits, decimal open, CancellationToken cancellationToken)
    {
        var items = new List<OpenItem>();
        if (open == 0m)
        {
            return items;
        }

        await using var command = OpenItemsSql.ItemsNewestFirst(_db, end, customerCode, currency, debits);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var left = open;
        while (left > 0m && await reader.ReadAsync(cancellationToken))
        {
            var units = LedgerAmountUnits.ToMoney(Math.Abs(reader.GetInt64(0)));
            var part = Math.Min(units, left);
            left -= part;
            var due = debits ? OpenItemsSql.ReadDate(reader, 1) : (DateOnly?)null;
            items.Add(new OpenItem(OpenItemsSql.ReadDate(reader, 2), Enum.Parse<DocumentType>(reader.GetString(3)), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetDecimal(6), debits ? part : -part, due,
                due is { } d ? Math.Max(0, end.DayNumber - d.DayNumber) : 0));
        }

        return items;
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
