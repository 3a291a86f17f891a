using System.Security.Cryptography;
using ReconGrpc.Domain.Access;

namespace ReconGrpc.Application.Access;

/// <summary>Makes new key ids and secrets from the system's cryptographic random source, and judges configured ones.</summary>
public static class ApiKeySecrets
{
    /// <summary>
    /// The fewest characters a configured secret may have: 32 random characters of base64 carry 192 bits, of hex 128.
    /// Only the unsalted SHA-256 of a secret is stored, which is safe only when the secret cannot be guessed.
    /// </summary>
    public const int MinConfiguredLength = 32;

    /// <summary>The fewest different characters a configured secret may have: refuses "aaaa…" and "abab…".</summary>
    public const int MinDistinctCharacters = 10;

    public static string NewId() => "k_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    /// <summary>256 random bits, URL-safe, with a prefix that secret scanners can recognise.</summary>
    public static string NewSecret() =>
        ApiKey.SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// Why a secret given in configuration (<paramref name="setting"/>) is too weak to become a key, or
    /// <see langword="null"/> when it will do. The secret itself is never part of the answer: it ends up in a log.
    /// </summary>
    public static string? Weakness(string setting, string secret)
    {
        const string advice = "use a random secret, e.g. the output of `openssl rand -base64 32`";
        if (secret.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return $"{setting} contains spaces or control characters; {advice}.";
        }

        if (secret.Length < MinConfiguredLength)
        {
            return $"{setting} is too weak: it has {secret.Length} characters and needs at least {MinConfiguredLength}; {advice}.";
        }

        var distinct = secret.Distinct().Count();
        if (distinct < MinDistinctCharacters)
        {
            return $"{setting} is too weak: it repeats {distinct} different characters and needs at least {MinDistinctCharacters}; {advice}.";
        }

        return null;
    }

    /// <summary>Refuses to go on with a weak configured secret (see <see cref="Weakness"/>).</summary>
    public static void EnsureStrong(string setting, string? secret)
    {
        if (!string.IsNullOrWhiteSpace(secret) && Weakness(setting, secret) is { } weakness)
        {
            throw new InvalidOperationException(weakness);
        }
    }
}
