using System.Security.Cryptography;
using System.Text;

namespace ReconGrpc.Data.Protection;

/// <summary>
/// Seals sensitive customer fields (bank account, credit code) at rest with AES-256-GCM, and gives the keyed hash
/// (HMAC-SHA256) they are looked up by. Both keys are derived (HKDF-SHA256) from one secret kept outside the
/// database; someone holding the database alone reads neither the values nor can test guesses against the hashes.
/// </summary>
/// <remarks>
/// A sealed value is <c>enc1:&lt;key id&gt;:&lt;base64 of nonce, ciphertext, tag&gt;</c>. The key id (a digest of the
/// secret, not the secret) tells a value sealed under another key from a damaged one. The field's name is bound in as
/// associated data, so a sealed value copied into another column does not open.
/// </remarks>
public sealed class FieldCipher
{
    /// <summary>A secret shorter than this (in UTF-8 bytes) is refused.</summary>
    public const int MinimumBytes = 32;

    /// <summary>What every sealed value starts with; a value without it was written before fields were sealed.</summary>
    public const string Prefix = "enc1:";

    /// <summary>The length of a lookup hash: 64 hex digits.</summary>
    public const int LookupLength = 64;

    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly byte[] _encryptionKey;
    private readonly byte[] _lookupKey;

    /// <summary>
    /// This thread's cipher context: setting one up costs more than sealing a short value, and an import seals one
    /// per row. An <see cref="AesGcm"/> may not be shared between threads, so each keeps its own.
    /// </summary>
    [ThreadStatic]
    private static (FieldCipher Owner, AesGcm Aes)? t_aes;

    private FieldCipher(byte[] secret)
    {
        _encryptionKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: "recon field encryption v1"u8.ToArray());
        _lookupKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: "recon field lookup v1"u8.ToArray());
        KeyId = Convert.ToHexStringLower(HMACSHA256.HashData(secret, "recon field key id"u8), 0, 8);
    }

    /// <summary>Sixteen hex digits naming the key; the same secret always gives the same id.</summary>
    public string KeyId { get; }

    /// <summary>A cipher from the secret's text form (as configured or read from the key file); surrounding white space is ignored.</summary>
    public static FieldCipher FromText(string text)
    {
        var secret = Encoding.UTF8.GetBytes(text.Trim());
        if (secret.Length < MinimumBytes)
        {
            throw new ArgumentException($"A field key needs at least {MinimumBytes} bytes; generate one with 32 random bytes, base64-encoded.", nameof(text));
        }

        return new FieldCipher(secret);
    }

    /// <summary>A new random secret in text form: 32 random bytes, base64.</summary>
    public static string NewSecretText() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Whether a stored value is sealed (by any key), as opposed to plain text written before sealing.</summary>
    public static bool IsSealed(string stored) => stored.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The sealed form of <paramref name="plain"/>; a new random nonce each time, so equal values do not look equal.</summary>
    public string Seal(string field, string plain)
    {
        var plainBytes = Encoding.UTF8.GetBytes(plain);
        var sealedBytes = new byte[NonceBytes + plainBytes.Length + TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        ThreadAes().Encrypt(nonce, plainBytes, sealedBytes.AsSpan(NonceBytes, plainBytes.Length), sealedBytes.AsSpan(NonceBytes + plainBytes.Length), Encoding.UTF8.GetBytes(field));
        return $"{Prefix}{KeyId}:{Convert.ToBase64String(sealedBytes)}";
    }

    private AesGcm ThreadAes()
    {
        if (t_aes is { } cached && ReferenceEquals(cached.Owner, this))
        {
            return cached.Aes;
        }

        var aes = new AesGcm(_encryptionKey, TagBytes);
        t_aes = (this, aes);
        return aes;
    }

    /// <summary>
    /// The plain text of a stored value. A value without the prefix is plain text from before sealing (the start-up
    /// pass seals it) and is returned as it is. A value sealed under another key, or damaged, is refused: it cannot
    /// be read, and passing it on as if it were the value would be worse.
    /// </summary>
    public string Open(string field, string stored)
    {
        if (!IsSealed(stored))
        {
            return stored;
        }

        var rest = stored.AsSpan(Prefix.Length);
        var colon = rest.IndexOf(':');
        var keyId = colon < 0 ? "" : rest[..colon].ToString();
        if (keyId != KeyId)
        {
            throw new FieldKeyException($"A {field} value is sealed under field key {keyId}, but this server's field key is {KeyId}: "
                + "start the server with the key the database was written with (Secrets:FieldKey or its key file).");
        }

        byte[] sealedBytes;
        try
        {
            sealedBytes = Convert.FromBase64String(rest[(colon + 1)..].ToString());
        }
        catch (FormatException ex)
        {
            throw new FieldKeyException($"A stored {field} value under field key {keyId} is damaged (not base64).", ex);
        }

        if (sealedBytes.Length < NonceBytes + TagBytes)
        {
            throw new FieldKeyException($"A stored {field} value under field key {keyId} is damaged (too short).");
        }

        var length = sealedBytes.Length - NonceBytes - TagBytes;
        var plain = new byte[length];
        try
        {
            var aes = ThreadAes();
            aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes, length), sealedBytes.AsSpan(NonceBytes + length), plain,
                Encoding.UTF8.GetBytes(field));
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new FieldKeyException($"A stored {field} value under field key {keyId} does not verify: it was altered or moved from another column.", ex);
        }

        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>
    /// The keyed hash a value is looked up by: HMAC-SHA256 over the field's name and the value as the caller
    /// normalised it, 64 hex digits. Equal values give equal hashes, so an index finds them; without the key a hash
    /// tells nothing, not even for a value as guessable as a credit code.
    /// </summary>
    public string Lookup(string field, string normalized)
    {
        var data = Encoding.UTF8.GetBytes(field + "\0" + normalized);
        return Convert.ToHexStringLower(HMACSHA256.HashData(_lookupKey, data));
    }
}

/// <summary>A sealed field that cannot be opened: another key, or a damaged value.</summary>
public sealed class FieldKeyException : InvalidOperationException
{
    public FieldKeyException(string message)
        : base(message)
    {
    }

    public FieldKeyException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
