namespace ReconGrpc.Server.Errors;

/// <summary>Limits on calls (<c>Grpc</c> section).</summary>
public sealed class CallLimitOptions
{
    /// <summary>The largest message the server accepts, in bytes (4 MiB): large files are uploaded in chunks.</summary>
    public int MaxReceiveMessageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The largest message the server sends, in bytes.</summary>
    public int MaxSendMessageBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// The longest a unary call may run, whatever deadline the client set (or none): a stuck query must
    /// not hold a connection and a database session for ever. Streaming calls run until done or cancelled.
    /// </summary>
    public TimeSpan MaxUnaryCallDuration { get; set; } = TimeSpan.FromSeconds(60);
}
