namespace ReconGrpc.Application.Auditing;

/// <summary>The audit log's seal (<c>Audit</c> section).</summary>
public sealed class AuditOptions
{
    /// <summary>
    /// The secret the chain is sealed with (HMAC-SHA256), at least 32 bytes; give every server of one database the
    /// same. Without it, the key is read from <see cref="KeyFile"/>, generated there on first start.
    /// </summary>
    public string? Key { get; set; }

    /// <summary>Where the key is kept when <see cref="Key"/> is not set; default <c>audit.key</c> in the data folder.</summary>
    public string? KeyFile { get; set; }

    /// <summary>The append-only checkpoint file; default <c>audit-checkpoints.log</c> in the data folder.</summary>
    public string? CheckpointPath { get; set; }
}
