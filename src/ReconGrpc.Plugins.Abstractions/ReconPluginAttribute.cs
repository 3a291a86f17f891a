namespace ReconGrpc.Plugins.Abstractions;

/// <summary>
/// Marks an assembly as a ReconGrpc import plugin and records the SDK version it was built against.
/// Write it as <c>[assembly: ReconPlugin(PluginSdk.VersionText)]</c>: the constant is copied into the plugin at
/// compile time, so the host learns the version the plugin was built against and can refuse an incompatible one.
/// </summary>
/// <param name="sdkVersion">The SDK version the plugin was built against; pass <see cref="PluginSdk.VersionText"/>.</param>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false, Inherited = false)]
public sealed class ReconPluginAttribute(string sdkVersion) : Attribute
{
    /// <summary>The SDK version the plugin was built against, as text (<c>MAJOR.MINOR.PATCH</c>).</summary>
    public string SdkVersion { get; } = sdkVersion;
}
