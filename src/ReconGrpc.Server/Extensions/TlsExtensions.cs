using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace ReconGrpc.Server.Extensions;

/// <summary>Whether callers must show a client certificate on the server's HTTPS endpoints.</summary>
public enum ClientCertificatePolicy
{
    /// <summary>No certificate is asked for; the API key alone identifies the caller.</summary>
    None,

    /// <summary>The TLS handshake fails unless the client shows a certificate issued by the configured authority.</summary>
    Require,
}

/// <summary>Client certificates on HTTPS endpoints (<c>Tls</c> section). The server's own certificate is Kestrel's.</summary>
public sealed class TlsOptions
{
    public ClientCertificatePolicy ClientCertificates { get; set; } = ClientCertificatePolicy.None;

    /// <summary>A PEM file of the certificate authority (or authorities) that client certificates must chain to.</summary>
    public string? ClientCertificateAuthority { get; set; }
}

public static class TlsExtensions
{
    private const string ClientAuthenticationOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>
    /// With <c>Tls:ClientCertificates=Require</c>, every HTTPS endpoint asks for a client certificate during the
    /// handshake and accepts only one that chains to <c>Tls:ClientCertificateAuthority</c>, whatever the machine's
    /// trust store holds: a private CA issues the clients' certificates and no public CA can stand in for it.
    /// HTTP/2 forbids renegotiation, so the certificate is asked for in the handshake itself, for every call.
    /// </summary>
    public static WebApplicationBuilder AddReconTls(this WebApplicationBuilder builder)
    {
        var tls = builder.Configuration.GetSection("Tls").Get<TlsOptions>() ?? new TlsOptions();
        if (tls.ClientCertificates == ClientCertificatePolicy.None)
        {
            return builder;
        }

        if (string.IsNullOrWhiteSpace(tls.ClientCertificateAuthority))
        {
            throw new InvalidOperationException(
                "Tls:ClientCertificates is Require: set Tls:ClientCertificateAuthority to the PEM file of the CA that issues client certificates.");
        }

        var authorityFile = Path.GetFullPath(tls.ClientCertificateAuthority, builder.Environment.ContentRootPath);
        var authorities = LoadAuthorities(authorityFile);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
        {
            https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            https.ClientCertificateValidation = (certificate, _, _) => IssuedBy(certificate, authorities);
        }));
        return builder;
    }

    private static X509Certificate2Collection LoadAuthorities(string file)
    {
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException($"Tls:ClientCertificateAuthority '{file}' cannot be read as PEM certificates: {ex.Message}", ex);
        }

        return authorities.Count > 0
            ? authorities
            : throw new InvalidOperationException($"Tls:ClientCertificateAuthority '{file}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
    }

    /// <summary>
    /// True when the certificate chains to one of the authorities and may authenticate a client. Revocation is not
    /// checked: a private CA rarely publishes a CRL, and every call still needs an API key, which can be revoked.
    /// </summary>
    private static bool IssuedBy(X509Certificate2 certificate, X509Certificate2Collection authorities)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid(ClientAuthenticationOid));
        return chain.Build(certificate);
    }
}
