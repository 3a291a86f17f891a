using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Categories;

namespace ReconGrpc.Application.Queries;

/// <summary>What SuggestClassifications is asked for.</summary>
/// <param name="ToMonth">The window's last month (YYYY-MM); null for the month before the current one.</param>
public sealed record SuggestionRequest(string? CategoryCode, int WindowMonths, string? ToMonth, string? Currency);

/// <summary>
/// A proposal for one customer: the category (<see cref="CategoryCode"/>) or the dimension value to give it, why in
/// figures, and what applying it takes — a ReclassifyCustomer from <see cref="EffectiveDate"/>, or a
/// SetCustomerDimensions with <see cref="Dimensions"/> (the customer's values with this one set).
/// </summary>
public sealed record ClassificationSuggestion(
    long CustomerId,
    long Version,
    string CustomerCode,
    string CustomerName,
    string CurrentCategoryCode,
    int RuleNumber,
    string RuleName,
    string? CategoryCode,
    string? CategoryName,
    string? DimensionCode,
    string? DimensionValue,
    IReadOnlyDictionary<string, string> Dimensions,
    DateOnly EffectiveDate,
    string Reason,
    BehaviourLine Behaviour);

/// <summary>A rule that cannot be proposed (its target does not exist or cannot hold customers), and whom it matched.</summary>
public sealed record RuleProblem(int RuleNumber, string RuleName, string Message, int CustomersMatched);

public sealed record ClassificationSuggestions(bool Enabled, MonthWindow Window, string Currency, int CustomersConsidered,
    IReadOnlyList<ClassificationSuggestion> Suggestions, IReadOnlyList<RuleProblem> Problems);

