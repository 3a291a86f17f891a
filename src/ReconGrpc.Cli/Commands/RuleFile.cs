using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReconGrpc.Cli.Infrastructure;
using ReconGrpc.Contracts.V1;

namespace ReconGrpc.Cli.Commands;

/// <summary>
/// The rules file: a JSON array of rule objects whose camelCase names mirror MatchRule in the proto, e.g.
/// <c>{"name":"doc-exact","keys":[{"ours":"documentNumber","theirs":"documentNumber"}],"amountCondition":"exact","tolerance":"0",
/// "dateWindow":"days","daysBefore":31,"daysAfter":31,"cardinality":"oneToOne","decision":"accepted"}</c>.
/// <c>recon rules show NAME --json</c> writes this format, so a rule set can be edited and given back to <c>rules update</c>.
/// </summary>
internal static class RuleFile
{
    private static readonly string[] Known =
        ["name", "keys", "amountCondition", "tolerance", "dateWindow", "daysBefore", "daysAfter", "cardinality", "decision", "maxGroupSize", "maxCandidates"];

    /// <summary>The camelCase name of an enum value as the file writes it, e.g. oneToOne, documentNumber, sameMonth.</summary>
    public static string Name<T>(T value)
        where T : struct, System.Enum
    {
        var text = value.ToString();
        return char.ToLowerInvariant(text[0]) + text[1..];
    }

    public static JsonArray Write(IEnumerable<MatchRule> rules)
    {
        var array = new JsonArray();
        foreach (var r in rules)
        {
            var keys = new JsonArray();
            foreach (var k in r.Keys)
            {
                keys.Add(new JsonObject { ["ours"] = Name(k.Ours), ["theirs"] = Name(k.Theirs) });
            }

            var rule = new JsonObject
            {
                ["name"] = r.Name,
                ["keys"] = keys,
                ["amountCondition"] = Name(r.AmountCondition),
                ["tolerance"] = r.Tolerance?.Value is { Length: > 0 } t ? t : "0",
                ["dateWindow"] = Name(r.DateWindow),
            };
            if (r.DateWindow == DateWindowKind.Days)
            {
                rule["daysBefore"] = r.DaysBefore;
                rule["daysAfter"] = r.DaysAfter;
            }

            rule["cardinality"] = Name(r.Cardinality);
            rule["decision"] = Name(r.Decision);
            if (r.MaxGroupSize != 0)
            {
                rule["maxGroupSize"] = r.MaxGroupSize;
            }

            if (r.MaxCandidates != 0)
            {
                rule["maxCandidates"] = r.MaxCandidates;
            }

            array.Add(rule);
        }

        return array;
    }

    /// <summary>Reads a rules file; every problem is a <see cref="CliUsageException"/> naming the file, the rule and the field.</summary>
    public static List<MatchRule> Read(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new CliUsageException($"There is no file {file.FullName}.");
        }

