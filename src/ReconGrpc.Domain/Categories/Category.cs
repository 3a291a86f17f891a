namespace ReconGrpc.Domain.Categories;

/// <summary>客户分类 — a node of the customer category tree.</summary>
public sealed class Category
{
    public const int MaxNameLength = 100;

    private Category()
    {
    }

    /// <summary>The full code, e.g. <c>0101</c>; never changes.</summary>
    public string Code { get; private set; } = "";

    /// <summary>The name, unique among siblings.</summary>
    public string Name { get; private set; } = "";

    /// <summary>The parent's code, or null at level 1.</summary>
    public string? ParentCode { get; private set; }

    public int Level { get; private set; }

    /// <summary>Optimistic-concurrency version, incremented by every change.</summary>
    public long Version { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>
    /// Creates a category once the caller has checked the rules that need the rest of the tree
    /// (see <see cref="CategoryRules"/>).
    /// </summary>
    public static Category Create(CategoryCode code, string name, DateTimeOffset now) => new()
    {
        Code = code.Value,
        Name = CategoryRules.CleanName(name),
        ParentCode = code.ParentCode,
        Level = code.Level,
        Version = 1,
        CreatedAt = now,
        UpdatedAt = now,
    };

    public void Rename(string name, DateTimeOffset now)
    {
        Name = CategoryRules.CleanName(name);
        Touch(now);
    }

    private void Touch(DateTimeOffset now)
    {
        Version++;
        UpdatedAt = now;
    }
}