/// <summary>
/// Proposes categories or dimension values from payment behaviour by the configured rules, first match wins. It
/// applies nothing: each suggestion names the call a person makes to accept it.
/// </summary>
public sealed class ClassificationSuggestionsQuery(IDbContextFactory<ReconDbContext> contexts, PaymentBehaviourQuery behaviour, SuggestionOptions options, TimeProvider clock)
{
    public async Task<ClassificationSuggestions> SuggestAsync(SuggestionRequest request, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var window = MonthWindow.Ending(today, request.WindowMonths == 0 ? 12 : request.WindowMonths, request.ToMonth);
        if (!options.Enabled)
        {
            return new ClassificationSuggestions(false, window, request.Currency ?? AgingQuery.DefaultCurrency, 0, [], []);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (currency, customers) = await behaviour.ReadAsync(db, window, null, request.CategoryCode, request.Currency, cancellationToken);
        var rules = options.EffectiveRules;
        var targets = await TargetsAsync(db, rules, cancellationToken);
        var codes = customers.Select(c => c.Code).ToList();
        var archive = await db.Customers.AsNoTracking().Where(c => codes.Contains(c.Code)).ToDictionaryAsync(c => c.Code, StringComparer.Ordinal, cancellationToken);
        var matched = new int[rules.Count];
        var suggestions = new List<ClassificationSuggestion>();
        foreach (var sums in customers)
        {
            var line = sums.Line(window);
            var index = Enumerable.Range(0, rules.Count).FirstOrDefault(i => Matches(rules[i], line), -1);
            if (index < 0)
            {
                continue;
            }

            matched[index]++;
            var target = targets[index];
            var customer = archive[sums.Code];
            var dimensions = customer.DimensionValues.ToDictionary(v => v.DimensionCode, v => v.Value, StringComparer.Ordinal);
            if (target.Problem is not null
                || (target.Category is { } category && customer.CategoryCode == category.Code)
                || (target.Dimension is { } dimension && dimensions.GetValueOrDefault(dimension.Code) == target.Value))
            {
                // Where the first matching rule puts it already (or cannot be proposed): no suggestion, and no later rule.
                continue;
            }

            if (target.Dimension is { } d)
            {
                dimensions[d.Code] = target.Value!;
            }

            var name = target.Category?.Name ?? $"{target.Dimension!.Name}={target.Value}";
            suggestions.Add(new ClassificationSuggestion(customer.Id, customer.Version, customer.Code, customer.Name, customer.CategoryCode, index + 1, rules[index].Label,
                target.Category?.Code, target.Category?.Name, target.Dimension?.Code, target.Value, dimensions, today, Reason(line, currency, name), line));
        }

        var problems = targets.Select((t, i) => t.Problem is null ? null : new RuleProblem(i + 1, rules[i].Label, t.Problem, matched[i])).OfType<RuleProblem>().ToList();
        return new ClassificationSuggestions(true, window, currency, customers.Count, suggestions, problems);
    }

    private sealed record Target(Category? Category, Dimension? Dimension, string? Value, string? Problem);

    /// <summary>Each rule's category or dimension value, or why it cannot be proposed.</summary>
    private static async Task<List<Target>> TargetsAsync(ReconDbContext db, IReadOnlyList<SuggestionRule> rules, CancellationToken cancellationToken)
    {
        var categories = await db.Categories.AsNoTracking().ToListAsync(cancellationToken);
        var parents = categories.Select(c => c.ParentCode).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var dimensions = await db.Dimensions.AsNoTracking().ToListAsync(cancellationToken);
        var targets = new List<Target>();
        foreach (var rule in rules)
        {
            if (!string.IsNullOrWhiteSpace(rule.Category))
            {
                var wanted = rule.Category.Trim();
                var byCode = categories.Where(c => c.Code == wanted).ToList();
                var found = byCode.Count > 0 ? byCode : categories.Where(c => c.Name == wanted).ToList();
                targets.Add(found switch
                {
                    [] => new Target(null, null, null, $"names category '{wanted}', which does not exist (neither a code nor a name): create it, or change the rule in Suggestions:Rules."),
                    [var one] when parents.Contains(one.Code) => new Target(null, null, null,
                        $"names category {one.Code} {one.Name}, which has categories below it: customers sit in leaf categories; name one of them."),
                    [var one] => new Target(one, null, null, null),
                    _ => new Target(null, null, null, $"names category '{wanted}', which several categories are called ({string.Join(", ", found.Select(c => c.Code))}): name it by code."),
                });
                continue;
            }

            var wantedDimension = rule.Dimension!.Trim();
            var dimension = dimensions.FirstOrDefault(d => d.Code == wantedDimension) ?? dimensions.FirstOrDefault(d => d.Name == wantedDimension);
            targets.Add(dimension is null
                ? new Target(null, null, null, $"names dimension '{wantedDimension}', which does not exist: create it, or change the rule in Suggestions:Rules.")
                : !dimension.AllowedValues.Contains(rule.Value!.Trim())
                    ? new Target(null, null, null, $"proposes '{rule.Value!.Trim()}' for dimension {dimension.Code}, which allows {string.Join(", ", dimension.AllowedValues)}.")
                    : new Target(null, dimension, rule.Value!.Trim(), null));
        }

        return targets;
    }

    /// <remarks>The average is compared unrounded (sales against the bound times the months), as the customer search compares it.</remarks>
    internal static bool Matches(SuggestionRule rule, BehaviourLine line) =>
        Within(line.Sales, rule.MinAverageMonthlySales * line.MonthCount, rule.MaxAverageMonthlySales * line.MonthCount)
        && Within(line.MonthsActive, rule.MinMonthsActive, rule.MaxMonthsActive)
        && Within(line.OnTimePercent, rule.MinOnTimePercent, rule.MaxOnTimePercent)
        && Within(line.AverageDaysToPay, rule.MinAverageDaysToPay, rule.MaxAverageDaysToPay)
        && Within(line.Overdue, rule.MinOverdue, rule.MaxOverdue);

    /// <summary>A figure without a base (nothing paid) fails any condition on it.</summary>
    private static bool Within(decimal? value, decimal? min, decimal? max) =>
        (min is null && max is null) || (value is { } v && (min is null || v >= min) && (max is null || v <= max));

    /// <summary>E.g. "avg ¥82,000/month over 12 months, 11 of 12 months active, always paid within terms → 大客户".</summary>
    internal static string Reason(BehaviourLine line, string currency, string target)
    {
        string Money(decimal amount) => (currency == "CNY" ? "¥" : currency + " ") + amount.ToString("#,##0.##", CultureInfo.InvariantCulture);
        var parts = new List<string>
        {
            $"avg {Money(line.AverageMonthlySales)}/month over {line.MonthCount} months",
            $"{line.MonthsActive} of {line.MonthCount} months active",
        };
        if (line.OnTimePercent is not { } onTime)
        {
            parts.Add("nothing paid in the window");
        }
        else
        {
            parts.Add(onTime == 100m ? "always paid within terms" : $"{onTime.ToString("0.##", CultureInfo.InvariantCulture)}% paid within terms");
            parts.Add($"avg {line.AverageDaysToPay!.Value.ToString("0.##", CultureInfo.InvariantCulture)} days to pay");
        }

        if (line.Overdue > 0m)
        {
            parts.Add($"{Money(line.Overdue)} overdue");
        }

        return string.Join(", ", parts) + " → " + target;
    }
}
