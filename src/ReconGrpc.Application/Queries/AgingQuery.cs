using Microsoft.EntityFrameworkCore;
using ReconGrpc.Application.Archive;
using ReconGrpc.Data;
using ReconGrpc.Domain;

namespace ReconGrpc.Application.Queries;

/// <summary>What an aging report is asked for.</summary>
/// <param name="BucketUpperDays">The upper bound of each bucket but the last; empty for 30, 60, 90, 180.</param>
/// <param name="CategoryLevel">With <paramref name="ByCategory"/>: the level to roll up to; 0 for the default.</param>
public sealed record AgingRequest(
    DateOnly AsOf,
    AgingBasis Basis,
    IReadOnlyList<int> BucketUpperDays,
    string? CustomerCode,
    string? CategoryCode,
    bool ByCategory,
    int CategoryLevel,
    string? Currency);

/// <summary>One row of an aging report; <see cref="Buckets"/> follow the report's bounds.</summary>
public sealed record AgingLine(string Code, string Name, decimal Balance, decimal NotDue, IReadOnlyList<decimal> Buckets, decimal UnappliedCredit, decimal? CreditLimit, int CustomerCount);

/// <summary>An aging report (账龄分析).</summary>
public sealed record AgingReport(DateOnly AsOf, string Currency, IReadOnlyList<int> BucketUpperDays, IReadOnlyList<AgingLine> Rows, AgingLine Total);

/// <summary>A customer's open items in one currency as of a date, settled first in first out.</summary>
/// <param name="Slots">Slot 0: not yet due; slot k: the k-th bucket, oldest last (see <see cref="OpenItemsSql.Slots"/>).</param>
internal sealed record CustomerOpenItems(string Code, string Currency, string Name, string CategoryCode, decimal? CreditLimit, decimal Balance, decimal[] Slots, decimal UnappliedCredit);

/// <summary>
/// Ages what customers owe. The database sums each customer's credits and its debits per bucket by basis date; the
/// credits then settle the oldest buckets first. That is first-in-first-out settlement item by item (by basis date,
/// then id) summed per bucket: which of the items in one bucket a credit settles never changes the bucket's total.
/// </summary>
public sealed class AgingQuery(IDbContextFactory<ReconDbContext> contexts)
{
    public static readonly IReadOnlyList<int> DefaultBuckets = [30, 60, 90, 180];
    public const int MaxBuckets = 12;
    public const int MaxBucketDays = 36_500;
    public const string DefaultCurrency = "CNY";

    public async Task<AgingReport> GetAsync(AgingRequest request, CancellationToken cancellationToken)
    {
        var bounds = CheckedBuckets(request.BucketUpperDays);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var scope = await ScopeAsync(db, request.AsOf, request.CustomerCode, request.CategoryCode, request.Currency, cancellationToken);
        var prefixLength = await RollUpLengthAsync(db, "aging", request.ByCategory, request.CategoryCode, request.CategoryLevel, cancellationToken);

        var items = await ReadAsync(db, scope, request.Basis, bounds, cancellationToken);
        var currency = OneCurrency(items, scope.Currency, "an aging report");
        var withBalance = items.Where(i => i.Balance != 0m).ToList();
        List<AgingLine> rows;
        if (prefixLength is { } length)
        {
            var groups = withBalance.GroupBy(i => i.CategoryCode.Length > length ? i.CategoryCode[..length] : i.CategoryCode, StringComparer.Ordinal).ToList();
            var codes = groups.Select(g => g.Key).ToList();
            var names = await db.Categories.AsNoTracking().Where(c => codes.Contains(c.Code)).ToDictionaryAsync(c => c.Code, c => c.Name, StringComparer.Ordinal, cancellationToken);
            rows = groups.Select(g => Sum(g.Key, names.GetValueOrDefault(g.Key, ""), g.Select(Line).ToList(), bounds.Count))
                .OrderBy(r => r.Code, StringComparer.Ordinal).ToList();
        }
        else
        {
            rows = withBalance.Select(Line).OrderBy(r => r.Code, StringComparer.Ordinal).ToList();
        }

        return new AgingReport(request.AsOf, currency, bounds, rows, Sum("", "Total", rows, bounds.Count));
    }

    /// <summary>The bounds as given, or the default; INVALID_ARGUMENT unless positive, ascending and at most <see cref="MaxBuckets"/>.</summary>
    internal static IReadOnlyList<int> CheckedBuckets(IReadOnlyList<int> upperDays)
    {
        if (upperDays.Count == 0)
        {
            return DefaultBuckets;
        }

        if (upperDays.Count > MaxBuckets)
        {
            throw RuleViolation.Invalid("aging.buckets", $"At most {MaxBuckets} bucket bounds can be given; {upperDays.Count} were.");
        }

        for (var i = 0; i < upperDays.Count; i++)
        {
            if (upperDays[i] is <= 0 or > MaxBucketDays || (i > 0 && upperDays[i] <= upperDays[i - 1]))
            {
                throw RuleViolation.Invalid("aging.buckets",
                    $"Bucket bounds are days from 1 to {MaxBucketDays} in ascending order, e.g. 30,60,90,180; {string.Join(",", upperDays)} was given.");
            }
        }

        return upperDays;
    }

