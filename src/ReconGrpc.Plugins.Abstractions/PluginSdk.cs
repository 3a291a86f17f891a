using System.Reflection;

namespace ReconGrpc.Plugins.Abstractions;

/// <summary>
/// The version of this SDK and the rule by which a host decides whether it can load a plugin.
/// </summary>
/// <remarks>
/// The SDK follows semantic versioning. A host running SDK <c>H.h.x</c> loads a plugin built against
/// <c>P.p.y</c> when <c>P == H</c> (no breaking change between them) and <c>p &lt;= h</c> (the plugin uses
/// nothing the host lacks). Anything else is refused with a reason, before any plugin code runs.
/// </remarks>
public static class PluginSdk
{
    /// <summary>
    /// The SDK version as a compile-time constant. Because the compiler copies constants into the calling
    /// assembly, <c>[assembly: ReconPlugin(PluginSdk.VersionText)]</c> records in a plugin the SDK version it was
    /// built against, not the one it later runs with.
    /// </summary>
    public const string VersionText = "1.4.0";

    /// <summary>The MAJOR part of <see cref="VersionText"/>: plugins built against another major are refused.</summary>
    public const int MajorVersion = 1;

    /// <summary>The simple name of this assembly, which a host shares with every plugin load context.</summary>
    public const string AssemblyName = "ReconGrpc.Plugins.Abstractions";

    /// <summary>The SDK version this assembly implements (equal to <see cref="VersionText"/>).</summary>
    public static Version Version { get; } = Version.Parse(VersionText);

    /// <summary>Decides whether a plugin built against <paramref name="builtAgainst"/> can run on this SDK.</summary>
    /// <param name="builtAgainst">The SDK version the plugin was compiled against.</param>
    /// <returns>The decision, with a reason a plugin author can act on.</returns>
    public static SdkCompatibility CheckCompatibility(Version builtAgainst)
    {
        ArgumentNullException.ThrowIfNull(builtAgainst);
        var built = Normalise(builtAgainst);
        if (built.Major != Version.Major)
        {
            return SdkCompatibility.Refused(built,
                $"The plugin was built against plugin SDK {built}, but this server provides SDK {Version}: "
                + $"major versions {built.Major} and {Version.Major} are incompatible. Rebuild the plugin against SDK {Version.Major}.x.");
        }

        if (built.Minor > Version.Minor)
        {
            return SdkCompatibility.Refused(built,
                $"The plugin was built against plugin SDK {built}, newer than this server's SDK {Version}; "
                + $"it may use members this server lacks. Upgrade the server or rebuild the plugin against SDK {Version.Major}.{Version.Minor} or older.");
        }

        return SdkCompatibility.Accepted(built, $"Built against plugin SDK {built}; this server provides SDK {Version}.");
    }

    /// <summary>
    /// Decides whether a plugin assembly can run on this SDK. The version it was built against is read from its
    /// <see cref="ReconPluginAttribute"/>, or, when it has none, from its reference to this assembly.
    /// </summary>
    /// <param name="pluginAssembly">The plugin's main assembly; it may be loaded for inspection only.</param>
    /// <returns>The decision, with a reason a plugin author can act on.</returns>
    public static SdkCompatibility CheckCompatibility(Assembly pluginAssembly)
    {
        ArgumentNullException.ThrowIfNull(pluginAssembly);
        var name = pluginAssembly.GetName().Name;

        // Attribute data, not attribute instances: the check must work on an assembly loaded only for inspection
        // and must not depend on which load context the attribute type came from.
        var declared = pluginAssembly.GetCustomAttributesData()
            .FirstOrDefault(a => a.AttributeType.FullName == typeof(ReconPluginAttribute).FullName);
        if (declared is not null)
        {
            var text = declared.ConstructorArguments.Count == 1 ? declared.ConstructorArguments[0].Value as string : null;
            if (text is null || !System.Version.TryParse(text, out var declaredVersion))
            {
                return SdkCompatibility.Refused(null,
                    $"Plugin assembly {name} declares [ReconPlugin(\"{text}\")], which is not a version. "
                    + "Declare it as [assembly: ReconPlugin(PluginSdk.VersionText)].");
            }

            return CheckCompatibility(declaredVersion);
        }

        var reference = pluginAssembly.GetReferencedAssemblies()
            .FirstOrDefault(r => string.Equals(r.Name, AssemblyName, StringComparison.OrdinalIgnoreCase));
        if (reference?.Version is null)
        {
            return SdkCompatibility.Refused(null,
                $"Assembly {name} does not reference {AssemblyName}, so it is not a ReconGrpc import plugin.");
        }

        return CheckCompatibility(reference.Version);
    }

    private static Version Normalise(Version version) =>
        new(version.Major, version.Minor, Math.Max(version.Build, 0));
}
