using ReconGrpc.Domain.Categories;

namespace ReconGrpc.Domain.Customers;

/// <summary>The rules of the customer archive that need more than one customer, or the category tree.</summary>
public static class CustomerRules
{
    public static string CleanCode(string? code)
    {
        var value = code?.Trim() ?? "";
        if (value.Length is 0 or > Customer.MaxCodeLength || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw RuleViolation.Invalid("customer.code",
                $"Customer code '{InputText.Echo(value)}' must be 1 to {Customer.MaxCodeLength} characters of letters, digits, '-' and '_'.");
        }

        return value;
    }

    internal static string Required(string? text, string field, int maxLength)
    {
        var value = text?.Trim() ?? "";
        if (value.Length == 0)
        {
            throw RuleViolation.Invalid($"customer.{field.Replace(' ', '_')}_required", $"A customer needs a {field}.");
        }

        return value.Length > maxLength
            ? throw RuleViolation.Invalid($"customer.{field.Replace(' ', '_')}_length", $"A customer's {field} has at most {maxLength} characters.")
            : OneLine(value, field);
    }

    internal static string? Optional(string? text, string field)
    {
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        return value.Length > Customer.MaxTextLength
            ? throw RuleViolation.Invalid($"customer.{field.Replace(' ', '_').Replace("-", "_", StringComparison.Ordinal)}_length",
                $"A customer's {field} has at most {Customer.MaxTextLength} characters.")
            : OneLine(value, field);
    }

    /// <summary>Names and other customer fields follow the one text policy (<see cref="InputText"/>), whether typed or imported.</summary>
    private static string OneLine(string value, string field) =>
        InputText.EnsureOneLine(value, $"customer.{field.Replace(' ', '_').Replace("-", "_", StringComparison.Ordinal)}_character", $"A customer's {field}");

    /// <summary>Customers hang on leaf (末级) categories only.</summary>
    public static void EnsureLeafCategory(string categoryCode, Category? category, bool hasChildren)
    {
        if (category is null)
        {
            throw RuleViolation.Invalid("customer.category_unknown", $"There is no category '{InputText.Echo(categoryCode)}'.");
        }

        if (hasChildren)
        {
            throw RuleViolation.FailedPrecondition("customer.category_not_leaf",
                $"Category '{categoryCode}' ({category.Name}) has sub-categories; customers go on a leaf (末级) category.");
        }
    }

    /// <summary>Once a customer has posted transactions its category is locked; moving it is a reclassification.</summary>
    public static void EnsureCategoryChangeAllowed(string currentCategoryCode, Customer customer, bool hasLedgerEntries)
    {
        if (hasLedgerEntries && currentCategoryCode != customer.CategoryCode)
        {
            throw RuleViolation.FailedPrecondition("customer.category_locked",
                $"Customer '{customer.Code}' has ledger entries, so its category is locked; use ReclassifyCustomer with a reason and an effective date.");
        }
    }

    public static void EnsureCanDelete(Customer customer, bool hasLedgerEntries)
    {
        if (hasLedgerEntries)
        {
            throw RuleViolation.FailedPrecondition("customer.has_ledger_entries",
                $"Customer '{customer.Code}' has ledger entries and cannot be deleted; freeze it instead (status frozen).");
        }
    }

    /// <summary>A reclassification may not take effect before the assignment it replaces.</summary>
    public static void EnsureReclassification(Customer customer, string newCategoryCode, DateOnly effectiveFrom, DateOnly? currentSince)
    {
        if (newCategoryCode == customer.CategoryCode)
        {
            throw RuleViolation.Invalid("customer.reclassify_same", $"Customer '{customer.Code}' is already in category '{newCategoryCode}'.");
        }

        if (currentSince is { } since && effectiveFrom < since)
        {
            throw RuleViolation.Invalid("customer.reclassify_date",
                $"The effective date {effectiveFrom:yyyy-MM-dd} is before {since:yyyy-MM-dd}, when customer '{customer.Code}' was last reclassified; "
                + $"give a date on or after {since:yyyy-MM-dd}.");
        }
    }

    /// <summary>Checks each value against its dimension's allowed values.</summary>
    public static void EnsureDimensionValues(IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, Dimension> dimensions)
    {
        foreach (var (code, value) in values)
        {
            if (!dimensions.TryGetValue(code, out var dimension))
            {
                throw RuleViolation.Invalid("customer.dimension_unknown", $"There is no dimension '{code}'.");
            }

            if (!dimension.Allows(value))
            {
                throw RuleViolation.Invalid("customer.dimension_value",
                    $"'{value}' is not an allowed value of {dimension.Name} ({code}); allowed: {string.Join(", ", dimension.AllowedValues)}.");
            }
        }
    }
}
