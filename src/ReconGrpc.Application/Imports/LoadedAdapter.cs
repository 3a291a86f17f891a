using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Application.Imports;

/// <summary>
/// An adapter as the server knows it: usable, or unavailable with the reason (a plugin that failed to load, was
/// built against another SDK major version, or whose adapter threw on creation).
/// </summary>
public sealed record LoadedAdapter(
    string Id,
    string Name,
    string Version,
    string Plugin,
    string? SdkVersion,
    IImportAdapter? Adapter,
    AdapterDescriptor? Descriptor,
    string? UnavailableReason)
{
    /// <summary>SHA-256 (hex) of the plugin assembly as loaded, so an import batch names the exact build that read it.</summary>
    public string? AssemblySha256 { get; init; }

    /// <summary>What read an import through this adapter, as the batch records it.</summary>
    public Domain.Ledger.ImportReader Reader => new(Id, Version, AssemblySha256);

    public bool IsAvailable => Adapter is not null;

    /// <summary>
    /// An adapter with the descriptor it gave at load time, kept so that listing adapters or checking an import's
    /// options never calls into the plugin (where a descriptor that hangs would hang the call).
    /// </summary>
    public static LoadedAdapter Available(IImportAdapter adapter, AdapterDescriptor descriptor, string plugin, string? sdkVersion) =>
        new(descriptor.Id, descriptor.Name, descriptor.Version.ToString(), plugin, sdkVersion, adapter, descriptor, null);

    /// <summary>A plugin that offers no usable adapter; it is listed under its folder's name.</summary>
    public static LoadedAdapter Unavailable(string plugin, string? sdkVersion, string reason) =>
        new(plugin.ToLowerInvariant(), plugin, "", plugin, sdkVersion, null, null, reason);
}

/// <summary>One adapter's answer to "can you read this file?".</summary>
public sealed record AdapterCandidate(string AdapterId, double Confidence, string Reason);

/// <summary>
/// The adapters an import may use, as the host loaded them from its plugin folder. The host implements it; imports
/// only ask for an adapter by id or for the ones that can read a file.
/// </summary>
public interface IAdapterCatalog
{
    /// <summary>The adapter with this id; an unknown or unavailable one is a <see cref="Domain.RuleViolation"/>.</summary>
    LoadedAdapter Get(string id);

    /// <summary>The adapters that say they can read a file with this name and first bytes, most confident first.</summary>
    Task<IReadOnlyList<AdapterCandidate>> DetectAsync(string? fileName, ReadOnlyMemory<byte> head, long? length, CancellationToken cancellationToken);
}
