namespace ReconGrpc.Data;

/// <summary>
/// Files this product creates hold the books or the keys to them (databases, uploads, spools, key files, audit
/// checkpoints): on Unix they are created readable by their owner only, whatever the umask or the folder.
/// </summary>
public static class OwnerOnlyFiles
{
    public const UnixFileMode ReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The options, with the mode a file they create gets on Unix (Windows has no such mode: unchanged there).</summary>
    public static FileStreamOptions OwnerOnly(this FileStreamOptions options, UnixFileMode mode = ReadWrite)
    {
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        return options;
    }
}
