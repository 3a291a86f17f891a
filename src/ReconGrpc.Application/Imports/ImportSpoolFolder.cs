using Microsoft.Extensions.Logging;

namespace ReconGrpc.Application.Imports;

/// <summary>
/// The folder imports spool to (<c>Imports:SpoolDirectory</c>, the system temp folder by default), and the removal
/// of spooled files a crash left there. Spooled files delete themselves when closed, but a server that dies in the
/// middle of an upload never closes them: each crash left a whole upload behind.
/// </summary>
public sealed partial class ImportSpoolFolder(ImportOptions options, ILogger<ImportSpoolFolder> logger)
{
    public const string UploadPrefix = "upload-";
    public const string RowsPrefix = "rows-";
    public const string BackupPrefix = "backup-";
    public const string ReportPrefix = "report-";

    private static readonly string[] Prefixes = [UploadPrefix, RowsPrefix, BackupPrefix, ReportPrefix];
    public const string Extension = ".part";

    public string Path { get; } = options.SpoolDirectory ?? System.IO.Path.GetTempPath();

    /// <summary>
    /// Deletes the spooled files (<c>upload-*.part</c>, <c>rows-*.part</c>, database copies <c>backup-*.part</c>, reports <c>report-*.part</c>) nobody has open. A file in use by an
    /// import of this or of another server sharing the folder is open and locked (the spool opens uploads shared for
    /// reading only, rows not shared at all), so asking for it alone fails and it is left be; so is another user's.
    /// </summary>
    public void RemoveLeftovers()
    {
        if (!Directory.Exists(Path))
        {
            return;
        }

        var removed = 0;
        var bytes = 0L;
        foreach (var file in Leftovers())
        {
            if (TryRemove(file) is { } length)
            {
                removed++;
                bytes += length;
            }
        }

        if (removed > 0)
        {
            LogRemoved(logger, removed, bytes, Path);
        }
    }

    private IEnumerable<string> Leftovers() =>
        Prefixes.SelectMany(prefix => Directory.EnumerateFiles(Path, prefix + "*" + Extension)).Where(IsOurName);

    /// <summary>Only names the spool makes (a prefix, 32 hex digits, <c>.part</c>): the temp folder holds others' files too.</summary>
    private static bool IsOurName(string file)
    {
        var name = System.IO.Path.GetFileNameWithoutExtension(file);
        var prefix = Prefixes.FirstOrDefault(p => name.StartsWith(p, StringComparison.Ordinal));
        var id = prefix is null ? "" : name[prefix.Length..];
        return id.Length == 32 && id.All(char.IsAsciiHexDigitLower);
    }

    /// <summary>The length of the file once deleted, or <see langword="null"/> when it is in use or not ours to delete.</summary>
    private static long? TryRemove(string file)
    {
        try
        {
            // Alone, and deleted when closed: nobody can open it in between.
            using var alone = new FileStream(file, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.ReadWrite,
                Share = FileShare.None,
                Options = FileOptions.DeleteOnClose,
            });
            return alone.Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removed {Count} spooled import file(s) ({Bytes} bytes) left in {Folder} by a server that stopped in the middle of an import.")]
    private static partial void LogRemoved(ILogger logger, int count, long bytes, string folder);
}
