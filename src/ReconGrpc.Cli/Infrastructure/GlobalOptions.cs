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
    }
}
