using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;

namespace ReconGrpc.Testing;

/// <summary>
/// A private certificate authority made for one test, with a server certificate for 127.0.0.1 and client
/// certificates it issues, written as PEM files to a temp folder the way an operator would hand them to the server.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthenticationOid = "1.3.6.1.5.5.7.3.2";

    private TestCertificates(string folder, X509Certificate2 authority)
    {
        Folder = folder;
        Authority = authority;
    }

    public string Folder { get; }

    /// <summary>The CA's certificate (with its private key, to issue more).</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The CA's certificate as PEM: what a client is told to trust.</summary>
    public string AuthorityFile => Path.Combine(Folder, "ca.pem");

    /// <summary>The server's certificate followed by the CA's, as Kestrel's Certificate:Path takes it.</summary>
    public string ServerCertificateFile => Path.Combine(Folder, "server.pem");

    public string ServerKeyFile => Path.Combine(Folder, "server-key.pem");

    /// <summary>Makes a CA named <paramref name="name"/> and a server certificate for 127.0.0.1 and localhost it signed.</summary>
    public static TestCertificates Create(string name = "Recon Test CA")
    {
        var folder = Directory.CreateTempSubdirectory("recon-tls-").FullName;
        var authority = CreateAuthority(name);
        var certificates = new TestCertificates(folder, authority);
        File.WriteAllText(certificates.AuthorityFile, authority.ExportCertificatePem());

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthenticationOid)], false));
        using var server = Issue(authority, request);
        File.WriteAllText(certificates.ServerCertificateFile, server.ExportCertificatePem() + "\n" + authority.ExportCertificatePem());
        File.WriteAllText(certificates.ServerKeyFile, serverKey.ExportPkcs8PrivateKeyPem());
        return certificates;
    }

    /// <summary>
    /// A client certificate issued by this CA, written as <c>{name}.pem</c> and <c>{name}-key.pem</c>; returns
    /// the certificate with its key.
    /// </summary>
    public X509Certificate2 IssueClient(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ClientAuthenticationOid)], false));
        using var issued = Issue(Authority, request);
        File.WriteAllText(ClientCertificateFile(name), issued.ExportCertificatePem());
        File.WriteAllText(ClientKeyFile(name), key.ExportPkcs8PrivateKeyPem());
        // Through PKCS#12 so that the key is usable by SslStream on every platform, not only as an ephemeral key.
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    public string ClientCertificateFile(string name) => Path.Combine(Folder, $"{name}.pem");

    public string ClientKeyFile(string name) => Path.Combine(Folder, $"{name}-key.pem");

    /// <summary>The settings that make a test server serve HTTPS on 127.0.0.1 with this CA's server certificate.</summary>
    public Dictionary<string, string?> HttpsSettings() => new()
    {
        ["Kestrel:Endpoints:Https:Url"] = "https://127.0.0.1:0",
        ["Kestrel:Endpoints:Https:Certificate:Path"] = ServerCertificateFile,
        ["Kestrel:Endpoints:Https:Certificate:KeyPath"] = ServerKeyFile,
    };

    /// <summary>
    /// A channel to <paramref name="address"/> that trusts only <paramref name="trusted"/> (none: the machine's
    /// trust store) and shows <paramref name="clientCertificate"/> when given.
    /// </summary>
    public static GrpcChannel Channel(string address, X509Certificate2? trusted, X509Certificate2? clientCertificate = null)
    {
        var tls = new SslClientAuthenticationOptions();
        if (trusted is not null)
        {
            tls.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            tls.CertificateChainPolicy.CustomTrustStore.Add(trusted);
        }

        if (clientCertificate is not null)
        {
            tls.ClientCertificates = [clientCertificate];
        }

        var handler = new SocketsHttpHandler { SslOptions = tls };
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }

    private static X509Certificate2 CreateAuthority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        // A day either side of now: certificates are checked against the machine's real time, not the test clock.
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static X509Certificate2 Issue(X509Certificate2 authority, CertificateRequest request)
    {
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        return request.Create(authority, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(23), serial);
    }

    public void Dispose()
    {
        Authority.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Left to the temp cleaner; no result depends on it.
        }
    }
}
