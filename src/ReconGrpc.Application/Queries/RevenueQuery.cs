using Microsoft.EntityFrameworkCore;
using ReconGrpc.Application.Archive;
using ReconGrpc.Data;
using ReconGrpc.Domain;

namespace ReconGrpc.Application.Queries;

/// <summary>What a revenue report is asked for.</summary>
/// <param name="ByCategory">One row per category at <paramref name="CategoryLevel"/> (and per dimension value within it
/// when <paramref name="Dimension"/> is given); false groups by the dimension's values alone.</param>
/// <param name="CategoryLevel">With <paramref name="ByCategory"/>: the level to roll up to; 0 for the default.</param>
public sealed record RevenueRequest(
    DateOnly From,
    DateOnly To,
    string? CategoryCode,
    bool ByCategory,
    int CategoryLevel,
    string? Dimension,
    string? Currency);

/// <summary>One row of a revenue report: a category, a dimension value, or both.</summary>
/// <param name="Sales">Sales invoices and exchanges of the period.</param>
/// <param name="Returns">Returns and credit notes of the period, as a positive reduction.</param>
/// <param name="Revenue">Sales less returns.</param>
/// <param name="Receivables">The balance at the period's end.</param>
public sealed record RevenueLine(string CategoryCode, string CategoryName, string? DimensionValue, decimal Sales, decimal Returns, decimal Revenue, decimal Receivables, int CustomerCount);

/// <summary>Revenue and receivables by category (收入与应收按分类).</summary>
public sealed record RevenueReport(DateOnly From, DateOnly To, string Currency, string? Dimension, IReadOnlyList<RevenueLine> Rows, RevenueLine Total);

/// <summary>
/// Revenue per category for a period, each sale in the category its customer was in on the sale's date, and the
/// receivables at the period's end in the category in force then. The database aggregates per customer and
/// category period (<see cref="OpenItemsSql.SalesByCategory"/>, <see cref="OpenItemsSql.BalancesByCategory"/>);
/// only those rows are rolled up here.
/// </summary>
public sealed class RevenueQuery(IDbContextFactory<ReconDbContext> contexts)
{
    public async Task<RevenueReport> GetAsync(RevenueRequest request, CancellationToken cancellationToken)
    {
        if (request.To < request.From)
        {
            throw RuleViolation.Invalid("revenue.dates", $"The period ends ({request.To:yyyy-MM-dd}) before it starts ({request.From:yyyy-MM-dd}).");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var snapshot = await ReadSnapshot.BeginAsync(db, cancellationToken);
        string? prefix = null;
        if (!string.IsNullOrWhiteSpace(request.CategoryCode))
        {
            await CategoryScope.OfAsync(db, request.CategoryCode, cancellationToken);
            prefix = request.CategoryCode.Trim();
        }

        string? dimension = null;
        if (!string.IsNullOrWhiteSpace(request.Dimension))
        {
            dimension = request.Dimension.Trim();
            var code = dimension;
            if (!await db.Dimensions.AnyAsync(d => d.Code == code, cancellationToken))
            {
                throw RuleViolation.NotFound("dimension.not_found", $"There is no dimension '{InputText.Echo(dimension)}'.");
            }
        }

        if (!request.ByCategory && dimension is null)
        {
            throw RuleViolation.Invalid("revenue.grouping", "A revenue report grouped by dimension needs the dimension's code (dimension); or group it by category.");
        }

        var length = await AgingQuery.RollUpLengthAsync(db, "revenue", request.ByCategory, prefix, request.CategoryLevel, cancellationToken);

        var currency = string.IsNullOrWhiteSpace(request.Currency) ? null : request.Currency.Trim().ToUpperInvariant();
        await db.Database.OpenConnectionAsync(cancellationToken);
        var parts = new List<Part>();
        await using (var command = OpenItemsSql.SalesByCategory(db, request.From, request.To, currency, dimension))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                parts.Add(new Part(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.GetInt64(3), reader.GetInt64(4), 0));
            }
        }

        await using (var command = OpenItemsSql.BalancesByCategory(db, request.To, currency, dimension))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var balance = reader.GetInt64(2);
                if (balance != 0)
                {
                    parts.Add(new Part(reader.GetString(0), reader.GetString(1), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4), 0, 0, balance));
                }
            }
        }

        if (prefix is not null)
        {
            parts.RemoveAll(p => !p.Category.StartsWith(prefix, StringComparison.Ordinal));
        }

        parts.RemoveAll(p => p is { Sold: 0, Returned: 0, Balance: 0 });
        var reportCurrency = currency ?? OneCurrency(parts.Select(p => p.Currency));
        var groups = parts
            .GroupBy(p => (Category: length is { } l ? (p.Category.Length > l ? p.Category[..l] : p.Category) : "", Value: dimension is null ? null : p.DimensionValue ?? ""))
            .ToList();
        var codes = groups.Select(g => g.Key.Category).Distinct().ToList();
        var names = await db.Categories.AsNoTracking().Where(c => codes.Contains(c.Code)).ToDictionaryAsync(c => c.Code, c => c.Name, StringComparer.Ordinal, cancellationToken);
        var rows = groups
            .Select(g => Line(g.Key.Category, names.GetValueOrDefault(g.Key.Category, ""), g.Key.Value, g.ToList()))
            .OrderBy(r => r.CategoryCode, StringComparer.Ordinal).ThenBy(r => r.DimensionValue, StringComparer.Ordinal)
            .ToList();
        return new RevenueReport(request.From, request.To, reportCurrency, dimension, rows, Line("", "Total", null, parts));
    }

    /// <summary>A customer's figures in one currency and category (and dimension value), in ten-thousandths.</summary>
    private sealed record Part(string Code, string Currency, string Category, string? DimensionValue, long Sold, long Returned, long Balance);

    private static RevenueLine Line(string code, string name, string? value, IReadOnlyCollection<Part> parts)
    {
        long sold = parts.Sum(p => p.Sold), returned = parts.Sum(p => p.Returned);
        return new RevenueLine(code, name, value, Money(sold), Money(returned), Money(sold - returned), Money(parts.Sum(p => p.Balance)),
            parts.Select(p => p.Code).Distinct(StringComparer.Ordinal).Count());
    }

    private static decimal Money(long units) => LedgerAmountUnits.ToMoney(units);

    /// <summary>The only currency found, or CNY when none; FAILED_PRECONDITION naming them for several.</summary>
    internal static string OneCurrency(IEnumerable<string> found)
    {
        var currencies = found.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return currencies.Count switch
        {
            0 => AgingQuery.DefaultCurrency,
            1 => currencies[0],
            _ => throw RuleViolation.FailedPrecondition("revenue.currencies",
                $"The customers have entries in {string.Join(", ", currencies)}; revenue adds amounts of one currency: ask for one of them (currency)."),
        };
    }
}
