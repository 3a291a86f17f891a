namespace ReconGrpc.Domain.Categories;

/// <summary>The rules of the category tree that need more than one category to decide.</summary>
public static class CategoryRules
{
    /// <summary>Trims a category name and refuses an empty, over-long or control-character name.</summary>
    public static string CleanName(string? name)
    {
        var value = name?.Trim() ?? "";
        if (value.Length == 0)
        {
            throw RuleViolation.Invalid("category.name_empty", "A category name is required.");
        }

        if (value.Length > Category.MaxNameLength)
        {
            throw RuleViolation.Invalid("category.name_length",
                $"A category name has at most {Category.MaxNameLength} characters; this one has {value.Length}.");
        }

        if (value.Any(char.IsControl))
        {
            throw RuleViolation.Invalid("category.name_character", "A category name cannot contain control characters.");
        }

        return value;
    }

    /// <summary>Refuses a new category whose code is taken or whose parent does not exist.</summary>
    public static void EnsureCanCreate(CategoryCode code, bool codeTaken, Category? parent)
    {
        if (codeTaken)
        {
            throw RuleViolation.AlreadyExists("category.code_duplicate", $"Category code '{code.Value}' is already in use.");
        }

        if (code.ParentCode is not null && parent is null)
        {
            throw RuleViolation.Invalid("category.parent_unknown",
                $"Category '{code.Value}' needs parent category '{code.ParentCode}', which does not exist; create the parent first.");
        }
    }

    /// <summary>Refuses a name another child of the same parent already has (case-insensitive, trimmed).</summary>
    public static void EnsureNameFreeAmongSiblings(string name, string? parentCode, IEnumerable<Category> siblings, string? exceptCode = null)
    {
        var clean = CleanName(name);
        var clash = siblings.FirstOrDefault(s => s.Code != exceptCode && string.Equals(s.Name, clean, StringComparison.OrdinalIgnoreCase));
        if (clash is not null)
        {
            var where = parentCode is null ? "at the top level" : $"under '{parentCode}'";
            throw RuleViolation.AlreadyExists("category.name_duplicate",
                $"Category '{clash.Code}' {where} is already named '{clash.Name}'; sibling names must differ.");
        }
    }

    /// <summary>Customers hang on leaves only, so a category holding customers cannot get children.</summary>
    public static void EnsureCanHaveChildren(Category parent, int customerCount)
    {
        if (customerCount > 0)
        {
            throw RuleViolation.FailedPrecondition("category.parent_has_customers",
                $"Category '{parent.Code}' holds {customerCount} customer(s); customers sit on leaf categories only, so reclassify them before adding sub-categories.");
        }
    }

    /// <summary>Refuses to delete a category that still has children or customers.</summary>
    public static void EnsureCanDelete(Category category, int childCount, int customerCount)
    {
        if (childCount > 0)
        {
            throw RuleViolation.FailedPrecondition("category.has_children",
                $"Category '{category.Code}' has {childCount} child categor{(childCount == 1 ? "y" : "ies")}; delete or move them first.");
        }

        if (customerCount > 0)
        {
            throw RuleViolation.FailedPrecondition("category.has_customers",
                $"Category '{category.Code}' holds {customerCount} customer(s); reclassify them first.");
        }
    }

    /// <summary>
    /// Refuses a new scheme under which an existing code would no longer be valid: a level in use may not
    /// change length, and the scheme may not lose a level that is in use.
    /// </summary>
    /// <param name="codesInUse">One example code per level in use, keyed by level.</param>
    public static void EnsureSchemeFitsCodes(CodingScheme current, CodingScheme proposed, IReadOnlyDictionary<int, string> codesInUse)
    {
        foreach (var (level, example) in codesInUse.OrderBy(p => p.Key))
        {
            if (level > proposed.Levels)
            {
                throw RuleViolation.FailedPrecondition("scheme.level_in_use",
                    $"Coding scheme {proposed.Pattern} has {proposed.Levels} level(s) but level {level} is in use (e.g. '{example}'); delete those categories first.");
            }

            if (proposed.LevelLengths[level - 1] != current.LevelLengths[level - 1])
            {
                throw RuleViolation.FailedPrecondition("scheme.length_in_use",
                    $"Level {level} is in use (e.g. '{example}') with {current.LevelLengths[level - 1]} character(s); coding scheme {proposed.Pattern} would make it {proposed.LevelLengths[level - 1]}, breaking existing codes.");
            }
        }
    }
}
