using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Server.Plugins;

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
    string? UnavailableReason)
{
    public bool IsAvailable => Adapter is not null;

    public AdapterDescriptor? Descriptor => Adapter?.Descriptor;

    public static LoadedAdapter Available(IImportAdapter adapter, string plugin, string? sdkVersion) =>
        new(adapter.Descriptor.Id, adapter.Descriptor.Name, adapter.Descriptor.Version.ToString(), plugin, sdkVersion, adapter, null);

    /// <summary>A plugin that offers no usable adapter; it is listed under its folder's name.</summary>
    public static LoadedAdapter Unavailable(string plugin, string? sdkVersion, string reason) =>
        new(plugin.ToLowerInvariant(), plugin, "", plugin, sdkVersion, null, reason);
}

/// <summary>One adapter's answer to "can you read this file?".</summary>
public sealed record AdapterCandidate(string AdapterId, double Confidence, string Reason);
