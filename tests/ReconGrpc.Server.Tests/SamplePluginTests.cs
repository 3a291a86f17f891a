using System.Diagnostics;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests;

/// <summary>What a partner does: build the sample plugin, drop it into a running server's plugin folder, import through it.</summary>
public sealed class SamplePluginTests
{
    [Fact]
    public async Task The_sample_plugin_built_and_dropped_into_a_running_server_imports_a_file()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        var project = Path.Combine(RepositoryRoot.Path, "plugins", "samples", "ReconGrpc.Samples.SimpleBankCsv");
        var staging = Path.Combine(server.DataFolder, "sample-build");

        await RunAsync("dotnet", $"publish \"{project}\" -c Debug -o \"{staging}\" --nologo -v q");
        Assert.False(File.Exists(Path.Combine(staging, "ReconGrpc.Plugins.Abstractions.dll")), "the sample must not ship the SDK");
        // Copy then rename, as a deployment would, so the watcher sees a complete folder appear.
        var target = Path.Combine(server.PluginFolder, "ReconGrpc.Samples.SimpleBankCsv");
        Directory.Move(staging, target);
        var imports = server.Imports(server.AdminKey);
        Adapter? sample = null;
        for (var attempt = 0; attempt < 50 && sample is not { Available: true }; attempt++)
        {
            await Task.Delay(200);
            sample = (await imports.ListAdaptersAsync(new ListAdaptersRequest())).Adapters.FirstOrDefault(a => a.Id == "samples.simple-bank-csv");
        }

        Assert.True(sample is { Available: true }, sample?.UnavailableReason ?? "the watcher did not load the dropped-in plugin within 10 s");
        var (summary, _) = await ImportClient.UploadAsync(imports, new ImportHeader
        {
            AdapterId = "auto",
            FileName = "sample-bank-statement.csv",
            Target = new ImportTarget { StatementName = "sample bank", StatementKind = StatementKind.BankStatement },
        }, await File.ReadAllBytesAsync(Path.Combine(project, "sample-bank-statement.csv")));

        Assert.Equal("samples.simple-bank-csv", summary.AdapterId);
        Assert.True(summary.Imported > 0 && summary.Rejected == 0, string.Join("; ", summary.Errors.Select(e => $"{e.Line}: {e.Message}")));
    }

    private static async Task RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {arguments} failed:\n{await output}\n{await error}");
    }
}
