using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Customers;

namespace ReconGrpc.Application.Queries;

/// <summary>
/// The computed filters of a customer search, over a period of whole months. Purchases are sales less returns as the
/// revenue report counts them (<see cref="OpenItemsSql.PurchasesByCustomer"/>); every bound holds its edge.
/// </summary>
/// <param name="From">The first day of the period's first month.</param>
/// <param name="To">The last day of the period's last month; the overdue balance is taken at it.</param>
/// <param name="CustomerSinceBefore">Customers whose first ledger entry or creation (the earlier) is before this day.</param>
public sealed record PurchaseFilters(
    DateOnly? From,
    DateOnly? To,
    decimal? MinTotalPurchases,
    decimal? MaxTotalPurchases,
    decimal? MinAverageMonthlyPurchases,
    decimal? MaxAverageMonthlyPurchases,
    int? MinMonthsActive,
    DateOnly? CustomerSinceBefore,
    decimal? MinOverdueBalance,
    string? Currency)
{
    public static PurchaseFilters None { get; } = new(null, null, null, null, null, null, null, null, null, null);

    /// <summary>A filter needing the period's figures is given.</summary>
    public bool NeedsPeriod => MinTotalPurchases is not null || MaxTotalPurchases is not null || MinAverageMonthlyPurchases is not null
                               || MaxAverageMonthlyPurchases is not null || MinMonthsActive is not null || MinOverdueBalance is not null;

    /// <summary>Figures are computed and returned: a period or a computed filter is given.</summary>
    public bool Any => NeedsPeriod || From is not null || To is not null || CustomerSinceBefore is not null;
}

/// <summary>
/// A customer's figures behind the computed filters; the period's figures are null without a period, the overdue
/// balance without its filter.
/// </summary>
/// <param name="Months">The period's length in months, which the average divides by.</param>
/// <param name="AverageMonthlyPurchases">Total purchases over <paramref name="Months"/>, rounded half away from zero to the fen;
/// the filters compare the unrounded quotient.</param>
public sealed record CustomerFigures(
    string CustomerCode,
    string? Currency,
    decimal? TotalPurchases,
    decimal? AverageMonthlyPurchases,
    int MonthsActive,
    int Months,
    DateOnly CustomerSince,
    decimal? OverdueBalance);

/// <summary>
/// Computes the search's figures for every customer in the database — one aggregate row per customer, never the
/// entries — and says which customers pass.
/// </summary>
internal sealed class CustomerFiguresQuery
{
    private readonly PurchaseFilters _filters;
    private readonly Dictionary<string, (long Sold, long Returned, int MonthsActive)> _purchases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _overdue = new(StringComparer.Ordinal);
    private int _months;
    private DateOnly _from;
    private DateOnly _to;

    /// <summary>Purchases are read for a page's customers only, when it is known (<see cref="FiguresAsync"/>).</summary>
    private bool _perPage;

    private CustomerFiguresQuery(PurchaseFilters filters) => _filters = filters;

    public string? Currency { get; private set; }

    public static async Task<CustomerFiguresQuery> ReadAsync(ReconDbContext db, PurchaseFilters filters, CancellationToken cancellationToken)
    {
        var query = new CustomerFiguresQuery(filters);
        if (filters.From is null && filters.To is null)
        {
            if (filters.NeedsPeriod)
            {
                throw RuleViolation.Invalid("search.period_required",
                    "Purchase, months-active and overdue filters are computed over a period: give period_start and period_end (whole months, e.g. 2025-04-01 to 2026-03-31).");
            }

            return query;
        }

        if (filters.From is not { } from || filters.To is not { } to)
        {
            throw RuleViolation.Invalid("search.period_required", "A search period needs both period_start and period_end.");
        }

        if (from.Day != 1 || to.AddDays(1).Day != 1 || to < from)
        {
            throw RuleViolation.Invalid("search.period_months",
                $"The search period is whole months: from a month's first day to a month's last day (e.g. 2025-04-01 to 2026-03-31); {from:yyyy-MM-dd} to {to:yyyy-MM-dd} was given.");
        }

        query._months = (to.Year * 12 + to.Month) - (from.Year * 12 + from.Month) + 1;
        var currency = string.IsNullOrWhiteSpace(filters.Currency) ? null : filters.Currency.Trim().ToUpperInvariant();
        if (currency is not null && !filters.NeedsPeriod)
        {
            // No filter on the figures and the currency given: nothing but the page's customers needs them, so they are
            // read for those alone rather than aggregated over every customer's period (a screen asking for one page
            // of figures read the whole period's ledger each time).
            query.Currency = currency;
            (query._from, query._to, query._perPage) = (from, to, true);
            return query;
        }

        var currencies = new HashSet<string>(StringComparer.Ordinal);
        var purchases = new List<(string Code, string Currency, long Sold, long Returned, int Active)>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using (var command = OpenItemsSql.PurchasesByCustomer(db, from, to, currency))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                purchases.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), Convert.ToInt32(reader.GetValue(4), System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        // The overdue balance costs an aging of every customer: computed only when a filter asks for it.
        var open = filters.MinOverdueBalance is null
            ? []
            : await AgingQuery.ReadAsync(db, new OpenItemsSql.Scope(to, null, null, currency), AgingBasis.DueDate, [0], cancellationToken);
        currencies.UnionWith(purchases.Where(p => p.Sold != 0 || p.Returned != 0).Select(p => p.Currency));
        currencies.UnionWith(open.Where(o => o.Balance != 0m).Select(o => o.Currency));
        query.Currency = currency ?? RevenueQuery.OneCurrency(currencies);
        foreach (var p in purchases.Where(p => p.Currency == query.Currency))
        {
            query._purchases[p.Code] = (p.Sold, p.Returned, p.Active);
        }

        foreach (var o in open.Where(o => o.Currency == query.Currency))
        {
            // As credit control counts it: slot 2 holds what was due before the day (slot 1 what falls due on it), left
            // after the credits settled the oldest first.
            query._overdue[o.Code] = o.Slots[2];
        }

        return query;
    }

