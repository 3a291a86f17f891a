using ReconGrpc.Contracts.V1;
using ReconGrpc.Packaging.Tests.Support;
using ReconGrpc.Testing;

namespace ReconGrpc.Packaging.Tests;

/// <summary>The server as deployed: its publish folder started as a process, configured by environment variables alone.</summary>
public sealed class DeployedServerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("recon-deployed-").FullName;

    [Fact]
    public async Task The_published_server_started_from_elsewhere_finds_its_bundled_adapters_and_imports_a_t3_export()
    {
        var publish = Path.Combine(_root, "publish");
        await DotNet.RunAsync(RepositoryRoot.Path, "publish", "src/ReconGrpc.Server", "-c", DotNet.Configuration, "--no-build", "--no-restore", "-o", publish, "-v", "q");
        foreach (var plugin in new[] { "ReconGrpc.Adapters.Template", "ReconGrpc.Adapters.YonyouT3" })
        {
            Assert.True(File.Exists(Path.Combine(publish, "plugins", plugin, plugin + ".dll")), $"{plugin} is not in the publish folder's plugins/");
            Assert.False(File.Exists(Path.Combine(publish, "plugins", plugin, "ReconGrpc.Plugins.Abstractions.dll")), $"{plugin} must not carry the SDK");
        }

        var elsewhere = Directory.CreateDirectory(Path.Combine(_root, "elsewhere")).FullName;
        var adminKey = "rk_deployed_" + Guid.NewGuid().ToString("N");
        await using var server = await ServerProcess.StartAsync(Path.Combine(publish, "ReconGrpc.Server.dll"), elsewhere, new Dictionary<string, string>
        {
            ["Database__Provider"] = "Sqlite",
            ["Storage__DataDirectory"] = Path.Combine(_root, "data"),
            ["Auth__BootstrapAdminKey"] = adminKey,
        });
        var invoker = server.Invoker(adminKey);

        var (summary, _) = await ImportClient.UploadAsync(new ImportService.ImportServiceClient(invoker),
            new ImportHeader { AdapterId = "auto", FileName = "t3-categories.xls" },
            await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "t3-categories.xls")));

        Assert.Equal("yonyou-t3", summary.AdapterId);
        Assert.True(summary.Imported > 0 && summary.Rejected == 0, string.Join("; ", summary.Errors.Select(e => $"{e.Line}: {e.Message}")));
        var categories = await new CategoryService.CategoryServiceClient(invoker).ListCategoriesAsync(new ListCategoriesRequest());
        Assert.Equal(summary.Imported, categories.Categories.Count);
        Assert.True(File.Exists(Path.Combine(_root, "data", "recon.db")), "the database is not where Storage__DataDirectory says");
        Assert.False(Directory.Exists(Path.Combine(elsewhere, "data")), "the server wrote data into its working directory");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left to the temp cleaner; no result depends on it.
        }
    }
}
