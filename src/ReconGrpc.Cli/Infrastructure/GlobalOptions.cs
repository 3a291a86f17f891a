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

    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = "The API key to call with (environment RECON_API_KEY)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("RECON_API_KEY"),
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print machine-readable JSON (camelCase) on stdout; errors go to stderr as JSON",
        Recursive = true,
    };

    public void AddTo(Command root)
    {
        root.Options.Add(Server);
        root.Options.Add(ApiKey);
        root.Options.Add(Json);
    }
}