        return Parse(File.ReadAllText(file.FullName), file.Name);
    }

    public static List<MatchRule> Parse(string text, string fileName)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new CliUsageException($"{fileName} is not valid JSON: {ex.Message}");
        }

        // Also accept an object that carries the rules, e.g. {"rules":[…]}.
        if (root is JsonObject wrapper && wrapper["rules"] is JsonArray inner)
        {
            root = inner;
        }

        if (root is not JsonArray array)
        {
            throw new CliUsageException($"{fileName} must hold a JSON array of rules, e.g. [{{\"name\":\"doc-exact\",…}}].");
        }

        if (array.Count == 0)
        {
            throw new CliUsageException($"{fileName} holds no rules; a rule set needs at least one.");
        }

        var rules = new List<MatchRule>();
        for (var i = 0; i < array.Count; i++)
        {
            var where = $"{fileName}, rule {i + 1}";
            if (array[i] is not JsonObject o)
            {
                throw new CliUsageException($"{where}: must be an object.");
            }

            if (o["name"] is JsonValue nameValue && nameValue.TryGetValue<string>(out var ruleName) && ruleName.Length > 0)
            {
                where = $"{fileName}, rule {i + 1} ('{ruleName}')";
            }

            rules.Add(ParseRule(o, where));
        }

        return rules;
    }

    private static MatchRule ParseRule(JsonObject o, string where)
    {
        foreach (var (property, _) in o)
        {
            if (!Known.Contains(property, StringComparer.Ordinal))
            {
                var hint = Known.FirstOrDefault(k => string.Equals(k, property, StringComparison.OrdinalIgnoreCase));
                throw new CliUsageException($"{where}: unknown field '{property}'{(hint is null ? "" : $" (did you mean '{hint}'?)")}; known fields are {string.Join(", ", Known)}.");
            }
        }

        var rule = new MatchRule
        {
            Name = String(o, "name", where, required: true)!,
            AmountCondition = Enum<AmountConditionKind>(o, "amountCondition", where, required: true),
            DateWindow = Enum<DateWindowKind>(o, "dateWindow", where, required: true),
            Cardinality = Enum<Cardinality>(o, "cardinality", where, required: true),
            Decision = Enum<RuleDecision>(o, "decision", where, required: true),
            DaysBefore = Int(o, "daysBefore", where),
            DaysAfter = Int(o, "daysAfter", where),
            MaxGroupSize = Int(o, "maxGroupSize", where),
            MaxCandidates = Int(o, "maxCandidates", where),
        };
        if (o["tolerance"] is { } tolerance)
        {
            var value = tolerance is JsonValue v && v.GetValueKind() is JsonValueKind.String or JsonValueKind.Number ? v.ToJsonString().Trim('"') : null;
            if (value is null || !decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _))
            {
                throw new CliUsageException($"{where}: tolerance must be a non-negative decimal such as \"0\", \"5.00\" or \"0.5\", not {tolerance.ToJsonString()}.");
            }

            rule.Tolerance = new DecimalValue { Value = value };
        }

        if (o["keys"] is { } keys)
        {
            if (keys is not JsonArray keyArray)
            {
                throw new CliUsageException($"{where}: keys must be an array such as [{{\"ours\":\"documentNumber\",\"theirs\":\"documentNumber\"}}].");
            }

            for (var k = 0; k < keyArray.Count; k++)
            {
                var keyWhere = $"{where}, key {k + 1}";
                if (keyArray[k] is not JsonObject key)
                {
                    throw new CliUsageException($"{keyWhere}: must be an object such as {{\"ours\":\"documentNumber\",\"theirs\":\"documentNumber\"}}.");
                }

                if (key.Select(p => p.Key).FirstOrDefault(p => p is not ("ours" or "theirs")) is { } extra)
                {
                    throw new CliUsageException($"{keyWhere}: unknown field '{extra}'; a key has ours and theirs.");
                }

                rule.Keys.Add(new MatchKey
                {
                    Ours = Enum<KeyField>(key, "ours", keyWhere, required: true),
                    Theirs = Enum<KeyField>(key, "theirs", keyWhere, required: true),
                });
            }
        }

        if (rule.DateWindow != DateWindowKind.Days && (rule.DaysBefore != 0 || rule.DaysAfter != 0))
        {
            throw new CliUsageException($"{where}: daysBefore and daysAfter only apply to dateWindow \"days\", not \"{Name(rule.DateWindow)}\".");
        }

        return rule;
    }

    private static string? String(JsonObject o, string field, string where, bool required)
    {
        var node = o[field];
        if (node is null)
        {
            return required ? throw new CliUsageException($"{where}: {field} is missing.") : null;
        }

        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { } s)
        {
            return s.Length > 0 || !required ? s : throw new CliUsageException($"{where}: {field} is empty.");
        }

        throw new CliUsageException($"{where}: {field} must be a string, not {node.ToJsonString()}.");
    }

    private static int Int(JsonObject o, string field, string where)
    {
        var node = o[field];
        if (node is null)
        {
            return 0;
        }

        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var n) && n >= 0)
        {
            return n;
        }

        if (node is JsonValue d && d.GetValueKind() == JsonValueKind.Number && d.TryGetValue<decimal>(out var m) && m == decimal.Truncate(m) && m is >= 0 and <= int.MaxValue)
        {
            return (int)m;
        }

        throw new CliUsageException($"{where}: {field} must be a whole number of 0 or more, not {node.ToJsonString()}.");
    }

    private static T Enum<T>(JsonObject o, string field, string where, bool required)
        where T : struct, System.Enum
    {
        var text = String(o, field, where, required);
        var allowed = System.Enum.GetValues<T>().Where(v => Convert.ToInt32(v, CultureInfo.InvariantCulture) != 0).ToList();
        if (text is null)
        {
            return default;
        }

        // oneToOne, OneToOne, one_to_one, ONE_TO_ONE and one-to-one all name the same value.
        var wanted = text.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        foreach (var value in allowed)
        {
            if (string.Equals(value.ToString(), wanted, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        throw new CliUsageException($"{where}: {field} \"{text}\" is not one of {string.Join(", ", allowed.Select(Name))}.");
    }
}
