using System.Security.Cryptography;
using System.Text;

namespace ReconGrpc.Domain.Access;

/// <summary>
/// An API key. Only the SHA-256 of its secret is kept, unsalted: a generated secret carries 256 random bits (and a
/// configured one must be long and varied), so there is no dictionary to precompute and a fast hash is as safe as a
/// slow one; it lets every call be checked with one indexed lookup.
/// </summary>
public sealed class ApiKey
{
    public const string SecretPrefix = "rk_";
    public const int MaxNameLength = 100;

    private ApiKey()
    {
    }

    /// <summary>A short public identifier, e.g. <c>k_3f9a2c1d</c>.</summary>
    public string Id { get; private set; } = "";

    public string Name { get; private set; } = "";

    public Role Role { get; private set; }

    /// <summary>Lower-case hex SHA-256 of the secret.</summary>
    public string SecretHash { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The id of the key that created this one, or <c>bootstrap</c>.</summary>
    public string CreatedBy { get; private set; } = "";

    public DateTimeOffset? RevokedAt { get; private set; }

    /// <summary>The person the key was issued to; <see langword="null"/> for a service key shared by a system or a team.</summary>
    public string? Holder { get; private set; }

    public bool IsActive => RevokedAt is null;

    public static ApiKey Create(string id, string name, Role role, string secret, string createdBy, DateTimeOffset now, string? holder = null)
    {
        var clean = name?.Trim() ?? "";
        if (clean.Length is 0 or > MaxNameLength)
        {
            throw RuleViolation.Invalid("apikey.name", $"An API key needs a name of 1 to {MaxNameLength} characters.");
        }

        if (!Enum.IsDefined(role))
        {
            throw RuleViolation.Invalid("apikey.role", "An API key needs a role: viewer, accountant or admin.");
        }

        return new ApiKey
        {
            Id = id,
            Name = clean,
            Role = role,
            SecretHash = HashSecret(secret),
            CreatedAt = now,
            CreatedBy = createdBy,
            Holder = Actor.CleanPerson(string.IsNullOrWhiteSpace(holder) ? null : holder),
        };
    }

    public void Revoke(DateTimeOffset now)
    {
        if (RevokedAt is not null)
        {
            throw RuleViolation.FailedPrecondition("apikey.already_revoked", $"API key '{Id}' was already revoked at {RevokedAt:u}.");
        }

        RevokedAt = now;
    }

    /// <summary>
    /// Whether <paramref name="secret"/> is this key's. The hashes are compared in constant time, so how long the
    /// answer takes says nothing about how much of them agreed.
    /// </summary>
    public bool Matches(string secret) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashSecret(secret)), Encoding.ASCII.GetBytes(SecretHash));

    public static string HashSecret(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
