using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReconGrpc.Matching;

/// <summary>
/// 对账规则集 — ordered rules; items matched by a rule leave the pool before the next rule runs.
/// </summary>
/// <param name="Name">The rule set's name.</param>
/// <param name="Rules">The rules, in the order they run.</param>
public sealed record RuleSet(string Name, IReadOnlyList<MatchRule> Rules)
{
    /// <summary>The most rules a set may hold.</summary>
    public const int MaxRules = 64;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The default rule set, suited to customer statements, bank statements and platform bills (see <see cref="DefaultRuleSet"/>).</summary>
    public static RuleSet Default => DefaultRuleSet.Create();

    /// <summary>Checks the rule set and throws <see cref="ReconciliationInputException"/> for the first problem.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ReconciliationInputException("matching.ruleset.name_missing", "Give the rule set a name.");
        }

        if (Rules is null || Rules.Count == 0)
        {
            throw new ReconciliationInputException("matching.ruleset.empty", $"Rule set '{Name}' has no rules; add at least one.");
        }

        if (Rules.Count > MaxRules)
        {
            throw new ReconciliationInputException("matching.ruleset.too_many_rules",
                $"Rule set '{Name}' has {Rules.Count} rules; at most {MaxRules} are allowed.");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Rules.Count; i++)
        {
            var rule = Rules[i] ?? throw new ReconciliationInputException("matching.rule.missing", $"Rule {i + 1} of '{Name}' is empty.");
            ValidateRule(rule, i);
            if (!names.Add(rule.Name.Trim()))
            {
                throw new ReconciliationInputException("matching.rule.name_duplicate",
                    $"Two rules are named '{rule.Name}'; rule names must be unique within a rule set.");
            }
        }
    }

    /// <summary>Writes the rule set as JSON (enums by name), for storing and editing.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Reads a rule set written by <see cref="ToJson"/> and validates it.</summary>
    /// <exception cref="ReconciliationInputException">The JSON is not a valid rule set.</exception>
    public static RuleSet FromJson(string json)
    {
        RuleSet? set;
        try
        {
            set = JsonSerializer.Deserialize<RuleSet>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new ReconciliationInputException("matching.ruleset.json", $"The rule set is not valid JSON for a rule set: {e.Message}");
        }

        if (set is null)
        {
            throw new ReconciliationInputException("matching.ruleset.json", "The rule set JSON is empty.");
        }

        set.Validate();
        return set;
    }

    private static void ValidateRule(MatchRule rule, int index)
    {
        var label = string.IsNullOrWhiteSpace(rule.Name) ? $"Rule {index + 1}" : $"Rule '{rule.Name}'";
        if (string.IsNullOrWhiteSpace(rule.Name) || rule.Name.Length > 100)
        {
            throw new ReconciliationInputException("matching.rule.name_missing", $"{label} needs a name of 1 to 100 characters.");
        }

        if (string.Equals(rule.Name.Trim(), MatchRule.ReversalPairName, StringComparison.OrdinalIgnoreCase))
        {
            throw new ReconciliationInputException("matching.rule.name_reserved",
                $"{label}: '{MatchRule.ReversalPairName}' names the engine's own reversal stage; give the rule another name.");
        }

        if (string.Equals(rule.Name.Trim(), MatchRule.OpeningBalancePairName, StringComparison.OrdinalIgnoreCase))
        {
            throw new ReconciliationInputException("matching.rule.name_reserved",
                $"{label}: '{MatchRule.OpeningBalancePairName}' labels the pair of both sides' opening balances; give the rule another name.");
        }

        if (rule.Keys is null || rule.Keys.Distinct().Count() != rule.Keys.Count)
        {
            throw new ReconciliationInputException("matching.rule.keys", $"{label} names the same key twice; list each key once.");
        }

        foreach (var key in rule.Keys)
        {
            if (!Enum.IsDefined(key.Ours) || !Enum.IsDefined(key.Theirs))
            {
                throw new ReconciliationInputException("matching.rule.keys", $"{label} names an unknown key field.");
            }
        }

        var amount = rule.Amount ?? throw new ReconciliationInputException("matching.rule.amount", $"{label} needs an amount condition.");
        switch (amount.Kind)
        {
            case AmountConditionKind.Exact when amount.Tolerance != 0m:
                throw new ReconciliationInputException("matching.rule.amount", $"{label} is exact but gives a tolerance; use an absolute or percentage condition.");
            case AmountConditionKind.Absolute or AmountConditionKind.Percentage when amount.Tolerance < 0m:
                throw new ReconciliationInputException("matching.rule.amount", $"{label} has a negative tolerance; tolerances are zero or more.");
            case AmountConditionKind.Absolute when !MoneyUnits.TryToUnits(amount.Tolerance, out _):
                throw new ReconciliationInputException("matching.rule.amount", $"{label}'s tolerance {amount.Tolerance} has more than four decimals or is too large.");
            case AmountConditionKind.Percentage when amount.Tolerance >= 100m || decimal.Round(amount.Tolerance, 4) != amount.Tolerance:
                throw new ReconciliationInputException("matching.rule.amount", $"{label}'s percentage {amount.Tolerance} must be below 100 with at most four decimals.");
            case not (AmountConditionKind.Exact or AmountConditionKind.Absolute or AmountConditionKind.Percentage):
                throw new ReconciliationInputException("matching.rule.amount", $"{label} has an unknown amount condition.");
        }

        var window = rule.Window ?? throw new ReconciliationInputException("matching.rule.window", $"{label} needs a date window.");
        if (!Enum.IsDefined(window.Kind) || window.DaysBefore is < 0 or > DateWindow.MaxDays || window.DaysAfter is < 0 or > DateWindow.MaxDays)
        {
            throw new ReconciliationInputException("matching.rule.window",
                $"{label}'s date window must be 0 to {DateWindow.MaxDays} days on each side.");
        }

        if (!Enum.IsDefined(rule.Cardinality) || !Enum.IsDefined(rule.Decision))
        {
            throw new ReconciliationInputException("matching.rule.cardinality", $"{label} has an unknown cardinality or decision.");
        }

        if (rule.IsGrouped && rule.MaxGroupSize is < 2 or > MatchRule.GroupSizeLimit)
        {
            throw new ReconciliationInputException("matching.rule.group_size",
                $"{label} groups items, so its largest group must be 2 to {MatchRule.GroupSizeLimit} items.");
        }

        if (rule.IsGrouped && rule.MaxCandidates is < 2 or > MatchRule.CandidateLimit)
        {
            throw new ReconciliationInputException("matching.rule.candidates",
                $"{label} may consider 2 to {MatchRule.CandidateLimit} candidates per item.");
        }

        ValidateConditions(rule, label);
    }

    private static void ValidateConditions(MatchRule rule, string label)
    {
        var conditions = rule.Conditions ?? [];
        if (conditions.Count > MatchRule.MaxConditions)
        {
            throw new ReconciliationInputException("matching.rule.condition",
                $"{label} has {conditions.Count} text conditions; at most {MatchRule.MaxConditions} are allowed.");
        }

        foreach (var condition in conditions)
        {
            if (condition is null || !Enum.IsDefined(condition.Side) || !Enum.IsDefined(condition.Field) || !Enum.IsDefined(condition.Operator))
            {
                throw new ReconciliationInputException("matching.rule.condition",
                    $"{label} has a text condition without a known side, field or operator; give all three.");
            }

            if (string.IsNullOrEmpty(condition.Pattern) || condition.Pattern.Length > TextCondition.MaxPatternLength)
            {
                throw new ReconciliationInputException("matching.rule.condition",
                    $"{label}: the condition on {condition.Side}.{condition.Field} needs a pattern of 1 to {TextCondition.MaxPatternLength} characters.");
            }

            if (condition.Operator == TextOperator.Regex)
            {
                _ = CompileRegex(condition.Pattern, "matching.rule.condition", $"{label}: the condition on {condition.Side}.{condition.Field}");
            }
        }

        if (rule.AmountFromText is { } fromText)
        {
            if (!Enum.IsDefined(fromText.Side) || !Enum.IsDefined(fromText.Field)
                || string.IsNullOrEmpty(fromText.Pattern) || fromText.Pattern.Length > TextCondition.MaxPatternLength)
            {
                throw new ReconciliationInputException("matching.rule.amount_from_text",
                    $"{label}'s amount from text needs a side, a field and a pattern of 1 to {TextCondition.MaxPatternLength} characters.");
            }

            var regex = CompileRegex(fromText.Pattern, "matching.rule.amount_from_text", $"{label}'s amount from text");
            if (regex.GroupNumberFromName("amount") < 0 && regex.GetGroupNumbers().Length < 2)
            {
                throw new ReconciliationInputException("matching.rule.amount_from_text",
                    $"{label}'s amount from text '{fromText.Pattern}' captures nothing; put the amount in a group named amount, e.g. 手续费\\s*(?<amount>[\\d,.]+).");
            }
        }

        if (rule.Partners is { } partners)
        {
            var customers = partners.Customers ?? [];
            var categories = partners.Categories ?? [];
            if (customers.Count + categories.Count == 0)
            {
                throw new ReconciliationInputException("matching.rule.partners",
                    $"{label}'s partner condition lists no customer and no category; list at least one, or remove the condition to apply the rule to every partner.");
            }

            if (customers.Count > MatchRule.MaxPartners || categories.Count > MatchRule.MaxPartners)
            {
                throw new ReconciliationInputException("matching.rule.partners",
                    $"{label}'s partner condition lists more than {MatchRule.MaxPartners:N0} customers or categories; use categories for large groups.");
            }

            if (customers.Any(c => MatchingKey.Normalize(c).Length == 0) || categories.Any(string.IsNullOrWhiteSpace))
            {
                throw new ReconciliationInputException("matching.rule.partners",
                    $"{label}'s partner condition lists an empty customer or category; remove it.");
            }
        }

        var currency = rule.Currency ?? throw new ReconciliationInputException("matching.rule.currency", $"{label} needs a currency condition.");
        switch (currency.Mode)
        {
            case CurrencyMode.SameOnly when currency.RateTolerancePercent != 0m:
                throw new ReconciliationInputException("matching.rule.currency",
                    $"{label} matches within one currency but gives a rate tolerance; set the mode to across currencies, or the tolerance to 0.");
            case CurrencyMode.Across when rule.Cardinality != Cardinality.OneToOne:
                throw new ReconciliationInputException("matching.rule.currency",
                    $"{label} matches across currencies, which is one to one only; make it one to one.");
            case CurrencyMode.Across when rule.Amount?.Kind != AmountConditionKind.Exact:
                throw new ReconciliationInputException("matching.rule.currency",
                    $"{label} matches across currencies, where the rate tolerance decides how far the converted amounts may differ; make its amount condition exact.");
            case CurrencyMode.Across when currency.RateTolerancePercent is < 0m or >= 100m || decimal.Round(currency.RateTolerancePercent, 4) != currency.RateTolerancePercent:
                throw new ReconciliationInputException("matching.rule.currency",
                    $"{label}'s rate tolerance {currency.RateTolerancePercent} % must be 0 to below 100 with at most four decimals.");
            case not (CurrencyMode.SameOnly or CurrencyMode.Across):
                throw new ReconciliationInputException("matching.rule.currency", $"{label} has an unknown currency mode.");
        }

        if (rule.HorizonMonths is < 1 or > MatchRule.HorizonLimit)
        {
            throw new ReconciliationInputException("matching.rule.horizon",
                $"{label}'s search horizon of {rule.HorizonMonths} months must be 1 to {MatchRule.HorizonLimit}; leave it empty for no limit.");
        }

        if (!Enum.IsDefined(rule.Allocation))
        {
            throw new ReconciliationInputException("matching.rule.allocation", $"{label} has an unknown allocation order.");
        }

        if (rule.Allocation != Allocation.Nearest && rule.Cardinality == Cardinality.ManyToMany)
        {
            throw new ReconciliationInputException("matching.rule.allocation",
                $"{label} is many-to-many, which takes the nearest items only; use allocation Nearest, or a one-to-many or many-to-one rule for oldest or newest first.");
        }

        if (rule.ReasonCode is { } code
            && (code.Length is 0 or > MatchRule.ReasonCodeMaxLength || !code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            throw new ReconciliationInputException("matching.rule.reason_code",
                $"{label}'s reason code '{code}' must be 1 to {MatchRule.ReasonCodeMaxLength} letters, digits, '-' or '_', e.g. BANK-FEE.");
        }

        if (rule.WriteOff is { } writeOff && (string.IsNullOrWhiteSpace(writeOff) || writeOff.Length > MatchRule.WriteOffMaxLength || writeOff.Trim() != writeOff))
        {
            throw new ReconciliationInputException("matching.rule.write_off",
                $"{label}'s write-off model name must be 1 to {MatchRule.WriteOffMaxLength} characters without surrounding spaces, as the model is named.");
        }
    }

    // Compiled expressions by pattern: compiling one costs milliseconds, and the server runs the same rule sets again
    // and again. Bounded: cleared when it would outgrow a few hundred rule sets' patterns.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, System.Text.RegularExpressions.Regex> CompiledRegexes = new(StringComparer.Ordinal);

    /// <summary>Compiles a rule's regular expression as a run uses it, or refuses it with a message naming the problem.</summary>
    internal static System.Text.RegularExpressions.Regex CompileRegex(string pattern, string code, string what, bool compiled = false)
    {
        if (compiled && CompiledRegexes.TryGetValue(pattern, out var cached))
        {
            return cached;
        }

        try
        {
            var options = System.Text.RegularExpressions.RegexOptions.CultureInvariant
                | (compiled ? System.Text.RegularExpressions.RegexOptions.Compiled : System.Text.RegularExpressions.RegexOptions.None);
            var regex = new System.Text.RegularExpressions.Regex(pattern, options, TextCondition.RegexTimeout);
            if (compiled)
            {
                if (CompiledRegexes.Count >= 512)
                {
                    CompiledRegexes.Clear();
                }

                CompiledRegexes[pattern] = regex;
            }

            return regex;
        }
        catch (ArgumentException e)
        {
            throw new ReconciliationInputException(code, $"{what}: '{pattern}' is not a valid regular expression ({e.Message}); correct it.");
        }
    }
}
