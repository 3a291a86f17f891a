using System.Runtime.CompilerServices;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Shared.Tabular;

/// <summary>
/// What reads an export whose records span rows (an order over its SKU or line-item rows): it takes the rows one at a
/// time and puts in <see cref="Output"/> what is complete, a record once a row of the next one (or the end) comes.
/// </summary>
internal interface IRowFolder
{
    /// <summary>What the last row or the end completed, for the caller to yield and clear.</summary>
    List<ImportRow> Output { get; }

    void Row(TabularReader reader);

    void End();
}

/// <summary>Reads a file row by row through a folder, skipping blank rows, and says how to fix an encoding that fails.</summary>
internal static class FoldedRows
{
    /// <param name="encodingHint">What to tell the user when the text is not in the encoding read: the export's own encoding.</param>
    public static async IAsyncEnumerable<ImportRow> ReadAsync(Stream content, TabularOptions options, Func<TabularReader, IRowFolder> folderFor,
        Func<ImportException, ImportException> encodingHint, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = await HintedReading.OpenAsync(content, options, encodingHint, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var folder = folderFor(reader);
            while (await HintedReading.NextAsync(reader, encodingHint, cancellationToken).ConfigureAwait(false))
            {
                if (reader.IsBlankRow)
                {
                    continue;
                }

                folder.Row(reader);
                foreach (var row in folder.Output)
                {
                    yield return row;
                }

                folder.Output.Clear();
            }

            folder.End();
            foreach (var row in folder.Output)
            {
                yield return row;
            }
        }
    }
}
