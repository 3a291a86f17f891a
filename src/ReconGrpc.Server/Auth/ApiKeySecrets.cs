using System.Security.Cryptography;
using ReconGrpc.Domain.Access;

namespace ReconGrpc.Server.Auth;

/// <summary>Makes new key ids and secrets from the system's cryptographic random source.</summary>
public static class ApiKeySecrets
{
    public static string NewId() => "k_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    /// <summary>256 random bits, URL-safe, with a prefix that secret scanners can recognise.</summary>
    public static string NewSecret() =>
        ApiKey.SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
