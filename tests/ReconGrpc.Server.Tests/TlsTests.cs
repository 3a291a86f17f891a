using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using Grpc.Net.Client;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests;

/// <summary>
/// HTTPS on Kestrel as docs/operations.md configures it: a certificate from PEM files of a private CA, and
/// optionally client certificates that CA issued. The transport does not depend on the database: SQLite only.
/// </summary>
public sealed class TlsTests
{
    [Fact]
    public async Task A_certificate_from_configuration_serves_clients_that_trust_its_CA_and_not_others()
    {
        using var certificates = TestCertificates.Create();
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite, certificates.HttpsSettings());
        using var trusting = TestCertificates.Channel(server.Address, certificates.Authority);
        using var untrusting = TestCertificates.Channel(server.Address, trusted: null);

        var scheme = await Categories(trusting, server.AdminKey).GetCodingSchemeAsync(new GetCodingSchemeRequest());
        var health = await new Grpc.Health.V1.Health.HealthClient(trusting).CheckAsync(new HealthCheckRequest());
        var refused = await Assert.ThrowsAsync<RpcException>(() => Categories(untrusting, server.AdminKey).GetCodingSchemeAsync(new GetCodingSchemeRequest()).ResponseAsync);

        Assert.StartsWith("https://127.0.0.1:", server.Address);
        Assert.NotNull(scheme.Scheme);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        // Grpc.Net.Client reports a failed handshake as INTERNAL, naming the cause.
        Assert.Equal(StatusCode.Internal, refused.StatusCode);
        Assert.Contains("The SSL connection could not be established", refused.Status.Detail);
    }

    [Fact]
    public async Task A_server_certificate_from_another_CA_is_refused_by_a_client_that_trusts_only_its_own()
    {
        using var certificates = TestCertificates.Create();
        using var other = TestCertificates.Create("Some Other CA");
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite, certificates.HttpsSettings());
        using var trustingOther = TestCertificates.Channel(server.Address, other.Authority);

        var detail = await Expect.Status(StatusCode.Internal, () => Categories(trustingOther, server.AdminKey).GetCodingSchemeAsync(new GetCodingSchemeRequest()).ResponseAsync);

        Assert.Contains("The remote certificate is invalid", detail);
    }

    [Fact]
    public async Task Required_client_certificates_let_in_only_clients_with_one_the_configured_CA_issued()
    {
        using var certificates = TestCertificates.Create();
        using var other = TestCertificates.Create("Some Other CA");
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite, RequiringClientCertificates(certificates));
        using var issued = certificates.IssueClient("accounting-batch");
        using var foreign = other.IssueClient("intruder");
        using var withIssued = TestCertificates.Channel(server.Address, certificates.Authority, issued);
        using var withForeign = TestCertificates.Channel(server.Address, certificates.Authority, foreign);
        using var withNone = TestCertificates.Channel(server.Address, certificates.Authority);

        var scheme = await Categories(withIssued, server.AdminKey).GetCodingSchemeAsync(new GetCodingSchemeRequest());
        var noCertificate = await Assert.ThrowsAsync<RpcException>(() => Categories(withNone, server.AdminKey).GetCodingSchemeAsync(new GetCodingSchemeRequest()).ResponseAsync);
        var foreignCertificate = await Assert.ThrowsAsync<RpcException>(() => Categories(withForeign, server.AdminKey).GetCodingSchemeAsync(new GetCodingSchemeRequest()).ResponseAsync);
        var healthWithout = await Assert.ThrowsAsync<RpcException>(() => new Grpc.Health.V1.Health.HealthClient(withNone).CheckAsync(new HealthCheckRequest()).ResponseAsync);

        Assert.NotNull(scheme.Scheme);
        // Refused in the TLS handshake, before any gRPC call reaches the server: the client sees the connection fail.
        // Under TLS 1.3 the client finishes its side of the handshake first; the server then drops the connection,
        // which the client reports as INTERNAL or UNAVAILABLE depending on when it noticed: as a failed HTTP/2
        // connection, or as a broken pipe while sending the request. Either way no response headers ever arrived.
        Assert.All([noCertificate, foreignCertificate, healthWithout], refused =>
        {
            Assert.Contains(refused.StatusCode, new[] { StatusCode.Internal, StatusCode.Unavailable });
            Assert.StartsWith("Error starting gRPC call.", refused.Status.Detail);
            Assert.IsType<HttpRequestException>(refused.Status.DebugException);
        });
    }

    [Fact]
    public async Task A_client_certificate_does_not_stand_in_for_the_API_key()
    {
        using var certificates = TestCertificates.Create();
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite, RequiringClientCertificates(certificates));
        using var issued = certificates.IssueClient("accounting-batch");
        using var channel = TestCertificates.Channel(server.Address, certificates.Authority, issued);

        await Expect.Status(StatusCode.Unauthenticated, () => new CategoryService.CategoryServiceClient(channel).GetCodingSchemeAsync(new GetCodingSchemeRequest()).ResponseAsync);
    }

    [Fact]
    public async Task Requiring_client_certificates_without_a_CA_file_stops_the_server_on_start()
    {
        var settings = new Dictionary<string, string?> { ["Tls:ClientCertificates"] = "Require" };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestServer.StartAsync(TestDatabases.Sqlite, settings));

        Assert.Contains("Tls:ClientCertificateAuthority", error.Message);
    }

    private static Dictionary<string, string?> RequiringClientCertificates(TestCertificates certificates)
    {
        var settings = certificates.HttpsSettings();
        settings["Tls:ClientCertificates"] = "Require";
        settings["Tls:ClientCertificateAuthority"] = certificates.AuthorityFile;
        return settings;
    }

    private static CategoryService.CategoryServiceClient Categories(GrpcChannel channel, string apiKey) =>
        new(channel.Intercept(metadata =>
        {
            metadata.Add("authorization", "Bearer " + apiKey);
            return metadata;
        }));
}
