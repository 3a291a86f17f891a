namespace ReconGrpc.Testing;

/// <summary>The clone the tests run from: the folder holding ReconGrpc.sln, above the test output.</summary>
public static class RepositoryRoot
{
    public static string Path
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "ReconGrpc.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("ReconGrpc.sln not found above the test output");
        }
    }
}
