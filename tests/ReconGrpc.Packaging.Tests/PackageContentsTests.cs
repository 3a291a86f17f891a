using System.IO.Compression;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using ReconGrpc.Packaging.Tests.Support;
using ReconGrpc.Plugins.Abstractions;
using ReconGrpc.Testing;

namespace ReconGrpc.Packaging.Tests;

/// <summary>What each package holds, opened as a consumer's NuGet client opens it: a zip.</summary>
[Collection(PackedFeedCollection.Name)]
public sealed class PackageContentsTests(PackedFeed feed)
{
    [Fact]
    public void The_contracts_package_holds_every_proto_file_and_the_client_stubs()
    {
        using var package = ZipFile.OpenRead(feed.Package("ReconGrpc.Contracts", "1.1.0"));

        var protos = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "protos", "recon", "v1"), "*.proto").Select(Path.GetFileName).Order();
        Assert.Equal(protos, package.Entries.Where(e => e.FullName.StartsWith("protos/recon/v1/", StringComparison.Ordinal)).Select(e => e.Name).Order());
        var types = TypeNames(package, "lib/net10.0/ReconGrpc.Contracts.dll");
        Assert.Contains("ReconGrpc.Contracts.V1.CategoryService+CategoryServiceClient", types);
        Assert.Contains("ReconGrpc.Contracts.V1.ImportService+ImportServiceClient", types);
        Assert.Contains("lib/net10.0/ReconGrpc.Contracts.xml", package.Entries.Select(e => e.FullName));
    }

    [Fact]
    public void The_cli_package_is_a_dotnet_tool_whose_command_is_recon()
    {
        using var package = ZipFile.OpenRead(feed.Package("ReconGrpc.Cli", "1.0.0"));

        Assert.Contains("DotnetTool", Nuspec(package).Descendants().Single(e => e.Name.LocalName == "packageType").Attribute("name")!.Value);
        var settings = package.Entries.Single(e => e.Name == "DotnetToolSettings.xml");
        using var stream = settings.Open();
        var command = XDocument.Load(stream).Descendants("Command").Single();
        Assert.Equal(("recon", "recon.dll"), (command.Attribute("Name")!.Value, command.Attribute("EntryPoint")!.Value));
    }

    [Fact]
    public void The_sdk_its_test_kit_and_the_template_are_versioned_with_the_sdk()
    {
        var version = PluginSdk.VersionText;
        using var sdk = ZipFile.OpenRead(feed.Package("ReconGrpc.Plugins.Abstractions", version));
        using var kit = ZipFile.OpenRead(feed.Package("ReconGrpc.Plugins.Testing", version));
        using var template = ZipFile.OpenRead(feed.Package("ReconGrpc.Plugins.Templates", version));

        Assert.Equal(version, typeof(Plugins.Testing.AdapterRun).Assembly.GetName().Version!.ToString(3));
        var kitDependency = Nuspec(kit).Descendants().Single(e => e.Name.LocalName == "dependency");
        Assert.Equal(("ReconGrpc.Plugins.Abstractions", version), (kitDependency.Attribute("id")!.Value, kitDependency.Attribute("version")!.Value));
        // The template's projects name the packages by version: the SDK's.
        foreach (var project in template.Entries.Where(e => e.FullName.EndsWith(".csproj", StringComparison.Ordinal)))
        {
            using var stream = project.Open();
            foreach (var reference in XDocument.Load(stream).Descendants("PackageReference").Where(r => r.Attribute("Include")!.Value.StartsWith("ReconGrpc.", StringComparison.Ordinal)))
            {
                Assert.Equal(version, reference.Attribute("Version")!.Value);
            }
        }

        Assert.Contains("content/recon-plugin/.template.config/template.json", template.Entries.Select(e => e.FullName));
        Assert.Contains("lib/net10.0/ReconGrpc.Plugins.Abstractions.xml", sdk.Entries.Select(e => e.FullName));
    }

    private static XDocument Nuspec(ZipArchive package)
    {
        using var stream = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        return XDocument.Load(stream);
    }

    /// <summary>Every type the assembly defines, nested ones as Outer+Inner, read from its metadata without loading it.</summary>
    private static HashSet<string> TypeNames(ZipArchive package, string entry)
    {
        using var copy = new MemoryStream();
        using (var stream = package.GetEntry(entry)!.Open())
        {
            stream.CopyTo(copy);
        }

        copy.Position = 0;
        using var pe = new PEReader(copy);
        var metadata = pe.GetMetadataReader();
        string NameOf(TypeDefinition type)
        {
            var name = metadata.GetString(type.Name);
            var declaring = type.GetDeclaringType();
            return declaring.IsNil
                ? $"{metadata.GetString(type.Namespace)}.{name}"
                : $"{NameOf(metadata.GetTypeDefinition(declaring))}+{name}";
        }

        return [.. metadata.TypeDefinitions.Select(handle => metadata.GetTypeDefinition(handle))
            .Where(t => (t.Attributes & TypeAttributes.VisibilityMask) is TypeAttributes.Public or TypeAttributes.NestedPublic)
            .Select(NameOf)];
    }
}