    /// <summary>The scope of a report: the customer or category checked to exist (NOT_FOUND otherwise), the currency normalised.</summary>
    internal static async Task<OpenItemsSql.Scope> ScopeAsync(ReconDbContext db, DateOnly asOf, string? customerCode, string? categoryCode, string? currency, CancellationToken cancellationToken)
    {
        string? customer = null;
        if (!string.IsNullOrWhiteSpace(customerCode))
        {
            customer = customerCode.Trim();
            if (!await db.Customers.AnyAsync(c => c.Code == customer, cancellationToken))
            {
                throw RuleViolation.NotFound("customer.not_found", $"There is no customer with code '{InputText.Echo(customer)}'.");
            }
        }

        string? prefix = null;
        if (!string.IsNullOrWhiteSpace(categoryCode))
        {
            await CategoryScope.OfAsync(db, categoryCode, cancellationToken);
            prefix = categoryCode.Trim();
        }

        return new OpenItemsSql.Scope(asOf, customer, prefix, string.IsNullOrWhiteSpace(currency) ? null : currency.Trim().ToUpperInvariant());
    }

    /// <summary>The currency every row is in: the one asked for, the only one found, or CNY when none; FAILED_PRECONDITION for several.</summary>
    internal static string OneCurrency(IEnumerable<CustomerOpenItems> items, string? asked, string what)
    {
        if (asked is not null)
        {
            return asked;
        }

        var currencies = items.Select(i => i.Currency).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return currencies.Count switch
        {
            0 => DefaultCurrency,
            1 => currencies[0],
            _ => throw RuleViolation.FailedPrecondition("aging.currencies",
                $"The customers have entries in {string.Join(", ", currencies)}; {what} adds amounts of one currency: ask for one of them."),
        };
    }

    /// <summary>
    /// For a report grouped by category, the length of the category codes it rolls up to; null for one that is not,
    /// which must then leave the level at 0 (INVALID_ARGUMENT <c>{report}.level_without_category</c> otherwise).
    /// </summary>
    internal static async Task<int?> RollUpLengthAsync(ReconDbContext db, string report, bool byCategory, string? categoryCode, int level,
        CancellationToken cancellationToken)
    {
        if (byCategory)
        {
            return await RollUpLengthAsync(db, categoryCode, level, cancellationToken);
        }

        if (level != 0)
        {
            throw RuleViolation.Invalid($"{report}.level_without_category", "category_level applies to a report grouped by category; set group_by to category or leave the level at 0.");
        }

        return null;
    }

    internal static async Task<int> RollUpLengthAsync(ReconDbContext db, string? categoryCode, int level, CancellationToken cancellationToken)
    {
        var scheme = (await db.CodingSchemes.AsNoTracking().SingleAsync(cancellationToken)).Scheme;
        var floor = string.IsNullOrWhiteSpace(categoryCode) ? 1 : (await db.Categories.AsNoTracking().SingleAsync(c => c.Code == categoryCode.Trim(), cancellationToken)).Level;
        if (level == 0)
        {
            level = string.IsNullOrWhiteSpace(categoryCode) ? 1 : Math.Min(floor + 1, scheme.Levels);
        }

        if (level < 1 || level > scheme.Levels)
        {
            throw RuleViolation.Invalid("aging.level", $"category_level {level} is outside the coding scheme {scheme.Pattern}, which has levels 1 to {scheme.Levels}.");
        }

        if (level < floor)
        {
            throw RuleViolation.Invalid("aging.level", $"category_level {level} is above category '{categoryCode!.Trim()}' (level {floor}); give {floor} to {scheme.Levels}.");
        }

        return scheme.CodeLength(level);
    }

    /// <summary>Every customer's open items in scope, one per customer and currency.</summary>
    internal static async Task<List<CustomerOpenItems>> ReadAsync(ReconDbContext db, OpenItemsSql.Scope scope, AgingBasis basis, IReadOnlyList<int> bounds, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = OpenItemsSql.Slots(db, scope, basis, bounds);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var slotCount = bounds.Count + 2;
        var result = new List<CustomerOpenItems>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var credit = reader.GetInt64(2);
            var slots = new long[slotCount];
            for (var k = 0; k < slotCount; k++)
            {
                slots[k] = reader.GetInt64(3 + k);
            }

            var balance = slots.Sum() - credit;
            // First in, first out: the credits settle the oldest slot (the last) first, not-yet-due items (slot 0) last.
            var left = credit;
            for (var k = slotCount - 1; k >= 0 && left > 0; k--)
            {
                var settled = Math.Min(slots[k], left);
                slots[k] -= settled;
                left -= settled;
            }

            var limitOrdinal = 3 + slotCount + 2;
            result.Add(new CustomerOpenItems(reader.GetString(0), reader.GetString(1), reader.GetString(3 + slotCount), reader.GetString(4 + slotCount),
                reader.IsDBNull(limitOrdinal) ? null : reader.GetDecimal(limitOrdinal),
                Money(balance), slots.Select(Money).ToArray(), Money(-left)));
        }

        return result;
    }

    private static decimal Money(long units) => LedgerAmountUnits.ToMoney(units);

    private static AgingLine Line(CustomerOpenItems i) =>
        new(i.Code, i.Name, i.Balance, i.Slots[0], i.Slots[1..], i.UnappliedCredit, i.CreditLimit, 1);

    private static AgingLine Sum(string code, string name, IReadOnlyList<AgingLine> lines, int bounds)
    {
        var buckets = new decimal[bounds + 1];
        foreach (var line in lines)
        {
            for (var k = 0; k < buckets.Length; k++)
            {
                buckets[k] = Amounts.Add(buckets[k], line.Buckets[k]);
            }
        }

        return new AgingLine(code, name, lines.Aggregate(0m, (s, l) => Amounts.Add(s, l.Balance)), lines.Aggregate(0m, (s, l) => Amounts.Add(s, l.NotDue)),
            buckets, lines.Aggregate(0m, (s, l) => Amounts.Add(s, l.UnappliedCredit)), null, lines.Sum(l => l.CustomerCount));
    }
}
