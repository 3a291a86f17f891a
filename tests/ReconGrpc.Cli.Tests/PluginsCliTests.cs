using System.Text;
using System.Text.Json;
using ReconGrpc.Testing;

namespace ReconGrpc.Cli.Tests;

/// <summary><c>recon plugins …</c> and what <c>recon adapters …</c> say about each adapter, through a server with the bundled adapters.</summary>
public sealed class PluginsCliTests
{
    [Fact]
    public async Task Plugins_list_shows_each_adapter_with_its_sdk_version_folder_and_description()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        string[] g = ["--server", server.Address, "--api-key", server.AdminKey];

        var json = await CliRunner.RunAsync([.. g, "--json", "plugins", "list"]);
        var text = await CliRunner.RunAsync([.. g, "plugins", "list"]);
        var adapters = await CliRunner.RunAsync([.. g, "adapters", "list"]);

        Assert.True(json.ExitCode == 0, json.Error);
        var listed = JsonDocument.Parse(json.Out).RootElement.EnumerateArray().ToDictionary(a => a.GetProperty("id").GetString()!);
        var template = listed["template"];
        var t3 = listed["yonyou-t3"];
        Assert.Equal("ReconGrpc.Adapters.Template", template.GetProperty("plugin").GetString());
        Assert.Equal("ReconGrpc.Adapters.YonyouT3", t3.GetProperty("plugin").GetString());
        Assert.True(template.GetProperty("available").GetBoolean());
        Assert.False(string.IsNullOrEmpty(template.GetProperty("sdkVersion").GetString()));
        Assert.StartsWith("Generic importer", template.GetProperty("description").GetString());
        Assert.StartsWith("Yonyou T3 exports", t3.GetProperty("description").GetString());
        foreach (var shown in new[] { text.Out, adapters.Out })
        {
            Assert.Contains("ReconGrpc.Adapters.YonyouT3", shown);
            Assert.Contains(template.GetProperty("sdkVersion").GetString()!, shown);
            Assert.Contains("Yonyou T3 exports", shown);
        }
    }

    [Fact]
    public async Task Plugins_reload_rescans_the_folder_and_names_an_unavailable_plugin_with_its_reason()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite, new Dictionary<string, string?> { ["Plugins:Watch"] = "false" });
        string[] g = ["--server", server.Address, "--api-key", server.AdminKey];
        var broken = Path.Combine(server.PluginFolder, "Acme.Broken");
        Directory.CreateDirectory(broken);
        await File.WriteAllTextAsync(Path.Combine(broken, "Acme.Broken.dll"), "this is not an assembly");

        var before = await CliRunner.RunAsync([.. g, "--json", "plugins", "list"]);
        var reloaded = await CliRunner.RunAsync([.. g, "plugins", "reload"]);
        var json = await CliRunner.RunAsync([.. g, "--json", "plugins", "reload"]);
        var accountant = await server.CreateKeyAsync(Contracts.V1.Role.Accountant);
        var refused = await CliRunner.RunAsync("--server", server.Address, "--api-key", accountant, "plugins", "reload");

        Assert.DoesNotContain("Acme.Broken", before.Out);
        Assert.True(reloaded.ExitCode == 0, reloaded.Error);
        Assert.Contains("1 unavailable", reloaded.Out);
        Assert.Contains("Acme.Broken", reloaded.Out);
        var unavailable = Assert.Single(JsonDocument.Parse(json.Out).RootElement.EnumerateArray(), a => a.GetProperty("plugin").GetString() == "Acme.Broken");
        Assert.False(unavailable.GetProperty("available").GetBoolean());
        Assert.Contains("failed to load", unavailable.GetProperty("unavailableReason").GetString());
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("PermissionDenied", refused.Error);
    }

    [Fact]
    public async Task Adapters_detect_gives_each_candidates_reason()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        string[] g = ["--server", server.Address, "--api-key", server.AdminKey];
        var file = Path.Combine(server.DataFolder, "ledger.csv");
        await File.WriteAllTextAsync(file, "客户编码,客户名称,日期,单据类型,单据号,金额,摘要\nC001,,2024-04-02,销售发票,INV-1,1000.00,销售\n", new UTF8Encoding(true));

        var json = await CliRunner.RunAsync([.. g, "--json", "adapters", "detect", file]);
        var text = await CliRunner.RunAsync([.. g, "adapters", "detect", file]);

        Assert.True(json.ExitCode == 0, json.Error);
        var template = Assert.Single(JsonDocument.Parse(json.Out).RootElement.EnumerateArray(), c => c.GetProperty("adapterId").GetString() == "template");
        var reason = template.GetProperty("reason").GetString();
        Assert.False(string.IsNullOrWhiteSpace(reason));
        Assert.Contains(reason!, text.Out);
    }
}
