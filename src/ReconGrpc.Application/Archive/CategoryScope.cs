using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Ledger;

namespace ReconGrpc.Application.Archive;

/// <summary>
/// A category (客户分类) with its descendants, as a filter on customers' rows. A descendant's code extends its parent's
/// (the coding scheme), so the subtree is the codes starting with the category's: a prefix match (LIKE 'code%', which
/// can use an index), no recursion. Only a real category's code is a prefix of exactly its subtree, so the code is
/// checked first. (A range [code, code + U+10FFFF) would be cheaper to write but is empty under SQL Server's default
/// collations, which ignore that character.)
/// </summary>
internal sealed class CategoryScope
{
    private readonly string _code;

    private CategoryScope(string code) => _code = code;

    /// <summary>The scope of an existing category; NOT_FOUND otherwise.</summary>
    public static async Task<CategoryScope> OfAsync(ReconDbContext db, string code, CancellationToken cancellationToken)
    {
        var trimmed = code.Trim();
        if (!await db.Categories.AnyAsync(c => c.Code == trimmed, cancellationToken))
        {
            throw RuleViolation.NotFound("category.not_found", $"There is no category with code '{InputText.Echo(trimmed)}'.");
        }

        return new CategoryScope(trimmed);
    }

    /// <summary>The category's code: its customers' category codes start with it.</summary>
    public string Code => _code;

    public IQueryable<LedgerEntry> Entries(ReconDbContext db, IQueryable<LedgerEntry> entries)
    {
        var code = _code;
        return entries.Where(e => db.Customers.Any(c => c.Code == e.CustomerCode && c.CategoryCode.StartsWith(code)));
    }

    /// <summary>Lines of the category's customers, and lines naming no customer (a bank line is anyone's until matched).</summary>
    public IQueryable<StatementLine> Lines(ReconDbContext db, IQueryable<StatementLine> lines)
    {
        var code = _code;
        return lines.Where(l => l.CustomerCode == null || db.Customers.Any(c => c.Code == l.CustomerCode && c.CategoryCode.StartsWith(code)));
    }

    public IQueryable<string> CustomerCodes(ReconDbContext db)
    {
        var code = _code;
        return db.Customers.Where(c => c.CategoryCode.StartsWith(code)).Select(c => c.Code);
    }
}
