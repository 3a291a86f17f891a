namespace ReconGrpc.Domain.Access;

/// <summary>
/// Who makes a change: the API key it came with and, when one is named, the person the key acted for. A key issued
/// to a person acts for its holder; a service key shared by a system or a team names the person on each call.
/// </summary>
public sealed record Actor
{
    public const int MaxPersonLength = 100;

    public Actor(string keyId, string? person = null)
    {
        KeyId = keyId;
        Person = CleanPerson(person);
    }

    /// <summary>The changes the server makes of its own accord.</summary>
    public static Actor System { get; } = new("system");

    /// <summary>The API key id (or <c>system</c>).</summary>
    public string KeyId { get; }

    /// <summary>The person the key acted for, or <see langword="null"/> when none was named.</summary>
    public string? Person { get; }

    /// <summary>
    /// A decision (confirming, rejecting or making a match, confirming, locking or unlocking a period) must say which
    /// person made it: the key id alone loses that when the key is shared.
    /// </summary>
    public Actor RequirePerson(string what) => Person is not null
        ? this
        : throw RuleViolation.Invalid("decision.person_required",
            $"{what} is a decision a person answers for, and key '{KeyId}' is a service key with no holder: name the person in the header "
            + "x-recon-user (recon --as NAME, or RECON_USER), or use a key issued to the person (CreateApiKey with a holder).");

    /// <summary>A person's name as given: trimmed, 1 to <see cref="MaxPersonLength"/> characters, no control characters.</summary>
    public static string? CleanPerson(string? person)
    {
        if (person is null)
        {
            return null;
        }

        var clean = person.Trim();
        if (clean.Length is 0 or > MaxPersonLength || clean.Any(char.IsControl))
        {
            throw RuleViolation.Invalid("actor.person",
                $"A person's name (x-recon-user, a key's holder) must be 1 to {MaxPersonLength} characters without control characters.");
        }

        return clean;
    }

    public override string ToString() => Person is null ? KeyId : $"{KeyId} ({Person})";
}
