using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using ReconGrpc.Cli.Infrastructure;
using ReconGrpc.Contracts.V1;

namespace ReconGrpc.Cli.Commands;

/// <summary>
/// The rule file: one <see cref="RuleSet"/> message of the contract in its canonical proto JSON, e.g.
/// <c>{"name":"strict","rules":[{"name":"doc-exact","keys":[{"ours":"KEY_FIELD_DOCUMENT_NUMBER","theirs":"KEY_FIELD_DOCUMENT_NUMBER"}],
/// "amountCondition":"AMOUNT_CONDITION_KIND_EXACT","dateWindow":"DATE_WINDOW_KIND_DAYS","daysBefore":31,"daysAfter":31,
/// "cardinality":"CARDINALITY_ONE_TO_ONE","decision":"RULE_DECISION_ACCEPTED"}]}</c>.
/// Google.Protobuf writes and reads it, so the file follows the proto and nothing here restates its fields.
/// <c>recon rules show NAME --json</c> writes it and <c>rules create/update --file</c> read it back.
/// </summary>
internal static class RuleFile
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithIndentation());

    // Unknown fields are refused so that a misspelt field is an error rather than a rule quietly left at its default.
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));

    public static string Write(RuleSet set) => Formatter.Format(set);

    /// <summary>Reads a rule file; every problem is a <see cref="CliUsageException"/> naming the file and, where it can, the rule.</summary>
    public static RuleSet Read(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new CliUsageException($"There is no file {file.FullName}.");
        }

        return Parse(File.ReadAllText(file.FullName), file.Name);
    }

    public static RuleSet Parse(string text, string fileName)
    {
        // System.Text.Json looks at the shape first: its syntax errors carry a line and position, and a bare array (the
        // rule file's earlier form) can be told what to write instead.
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new CliUsageException($"{fileName} is not valid JSON: {ex.Message}");
        }

        RuleSet set;
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new CliUsageException(
                    $"{fileName} must hold one rule set object, {{\"rules\": [{{\"name\": …}}, …]}}, as 'recon rules show NAME --json' writes it, not a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}.");
            }

            try
            {
                set = Parser.Parse<RuleSet>(text);
            }
            catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidJsonException)
            {
                throw new CliUsageException($"{fileName}{Where(document.RootElement)}: {ex.Message}");
            }
        }

        if (set.Rules.Count == 0)
        {
            throw new CliUsageException($"{fileName} holds no rules; a rule set needs at least one.");
        }

        for (var i = 0; i < set.Rules.Count; i++)
        {
            var rule = set.Rules[i];
            var where = $"{fileName}, rule {i + 1}{(rule.Name.Length > 0 ? $" ('{rule.Name}')" : "")}";
            RequireEnums(rule, MatchRule.Descriptor, where);
            for (var k = 0; k < rule.Keys.Count; k++)
            {
                RequireEnums(rule.Keys[k], MatchKey.Descriptor, $"{where}, key {k + 1}");
            }
        }

        return set;
    }

    /// <summary>
    /// Enums whose unset value the contract defines as the usual choice (same currency only, nearest first): a rule
    /// written before they existed means exactly that, so they may be left out.
    /// </summary>
    private static readonly HashSet<string> DefaultedEnums = ["currency_mode", "allocation"];

    /// <summary>
    /// Refuses an enum left at its ..._UNSPECIFIED value, which the proto calls not valid: the server would read a missing
    /// decision as accepted and a missing date window as any date, which a rule's author seldom means.
    /// </summary>
    private static void RequireEnums(IMessage message, MessageDescriptor descriptor, string where)
    {
        foreach (var field in descriptor.Fields.InDeclarationOrder())
        {
            if (field.FieldType == FieldType.Enum && !field.IsRepeated && !DefaultedEnums.Contains(field.Name) && Convert.ToInt32(field.Accessor.GetValue(message), CultureInfo.InvariantCulture) == 0)
            {
                throw new CliUsageException($"{where}{Describe(field.JsonName, descriptor)}: missing; write the value the rule means.");
            }
        }
    }

    /// <summary>
    /// Where the parser's complaint lies (", rule 2 ('settlement'), field tolerance (a DecimalValue object)"), found by parsing the
    /// top-level fields, then the rules, then the refused rule's fields one at a time; "" if no single one is refused.
    /// </summary>
    private static string Where(JsonElement root)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (property.NameEquals("rules") && property.Value.ValueKind == JsonValueKind.Array)
            {
                var n = 0;
                foreach (var rule in property.Value.EnumerateArray())
                {
                    n++;
                    if (Refuses(rule.GetRawText(), MatchRule.Descriptor))
                    {
                        var name = rule.ValueKind == JsonValueKind.Object && rule.TryGetProperty("name", out var value) && value.ValueKind == JsonValueKind.String
                            && value.GetString() is { Length: > 0 } s ? $" ('{s}')" : "";
                        return $", rule {n}{name}{(rule.ValueKind == JsonValueKind.Object ? Field(rule, MatchRule.Descriptor) : "")}";
                    }
                }
            }
            else if (Refuses(Single(property), RuleSet.Descriptor))
            {
                return Describe(property.Name, RuleSet.Descriptor);
            }
        }

        return "";
    }

    private static string Field(JsonElement message, MessageDescriptor descriptor)
    {
        foreach (var property in message.EnumerateObject())
        {
            if (Refuses(Single(property), descriptor))
            {
                return Describe(property.Name, descriptor);
            }
        }

        return "";
    }

    /// <summary>The field and what it takes, drawn from the proto's descriptor so that the message cannot drift from the contract.</summary>
    private static string Describe(string name, MessageDescriptor descriptor)
    {
        var fields = descriptor.Fields.InDeclarationOrder();
        var field = fields.FirstOrDefault(f => f.JsonName == name || f.Name == name);
        return field switch
        {
            null => $", field {name} (a {descriptor.Name} has {string.Join(", ", fields.Select(f => f.JsonName))})",
            { FieldType: FieldType.Enum } => $", field {name} (one of {string.Join(", ", field.EnumType.Values.Where(v => v.Number != 0).Select(v => v.Name))})",
            { FieldType: FieldType.Message, IsRepeated: true } => $", field {name} (a list of {field.MessageType.Name} objects)",
            { FieldType: FieldType.Message } => $", field {name} (a {field.MessageType.Name} object)",
            _ => $", field {name}",
        };
    }

    private static string Single(JsonProperty property) => $"{{{JsonSerializer.Serialize(property.Name)}:{property.Value.GetRawText()}}}";

    private static bool Refuses(string json, MessageDescriptor descriptor)
    {
        try
        {
            Parser.Parse(json, descriptor);
            return false;
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidJsonException)
        {
            return true;
        }
    }
}
