namespace ReconGrpc.Plugins.Abstractions;

/// <summary>
/// A typed record read from an import file. The set of record types is closed (the host stores each kind in its
/// own way), so plugins construct the sealed subclasses and cannot add new ones.
/// </summary>
/// <remarks>Records are immutable; text properties are trimmed, and blank optional text is <see langword="null"/>.</remarks>
public abstract record ImportRecord
{
    private protected ImportRecord()
    {
    }

    /// <summary>The kind of record, matching one flag of <see cref="AdapterDescriptor.Produces"/>.</summary>
    public abstract RecordKind Kind { get; }

    /// <summary>
    /// The id the source itself gives the row, when it gives one that never changes (SDK 1.2): a bank transaction
    /// id, an OFX <c>FITID</c>, a 流水号, a platform's order and line number. When set it is the row's identity for
    /// re-imports (with the date, and for ledger entries the customer): the same row read again, by any version of
    /// the adapter, is recognised as already present even if its text is read differently. Without it the host
    /// tells rows apart by their fields. Pass the id as the file has it; the host trims it.
    /// </summary>
    public string? SourceId { get; init => field = Guard.Optional(value); }
}
