using System.CommandLine;
using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using ReconGrpc.Cli.Infrastructure;
using ReconGrpc.Contracts.V1;

namespace ReconGrpc.Cli.Commands;

/// <summary><c>recon admin backup|restore</c>: copies of the embedded database (admin).</summary>
public static class AdminCommands
{
    public sealed record BackupJson(string File, long SizeBytes, string Sha256, DateTimeOffset TakenAt, string SchemaVersion, long AuditEntries);

    public sealed record RestoreJson(long SizeBytes, string Sha256, string SchemaVersion, IReadOnlyList<string> MigrationsApplied, AuditCommands.VerdictJson Audit);

    private const int ChunkBytes = 64 * 1024;

    public static Command Create(CliSessionFactory sessions)
    {
        var admin = new Command("admin", "Server maintenance (admin only): backup and restore of the embedded database");
        admin.Subcommands.Add(Backup(sessions));
        admin.Subcommands.Add(Restore(sessions));
        return admin;
    }

    private static MaintenanceService.MaintenanceServiceClient Client(CliSession session) => new(session.Invoker);

    private static Command Backup(CliSessionFactory sessions)
    {
        var output = new Argument<FileInfo?>("file")
        {
            Description = "Where to save the copy (default: the name the server gives it, in the current folder)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var force = new Option<bool>("--force") { Description = "Overwrite the file if it exists" };
        var backup = new Command("backup", "Save a consistent copy of the server's database while it runs") { output, force };
        backup.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            using var call = Client(session).BackupDatabase(new BackupDatabaseRequest(), session.Call(ct));
            if (!await call.ResponseStream.MoveNext(ct) || call.ResponseStream.Current.EventCase != BackupDatabaseResponse.EventOneofCase.Backup)
            {
                throw new RpcException(new Status(StatusCode.Unavailable, "the server ended the backup before describing it"));
            }

            var described = call.ResponseStream.Current.Backup;
            var target = parsed.GetValue(output) ?? new FileInfo(described.FileName);
            if (target.Exists && !parsed.GetValue(force))
            {
                throw new CliUsageException($"{target.FullName} exists; name another file or add --force.");
            }

            // Written beside the target and renamed once complete and checked, so a broken transfer never leaves a
            // file that looks like a backup.
            var partial = target.FullName + ".part";
            string sha256;
            await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None))
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                while (await call.ResponseStream.MoveNext(ct))
                {
                    var chunk = call.ResponseStream.Current.Chunk.Memory;
                    hash.AppendData(chunk.Span);
                    await file.WriteAsync(chunk, ct);
                }

                sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            }

            if (sha256 != described.Sha256)
            {
                File.Delete(partial);
                throw new RpcException(new Status(StatusCode.DataLoss, $"the copy arrived with SHA-256 {sha256}, not the server's {described.Sha256}; nothing was saved"));
            }

            File.Move(partial, target.FullName, overwrite: true);
            var json = new BackupJson(target.FullName, described.SizeBytes, described.Sha256, described.TakenTime.ToDateTimeOffset(), described.SchemaVersion, described.AuditEntries);
            if (session.Json)
            {
                await session.WriteJsonAsync(json);
                return;
            }

            await session.Out.WriteLineAsync($"saved {json.File} ({json.SizeBytes:N0} bytes, {json.AuditEntries:N0} audit entries, schema {json.SchemaVersion})");
            await session.Out.WriteLineAsync($"sha256: {json.Sha256}");
        }));
        return backup;
    }

    private static Command Restore(CliSessionFactory sessions)
    {
        var input = new Argument<FileInfo>("file") { Description = "A copy saved by recon admin backup" };
        var reason = new Option<string>("--reason") { Description = "Why the database is restored; recorded in the audit log", Required = true };
        var sha256 = new Option<string?>("--sha256") { Description = "The SHA-256 the backup had when it was taken; a file changed since is refused" };
        var restore = new Command("restore", "Replace the server's database with a backup (every change since the backup is lost)") { input, reason, sha256 };
        restore.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var file = parsed.GetValue(input)!;
            if (!file.Exists)
            {
                throw new CliUsageException($"There is no file {file.FullName}.");
            }

            using var call = Client(session).RestoreDatabase(session.Call(ct));
            await call.RequestStream.WriteAsync(new RestoreDatabaseRequest
            {
                Header = new RestoreHeader { Reason = parsed.GetValue(reason)!, ExpectedSha256 = parsed.GetValue(sha256) ?? "" },
            }, ct);
            await using (var stream = file.OpenRead())
            {
                var buffer = new byte[ChunkBytes];
                int read;
                while ((read = await stream.ReadAsync(buffer, ct)) > 0)
                {
                    await call.RequestStream.WriteAsync(new RestoreDatabaseRequest { Chunk = ByteString.CopyFrom(buffer, 0, read) }, ct);
                }
            }

            await call.RequestStream.CompleteAsync();
            var response = await call.ResponseAsync;
            if (session.Json)
            {
                await session.WriteJsonAsync(new RestoreJson(response.SizeBytes, response.Sha256, response.SchemaVersion, [.. response.MigrationsApplied], AuditCommands.ToJson(response.Audit)));
                return;
            }

            await session.Out.WriteLineAsync($"restored {file.Name} ({response.SizeBytes:N0} bytes, schema {response.SchemaVersion})");
            if (response.MigrationsApplied.Count > 0)
            {
                await session.Out.WriteLineAsync($"migrated: {string.Join(", ", response.MigrationsApplied)}");
            }

            await AuditCommands.WriteVerdictAsync(session, response.Audit);
            if (!response.Audit.Intact)
            {
                session.ExitCode = ReconCli.CallFailed;
            }
        }));
        return restore;
    }
}
