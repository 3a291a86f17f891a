using ReconGrpc.Plugins.Abstractions;

[assembly: ReconPlugin(PluginSdk.VersionText)]

namespace ReconGrpc.Testing.HangingLoad;

/// <summary>
/// Adapters that hang while the server creates them. They block for 30 s rather than for ever, so that the test
/// process gets its thread back; the server's load timeout in the tests is far shorter.
/// </summary>
public abstract class Base : IImportAdapter
{
    public abstract AdapterDescriptor Descriptor { get; }

    public DetectionResult Detect(FileProbe probe) => DetectionResult.No("a test adapter");

    public IAsyncEnumerable<ImportRow> ReadAsync(Stream content, ImportContext context, CancellationToken cancellationToken = default) =>
        throw new ImportException("a test adapter reads nothing");

    protected static void Hang() => Thread.Sleep(TimeSpan.FromSeconds(30));
}

/// <summary>Hangs in its constructor.</summary>
public sealed class HangsInConstructor : Base
{
    public HangsInConstructor() => Hang();

    public override AdapterDescriptor Descriptor => new("testing.hangs-in-constructor", "Hangs in its constructor", new Version(1, 0, 0), RecordKind.LedgerEntries);
}

/// <summary>Hangs when asked for its descriptor.</summary>
public sealed class HangsInDescriptor : Base
{
    public override AdapterDescriptor Descriptor
    {
        get
        {
            Hang();
            return new("testing.hangs-in-descriptor", "Hangs in its descriptor", new Version(1, 0, 0), RecordKind.LedgerEntries);
        }
    }
}
