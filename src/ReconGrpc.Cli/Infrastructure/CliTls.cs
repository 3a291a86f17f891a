using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ReconGrpc.Cli.Infrastructure;

/// <summary>
/// How the CLI secures an https:// connection beyond the machine's defaults: the certificate authorities it trusts
/// for the server's certificate (<c>--ca-file</c>), and the certificate it shows when the server asks for one
/// (<c>--client-cert</c>, <c>--client-key</c>).
/// </summary>
public sealed class CliTls : IDisposable
{
    private CliTls(X509Certificate2Collection? authorities, X509Certificate2? clientCertificate)
    {
        Authorities = authorities;
        ClientCertificate = clientCertificate;
    }

    /// <summary>The authorities trusted in place of the machine's trust store; null trusts the machine's.</summary>
    public X509Certificate2Collection? Authorities { get; }

    public X509Certificate2? ClientCertificate { get; }

    /// <summary>Nothing given: the default handler, trusting the machine's store and showing no certificate.</summary>
    public bool IsDefault => Authorities is null && ClientCertificate is null;

    /// <summary>Reads the PEM files; a file that is missing or not PEM is the command line's fault (exit 2).</summary>
    public static CliTls Load(string? caFile, string? clientCertificateFile, string? clientKeyFile)
    {
        if (clientKeyFile is not null && clientCertificateFile is null)
        {
            throw new CliUsageException("--client-key needs --client-cert (the certificate the key belongs to).");
        }

        var authorities = caFile is null ? null : LoadAuthorities(caFile);
        var client = clientCertificateFile is null ? null : LoadClientCertificate(clientCertificateFile, clientKeyFile);
        return new CliTls(authorities, client);
    }

    /// <summary>A handler for the channel that checks the server's certificate against the given authorities.</summary>
    public HttpMessageHandler CreateHandler()
    {
        var tls = new SslClientAuthenticationOptions();
        if (Authorities is not null)
        {
            tls.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                // A private CA seldom publishes revocation lists; asking for them would only fail or wait.
                RevocationMode = X509RevocationMode.NoCheck,
            };
            tls.CertificateChainPolicy.CustomTrustStore.AddRange(Authorities);
        }

        if (ClientCertificate is not null)
        {
            tls.ClientCertificates = [ClientCertificate];
        }

        return new SocketsHttpHandler { SslOptions = tls, EnableMultipleHttp2Connections = true };
    }

    private static X509Certificate2Collection LoadAuthorities(string file)
    {
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new CliUsageException($"--ca-file '{file}' cannot be read as PEM certificates: {ex.Message}");
        }

        return authorities.Count > 0
            ? authorities
            : throw new CliUsageException($"--ca-file '{file}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
    }

    private static X509Certificate2 LoadClientCertificate(string certificateFile, string? keyFile)
    {
        try
        {
            // Without --client-key the key is read from the certificate's own file.
            using var pem = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
            // Through PKCS#12: a key read from PEM is ephemeral, which TLS cannot use on every platform.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new CliUsageException(
                $"--client-cert '{certificateFile}'{(keyFile is null ? "" : $" with --client-key '{keyFile}'")} cannot be read as a PEM certificate and its private key: {ex.Message}");
        }
    }

    public void Dispose()
    {
        ClientCertificate?.Dispose();
        if (Authorities is not null)
        {
            foreach (var authority in Authorities)
            {
                authority.Dispose();
            }
        }
    }
}
