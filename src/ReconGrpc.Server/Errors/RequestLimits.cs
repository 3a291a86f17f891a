using System.Collections;
using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Reconciliation;

namespace ReconGrpc.Server.Errors;

/// <summary>
/// The size and character rules every request field obeys, read from the message descriptors so that a new field
/// or RPC is covered without a line here. They run before anything else looks at a request (authorization,
/// the database), so an oversized or malformed value costs nothing beyond reading it. docs/api.md ("Input limits")
/// lists them; the domain's own, often tighter, rules still apply after.
/// </summary>
public static class RequestLimits
{
    /// <summary>Characters in a one-line string field (a code, a name, an id) unless named below.</summary>
    public const int MaxLineLength = 256;

    /// <summary>Characters in a free-text field (see <see cref="FreeTextFields"/>), which may hold tabs and line breaks.</summary>
    public const int MaxFreeTextLength = 1000;

    /// <summary>Characters in a page token; the server issues far shorter ones.</summary>
    public const int MaxPageTokenLength = 200;

    /// <summary>Characters in a decimal's text ("1234.50").</summary>
    public const int MaxDecimalLength = 64;

    /// <summary>Elements in a repeated field or entries in a map unless named below.</summary>
    public const int MaxElements = 1000;

    private const long MinTimestampSeconds = -62_135_596_800;
    private const long MaxTimestampSeconds = 253_402_300_799;

    /// <summary>Free text: why something was done, notes, descriptions, memos.</summary>
    public static readonly IReadOnlySet<string> FreeTextFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "reason", "unlock_reason", "note", "memo", "description", "explanation",
    };

    /// <summary>Repeated fields with a tighter bound than <see cref="MaxElements"/>.</summary>
    public static readonly IReadOnlyDictionary<string, int> ElementLimits = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["statement_ids"] = ReconciliationRun.MaxStatements,
    };

    /// <summary>The most characters <paramref name="field"/> may hold.</summary>
    public static int MaxLength(FieldDescriptor field) =>
        field.ContainingType.FullName == "recon.v1.DecimalValue" ? MaxDecimalLength
        : field.Name == "page_token" ? MaxPageTokenLength
        : FreeTextFields.Contains(field.Name) ? MaxFreeTextLength
        : MaxLineLength;

    public static int MaxCount(FieldDescriptor field) => ElementLimits.GetValueOrDefault(field.Name, MaxElements);

    /// <summary>Refuses the first field of <paramref name="message"/> (or of a message inside it) that breaks a limit.</summary>
    public static void Ensure(IMessage message) => Walk(message, "");

    private static void Walk(IMessage message, string prefix)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var path = prefix + field.Name;
            var value = field.Accessor.GetValue(message);
            if (field.IsMap)
            {
                var map = (IDictionary)value;
                EnsureCount(field, path, map.Count);
                foreach (DictionaryEntry entry in map)
                {
                    var entryPath = $"{path}[{InputText.Echo(entry.Key.ToString())}]";
                    if (entry.Key is string key)
                    {
                        EnsureText(field.MessageType.FindFieldByNumber(1), entryPath + " (key)", key);
                    }

                    Check(field.MessageType.FindFieldByNumber(2), entryPath, entry.Value);
                }
            }
            else if (field.IsRepeated)
            {
                var list = (IList)value;
                EnsureCount(field, path, list.Count);
                for (var i = 0; i < list.Count; i++)
                {
                    Check(field, $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]", list[i]);
                }
            }
            else
            {
                Check(field, path, value);
            }
        }
    }

    private static void Check(FieldDescriptor field, string path, object? value)
    {
        switch (field.FieldType)
        {
            case FieldType.String:
                EnsureText(field, path, (string)value!);
                break;
            case FieldType.Enum:
                // A closed set: a number no value of the enum has is a mistake, not a future option.
                var number = Convert.ToInt32(value, CultureInfo.InvariantCulture);
                if (field.EnumType.FindValueByNumber(number) is null)
                {
                    throw RuleViolation.Invalid("request.enum",
                        $"{path} is {number}, which is not a value of {field.EnumType.Name}.");
                }

                break;
            case FieldType.Message when value is Timestamp time:
                EnsureTime(path, time);
                break;
            case FieldType.Message or FieldType.Group when value is IMessage nested:
                Walk(nested, path + ".");
                break;
        }
    }

    private static void EnsureText(FieldDescriptor field, string path, string value)
    {
        var max = MaxLength(field);
        if (value.Length > max)
        {
            throw RuleViolation.Invalid("request.too_long",
                $"{path} has {value.Length.ToString(CultureInfo.InvariantCulture)} characters; at most {max.ToString(CultureInfo.InvariantCulture)} are allowed.");
        }

        var freeText = FreeTextFields.Contains(field.Name);
        if (InputText.HasForbiddenCharacter(value, freeText))
        {
            throw RuleViolation.Invalid("request.control_character", freeText
                ? $"{path} contains a control character; free text may hold tab and line breaks, nothing else below U+0020."
                : $"{path} contains a control character ('{InputText.Echo(value)}'); names, codes and ids hold printable text only.");
        }
    }

    /// <summary>A time must be one a calendar can hold (years 1 to 9999), as google.protobuf.Timestamp itself defines.</summary>
    private static void EnsureTime(string path, Timestamp time)
    {
        if (time.Seconds is < MinTimestampSeconds or > MaxTimestampSeconds || time.Nanos is < 0 or > 999_999_999)
        {
            throw RuleViolation.Invalid("request.time_range",
                $"{path} is outside 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z, the range a time may take.");
        }
    }

    private static void EnsureCount(FieldDescriptor field, string path, int count)
    {
        var max = MaxCount(field);
        if (count > max)
        {
            throw RuleViolation.Invalid("request.too_many",
                $"{path} has {count.ToString(CultureInfo.InvariantCulture)} elements; at most {max.ToString(CultureInfo.InvariantCulture)} are allowed.");
        }
    }
}
