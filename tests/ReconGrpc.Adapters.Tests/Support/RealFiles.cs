namespace ReconGrpc.Adapters.Tests.Support;

/// <summary>
/// Files written by others (bank statements, payment bills) kept beside the repository in
/// <c>../shared/data/real/</c>, read in place and never copied in. A plain clone has no <c>../shared</c> and leaves
/// their cases out; <c>.ci/run</c> sets <c>RECON_REQUIRE_REAL_FILES=1</c>, so there a missing folder fails the run
/// instead. <c>RECON_REAL_FILES</c> may name the folder explicitly.
/// </summary>
internal static class RealFiles
{
    /// <summary>The theory case a run without the real files gets instead of none, so the theory still has data.</summary>
    public const string Absent = "(real files absent)";

    public static string? Folder { get; } = Locate();

    /// <summary>The full path of a real file, by its path under the real-files folder (<c>mt940/oca-test-ing.940</c>).</summary>
    public static string PathOf(string relative) =>
        Path.Combine(Folder ?? throw new InvalidOperationException("The real files are absent."), relative.Replace('/', Path.DirectorySeparatorChar));

    public static byte[] Bytes(string relative) => File.ReadAllBytes(PathOf(relative));

    /// <summary>Theory data: the given relative paths, or the single <see cref="Absent"/> case when the folder is missing.</summary>
    public static TheoryData<string> Cases(params string[] relativePaths)
    {
        var data = new TheoryData<string>();
        if (Folder is null)
        {
            data.Add(Absent);
            return data;
        }

        foreach (var path in relativePaths)
        {
            data.Add(path);
        }

        return data;
    }

    /// <summary>True when a test got the <see cref="Absent"/> case and has nothing to read.</summary>
    public static bool Skip(string relative) => relative == Absent;

    private static string? Locate()
    {
        var folder = Environment.GetEnvironmentVariable("RECON_REAL_FILES") is { Length: > 0 } given ? given : FromRepository();
        if (folder is not null && Directory.Exists(folder))
        {
            return folder;
        }

        if (Environment.GetEnvironmentVariable("RECON_REQUIRE_REAL_FILES") == "1")
        {
            throw new InvalidOperationException(
                $"RECON_REQUIRE_REAL_FILES=1 but the real files were not found (looked in '{folder ?? "../shared/data/real beside the repository"}').");
        }

        return null;
    }

    /// <summary><c>../shared/data/real</c> beside the folder holding <c>ReconGrpc.sln</c>.</summary>
    private static string? FromRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ReconGrpc.sln")))
            {
                return dir.Parent is { } parent ? Path.Combine(parent.FullName, "shared", "data", "real") : null;
            }
        }

        return null;
    }
}
