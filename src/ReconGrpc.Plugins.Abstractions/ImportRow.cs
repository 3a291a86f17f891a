namespace ReconGrpc.Plugins.Abstractions;

/// <summary>
/// One result of reading an import file: either a <see cref="RecordRow"/> (a typed record) or a
/// <see cref="RowError"/> (a row that could not be read, and why). The set is closed, so a host can handle both.
/// </summary>
/// <remarks>
/// <see cref="Line"/> is the 1-based place of the row in the file: the physical line where it starts in a text
/// file, the row number in a spreadsheet or HTML table. Several results may share a line.
/// </remarks>
public abstract record ImportRow
{
    private protected ImportRow(long line) => Line = Guard.Line(line, nameof(line));

    /// <summary>The 1-based line (text) or row (spreadsheet) the result comes from.</summary>
    public long Line { get; }
}

/// <summary>A row read into a typed record.</summary>
public sealed record RecordRow : ImportRow
{
    /// <summary>Creates a row holding a record.</summary>
    /// <param name="line">The 1-based line or row the record was read from.</param>
    /// <param name="record">The record read.</param>
    public RecordRow(long line, ImportRecord record)
        : base(line) =>
        Record = record ?? throw new ArgumentNullException(nameof(record));

    /// <summary>The record read from the row.</summary>
    public ImportRecord Record { get; }
}

/// <summary>A row that could not be read, or a check that failed on it (a total that does not match its detail).</summary>
public sealed record RowError : ImportRow
{
    /// <summary>Creates a row error.</summary>
    /// <param name="line">The 1-based line or row the error is about.</param>
    /// <param name="field">The column or field at fault, as the file names it, or <see langword="null"/> for the whole row.</param>
    /// <param name="reason">What is wrong, in words a user can act on (what was found, what was expected).</param>
    /// <exception cref="ArgumentException">The reason is blank.</exception>
    public RowError(long line, string? field, string reason)
        : base(line)
    {
        Field = Guard.Optional(field);
        Reason = Guard.Required(reason, nameof(reason));
    }

    /// <summary>The column or field at fault, or <see langword="null"/> when the whole row is.</summary>
    public string? Field { get; }

    /// <summary>What is wrong, in words a user can act on.</summary>
    public string Reason { get; }
}
