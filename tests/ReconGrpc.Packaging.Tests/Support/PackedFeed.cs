using ReconGrpc.Testing;

namespace ReconGrpc.Packaging.Tests.Support;

/// <summary>
/// The packages `dotnet pack` makes, packed once per test run into a folder of their own (a local feed), from the
/// outputs the test build already made.
/// </summary>
public sealed class PackedFeed : IAsyncLifetime
{
    /// <summary>Every project that ships as a package.</summary>
    private static readonly string[] Projects =
    [
        "src/ReconGrpc.Plugins.Abstractions",
        "src/ReconGrpc.Plugins.Testing",
        "src/ReconGrpc.Plugins.Templates",
        "src/ReconGrpc.Contracts",
        "src/ReconGrpc.Cli",
    ];

    /// <summary>
    /// A temporary folder for this run: the feed, and the projects the tests make from it in folders below, which
    /// restore through its nuget.config (see <see cref="InitializeAsync"/>).
    /// </summary>
    public string Root { get; } = Directory.CreateTempSubdirectory("recon-packages-").FullName;

    /// <summary>The folder holding the .nupkg files.</summary>
    public string Folder => Path.Combine(Root, "feed");

    /// <summary>The path of a package in the feed, by id and version.</summary>
    public string Package(string id, string version)
    {
        var path = Path.Combine(Folder, $"{id}.{version}.nupkg");
        Assert.True(File.Exists(path), $"{id} {version} was not packed; the feed holds {string.Join(", ", Directory.GetFiles(Folder).Select(Path.GetFileName))}");
        return path;
    }

    public async Task InitializeAsync()
    {
        foreach (var project in Projects)
        {
            await DotNet.RunAsync(RepositoryRoot.Path, "pack", project, "-c", DotNet.Configuration, "--no-build", "--no-restore", "-o", Folder, "-v", "q");
        }

        // Projects below Root take our packages from the feed and everything else from the sources this machine is
        // configured with, into a package folder of their own: a package packed again under the same version must
        // never come from a cache.
        await File.WriteAllTextAsync(Path.Combine(Root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config><add key="globalPackagesFolder" value="{Path.Combine(Root, "packages")}" /></config>
              <packageSources><add key="recon-local" value="{Folder}" /></packageSources>
            </configuration>
            """);
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left to the temp cleaner; no result depends on it.
        }

        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class PackedFeedCollection : ICollectionFixture<PackedFeed>
{
    public const string Name = "packed feed";
}
