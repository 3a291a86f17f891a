using System.Text;
using ReconGrpc.Adapters.Shared.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Shared.Tabular;

/// <summary>How to open a table.</summary>
/// <param name="FileName">The file's name, for extension hints and messages.</param>
/// <param name="EncodingHint">The encoding the user named for a text file.</param>
/// <param name="Delimiter">The delimiter the user named, or null to detect it.</param>
/// <param name="Sheet">A workbook sheet by name or 1-based number, or null for the first.</param>
internal sealed record TabularOptions(string? FileName, Encoding? EncodingHint, char? Delimiter = null, string? Sheet = null)
{
    /// <summary>HTML tables are parsed whole; above this size the user is asked for CSV or XLSX instead.</summary>
    public long MaxHtmlBytes { get; init; } = 64L * 1024 * 1024;

    public ZipLimits ZipLimits { get; init; } = ZipLimits.Default;


    public static TabularOptions From(ImportContext context, char? delimiter = null, string? sheet = null) =>
        new(context.FileName, context.EncodingHint, delimiter, sheet);
}

/// <summary>
/// A forward-only cursor over the rows of a table, whatever container it came in. Cells are strings for text
/// sources; workbook cells may be numbers (double), dates (DateTime) or booleans.
/// </summary>
internal abstract class TabularReader : IAsyncDisposable
{
    /// <summary>The container and encoding, for messages ("CSV, GBK/GB18030").</summary>
    public abstract string Description { get; }

    /// <summary>The 1-based line (text) or row (workbook, HTML table) of the current row.</summary>
    public abstract long Line { get; }

    /// <summary>The number of cells in the current row.</summary>
    public abstract int FieldCount { get; }

    /// <summary>The raw value of a cell, or null when the cell is empty or beyond the row's end.</summary>
    public abstract object? this[int index] { get; }

    /// <summary>True when every cell of the current row is empty or blank.</summary>
    public virtual bool IsBlankRow
    {
        get
        {
            for (var i = 0; i < FieldCount; i++)
            {
                if (ValueParser.Text(this[i]) is not null)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>Opens a table from the start of a stream, detecting its container and encoding.</summary>
    /// <exception cref="ImportException">The stream is empty or not a readable table.</exception>
    public static async Task<TabularReader> OpenAsync(Stream content, TabularOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var head = new byte[FileProbe.HeadLength];
        var read = 0;
        while (read < head.Length)
        {
            var n = await content.ReadAsync(head.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        if (read == 0)
        {
            throw new ImportException("The file is empty.");
        }

        var headBytes = head.AsMemory(0, read);
        var whole = read < head.Length;
        return FormatSniffer.Sniff(headBytes.Span) switch
        {
            TabularFormat.Workbook => await WorkbookReader.OpenAsync(headBytes, content, options, cancellationToken).ConfigureAwait(false),
            TabularFormat.HtmlTable => await HtmlTableReader.OpenAsync(headBytes, whole, content, options, cancellationToken).ConfigureAwait(false),
            _ => await DelimitedReader.OpenAsync(headBytes, whole, content, options, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>Moves to the next row.</summary>
    /// <exception cref="ImportException">The file turns out to be damaged, truncated or in another encoding.</exception>
    public abstract ValueTask<bool> ReadAsync(CancellationToken cancellationToken);

    /// <summary>A cell as trimmed text, or null when empty.</summary>
    public string? Text(int index) => ValueParser.Text(this[index]);

    /// <summary>The current row's cells as text, for header matching and messages.</summary>
    public string?[] Texts()
    {
        var texts = new string?[FieldCount];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = Text(i);
        }

        return texts;
    }

    public abstract ValueTask DisposeAsync();
}
