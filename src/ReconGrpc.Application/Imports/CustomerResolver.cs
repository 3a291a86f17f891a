using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Data.Protection;
using ReconGrpc.Domain.Customers;

namespace ReconGrpc.Application.Imports;

/// <summary>
/// Finds the customer an imported row means: by code, else by 统一社会信用代码 (trimmed and upper-cased as the archive
/// stores it, found by its keyed hash), else by name after normalisation (the same rules as the duplicate guard). A row whose code and credit
/// code both name customers, but different ones, contradicts itself and is matched to neither. A credit code or a
/// name shared by two customers matches nobody. Answers are cached for the import, so each customer costs one query
/// per way of naming it.
/// </summary>
public sealed class CustomerResolver(ReconDbContext db)
{
    private readonly Dictionary<string, ResolvedCustomer?> _byCode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ResolvedCustomer?> _byCreditCode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ResolvedCustomer?> _byName = new(StringComparer.Ordinal);

    /// <remarks>A ValueTask: once a customer is cached, rows resolve without awaiting anything, and so without a task each.</remarks>
    public async ValueTask<CustomerMatch> ResolveAsync(string? code, string? creditCode, string? name, CancellationToken cancellationToken)
    {
        ResolvedCustomer? byCode = null;
        if (!string.IsNullOrWhiteSpace(code))
        {
            var key = code.Trim();
            if (!_byCode.TryGetValue(key, out byCode))
            {
                byCode = await db.Customers.AsNoTracking().Where(c => c.Code == key)
                    .Select(c => new ResolvedCustomer(c.Code, c.PaymentTermsDays)).SingleOrDefaultAsync(cancellationToken);
                _byCode[key] = byCode;
            }
        }

        ResolvedCustomer? byCreditCode = null;
        if (Uscc.Normalize(creditCode) is { } credit)
        {
            if (!_byCreditCode.TryGetValue(credit, out byCreditCode))
            {
                var matches = await db.Customers.AsNoTracking().CreditCodeIs(db, credit)
                    .Select(c => new ResolvedCustomer(c.Code, c.PaymentTermsDays)).Take(2).ToListAsync(cancellationToken);
                byCreditCode = matches.Count == 1 ? matches[0] : null;
                _byCreditCode[credit] = byCreditCode;
            }

            if (byCode is not null && byCreditCode is not null && !string.Equals(byCode.Code, byCreditCode.Code, StringComparison.Ordinal))
            {
                return new CustomerMatch(null, Contradiction: true, Problem:
                    $"客户编码 '{code!.Trim()}' is customer '{byCode.Code}' but 统一社会信用代码 '{credit}' belongs to customer '{byCreditCode.Code}'; "
                    + "the row contradicts itself, so it is booked to neither: correct the code or the credit code");
            }
        }

        if ((byCode ?? byCreditCode) is { } found)
        {
            return new CustomerMatch(found, Contradiction: false, Problem: null);
        }

        if (!string.IsNullOrWhiteSpace(name))
        {
            var normalized = CompanyName.Normalize(name);
            if (!_byName.TryGetValue(normalized, out var byName))
            {
                var matches = await db.Customers.AsNoTracking().Where(c => c.NormalizedName == normalized)
                    .Select(c => new ResolvedCustomer(c.Code, c.PaymentTermsDays)).Take(2).ToListAsync(cancellationToken);
                byName = matches.Count == 1 ? matches[0] : null;
                _byName[normalized] = byName;
            }

            if (byName is not null)
            {
                return new CustomerMatch(byName, Contradiction: false, Problem: null);
            }
        }

        return new CustomerMatch(null, Contradiction: false, Problem: NotFound(code, creditCode, name));
    }

    /// <summary>"no customer with code 'X', credit code 'Y' or name 'Z'", naming only what the row gave.</summary>
    private static string NotFound(string? code, string? creditCode, string? name)
    {
        var given = new List<string>(3);
        if (!string.IsNullOrWhiteSpace(code))
        {
            given.Add($"code '{code.Trim()}'");
        }

        if (Uscc.Normalize(creditCode) is { } credit)
        {
            given.Add($"credit code '{credit}'");
        }

        if (!string.IsNullOrWhiteSpace(name))
        {
            given.Add($"name '{name.Trim()}'");
        }

        return given.Count switch
        {
            0 => "the row names no customer (no code, credit code or name)",
            1 => $"no customer with {given[0]}",
            _ => $"no customer with {string.Join(", ", given[..^1])} or {given[^1]}",
        };
    }
}

/// <summary>A customer an import row was matched to.</summary>
public sealed record ResolvedCustomer(string Code, int PaymentTermsDays);

/// <summary>
/// What resolving a row's customer gave: the customer, or why there is none. <paramref name="Contradiction"/> means
/// the row's code and credit code name two different customers, so the row must be rejected even where an unknown
/// customer would be tolerated. A value, not an object: every imported row gets one.
/// </summary>
public readonly record struct CustomerMatch(ResolvedCustomer? Customer, bool Contradiction, string? Problem);
