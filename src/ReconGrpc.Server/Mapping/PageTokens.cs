using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Auditing;

namespace ReconGrpc.Server.Mapping;

/// <summary>
/// Opaque page tokens. A token carries the last key of a page and a keyed hash of that key and of the list it came
/// from (the RPC's method name), so a token is honoured only by the list that issued it and cannot be made up or
/// edited. The hash key is derived from the audit key, which is kept out of the database and outlives restarts, so a
/// client paging through a list carries on across a restart of the server or on another instance with the same key.
/// </summary>
public sealed class PageTokens(AuditKey key)
{
    /// <summary>The longest token a list accepts; the ones it issues are far shorter.</summary>
    public const int MaxTokenLength = 200;

    private const int TagBytes = 12;

    private readonly byte[] _key = key.DeriveKey("recon page tokens");

    /// <summary>The token that continues <paramref name="list"/> after <paramref name="after"/>; empty on the last page.</summary>
    public string Token(string list, string? after)
    {
        if (after is null)
        {
            return "";
        }

        var bytes = Encoding.UTF8.GetBytes(after);
        return Base64Url.EncodeToString([.. bytes, .. Tag(list, bytes)]);
    }

    /// <summary>The key a token of <paramref name="list"/> continues after; null for the first page.</summary>
    public string? After(string list, string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = token.Length <= MaxTokenLength ? Base64Url.DecodeFromChars(token) : [];
        }
        catch (FormatException)
        {
            bytes = [];
        }

        if (bytes.Length <= TagBytes
            || !CryptographicOperations.FixedTimeEquals(bytes.AsSpan(bytes.Length - TagBytes), Tag(list, bytes.AsSpan(0, bytes.Length - TagBytes))))
        {
            throw RuleViolation.Invalid("page_token.invalid",
                "page_token is not one this list issued (it may be from another list, edited, or made under another audit key); start again without it.");
        }

        return Encoding.UTF8.GetString(bytes, 0, bytes.Length - TagBytes);
    }

    /// <summary>The id a token of a list ordered by numeric id continues after; null for the first page.</summary>
    public long? AfterId(string list, string? token) =>
        After(list, token) is { } after
            ? long.TryParse(after, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
                ? id
                : throw RuleViolation.Invalid("page_token.invalid", "page_token is not one this list issued; start again without it.")
            : null;

    private byte[] Tag(string list, ReadOnlySpan<byte> key)
    {
        byte[] data = [.. Encoding.UTF8.GetBytes(list), 0, .. key];
        return HMACSHA256.HashData(_key, data)[..TagBytes];
    }
}
