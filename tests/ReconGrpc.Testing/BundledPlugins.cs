namespace ReconGrpc.Testing;

/// <summary>The adapters the server's build publishes into its output folder, for tests to load like the server does.</summary>
public static class BundledPlugins
{
    /// <summary>src/ReconGrpc.Server/bin/&lt;configuration&gt;/net10.0/plugins, for the configuration the tests were built in.</summary>
    public static string Folder
    {
        get
        {
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var framework = output.Name;
            var configuration = output.Parent!.Name;
            var folder = Path.Combine(RepositoryRoot.Path, "src", "ReconGrpc.Server", "bin", configuration, framework, "plugins");
            return Directory.Exists(folder)
                ? folder
                : throw new InvalidOperationException($"No bundled plugins at {folder}; build src/ReconGrpc.Server first.");
        }
    }

    /// <summary>Copies the bundled plugin folders into <paramref name="destination"/>.</summary>
    public static void CopyTo(string destination)
    {
        foreach (var file in Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(Folder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
