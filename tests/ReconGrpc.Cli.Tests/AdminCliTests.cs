using System.Text.Json;
using ReconGrpc.Testing;

namespace ReconGrpc.Cli.Tests;

/// <summary><c>recon admin backup|restore</c> against a real server on its embedded database.</summary>
public sealed class AdminCliTests
{
    [Fact]
    public async Task A_backup_saved_by_the_cli_restores_through_the_cli_and_a_changed_file_is_refused()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        string[] g = ["--server", server.Address, "--api-key", server.AdminKey];
        var folder = Directory.CreateTempSubdirectory("recon-cli-backup-").FullName;
        var file = Path.Combine(folder, "before.db");
        try
        {
            var added = await CliRunner.RunAsync([.. g, "categories", "add", "01", "备份前"]);
            var backup = await CliRunner.RunAsync([.. g, "--json", "admin", "backup", file]);
            var again = await CliRunner.RunAsync([.. g, "admin", "backup", file]);
            await CliRunner.RunAsync([.. g, "categories", "add", "02", "备份后"]);
            var sha = JsonDocument.Parse(backup.Out).RootElement.GetProperty("sha256").GetString()!;
            var restored = await CliRunner.RunAsync([.. g, "admin", "restore", file, "--reason", "恢复到备份", "--sha256", sha]);
            var listed = await CliRunner.RunAsync([.. g, "categories", "list"]);
            await File.AppendAllTextAsync(file, "x");
            var changed = await CliRunner.RunAsync([.. g, "admin", "restore", file, "--reason", "恢复到备份", "--sha256", sha]);

            Assert.True(added.ExitCode == 0, added.Error);
            Assert.True(backup.ExitCode == 0, backup.Error);
            Assert.Equal(2, again.ExitCode);
            Assert.Contains("--force", again.Error);
            Assert.True(restored.ExitCode == 0, restored.Error);
            Assert.Contains("audit chain intact", restored.Out);
            Assert.Contains("备份前", listed.Out);
            Assert.DoesNotContain("备份后", listed.Out);
            Assert.NotEqual(0, changed.ExitCode);
            Assert.Contains("changed or cut short", changed.Error);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
