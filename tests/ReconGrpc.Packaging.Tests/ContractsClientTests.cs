using System.Text.RegularExpressions;
using ReconGrpc.Packaging.Tests.Support;
using ReconGrpc.Testing;

namespace ReconGrpc.Packaging.Tests;

/// <summary>An internal service's client, built from the contracts package alone, calls a running server.</summary>
[Collection(PackedFeedCollection.Name)]
public sealed partial class ContractsClientTests(PackedFeed feed)
{
    [Fact]
    public async Task The_minimal_client_of_docs_api_md_built_against_the_package_calls_the_server()
    {
        // The project file and the program exactly as docs/api.md shows them under "A minimal client".
        var docs = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "docs", "api.md"));
        var section = docs[docs.IndexOf("### A minimal client", StringComparison.Ordinal)..];
        var client = Directory.CreateDirectory(Path.Combine(feed.Root, "client")).FullName;
        await File.WriteAllTextAsync(Path.Combine(client, "Client.csproj"), CodeBlock().Match(section, section.IndexOf("```xml", StringComparison.Ordinal)).Groups[1].Value);
        await File.WriteAllTextAsync(Path.Combine(client, "Program.cs"), CodeBlock().Match(section, section.IndexOf("```csharp", StringComparison.Ordinal)).Groups[1].Value);
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);

        var output = await DotNet.RunAsync(client, new Dictionary<string, string> { ["RECON_SERVER"] = server.Address, ["RECON_API_KEY"] = server.AdminKey }, "run");

        Assert.Contains("coding scheme 2-2-2-2 (version 1)", output);
    }

    [GeneratedRegex(@"\G```\w+\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
