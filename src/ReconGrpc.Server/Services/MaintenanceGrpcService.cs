using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ReconGrpc.Application.Imports;
using ReconGrpc.Application.Maintenance;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Domain;
using ReconGrpc.Server.Auth;
using ReconGrpc.Server.Errors;
using ReconGrpc.Server.Mapping;
using DomainRole = ReconGrpc.Domain.Access.Role;

namespace ReconGrpc.Server.Services;

[RequiresRole(DomainRole.Admin)]
[BindServiceMethod(typeof(MaintenanceGrpcService), nameof(Bind))]
public sealed class MaintenanceGrpcService(DatabaseMaintenance maintenance, ImportOptions options, VerifiedKeys verified) : MaintenanceService.MaintenanceServiceBase
{
    /// <summary>Binds the RPCs so a request that is not a valid message is refused as INVALID_ARGUMENT.</summary>
    public static void Bind(ServiceBinderBase binder, MaintenanceService.MaintenanceServiceBase service) =>
        MaintenanceService.BindService(new WireCheckingBinder(binder), service);

    private const int ChunkBytes = 64 * 1024;

    // A database restored from a file far larger than any import is still one file: bounded, but not by the import limit.
    private const long MaxRestoreBytes = 64L << 30;

    private string SpoolDirectory => options.SpoolDirectory ?? Path.GetTempPath();

    public override async Task BackupDatabase(BackupDatabaseRequest request, IServerStreamWriter<BackupDatabaseResponse> responseStream, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        await using var backup = await maintenance.BackupAsync(context.Actor(), SpoolDirectory, ct);
        await responseStream.WriteAsync(new BackupDatabaseResponse
        {
            Backup = new DatabaseBackup
            {
                FileName = backup.FileName,
                SizeBytes = backup.SizeBytes,
                Sha256 = backup.Sha256,
                TakenTime = Timestamp.FromDateTimeOffset(backup.TakenAt),
                SchemaVersion = backup.Facts.SchemaVersion,
                AuditEntries = backup.Facts.AuditEntries,
            },
        }, ct);

        await using var stream = File.OpenRead(backup.Path);
        var buffer = new byte[ChunkBytes];
        int read;
        while ((read = await stream.ReadAsync(buffer, ct)) > 0)
        {
            await responseStream.WriteAsync(new BackupDatabaseResponse { Chunk = ByteString.CopyFrom(buffer, 0, read) }, ct);
        }
    }

    public override async Task<RestoreDatabaseResponse> RestoreDatabase(IAsyncStreamReader<RestoreDatabaseRequest> requestStream, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        if (!await requestStream.MoveNext(ct) || requestStream.Current.PartCase != RestoreDatabaseRequest.PartOneofCase.Header)
        {
            throw RuleViolation.Invalid("restore.header_first", "A restore starts with a header message (expected SHA-256, reason), then the backup's chunks.");
        }

        var header = requestStream.Current.Header;
        await using var file = new SpooledFile(SpoolDirectory, MaxRestoreBytes);
        while (await requestStream.MoveNext(ct))
        {
            if (requestStream.Current.PartCase != RestoreDatabaseRequest.PartOneofCase.Chunk)
            {
                throw RuleViolation.Invalid("restore.header_twice", "Only the first message of a restore is a header; the rest are chunks of the backup.");
            }

            try
            {
                await file.AppendAsync(requestStream.Current.Chunk.Memory, ct);
            }
            catch (ImportTooLargeException tooLarge)
            {
                throw new RpcException(new Status(StatusCode.ResourceExhausted, tooLarge.Message + " Nothing was changed."));
            }
        }

        if (file.Length == 0)
        {
            throw RuleViolation.Invalid("restore.empty", "The backup arrived empty; send its bytes as chunks after the header.");
        }

        await file.CompleteAsync(ct);
        var outcome = await maintenance.RestoreAsync(context.Actor(), file.Path, file.Sha256, header.ExpectedSha256, header.Reason, ct);
        // The restored database has its own keys: none verified against the old one is trusted any longer.
        verified.Clear();
        return new RestoreDatabaseResponse
        {
            SizeBytes = file.Length,
            Sha256 = file.Sha256,
            SchemaVersion = outcome.Restored.SchemaVersion,
            MigrationsApplied = { outcome.MigrationsApplied },
            Audit = outcome.Audit.ToProto(),
        };
    }
}
