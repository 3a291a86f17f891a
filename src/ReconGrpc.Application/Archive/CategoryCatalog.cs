using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Data.Changes;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Access;
using ReconGrpc.Domain.Auditing;
using ReconGrpc.Domain.Categories;

namespace ReconGrpc.Application.Archive;

/// <summary>A category as shown to callers: with whether it is a leaf (末级), which depends on the rest of the tree.</summary>
public sealed record CategoryView(Category Category, bool IsLeaf);

/// <summary>Which part of the tree a listing covers.</summary>
public enum CategoryListDepth
{
    Subtree,
    Children,
}

/// <summary>The use cases of the category tree, its coding scheme and its dimensions (自定义项).</summary>
public sealed class CategoryCatalog(IDbContextFactory<ReconDbContext> contexts, ChangeRunner changes)
{
    public async Task<CodingSchemeSetting> GetSchemeAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.CodingSchemes.AsNoTracking().SingleAsync(cancellationToken);
    }

    public Task<CodingSchemeSetting> SetSchemeAsync(Actor actor, IEnumerable<int> levelLengths, long version, CancellationToken cancellationToken)
    {
        var proposed = CodingScheme.Create(levelLengths);
        return changes.RunAsync(actor, async (session, ct) =>
        {
            var setting = await session.Db.CodingSchemes.SingleAsync(ct);
            RuleViolation.ThrowIfStale("The coding scheme", version, setting.Version);
            var inUse = await session.Db.Categories
                .GroupBy(c => c.Level)
                .Select(g => new { Level = g.Key, Example = g.Min(c => c.Code) })
                .ToDictionaryAsync(x => x.Level, x => x.Example!, ct);
            CategoryRules.EnsureSchemeFitsCodes(setting.Scheme, proposed, inUse);
            var before = AuditSnapshot.Of(new { setting.Pattern, setting.Version });
            setting.Replace(proposed, session.Now);
            session.Record(AuditActions.CodingScheme.Set, "coding_scheme", "1", before, AuditSnapshot.Of(new { setting.Pattern, setting.Version }));
            return setting;
        }, cancellationToken);
    }

    public Task<CategoryView> CreateAsync(Actor actor, string code, string name, CancellationToken cancellationToken) =>
        changes.RunAsync(actor, async (session, ct) =>
        {
            var scheme = (await session.Db.CodingSchemes.SingleAsync(ct)).Scheme;
            var category = await AddAsync(session, scheme.ParseCode(code), name, auditReason: null, ct);
            return new CategoryView(category, IsLeaf: true);
        }, cancellationToken);

    /// <summary>
    /// Creating a category, for the RPC and the import alike, so that both run the same rules: the code is free,
    /// the parent exists and holds no customers, no sibling has the name. Adds the category and its audit record.
    /// </summary>
    internal static async Task<Category> AddAsync(ChangeSession session, CategoryCode code, string name, string? auditReason, CancellationToken ct)
    {
        var db = session.Db;
        var cleanName = CategoryRules.CleanName(name);
        var taken = await db.Categories.AnyAsync(c => c.Code == code.Value, ct);
        var parent = code.ParentCode is null ? null : await db.Categories.FindAsync([code.ParentCode], ct);
        CategoryRules.EnsureCanCreate(code, taken, parent);
        if (parent is not null)
        {
            CategoryRules.EnsureCanHaveChildren(parent, await db.Customers.CountAsync(c => c.CategoryCode == parent.Code, ct));
        }

        var siblings = await db.Categories.Where(c => c.ParentCode == code.ParentCode).ToListAsync(ct);
        CategoryRules.EnsureNameFreeAmongSiblings(cleanName, code.ParentCode, siblings);

        var category = Category.Create(code, cleanName, session.Now);
        db.Categories.Add(category);
        session.Record(AuditActions.Category.Create, "category", category.Code, null, AuditSnapshot.Of(category), auditReason);
        return category;
    }

    public Task<CategoryView> RenameAsync(Actor actor, string code, string name, long version, CancellationToken cancellationToken) =>
        changes.RunAsync(actor, async (session, ct) =>
        {
            var db = session.Db;
            var category = await FindAsync(db, code, ct);
            RuleViolation.ThrowIfStale($"Category '{category.Code}'", version, category.Version);
            var siblings = await db.Categories.Where(c => c.ParentCode == category.ParentCode).ToListAsync(ct);
            CategoryRules.EnsureNameFreeAmongSiblings(name, category.ParentCode, siblings, exceptCode: category.Code);

            var before = AuditSnapshot.Of(category);
            category.Rename(name, session.Now);
            session.Record(AuditActions.Category.Update, "category", category.Code, before, AuditSnapshot.Of(category));
            var isLeaf = !await db.Categories.AnyAsync(c => c.ParentCode == category.Code, ct);
            return new CategoryView(category, isLeaf);
        }, cancellationToken);

    public Task DeleteAsync(Actor actor, string code, long version, CancellationToken cancellationToken) =>
        changes.RunAsync(actor, async (session, ct) =>
        {
            var db = session.Db;
            var category = await FindAsync(db, code, ct);
            RuleViolation.ThrowIfStale($"Category '{category.Code}'", version, category.Version);
            var children = await db.Categories.CountAsync(c => c.ParentCode == category.Code, ct);
            var customers = await db.Customers.CountAsync(c => c.CategoryCode == category.Code, ct);
            CategoryRules.EnsureCanDelete(category, children, customers);

            db.Categories.Remove(category);
            session.Record(AuditActions.Category.Delete, "category", category.Code, AuditSnapshot.Of(category), null);
            return true;
        }, cancellationToken);

    public async Task<CategoryView> GetAsync(string code, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await WithLeaf(db.Categories.AsNoTracking().Where(c => c.Code == code), db).SingleOrDefaultAsync(cancellationToken);
        return found ?? throw NotFound(code);
    }

    public async Task<Page<CategoryView>> ListAsync(string? rootCode, CategoryListDepth depth, int pageSize, string? after, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Categories.AsNoTracking();
        var root = string.IsNullOrWhiteSpace(rootCode) ? null : rootCode.Trim();
        if (root is not null && !await db.Categories.AnyAsync(c => c.Code == root, cancellationToken))
        {
            throw NotFound(root);
        }

        query = (root, depth) switch
        {
            (null, CategoryListDepth.Children) => query.Where(c => c.ParentCode == null),
            (null, _) => query,
            (_, CategoryListDepth.Children) => query.Where(c => c.ParentCode == root),
            // A code begins with all its ancestors' codes, so a subtree is a prefix range.
            _ => query.Where(c => c.Code.StartsWith(root!)),
        };
        if (after is not null)
        {
            query = query.Where(c => string.Compare(c.Code, after) > 0);
        }

        var fetched = await WithLeaf(query.OrderBy(c => c.Code).Take(pageSize + 1), db).ToListAsync(cancellationToken);
        return Paging.Of(fetched, pageSize, v => v.Category.Code);
    }

    public Task<Dimension> CreateDimensionAsync(Actor actor, string code, string name, IEnumerable<string> values, CancellationToken cancellationToken) =>
        changes.RunAsync(actor, async (session, ct) =>
        {
            var dimension = Dimension.Create(code, name, values, session.Now);
            var db = session.Db;
            if (await db.Dimensions.AnyAsync(d => d.Code == dimension.Code, ct))
            {
                throw RuleViolation.AlreadyExists("dimension.code_duplicate", $"Dimension code '{dimension.Code}' is already in use.");
            }

            await EnsureDimensionNameFreeAsync(db, dimension.Name, dimension.Code, ct);
            db.Dimensions.Add(dimension);
            session.Record(AuditActions.Dimension.Create, "dimension", dimension.Code, null, AuditSnapshot.Of(dimension));
            return dimension;
        }, cancellationToken);

    public Task<Dimension> UpdateDimensionAsync(Actor actor, string code, string name, IEnumerable<string> values, long version, CancellationToken cancellationToken) =>
        changes.RunAsync(actor, async (session, ct) =>
        {
            var db = session.Db;
            var dimension = await db.Dimensions.FindAsync([code], ct)
                ?? throw RuleViolation.NotFound("dimension.not_found", $"There is no dimension with code '{InputText.Echo(code)}'.");
            RuleViolation.ThrowIfStale($"Dimension '{InputText.Echo(code)}'", version, dimension.Version);
            var before = AuditSnapshot.Of(dimension);
            dimension.Change(name, values, session.Now);
            await EnsureDimensionNameFreeAsync(db, dimension.Name, dimension.Code, ct);
            session.Record(AuditActions.Dimension.Update, "dimension", dimension.Code, before, AuditSnapshot.Of(dimension));
            return dimension;
        }, cancellationToken);

    public async Task<Page<Dimension>> ListDimensionsAsync(int pageSize, string? after, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Dimensions.AsNoTracking();
        if (after is not null)
        {
            query = query.Where(d => string.Compare(d.Code, after) > 0);
        }

        var fetched = await query.OrderBy(d => d.Code).Take(pageSize + 1).ToListAsync(cancellationToken);
        return Paging.Of(fetched, pageSize, d => d.Code);
    }

    private static async Task EnsureDimensionNameFreeAsync(ReconDbContext db, string name, string code, CancellationToken ct)
    {
        var clash = await db.Dimensions.AsNoTracking().FirstOrDefaultAsync(d => d.Name == name && d.Code != code, ct);
        if (clash is not null)
        {
            throw RuleViolation.AlreadyExists("dimension.name_duplicate", $"Dimension '{clash.Code}' is already named '{name}'.");
        }
    }

    private static IQueryable<CategoryView> WithLeaf(IQueryable<Category> query, ReconDbContext db) =>
        query.Select(c => new CategoryView(c, !db.Categories.Any(child => child.ParentCode == c.Code)));

    private static async Task<Category> FindAsync(ReconDbContext db, string code, CancellationToken ct) =>
        await db.Categories.FindAsync([code?.Trim() ?? ""], ct) ?? throw NotFound(code ?? "");

    private static RuleViolation NotFound(string code) =>
        RuleViolation.NotFound("category.not_found", $"There is no category with code '{InputText.Echo(code)}'.");
}
