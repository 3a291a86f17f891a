using ReconGrpc.Testing;

namespace ReconGrpc.Cli.Tests;

/// <summary>
/// The CLI against a server serving HTTPS with a certificate from a private CA: it trusts the CA given with
/// --ca-file (or RECON_CA_FILE) and shows a client certificate when the server requires one. These tests set
/// process environment variables, so they run alone.
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class TlsCliTests
{
    [Fact]
    public async Task A_CA_file_makes_the_CLI_trust_a_server_certificate_that_CA_issued()
    {
        using var certificates = TestCertificates.Create();
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite, certificates.HttpsSettings());

        var trusting = await CliRunner.RunAsync("--server", server.Address, "--api-key", server.AdminKey, "--ca-file", certificates.AuthorityFile, "categories", "list");
        var untrusting = await WithoutTlsEnvironmentAsync(() => CliRunner.RunAsync("--server", server.Address, "--api-key", server.AdminKey, "categories", "list"));

        Assert.True(trusting.ExitCode == 0, trusting.Error);
        Assert.Equal(1, untrusting.ExitCode);
        Assert.Contains("not trusted", untrusting.Error);
        Assert.Contains("--ca-file", untrusting.Error);
        Assert.Contains("RECON_CA_FILE", untrusting.Error);
    }

    [Fact]
    public async Task The_CA_file_may_come_from_RECON_CA_FILE()
    {
        using var certificates = TestCertificates.Create();
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite, certificates.HttpsSettings());
        var before = Environment.GetEnvironmentVariable("RECON_CA_FILE");
        Environment.SetEnvironmentVariable("RECON_CA_FILE", certificates.AuthorityFile);
        try
        {
            var listed = await CliRunner.RunAsync("--server", server.Address, "--api-key", server.AdminKey, "categories", "list");

            Assert.True(listed.ExitCode == 0, listed.Error);
        }
        finally
        {
            Environment.SetEnvironmentVariable("RECON_CA_FILE", before);
        }
    }

    [Fact]
    public async Task A_CA_that_did_not_issue_the_server_certificate_is_named_in_the_error()
    {
        using var certificates = TestCertificates.Create();
        using var other = TestCertificates.Create("Some Other CA");
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite, certificates.HttpsSettings());

        var result = await CliRunner.RunAsync("--server", server.Address, "--api-key", server.AdminKey, "--ca-file", other.AuthorityFile, "categories", "list");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not issued by the authority in --ca-file", result.Error);
    }

    [Fact]
    public async Task A_server_that_requires_client_certificates_admits_the_CLI_with_one_its_CA_issued()
    {
        using var certificates = TestCertificates.Create();
        var settings = certificates.HttpsSettings();
        settings["Tls:ClientCertificates"] = "Require";
        settings["Tls:ClientCertificateAuthority"] = certificates.AuthorityFile;
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite, settings);
        certificates.IssueClient("recon-cli").Dispose();
        string[] common = ["--server", server.Address, "--api-key", server.AdminKey, "--ca-file", certificates.AuthorityFile];

        var withCertificate = await CliRunner.RunAsync([.. common, "--client-cert", certificates.ClientCertificateFile("recon-cli"),
            "--client-key", certificates.ClientKeyFile("recon-cli"), "categories", "list"]);
        var without = await WithoutTlsEnvironmentAsync(() => CliRunner.RunAsync([.. common, "categories", "list"]));

        Assert.True(withCertificate.ExitCode == 0, withCertificate.Error);
        Assert.Equal(1, without.ExitCode);
    }

    [Fact]
    public async Task TLS_files_that_cannot_be_read_are_a_usage_error()
    {
        using var certificates = TestCertificates.Create();
        var missing = Path.Combine(certificates.Folder, "missing.pem");

        var noCa = await CliRunner.RunAsync("--server", "https://127.0.0.1:1", "--ca-file", missing, "categories", "list");
        var notPem = await CliRunner.RunAsync("--server", "https://127.0.0.1:1", "--ca-file", certificates.ServerKeyFile, "categories", "list");
        var keyAlone = await CliRunner.RunAsync("--server", "https://127.0.0.1:1", "--client-key", certificates.ServerKeyFile, "categories", "list");
        var certificateWithoutKey = await CliRunner.RunAsync("--server", "https://127.0.0.1:1", "--client-cert", certificates.AuthorityFile, "categories", "list");

        Assert.Equal(2, noCa.ExitCode);
        Assert.Contains("--ca-file", noCa.Error);
        Assert.Equal(2, notPem.ExitCode);
        Assert.Contains("holds no PEM certificate", notPem.Error);
        Assert.Equal(2, keyAlone.ExitCode);
        Assert.Contains("--client-key needs --client-cert", keyAlone.Error);
        Assert.Equal(2, certificateWithoutKey.ExitCode);
        Assert.Contains("--client-cert", certificateWithoutKey.Error);
    }

    /// <summary>Runs with none of the TLS variables set, so that a developer's own settings do not change the result.</summary>
    private static async Task<CliResult> WithoutTlsEnvironmentAsync(Func<Task<CliResult>> run)
    {
        string[] variables = ["RECON_CA_FILE", "RECON_CLIENT_CERT", "RECON_CLIENT_KEY"];
        var before = variables.ToDictionary(name => name, Environment.GetEnvironmentVariable);
        foreach (var name in variables)
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        try
        {
            return await run();
        }
        finally
        {
            foreach (var (name, value) in before)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
