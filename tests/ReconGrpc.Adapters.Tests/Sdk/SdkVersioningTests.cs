using System.Reflection;
using ReconGrpc.Adapters.Template;
using ReconGrpc.Adapters.YonyouT3;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.Sdk;

/// <summary>The host loads plugins built against the same major SDK and no newer a minor; others are refused with a reason.</summary>
public sealed class SdkVersioningTests
{
    [Fact]
    public void The_assembly_version_the_constant_and_the_version_object_agree()
    {
        var assembly = typeof(PluginSdk).Assembly.GetName().Version!;

        Assert.Equal(PluginSdk.Version, new Version(assembly.Major, assembly.Minor, assembly.Build));
        Assert.Equal(PluginSdk.VersionText, PluginSdk.Version.ToString());
        Assert.Equal(PluginSdk.MajorVersion, PluginSdk.Version.Major);
        Assert.Equal(PluginSdk.AssemblyName, typeof(PluginSdk).Assembly.GetName().Name);
    }

    [Fact]
    public void A_plugin_built_against_this_version_is_accepted()
    {
        var result = PluginSdk.CheckCompatibility(PluginSdk.Version);

        Assert.True(result.IsCompatible);
        Assert.Equal(PluginSdk.Version, result.BuiltAgainst);
    }

    [Fact]
    public void A_plugin_built_against_an_older_minor_of_the_same_major_is_accepted()
    {
        var host = PluginSdk.Version;
        var older = new Version(host.Major, 0, 0);

        Assert.True(PluginSdk.CheckCompatibility(older).IsCompatible);
    }

    [Fact]
    public void A_plugin_built_against_another_major_is_refused_saying_so()
    {
        var result = PluginSdk.CheckCompatibility(new Version(PluginSdk.MajorVersion + 1, 0, 0));

        Assert.False(result.IsCompatible);
        Assert.Contains("major versions", result.Reason);
        Assert.Contains($"Rebuild the plugin against SDK {PluginSdk.MajorVersion}.x", result.Reason);
    }

    [Fact]
    public void A_plugin_built_against_a_newer_minor_is_refused_saying_so()
    {
        var newer = new Version(PluginSdk.MajorVersion, PluginSdk.Version.Minor + 1, 0);

        var result = PluginSdk.CheckCompatibility(newer);

        Assert.False(result.IsCompatible);
        Assert.Contains("newer than this server's SDK", result.Reason);
    }

    [Theory]
    [InlineData(typeof(TemplateAdapter))]
    [InlineData(typeof(YonyouT3Adapter))]
    public void The_bundled_adapters_declare_the_sdk_they_were_built_against(Type adapter)
    {
        var declared = adapter.Assembly.GetCustomAttribute<ReconPluginAttribute>();

        Assert.Equal(PluginSdk.VersionText, declared?.SdkVersion);
        Assert.True(PluginSdk.CheckCompatibility(adapter.Assembly).IsCompatible);
    }

    [Fact]
    public void An_assembly_that_does_not_reference_the_sdk_is_refused_as_no_plugin()
    {
        var result = PluginSdk.CheckCompatibility(typeof(Xunit.FactAttribute).Assembly);

        Assert.False(result.IsCompatible);
        Assert.Contains("not a ReconGrpc import plugin", result.Reason);
    }
}