    /// <summary>Narrows a customer query to those passing the filters, in the database.</summary>
    public IQueryable<Customer> Apply(ReconDbContext db, IQueryable<Customer> customers)
    {
        if (_filters.CustomerSinceBefore is { } before)
        {
            var midnight = new DateTimeOffset(before.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            customers = customers.Where(c => c.CreatedAt < midnight || db.LedgerEntries.Any(e => e.CustomerCode == c.Code && e.Date < before));
        }

        if (!_filters.NeedsPeriod)
        {
            return customers;
        }

        // A customer without figures has none of them: zero purchases, no active month, nothing overdue. When that
        // passes, the customers failing are excluded; otherwise only those passing are kept.
        var known = _purchases.Keys.Union(_overdue.Keys, StringComparer.Ordinal);
        if (Passes(null))
        {
            var failing = known.Where(code => !Passes(code)).ToList();
            return customers.Where(c => !failing.Contains(c.Code));
        }

        var passing = known.Where(Passes).ToList();
        return customers.Where(c => passing.Contains(c.Code));
    }

    private bool Passes(string? code)
    {
        var (sold, returned, active) = code is not null && _purchases.TryGetValue(code, out var p) ? p : (0L, 0L, 0);
        var total = Money(sold - returned);
        var overdue = code is not null ? _overdue.GetValueOrDefault(code) : 0m;
        var f = _filters;
        return (f.MinTotalPurchases is not { } minTotal || total >= minTotal)
               && (f.MaxTotalPurchases is not { } maxTotal || total <= maxTotal)
               && (f.MinAverageMonthlyPurchases is not { } minAverage || total >= minAverage * _months)
               && (f.MaxAverageMonthlyPurchases is not { } maxAverage || total <= maxAverage * _months)
               && (f.MinMonthsActive is not { } minMonths || active >= minMonths)
               && (f.MinOverdueBalance is not { } minOverdue || overdue >= minOverdue);
    }

    /// <summary>The figures of the customers of a page.</summary>
    public async Task<IReadOnlyDictionary<string, CustomerFigures>> FiguresAsync(ReconDbContext db, IReadOnlyList<Customer> page, CancellationToken cancellationToken)
    {
        var codes = page.Select(c => c.Code).ToList();
        var firstEntries = await db.LedgerEntries.AsNoTracking().Where(e => codes.Contains(e.CustomerCode))
            .GroupBy(e => e.CustomerCode).Select(g => new { Code = g.Key, First = g.Min(e => e.Date) })
            .ToDictionaryAsync(x => x.Code, x => x.First, StringComparer.Ordinal, cancellationToken);
        if (_perPage && codes.Count > 0)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            await using var command = OpenItemsSql.PurchasesByCustomer(db, _from, _to, Currency, codes);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.GetString(1) == Currency)
                {
                    _purchases[reader.GetString(0)] = (reader.GetInt64(2), reader.GetInt64(3),
                        Convert.ToInt32(reader.GetValue(4), System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }

        var result = new Dictionary<string, CustomerFigures>(StringComparer.Ordinal);
        foreach (var customer in page)
        {
            var created = DateOnly.FromDateTime(customer.CreatedAt.UtcDateTime);
            var since = firstEntries.TryGetValue(customer.Code, out var first) && first < created ? first : created;
            if (_months == 0)
            {
                result[customer.Code] = new CustomerFigures(customer.Code, null, null, null, 0, 0, since, null);
                continue;
            }

            var (sold, returned, active) = _purchases.TryGetValue(customer.Code, out var p) ? p : (0L, 0L, 0);
            var total = Money(sold - returned);
            result[customer.Code] = new CustomerFigures(customer.Code, Currency, total, decimal.Round(total / _months, 2, MidpointRounding.AwayFromZero),
                active, _months, since, _filters.MinOverdueBalance is null ? null : _overdue.GetValueOrDefault(customer.Code));
        }

        return result;
    }

    private static decimal Money(long units) => LedgerAmountUnits.ToMoney(units);
}
