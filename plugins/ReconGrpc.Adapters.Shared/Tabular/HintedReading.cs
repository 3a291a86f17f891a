using System.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Shared.Tabular;

/// <summary>
/// Opening and reading a table where text that is not in the encoding read is refused with the adapter's own hint:
/// each export has its usual encoding (GBK for a seller center's CSV, UTF-8 for Shopify), and the user is told which.
/// </summary>
internal static class HintedReading
{
    public static async Task<TabularReader> OpenAsync(Stream content, TabularOptions options, Func<ImportException, ImportException> encodingHint,
        CancellationToken cancellationToken)
    {
        try
        {
            return await TabularReader.OpenAsync(content, options, cancellationToken).ConfigureAwait(false);
        }
        catch (ImportException e) when (e.InnerException is DecoderFallbackException)
        {
            throw encodingHint(e);
        }
    }

    public static async ValueTask<bool> NextAsync(TabularReader reader, Func<ImportException, ImportException> encodingHint, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ImportException e) when (e.InnerException is DecoderFallbackException)
        {
            throw encodingHint(e);
        }
    }

    /// <summary>Whether the text failed as UTF-8 (so another encoding, GBK most often, is the hint), not as the encoding the user named.</summary>
    public static bool FailedAsUtf8(ImportException e) => e.Message.StartsWith("The file is not valid UTF-8", StringComparison.OrdinalIgnoreCase);
}
