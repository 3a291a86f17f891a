using System.Security.Cryptography;
using System.Text;

namespace ReconGrpc.Domain.Auditing;

/// <summary>
/// The secret the audit chain is sealed with (HMAC-SHA256). It is kept out of the database, so that someone who can
/// write to the database alone cannot make an entry whose hash verifies. Its <see cref="Id"/> (a digest of the
/// secret, not the secret) is stored with each entry, so that a server given another key says so instead of calling
/// every entry edited.
/// </summary>
public sealed class AuditKey
{
    /// <summary>A secret shorter than this (in UTF-8 bytes) is refused: the seal is only as strong as its key.</summary>
    public const int MinimumBytes = 32;

    private readonly byte[] _secret;

    private AuditKey(byte[] secret)
    {
        _secret = secret;
        var id = HMACSHA256.HashData(secret, "recon audit key id"u8);
        Id = Convert.ToHexStringLower(id, 0, 8);
    }

    /// <summary>Sixteen hex digits naming the key; the same secret always gives the same id.</summary>
    public string Id { get; }

    /// <summary>A key from its text form (as configured or read from the key file); surrounding white space is ignored.</summary>
    public static AuditKey FromText(string text)
    {
        var secret = Encoding.UTF8.GetBytes(text.Trim());
        if (secret.Length < MinimumBytes)
        {
            throw new ArgumentException($"An audit key needs at least {MinimumBytes} bytes; generate one with 32 random bytes, base64-encoded.", nameof(text));
        }

        return new AuditKey(secret);
    }

    /// <summary>A new random secret in text form: 32 random bytes, base64url without padding (43 characters).</summary>
    public static string NewSecretText() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// A 256-bit key for another purpose, derived from this secret (HKDF-SHA256 with the purpose as its info): one
    /// secret kept out of the database serves several uses, and no derived key reveals the secret or another.
    /// </summary>
    public byte[] DeriveKey(string purpose) => HKDF.DeriveKey(HashAlgorithmName.SHA256, _secret, 32, info: Encoding.UTF8.GetBytes(purpose));

    internal IncrementalHash CreateHash() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _secret);
}
