using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Plugins.Testing;

/// <summary>What a user gives with an import, and the server's limits: how <see cref="AdapterRun"/> runs an adapter.</summary>
public sealed record AdapterRunOptions
{
    /// <summary>The adapter's options by name, as <c>recon import FILE --option name=value</c> or the Import call passes them: text.</summary>
    /// <remarks>Checked against <see cref="AdapterDescriptor.Options"/> before anything is read, as the server checks them.</remarks>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Import into a statement of this kind, as <c>recon import FILE --statement NAME --statement-kind KIND</c> does: the
    /// adapter's <see cref="ImportContext.ExpectedKind"/> is <see cref="RecordKind.StatementLines"/> and its
    /// <see cref="ImportContext.StatementKind"/> this kind. <see langword="null"/> (the default) is an import without a
    /// statement target (our ledger, the archive): <see cref="RecordKind.None"/> and no statement kind.
    /// </summary>
    public StatementKind? IntoStatement { get; init; }

    /// <summary>How long the adapter may take to produce its next row: the server's <c>Plugins:RowTimeout</c> (60 s).</summary>
    public TimeSpan RowTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long <see cref="IImportAdapter.Detect"/> may take: the server's <c>Plugins:DetectTimeout</c> (2 s).</summary>
    public TimeSpan DetectTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The most bytes one read of the content stream returns, as the chunks of an upload arrive (4 KiB).</summary>
    public int ReadSize { get; init; } = 4096;
}
