using ReconGrpc.Domain;

namespace ReconGrpc.Application;

/// <summary>A page of results and the position to continue from.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextAfter);

/// <summary>
/// Page sizes, and pages cut to fit the message limit. Paging is by key ("after this code"), so it stays stable while
/// rows are added; the transport hands the key to callers inside a signed token (<c>PageTokens</c>).
/// </summary>
public static class Paging
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    /// <summary>
    /// The most a page's items may take encoded (3 MiB): a page stays within gRPC clients' default 4 MiB receive
    /// limit whatever page_size asked for; a shorter page with a next token follows from <see cref="FitTo{T}"/>.
    /// </summary>
    public const int MaxPageBytes = 3 * 1024 * 1024;

    public static int Size(int requested) => requested switch
    {
        < 0 => throw RuleViolation.Invalid("page_size.negative", "page_size cannot be negative."),
        0 => DefaultPageSize,
        > MaxPageSize => MaxPageSize,
        _ => requested,
    };

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
