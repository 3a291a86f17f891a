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
}
