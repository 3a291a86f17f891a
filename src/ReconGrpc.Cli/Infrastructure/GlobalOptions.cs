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

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print machine-readable JSON (camelCase) on stdout; errors go to stderr as JSON",
        Recursive = true,
    };

    /// <summary>The key given with --api-key, else the one in RECON_API_KEY.</summary>
    public string? ApiKeyOf(ParseResult parsed) =>
        parsed.GetValue(ApiKey) is { Length: > 0 } given ? given : Environment.GetEnvironmentVariable("RECON_API_KEY") is { Length: > 0 } fromEnvironment ? fromEnvironment : null;

    public void AddTo(Command root)
    {
        root.Options.Add(Server);
        root.Options.Add(ApiKey);
        root.Options.Add(Json);
    }
}
