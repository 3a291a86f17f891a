using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Domain.Customers;

namespace ReconGrpc.Application.Queries;

/// <summary>The outcome of a data-quality check.</summary>
public sealed record DataQualityReport(IReadOnlyList<DataQualityFinding> Findings, int CustomersChecked);

/// <summary>Checks the whole archive against the data-quality rules (<see cref="DataQuality"/>).</summary>
public sealed class DataQualityQuery(IDbContextFactory<ReconDbContext> contexts)
{
    public async Task<DataQualityReport> RunAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Customers.AsNoTracking()
            .Select(c => new CustomerQualityRow(c.Code, c.Name, c.NormalizedName, c.CreditCode, c.Address, c.Phone, c.Contact, c.BankAccount,
                c.CategoryCode, !db.Categories.Any(child => child.ParentCode == c.CategoryCode)))
            .ToListAsync(cancellationToken);
        return new DataQualityReport(DataQuality.Check(rows), rows.Count);
    }
}
