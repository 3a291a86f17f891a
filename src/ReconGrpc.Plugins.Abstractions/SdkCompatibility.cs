namespace ReconGrpc.Plugins.Abstractions;

/// <summary>Whether a plugin can run on this SDK, and why.</summary>
public sealed record SdkCompatibility
{
    private SdkCompatibility(bool isCompatible, Version? builtAgainst, string reason)
    {
        IsCompatible = isCompatible;
        BuiltAgainst = builtAgainst;
        Reason = reason;
    }

    /// <summary>True when the host may load the plugin.</summary>
    public bool IsCompatible { get; }

    /// <summary>The SDK version the plugin was built against, when it could be determined.</summary>
    public Version? BuiltAgainst { get; }

    /// <summary>A sentence for the plugin list and the log: why the plugin is accepted or refused.</summary>
    public string Reason { get; }

    internal static SdkCompatibility Accepted(Version builtAgainst, string reason) => new(true, builtAgainst, reason);

    internal static SdkCompatibility Refused(Version? builtAgainst, string reason) => new(false, builtAgainst, reason);
}
