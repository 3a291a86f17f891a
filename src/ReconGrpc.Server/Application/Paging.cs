using System.Buffers.Text;
using System.Text;
using ReconGrpc.Domain;

namespace ReconGrpc.Server.Application;

/// <summary>A page of results and the position to continue from.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextAfter);

/// <summary>
/// Page sizes and opaque page tokens. A token is the URL-safe base64 of the last key returned, so paging is by
/// key ("after this code") and stays stable while rows are added.
/// </summary>
public static class Paging
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    public static int Size(int requested) => requested switch
    {
        < 0 => throw RuleViolation.Invalid("page_size.negative", "page_size cannot be negative."),
        0 => DefaultPageSize,
        > MaxPageSize => MaxPageSize,
        _ => requested,
    };

    public static string Token(string? after) =>
        after is null ? "" : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(after));

    public static string? After(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            throw RuleViolation.Invalid("page_token.invalid", "page_token is not one this server issued; start again without it.");
        }
    }

    /// <summary>Turns one extra fetched row into the "there is more" signal.</summary>
    public static Page<T> Of<T>(List<T> fetched, int size, Func<T, string> key) =>
        fetched.Count > size ? new Page<T>(fetched[..size], key(fetched[size - 1])) : new Page<T>(fetched, null);
}
