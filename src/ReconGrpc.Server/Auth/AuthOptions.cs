namespace ReconGrpc.Server.Auth;

/// <summary>Authentication (<c>Auth</c> section).</summary>
public sealed class AuthOptions
{
    /// <summary>A secret that becomes an admin key on start if no key with it exists yet.</summary>
    public string? BootstrapAdminKey { get; set; }

    /// <summary>
    /// A secret that becomes a new admin key on start if no key with it was ever created: the way back in when no
    /// admin key is left. One-time: once created (even if revoked since) it is never created again.
    /// </summary>
    public string? RecoveryAdminKey { get; set; }

    /// <summary>Where a generated first admin key is written when no bootstrap key is configured.</summary>
    public string? BootstrapKeyFile { get; set; }

    /// <summary>
    /// How long a verified key is trusted without looking it up again (<see cref="VerifiedKeys"/>); 0 looks every call's
    /// key up. A revocation through this server takes effect at once; one through another instance within this time.
    /// </summary>
    public int KeyCacheSeconds { get; set; } = 5;
}
