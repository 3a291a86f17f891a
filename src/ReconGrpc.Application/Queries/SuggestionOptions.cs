using ReconGrpc.Domain;

namespace ReconGrpc.Application.Queries;

/// <summary>
/// One rule of <c>Suggestions:Rules</c>: conditions on a customer's behaviour over the window (every one given must
/// hold; none given matches everyone) and what to propose: a category, or a dimension value.
/// </summary>
public sealed class SuggestionRule
{
    /// <summary>A label shown with the suggestion; the target's name when unset.</summary>
    public string? Name { get; set; }

    public decimal? MinAverageMonthlySales { get; set; }
    public decimal? MaxAverageMonthlySales { get; set; }
    public int? MinMonthsActive { get; set; }
    public int? MaxMonthsActive { get; set; }

    /// <summary>Percent of what receipts settled in the window that was paid by its due date; a customer that paid nothing fails it.</summary>
    public decimal? MinOnTimePercent { get; set; }
    public decimal? MaxOnTimePercent { get; set; }

    /// <summary>A customer that paid nothing in the window fails a days-to-pay condition.</summary>
    public decimal? MinAverageDaysToPay { get; set; }
    public decimal? MaxAverageDaysToPay { get; set; }

    /// <summary>What is past due at the window's end.</summary>
    public decimal? MinOverdue { get; set; }
    public decimal? MaxOverdue { get; set; }

    /// <summary>The category to propose: its code, or its name when no category has that code.</summary>
    public string? Category { get; set; }

    /// <summary>Or the dimension (code or name) whose <see cref="Value"/> to propose.</summary>
    public string? Dimension { get; set; }

    public string? Value { get; set; }

    public string Label => Name ?? Category ?? $"{Dimension}={Value}";
}

/// <summary>The <c>Suggestions</c> section: the rules <c>SuggestClassifications</c> proposes categories with.</summary>
public sealed class SuggestionOptions
{
    /// <summary>False turns suggestions off: the call answers with none.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The rules in order, the first matching one wins; unset or empty means <see cref="Defaults"/>.</summary>
    public List<SuggestionRule>? Rules { get; set; }

    public IReadOnlyList<SuggestionRule> EffectiveRules => Rules is { Count: > 0 } ? Rules : Defaults;

    /// <summary>The rules when none are configured (docs/configuration.md lists them).</summary>
    public static IReadOnlyList<SuggestionRule> Defaults =>
    [
        new() { Name = "大客户", MinAverageMonthlySales = 50_000m, MinMonthsActive = 10, MinOnTimePercent = 95m, Category = "大客户" },
        new() { Name = "关注客户", MinOverdue = 0.01m, Category = "关注客户" },
        new() { Name = "零星客户", MaxMonthsActive = 3, Category = "零星客户" },
    ];

    /// <summary>Refuses, at start-up, a rule without one target or with a condition that can never hold.</summary>
    public SuggestionOptions Validated()
    {
        for (var i = 0; i < (Rules?.Count ?? 0); i++)
        {
            var rule = Rules![i];
            var where = $"Suggestions:Rules:{i} ({rule.Label})";
            var byCategory = !string.IsNullOrWhiteSpace(rule.Category);
            var byDimension = !string.IsNullOrWhiteSpace(rule.Dimension) || !string.IsNullOrWhiteSpace(rule.Value);
            if (byCategory == byDimension || (byDimension && (string.IsNullOrWhiteSpace(rule.Dimension) || string.IsNullOrWhiteSpace(rule.Value))))
            {
                throw RuleViolation.Invalid("suggestions.target", $"{where} proposes either a Category, or a Dimension with a Value.");
            }

            Range(where, "AverageMonthlySales", rule.MinAverageMonthlySales, rule.MaxAverageMonthlySales, 0m, decimal.MaxValue);
            Range(where, "MonthsActive", rule.MinMonthsActive, rule.MaxMonthsActive, 0m, MonthWindow.MaxMonths);
            Range(where, "OnTimePercent", rule.MinOnTimePercent, rule.MaxOnTimePercent, 0m, 100m);
            Range(where, "AverageDaysToPay", rule.MinAverageDaysToPay, rule.MaxAverageDaysToPay, 0m, decimal.MaxValue);
            Range(where, "Overdue", rule.MinOverdue, rule.MaxOverdue, 0m, decimal.MaxValue);
        }

        return this;
    }

    private static void Range(string where, string what, decimal? min, decimal? max, decimal low, decimal high)
    {
        if (min < low || max < low || min > high || max > high || min > max)
        {
            throw RuleViolation.Invalid("suggestions.condition",
                $"{where}: Min{what} and Max{what} are {low} to {(high == decimal.MaxValue ? "any amount" : high.ToString(System.Globalization.CultureInfo.InvariantCulture))}, the minimum not above the maximum; {min?.ToString() ?? "unset"} and {max?.ToString() ?? "unset"} are set.");
        }
    }
}
