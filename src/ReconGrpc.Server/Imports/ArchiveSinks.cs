using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data.Changes;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Categories;
using ReconGrpc.Domain.Customers;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Server.Imports;

/// <summary>
/// 客户分类 rows: the same rules as CreateCategory (scheme, parent, sibling names). A row equal to an existing
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

            var parent = code.ParentCode is null ? null
                : db.Categories.Local.FirstOrDefault(c => c.Code == code.ParentCode) ?? await db.Categories.FindAsync([code.ParentCode], cancellationToken);
            CategoryRules.EnsureCanCreate(code, codeTaken: false, parent);
            var siblings = db.Categories.Local.Where(c => c.ParentCode == code.ParentCode)
                .Concat(await db.Categories.AsNoTracking().Where(c => c.ParentCode == code.ParentCode).ToListAsync(cancellationToken))
                .DistinctBy(c => c.Code).ToList();
            CategoryRules.EnsureNameFreeAmongSiblings(row.Name, code.ParentCode, siblings);
            var category = Category.Create(code, row.Name, Session.Now);
            db.Categories.Add(category);
            await db.SaveChangesAsync(cancellationToken);
            // Logged like CreateCategory, so that the log vouches for every category row.
            Session.Record("category.create", "category", category.Code, null, AuditSnapshot.Of(category), $"imported in batch {BatchId}");
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
/// 客户档案 rows: the same rules as CreateCustomer — leaf category, credit-code check, duplicate guard. A row for a
/// customer already in the archive under the same code and name is already present; any other clash is rejected.
/// </summary>
public sealed class CustomerSink(ChangeSession session, long batchId, string adapterId) : ImportSink(session, batchId, adapterId)
{
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

            var profile = new CustomerProfile(row.Code, row.Name, row.CategoryCode, row.ShortName, row.Mnemonic, row.CreditCode, row.TaxNumber,
                row.Bank, row.BankAccount, row.Address, row.Phone, row.Contact, row.Region, row.Industry, row.CreditLimit,
                row.PaymentTermDays ?? 0, row.DefaultTaxRate);
            var customer = Customer.Create(profile, Session.Now);
            var same = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Code == customer.Code, cancellationToken);
            if (same is not null && same.NormalizedName == customer.NormalizedName)
            {
                Duplicates++;
                return null;
            }

            var category = await db.Categories.AsNoTracking().SingleOrDefaultAsync(c => c.Code == customer.CategoryCode, cancellationToken);
            CustomerRules.EnsureLeafCategory(customer.CategoryCode, category,
                category is not null && await db.Categories.AnyAsync(c => c.ParentCode == customer.CategoryCode, cancellationToken));
            var normalized = customer.NormalizedName;
            var candidates = await db.Customers.AsNoTracking()
                .Where(c => c.Code == customer.Code || (customer.CreditCode != null && c.CreditCode == customer.CreditCode) || c.NormalizedName == normalized)
                .Select(c => new ExistingCustomer(c.Id, c.Code, c.Name, c.NormalizedName, c.CreditCode))
                .ToListAsync(cancellationToken);
            DuplicateGuard.Check(customer.Code, customer.Name, customer.CreditCode, candidates).ThrowIfDuplicate();

            db.Customers.Add(customer);
            await db.SaveChangesAsync(cancellationToken);
            db.CustomerCategoryHistory.Add(CustomerCategoryAssignment.Initial(customer.Id, customer.CategoryCode, "imported", Session.Actor.KeyId, Session.Now));
            await db.SaveChangesAsync(cancellationToken);
            // Logged like CreateCustomer, so that the log vouches for every customer row.
            Session.Record("customer.create", "customer", customer.Code, null, AuditSnapshot.Of(customer), $"imported in batch {BatchId}");
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
