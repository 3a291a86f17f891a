using ReconGrpc.Adapters.Shared.Tabular;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.WeChatPay;

/// <summary>The reading state of one bill after its header: rows in, import rows out.</summary>
internal abstract class BillReader
{
    /// <summary>What the last row gave, for the caller to yield and clear (no collection per row).</summary>
    public List<ImportRow> Output { get; } = [];

    /// <summary>What the bill is, for messages.</summary>
    public abstract string Name { get; }

    /// <summary>One non-blank row after the header.</summary>
    public abstract void Row(TabularReader reader);

    /// <summary>The file has ended after <paramref name="lastLine"/>: check what it declared and close the statement.</summary>
    /// <exception cref="ImportException">The bill is cut short.</exception>
    public abstract void End(long lastLine);

    /// <summary>
    /// A CSV row with fewer cells than the header: a bad row if more rows follow, a file cut off if it is the last.
    /// Returns true when the row is short (and was set aside).
    /// </summary>
    protected bool ShortRow(TabularReader reader, int headerWidth)
    {
        FlushShortRow();
        if (reader.FieldCount >= headerWidth)
        {
            return false;
        }

        _short = (reader.Line, reader.FieldCount, headerWidth);
        return true;
    }

    /// <summary>Reports a short row set aside as a bad row, now that another row followed it.</summary>
    protected void FlushShortRow()
    {
        if (_short is { } s)
        {
            Output.Add(new RowError(s.Line, null, $"The row has {s.Cells} cells where the header has {s.Width}: it is cut short, so it was not read."));
            OnBadRow();
            _short = null;
        }
    }

    /// <summary>Throws when the last row of the file was cut short: the file ends in the middle of a row.</summary>
    protected void ThrowIfEndsShort()
    {
        if (_short is { } s)
        {
            throw new ImportException(
                $"The {Name} ends in the middle of a row on line {s.Line} ({s.Cells} of {s.Width} cells): the file was cut off during download or upload. "
                + "Download it again.", s.Line);
        }
    }

    /// <summary>A row that could not be read (for the bill's own checks of its totals).</summary>
    protected virtual void OnBadRow()
    {
    }

    private (long Line, int Cells, int Width)? _short;
}
