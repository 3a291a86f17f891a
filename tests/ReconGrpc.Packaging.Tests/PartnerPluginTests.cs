using ReconGrpc.Contracts.V1;
using ReconGrpc.Packaging.Tests.Support;
using ReconGrpc.Plugins.Abstractions;
using ReconGrpc.Testing;

namespace ReconGrpc.Packaging.Tests;

/// <summary>
/// What a partner does with the packages alone, outside this repository: make a plugin from the template, run its
/// tests against the SDK and the test kit packages, publish it and drop it into a running server, import through it.
/// </summary>
[Collection(PackedFeedCollection.Name)]
public sealed class PartnerPluginTests(PackedFeed feed)
{
    [Fact]
    public async Task A_plugin_made_from_the_template_passes_its_tests_and_imports_in_a_running_server_without_a_restart()
    {
        var partner = Directory.CreateDirectory(Path.Combine(feed.Root, "partner")).FullName;
        var hive = Path.Combine(partner, "template-hive");
        await DotNet.RunAsync(partner, "new", "install", feed.Package("ReconGrpc.Plugins.Templates", PluginSdk.VersionText), "--debug:custom-hive", hive);
        await DotNet.RunAsync(partner, "new", "recon-plugin", "-n", "Acme.Plugin", "--debug:custom-hive", hive);
        var tested = await DotNet.RunAsync(Path.Combine(partner, "Acme.Plugin"), "test");
        Assert.Contains("Passed!  - Failed:     0, Passed:     4", tested);

        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        // Publish beside the plugin folder, then move the finished folder in: the server never sees half a plugin.
        var staging = Path.Combine(server.DataFolder, "staging", "Acme.Plugin");
        await DotNet.RunAsync(partner, "publish", Path.Combine("Acme.Plugin", "Acme.Plugin"), "-c", "Debug", "--no-build", "-o", staging);
        Assert.False(File.Exists(Path.Combine(staging, "ReconGrpc.Plugins.Abstractions.dll")), "a plugin must not ship the SDK");
        Directory.Move(staging, Path.Combine(server.PluginFolder, "Acme.Plugin"));

        var imports = server.Imports(server.AdminKey);
        Adapter? acme = null;
        for (var attempt = 0; attempt < 75 && acme is not { Available: true }; attempt++)
        {
            await Task.Delay(200);
            acme = (await imports.ListAdaptersAsync(new ListAdaptersRequest())).Adapters.FirstOrDefault(a => a.Id == "acme.plugin");
        }

        Assert.True(acme is { Available: true }, acme?.UnavailableReason ?? "the server did not load the dropped-in plugin within 15 s");
        var sample = await File.ReadAllBytesAsync(Path.Combine(partner, "Acme.Plugin", "Acme.Plugin.Tests", "sample-statement.csv"));
        var (summary, _) = await ImportClient.UploadAsync(imports, new ImportHeader
        {
            AdapterId = "auto",
            FileName = "sample-statement.csv",
            Target = new ImportTarget { StatementName = "Acme 2024-03", StatementKind = Contracts.V1.StatementKind.BankStatement },
        }, sample);

        Assert.Equal("acme.plugin", summary.AdapterId);
        Assert.True((summary.Imported, summary.Rejected) == (3, 0), string.Join("; ", summary.Errors.Select(e => $"{e.Line}: {e.Message}")));
    }
}
