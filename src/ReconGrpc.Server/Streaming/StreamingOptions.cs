namespace ReconGrpc.Server.Streaming;

/// <summary>Streaming calls whose client stops reading (<c>Streaming</c> section).</summary>
public sealed class StreamingOptions
{
    /// <summary>
    /// How long one message of a server stream may wait for a client that takes nothing (its HTTP/2 window stays
    /// full) before the server ends the call with RESOURCE_EXHAUSTED and lets go of what it held for it. A client
    /// that reads slowly but steadily is not ended: each message only has to go out within this time. A run's watch
    /// ended this way is re-attached with WatchRun from the offset after the last result received; the run itself
    /// goes on. <c>00:00:00</c> turns it off.
    /// </summary>
    public TimeSpan StalledReaderTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether stalled streams are ended at all.</summary>
    public bool EndsStalledStreams => StalledReaderTimeout > TimeSpan.Zero;

    /// <summary>Refuses a negative timeout, at start-up.</summary>
    public StreamingOptions Validated()
    {
        if (StalledReaderTimeout < TimeSpan.Zero && StalledReaderTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new InvalidOperationException(
                $"Streaming:StalledReaderTimeout is {StalledReaderTimeout}; set a positive time such as 00:05:00, or 00:00:00 to never end a stalled stream.");
        }

        return this;
    }
}
