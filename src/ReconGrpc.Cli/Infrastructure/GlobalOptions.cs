using System.CommandLine;

namespace ReconGrpc.Cli.Infrastructure;

/// <summary>The options every command takes.</summary>
public sealed class GlobalOptions
{
    public const string DefaultServer = "http://127.0.0.1:5080";

    public Option<string> Server { get; } = new("--server")
    {
        Description = $"The server's address (environment RECON_SERVER; default {DefaultServer})",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("RECON_SERVER") is { Length: > 0 } s ? s : DefaultServer,
    };

    // No default value from the environment: help prints an option's default, and the key is a secret.
    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = "The API key to call with (default: environment RECON_API_KEY)",
        Recursive = true,
    };

    public Option<string?> As { get; } = new("--as")
    {
        Description = "The person you act for, e.g. 王芳: decisions made with a shared service key are recorded under this name (default: environment RECON_USER)",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print machine-readable JSON (camelCase) on stdout; errors go to stderr as JSON",
        Recursive = true,
    };

    public Option<string?> CaFile { get; } = new("--ca-file")
    {
        Description = "A PEM file of the certificate authority to trust for an https:// server's certificate, in place of the system's (default: environment RECON_CA_FILE)",
        Recursive = true,
    };

    public Option<string?> ClientCert { get; } = new("--client-cert")
    {
        Description = "A PEM client certificate to show a server that requires one (default: environment RECON_CLIENT_CERT)",
        Recursive = true,
    };

    public Option<string?> ClientKey { get; } = new("--client-key")
    {
        Description = "The PEM private key of --client-cert, when not in the certificate's file (default: environment RECON_CLIENT_KEY)",
        Recursive = true,
    };

    /// <summary>The TLS files given with the options, else in RECON_CA_FILE, RECON_CLIENT_CERT and RECON_CLIENT_KEY.</summary>
    public CliTls TlsOf(ParseResult parsed) => CliTls.Load(
        OrEnvironment(parsed.GetValue(CaFile), "RECON_CA_FILE"),
        OrEnvironment(parsed.GetValue(ClientCert), "RECON_CLIENT_CERT"),
        OrEnvironment(parsed.GetValue(ClientKey), "RECON_CLIENT_KEY"));

    private static string? OrEnvironment(string? given, string variable) =>
        given is { Length: > 0 } ? given : Environment.GetEnvironmentVariable(variable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;

    /// <summary>The key given with --api-key, else the one in RECON_API_KEY.</summary>
    public string? ApiKeyOf(ParseResult parsed) =>
        parsed.GetValue(ApiKey) is { Length: > 0 } given ? given : Environment.GetEnvironmentVariable("RECON_API_KEY") is { Length: > 0 } fromEnvironment ? fromEnvironment : null;

    /// <summary>The person given with --as, else the one in RECON_USER; null when neither names one.</summary>
    public string? PersonOf(ParseResult parsed) =>
        parsed.GetValue(As) is { } given && given.Trim().Length > 0 ? given.Trim()
        : Environment.GetEnvironmentVariable("RECON_USER") is { } fromEnvironment && fromEnvironment.Trim().Length > 0 ? fromEnvironment.Trim()
        : null;

    public void AddTo(Command root)
    {
        root.Options.Add(Server);
        root.Options.Add(ApiKey);
        root.Options.Add(As);
        root.Options.Add(Json);
        root.Options.Add(CaFile);
        root.Options.Add(ClientCert);
        root.Options.Add(ClientKey);
    }
}
