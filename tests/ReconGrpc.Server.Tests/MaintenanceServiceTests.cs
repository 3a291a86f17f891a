using Google.Protobuf;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests;

/// <summary>Backup and restore of the embedded database while the server runs, through a real client.</summary>
public sealed class MaintenanceServiceTests
{
    [Fact]
    public async Task A_backup_taken_while_serving_restores_the_database_as_it_was_and_the_audit_chain_verifies()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        var categories = server.Categories(server.AdminKey);
        await categories.CreateCategoryAsync(new CreateCategoryRequest { Code = "01", Name = "备份前" });

        var (backup, bytes) = await BackupAsync(server);
        await categories.CreateCategoryAsync(new CreateCategoryRequest { Code = "02", Name = "备份后" });
        var restored = await RestoreAsync(server, bytes, backup.Sha256, "误删客户后恢复到月结前");
        var after = await categories.ListCategoriesAsync(new ListCategoriesRequest());
        await categories.CreateCategoryAsync(new CreateCategoryRequest { Code = "03", Name = "恢复后" });
        var verdict = await server.Audit(server.AdminKey).VerifyAuditChainAsync(new VerifyAuditChainRequest());
        var entries = await server.Audit(server.AdminKey).ListAuditEntriesAsync(new ListAuditEntriesRequest { PageSize = 1000 });

        Assert.Equal(bytes.Length, backup.SizeBytes);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), backup.Sha256);
        Assert.Matches(@"^recon-\d{8}T\d{6}Z\.db$", backup.FileName);
        Assert.False(string.IsNullOrEmpty(backup.SchemaVersion));
        Assert.Equal(backup.Sha256, restored.Sha256);
        Assert.Equal(backup.SchemaVersion, restored.SchemaVersion);
        Assert.Empty(restored.MigrationsApplied);
        Assert.True(restored.Audit.Intact, restored.Audit.Problem);
        Assert.Equal(["01"], after.Categories.Select(c => c.Code));
        Assert.True(verdict.Intact, verdict.Problem);
        var actions = entries.Entries.Select(e => e.Action).ToList();
        Assert.DoesNotContain("category.create", actions.SkipWhile(a => a != "database.backup").Take(2));
        Assert.Equal("database.restore", actions[^2]);
        Assert.Equal("误删客户后恢复到月结前", entries.Entries[^2].Reason);
        Assert.Equal("category.create", actions[^1]);
    }

    [Fact]
    public async Task A_file_that_is_not_a_sound_backup_of_this_product_is_refused_and_nothing_changes()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        await server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = "01", Name = "原有" });
        var (backup, bytes) = await BackupAsync(server);
        var otherDatabase = Path.Combine(server.DataFolder, "other.db");
        await using (var other = new SqliteConnection($"Data Source={otherDatabase};Pooling=false"))
        {
            await other.OpenAsync();
            await using var command = other.CreateCommand();
            command.CommandText = "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);";
            await command.ExecuteNonQueryAsync();
        }

        var truncated = bytes[..(bytes.Length / 2)];
        var garbage = await Expect.Status(StatusCode.InvalidArgument, () => RestoreAsync(server, "not a database at all"u8.ToArray(), "", "测试"));
        var otherBytes = await File.ReadAllBytesAsync(otherDatabase);
        var notOurs = await Expect.Status(StatusCode.InvalidArgument, () => RestoreAsync(server, otherBytes, "", "测试"));
        var cut = await Expect.Status(StatusCode.InvalidArgument, () => RestoreAsync(server, truncated, backup.Sha256, "测试"));
        var noReason = await Expect.Status(StatusCode.InvalidArgument, () => RestoreAsync(server, bytes, backup.Sha256, " "));
        var viewer = await server.CreateKeyAsync(Role.Viewer);
        await Expect.Status(StatusCode.PermissionDenied, () => BackupAsync(server, viewer));
        var categories = await server.Categories(server.AdminKey).ListCategoriesAsync(new ListCategoriesRequest());

        Assert.Contains("not a SQLite database", garbage);
        Assert.Contains("not one of this product", notOurs);
        Assert.Contains("changed or cut short", cut);
        Assert.Contains("reason", noReason);
        Assert.All(new[] { garbage, notOurs, cut }, m => Assert.Contains("Nothing was changed", m, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(["01"], categories.Categories.Select(c => c.Code));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Only_the_embedded_database_is_backed_up_and_a_server_database_names_the_tool_to_use(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);

        if (provider == TestDatabases.Sqlite)
        {
            var (backup, bytes) = await BackupAsync(server);
            Assert.Equal(backup.SizeBytes, bytes.Length);
        }
        else
        {
            var refused = await Expect.Status(StatusCode.FailedPrecondition, () => BackupAsync(server));
            Assert.Contains("pg_dump", refused);
        }
    }

    internal static async Task<(DatabaseBackup Backup, byte[] Bytes)> BackupAsync(TestServer server, string? key = null)
    {
        using var call = server.Maintenance(key ?? server.AdminKey).BackupDatabase(new BackupDatabaseRequest());
        DatabaseBackup? backup = null;
        using var bytes = new MemoryStream();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            if (response.EventCase == BackupDatabaseResponse.EventOneofCase.Backup)
            {
                backup = response.Backup;
            }
            else
            {
                response.Chunk.WriteTo(bytes);
            }
        }

        return (backup ?? throw new InvalidOperationException("no backup description"), bytes.ToArray());
    }

    internal static async Task<RestoreDatabaseResponse> RestoreAsync(TestServer server, byte[] bytes, string sha256, string reason)
    {
        using var call = server.Maintenance(server.AdminKey).RestoreDatabase();
        await call.RequestStream.WriteAsync(new RestoreDatabaseRequest { Header = new RestoreHeader { ExpectedSha256 = sha256, Reason = reason } });
        for (var offset = 0; offset < bytes.Length; offset += 64 * 1024)
        {
            await call.RequestStream.WriteAsync(new RestoreDatabaseRequest { Chunk = ByteString.CopyFrom(bytes, offset, Math.Min(64 * 1024, bytes.Length - offset)) });
        }

        await call.RequestStream.CompleteAsync();
        return await call.ResponseAsync;
    }
}
