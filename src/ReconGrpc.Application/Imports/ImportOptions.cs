namespace ReconGrpc.Application.Imports;

/// <summary>Limits of imports (<c>Imports</c> section).</summary>
public sealed class ImportOptions
{
    /// <summary>The largest file accepted (1 GiB); a larger upload is refused with RESOURCE_EXHAUSTED as soon as it passes the limit.</summary>
    public long MaxFileBytes { get; set; } = 1L << 30;

    /// <summary>Where uploads are spooled while they are imported; the system temp folder when unset.</summary>
    public string? SpoolDirectory { get; set; }
}
