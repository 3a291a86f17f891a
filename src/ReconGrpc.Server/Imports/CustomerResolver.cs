using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Domain.Customers;

namespace ReconGrpc.Server.Imports;

/// <summary>
/// Finds the customer an imported row means: by code, or else by name after normalisation (the same rules as
/// the duplicate guard). Answers are cached for the import, so each customer costs one query.
/// </summary>
public sealed class CustomerResolver(ReconDbContext db)
{
    private readonly Dictionary<string, ResolvedCustomer?> _byCode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ResolvedCustomer?> _byName = new(StringComparer.Ordinal);

    public async Task<ResolvedCustomer?> ResolveAsync(string? code, string? name, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(code))
        {
            var key = code.Trim();
            if (!_byCode.TryGetValue(key, out var byCode))
            {
                byCode = await db.Customers.AsNoTracking().Where(c => c.Code == key)
                    .Select(c => new ResolvedCustomer(c.Code, c.PaymentTermsDays)).SingleOrDefaultAsync(cancellationToken);
                _byCode[key] = byCode;
            }

            if (byCode is not null)
            {
                return byCode;
            }
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

            return byName;
        }

        return null;
    }
}

/// <summary>A customer an import row was matched to.</summary>
public sealed record ResolvedCustomer(string Code, int PaymentTermsDays);
