using Microsoft.EntityFrameworkCore;
using ReconGrpc.Application.Archive;
using ReconGrpc.Data.Changes;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Categories;
using ReconGrpc.Domain.Customers;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Application.Imports;

/// <summary>
/// 客户分类 rows: CreateCategory's rules, through <see cref="CategoryCatalog.AddAsync"/>. A row equal to an existing
/// category is already present; a parent may come earlier in the same file.
/// </summary>
public sealed class CategorySink(ChangeSession session, long batchId, string adapterId) : ImportSink(session, batchId, adapterId)
{
    private CodingScheme? _scheme;

    public override async Task<RowProblem?> AcceptAsync(ImportRecord record, int line, CancellationToken cancellationToken)
    {
        if (record is not CategoryRecord row)
        {
            return new RowProblem(line, null, $"a {record.Kind} record is not a category");
        }

        var db = Session.Db;
        _scheme ??= (await db.CodingSchemes.SingleAsync(cancellationToken)).Scheme;
        try
        {
            var code = _scheme.ParseCode(row.Code);
            var existing = db.Categories.Local.FirstOrDefault(c => c.Code == code.Value) ?? await db.Categories.FindAsync([code.Value], cancellationToken);
            if (existing is not null)
            {
                if (existing.Name == CategoryRules.CleanName(row.Name))
                {
                    Duplicates++;
                    return null;
                }

                return new RowProblem(line, "code", $"category code '{code.Value}' is already used by '{existing.Name}'");
            }

            // The rules of CreateCategory, from the same code; an earlier row of the file is already saved.
            await CategoryCatalog.AddAsync(Session, code, row.Name, $"imported in batch {BatchId}", cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            Imported++;
            return null;
        }
        catch (RuleViolation violation)
        {
            return new RowProblem(line, "code", violation.Message);
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// 客户档案 rows: CreateCustomer's rules, through <see cref="CustomerArchive.AddAsync"/> — leaf category, credit-code
/// check, duplicate guard. A row for a customer already in the archive under the same code and name is already
/// present; any other clash is rejected.
/// </summary>
public sealed class CustomerSink(ChangeSession session, long batchId, string adapterId) : ImportSink(session, batchId, adapterId)
{
    private static readonly IReadOnlyDictionary<string, string> NoDimensions = new Dictionary<string, string>();

    public override async Task<RowProblem?> AcceptAsync(ImportRecord record, int line, CancellationToken cancellationToken)
    {
        if (record is not CustomerRecord row)
        {
            return new RowProblem(line, null, $"a {record.Kind} record is not a customer");
        }

        var db = Session.Db;
        try
        {
            if (string.IsNullOrWhiteSpace(row.CategoryCode))
            {
                return new RowProblem(line, "category", "the customer has no category; give the code of a leaf category");
            }

            var customer = Customer.Create(row.ToProfile(), Session.Now);
            var same = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Code == customer.Code, cancellationToken);
            if (same is not null && same.NormalizedName == customer.NormalizedName)
            {
                Duplicates++;
                return null;
            }

            // The rules of CreateCustomer, from the same code.
            await CustomerArchive.AddAsync(Session, customer, NoDimensions, CustomerOrigin.Imported(BatchId), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            Imported++;
            return null;
        }
        catch (RuleViolation violation)
        {
            return new RowProblem(line, null, violation.Message);
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
