namespace ReconGrpc.Application.Imports;

/// <summary>Limits of imports (<c>Imports</c> section).</summary>
public sealed class ImportOptions
{
    /// <summary>The largest file accepted (1 GiB); a larger upload is refused with RESOURCE_EXHAUSTED as soon as it passes the limit.</summary>
    public long MaxFileBytes { get; set; } = 1L << 30;

    /// <summary>
    /// Where uploads, rows read from them, backups and reports are spooled. The host sets its own folder when this is
    /// unset (the server: <c>spool</c> in its data folder); the system temp folder only when no host does.
    /// </summary>
    public string? SpoolDirectory { get; set; }
}
