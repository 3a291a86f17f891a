using Google.Protobuf;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests;

/// <summary>What the server writes to disk is its owner's alone, and what a crash left in the spool is removed on start.</summary>
public sealed class DataFileTests
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task The_sqlite_database_its_log_and_the_data_folder_are_the_owners_alone()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes; on Windows the files inherit the folder's ACL.
        }

        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        var data = Path.Combine(server.DataFolder, "data");
        var database = Path.Combine(data, "recon.db");
        // SQLite removes the write-ahead log and its shared memory file when the last connection closes (other tests
        // clear every connection pool of the process); a connection of the test's own keeps them while it looks.
        await using var holder = new SqliteConnection($"Data Source={database};Pooling=False");
        await holder.OpenAsync();
        // Opening alone does not open the log: a read does, and keeps it open for as long as the connection lives.
        await using (var read = holder.CreateCommand())
        {
            read.CommandText = "SELECT count(*) FROM sqlite_master";
            await read.ExecuteScalarAsync();
        }

        await server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = "93", Name = "文件权限" });

        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(database));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(database + "-wal"));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(database + "-shm"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(data));
    }

    [Fact]
    public async Task An_upload_being_spooled_is_the_owners_alone()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes; on Windows the files inherit the folder's ACL.
        }

        var spool = Directory.CreateTempSubdirectory("recon-spool-").FullName;
        try
        {
            await using var server = await TestServer.StartAsync(TestDatabases.Sqlite, new Dictionary<string, string?> { ["Imports:SpoolDirectory"] = spool });
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            using var call = server.Imports(server.AdminKey).Import(cancellationToken: cancel.Token);
            await call.RequestStream.WriteAsync(new ImportRequest { Header = new ImportHeader { AdapterId = "template", FileName = "ledger.csv" } });
            await call.RequestStream.WriteAsync(new ImportRequest { Chunk = ByteString.CopyFromUtf8("日期,凭证号,摘要,借方,贷方\n") });

            var spooled = await SpooledUploadAsync(spool, cancel.Token);

            Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(spooled));
            await cancel.CancelAsync();
        }
        finally
        {
            Directory.Delete(spool, recursive: true);
        }
    }

    [Fact]
    public async Task Spooled_files_left_by_a_crash_are_removed_on_start_and_files_in_use_or_not_ours_are_kept()
    {
        var spool = Directory.CreateTempSubdirectory("recon-spool-").FullName;
        try
        {
            // What a server killed in the middle of an import leaves: the upload and the rows read from it.
            var leftUpload = Path.Combine(spool, $"upload-{Guid.NewGuid():N}.part");
            var leftRows = Path.Combine(spool, $"rows-{Guid.NewGuid():N}.part");
            await File.WriteAllBytesAsync(leftUpload, new byte[256 * 1024]);
            await File.WriteAllBytesAsync(leftRows, new byte[1024]);
            // Someone else's files in a shared temp folder, and an upload another server is receiving right now
            // (opened as the spool opens it: shared for reading only).
            var notOurs = Path.Combine(spool, "upload-notes.part");
            var otherApp = Path.Combine(spool, $"rows-{Guid.NewGuid():N}.tmp");
            await File.WriteAllTextAsync(notOurs, "keep");
            await File.WriteAllTextAsync(otherApp, "keep");
            var inUse = Path.Combine(spool, $"upload-{Guid.NewGuid():N}.part");
            await using var receiving = new FileStream(inUse, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read);

            await using var server = await TestServer.StartAsync(TestDatabases.Sqlite, new Dictionary<string, string?> { ["Imports:SpoolDirectory"] = spool });

            Assert.False(File.Exists(leftUpload));
            Assert.False(File.Exists(leftRows));
            Assert.True(File.Exists(notOurs));
            Assert.True(File.Exists(otherApp));
            Assert.True(File.Exists(inUse));
        }
        finally
        {
            Directory.Delete(spool, recursive: true);
        }
    }

    private static async Task<string> SpooledUploadAsync(string spool, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (Directory.EnumerateFiles(spool, "upload-*.part").FirstOrDefault() is { } file)
            {
                return file;
            }

            await Task.Delay(20, cancellationToken);
        }
    }
}
