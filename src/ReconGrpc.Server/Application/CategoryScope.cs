using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Ledger;

namespace ReconGrpc.Server.Application;

/// <summary>
/// A category (客户分类) with its descendants, as a filter on customers' rows. A descendant's code extends its parent's
/// (the coding scheme), so the subtree is the codes in [code, code + a character after every other): one index range,
/// no recursion. Only a real category's code is a prefix of exactly its subtree, so the code is checked first.
/// </summary>
internal sealed class CategoryScope
{
    /// <summary>Sorts after every character, so [prefix, prefix + this) is exactly the strings starting with prefix.</summary>
    private const string AfterEverything = "\U0010FFFF";

    private readonly string _from;
    private readonly string _to;

    private CategoryScope(string code)
    {
        _from = code;
        _to = code + AfterEverything;
    }

    /// <summary>The scope of an existing category; NOT_FOUND otherwise.</summary>
    public static async Task<CategoryScope> OfAsync(ReconDbContext db, string code, CancellationToken cancellationToken)
    {
        var trimmed = code.Trim();
        if (!await db.Categories.AnyAsync(c => c.Code == trimmed, cancellationToken))
        {
            throw RuleViolation.NotFound("category.not_found", $"There is no category with code '{trimmed}'.");
        }

        return new CategoryScope(trimmed);
    }

    public IQueryable<LedgerEntry> Entries(ReconDbContext db, IQueryable<LedgerEntry> entries)
    {
        var (from, to) = (_from, _to);
        return entries.Where(e => db.Customers.Any(c => c.Code == e.CustomerCode
            && string.Compare(c.CategoryCode, from) >= 0 && string.Compare(c.CategoryCode, to) < 0));
    }

    /// <summary>Lines of the category's customers, and lines naming no customer (a bank line is anyone's until matched).</summary>
    public IQueryable<StatementLine> Lines(ReconDbContext db, IQueryable<StatementLine> lines)
    {
        var (from, to) = (_from, _to);
        return lines.Where(l => l.CustomerCode == null || db.Customers.Any(c => c.Code == l.CustomerCode
            && string.Compare(c.CategoryCode, from) >= 0 && string.Compare(c.CategoryCode, to) < 0));
    }

    public IQueryable<string> CustomerCodes(ReconDbContext db)
    {
        var (from, to) = (_from, _to);
        return db.Customers.Where(c => string.Compare(c.CategoryCode, from) >= 0 && string.Compare(c.CategoryCode, to) < 0).Select(c => c.Code);
    }
}
