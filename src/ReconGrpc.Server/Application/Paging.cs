using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using ReconGrpc.Domain;

namespace ReconGrpc.Server.Application;

/// <summary>A page of results and the position to continue from.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextAfter);

/// <summary>
/// Page sizes and opaque page tokens. A token carries the last key returned, so paging is by key ("after this
/// code") and stays stable while rows are added. It also carries a keyed hash of that key and of the list it came
/// from (the RPC's method name), so a token is honoured only by the list that issued it and cannot be made up or
/// edited. The hash key is drawn when the server starts: a token does not outlive the server that issued it.
/// </summary>
public static class Paging
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    /// <summary>The longest token a list accepts; the ones it issues are far shorter.</summary>
    public const int MaxTokenLength = 200;

    /// <summary>
    /// The most a page's items may take encoded (3 MiB): a page stays within gRPC clients' default 4 MiB receive
    /// limit whatever page_size asked for; a shorter page with a next token follows from <see cref="FitTo{T}"/>.
    /// </summary>
    public const int MaxPageBytes = 3 * 1024 * 1024;

    private const int TagBytes = 12;
    private static readonly byte[] TokenKey = RandomNumberGenerator.GetBytes(32);

    public static int Size(int requested) => requested switch
    {
        < 0 => throw RuleViolation.Invalid("page_size.negative", "page_size cannot be negative."),
        0 => DefaultPageSize,
        > MaxPageSize => MaxPageSize,
        _ => requested,
    };

    /// <summary>The token that continues <paramref name="list"/> after <paramref name="after"/>; empty on the last page.</summary>
    public static string Token(string list, string? after)
    {
        if (after is null)
        {
            return "";
        }

        var key = Encoding.UTF8.GetBytes(after);
        return Base64Url.EncodeToString([.. key, .. Tag(list, key)]);
    }

    /// <summary>The key a token of <paramref name="list"/> continues after; null for the first page.</summary>
    public static string? After(string list, string? token)
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
                "page_token is not one this list issued (it may be from another list, edited, or from before a restart); start again without it.");
        }

        return Encoding.UTF8.GetString(bytes, 0, bytes.Length - TagBytes);
    }

    private static byte[] Tag(string list, ReadOnlySpan<byte> key)
    {
        byte[] data = [.. Encoding.UTF8.GetBytes(list), 0, .. key];
        return HMACSHA256.HashData(TokenKey, data)[..TagBytes];
    }

    /// <summary>Turns one extra fetched row into the "there is more" signal.</summary>
    public static Page<T> Of<T>(List<T> fetched, int size, Func<T, string> key) =>
        fetched.Count > size ? new Page<T>(fetched[..size], key(fetched[size - 1])) : new Page<T>(fetched, null);

    /// <summary>
    /// Cuts a page to the items whose encoded sizes together stay within <paramref name="maxBytes"/> (always at least
    /// one), so a page of large items still fits the message limit; the caller continues after the last one kept.
    /// </summary>
    public static Page<T> FitTo<T>(Page<T> page, Func<T, int> size, Func<T, string> key, int maxBytes = MaxPageBytes)
    {
        var total = 0;
        for (var i = 0; i < page.Items.Count; i++)
        {
            total += size(page.Items[i]);
            if (total > maxBytes && i > 0)
            {
                return new Page<T>(page.Items.Take(i).ToList(), key(page.Items[i - 1]));
            }
        }

        return page;
    }
}
