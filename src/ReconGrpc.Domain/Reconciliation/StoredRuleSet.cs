namespace ReconGrpc.Domain.Reconciliation;

/// <summary>
/// One version of a named rule set. Versions are never changed once stored: a run records the version it used,
/// so its matches can always be traced to the exact rules that made them.
/// </summary>
public sealed class StoredRuleSet
{
    public const int MaxNameLength = 100;

    public const int MaxDescriptionLength = 500;

    private StoredRuleSet()
    {
    }

    public long Id { get; private set; }

    public string Name { get; private set; } = "";

    public int Version { get; private set; }

    /// <summary>The rules as JSON, in the engine's own format (validated before it gets here).</summary>
    public string RulesJson { get; private set; } = "";

    public string? Description { get; private set; }

    public string CreatedBy { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public static StoredRuleSet First(string name, string rulesJson, string? description, string createdBy, DateTimeOffset now) =>
        Create(name, 1, rulesJson, description, createdBy, now);

    /// <summary>The version after this one, with new rules.</summary>
    public StoredRuleSet Next(string rulesJson, string? description, string createdBy, DateTimeOffset now) =>
        Create(Name, Version + 1, rulesJson, description, createdBy, now);

    private static StoredRuleSet Create(string name, int version, string rulesJson, string? description, string createdBy, DateTimeOffset now)
    {
        var trimmed = name.Trim();
        if (trimmed.Length is 0 or > MaxNameLength)
        {
            throw RuleViolation.Invalid("ruleset.name", $"A rule set needs a name of 1 to {MaxNameLength} characters.");
        }

        if (description is { Length: > MaxDescriptionLength })
        {
            throw RuleViolation.Invalid("ruleset.description", $"The description is longer than {MaxDescriptionLength} characters.");
        }

        return new StoredRuleSet
        {
            Name = trimmed,
            Version = version,
            RulesJson = rulesJson,
            Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim(),
            CreatedBy = createdBy,
            CreatedAt = now,
        };
    }
}
