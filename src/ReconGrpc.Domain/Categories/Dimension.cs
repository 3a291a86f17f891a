namespace ReconGrpc.Domain.Categories;

/// <summary>自定义项 — a dimension that cross-classifies customers (客户类型, 信用等级 …) with the values it allows.</summary>
public sealed class Dimension
{
    public const int MaxCodeLength = 40;
    public const int MaxNameLength = 100;
    public const int MaxValueLength = 100;
    public const int MaxValues = 500;

    private Dimension()
    {
    }

    /// <summary>A stable identifier: a letter, then letters, digits or '_'.</summary>
    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";

    /// <summary>The values a customer may take, unique, in the order the user gave.</summary>
    public List<string> AllowedValues { get; private set; } = [];

    public long Version { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static Dimension Create(string code, string name, IEnumerable<string> allowedValues, DateTimeOffset now) => new()
    {
        Code = CleanCode(code),
        Name = CleanName(name),
        AllowedValues = CleanValues(allowedValues),
        Version = 1,
        CreatedAt = now,
        UpdatedAt = now,
    };

    public void Change(string name, IEnumerable<string> allowedValues, DateTimeOffset now)
    {
        Name = CleanName(name);
        AllowedValues = CleanValues(allowedValues);
        Version++;
        UpdatedAt = now;
    }

    public bool Allows(string value) => AllowedValues.Contains(value, StringComparer.Ordinal);

    private static string CleanCode(string? code)
    {
        var value = code?.Trim() ?? "";
        if (value.Length is 0 or > MaxCodeLength || !char.IsAsciiLetter(value[0]) ||
            !value.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw RuleViolation.Invalid("dimension.code",
                $"Dimension code '{value}' must start with a letter and hold only ASCII letters, digits and '_' (at most {MaxCodeLength}).");
        }

        return value;
    }

    private static string CleanName(string? name)
    {
        var value = name?.Trim() ?? "";
        if (value.Length is 0 or > MaxNameLength || value.Any(char.IsControl))
        {
            throw RuleViolation.Invalid("dimension.name",
                $"A dimension name is required, at most {MaxNameLength} characters, without control characters.");
        }

        return value;
    }

    private static List<string> CleanValues(IEnumerable<string> values)
    {
        var clean = new List<string>();
        foreach (var raw in values)
        {
            var value = raw?.Trim() ?? "";
            if (value.Length is 0 or > MaxValueLength || value.Any(char.IsControl))
            {
                throw RuleViolation.Invalid("dimension.value",
                    $"Dimension value '{value}' must be 1 to {MaxValueLength} characters without control characters.");
            }

            if (clean.Contains(value, StringComparer.Ordinal))
            {
                throw RuleViolation.Invalid("dimension.value_duplicate", $"Dimension value '{value}' is listed twice.");
            }

            clean.Add(value);
        }

        if (clean.Count is 0 or > MaxValues)
        {
            throw RuleViolation.Invalid("dimension.value_count", $"A dimension needs 1 to {MaxValues} allowed values; {clean.Count} were given.");
        }

        return clean;
    }
}
