using Google.Protobuf;
using Grpc.Core;
using ReconGrpc.Application.Reports;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Server.Auth;
using ReconGrpc.Server.Errors;
using ReconGrpc.Server.Mapping;
using DomainRole = ReconGrpc.Domain.Access.Role;

namespace ReconGrpc.Server.Services;

[BindServiceMethod(typeof(ReportGrpcService), nameof(Bind))]
public sealed class ReportGrpcService(StatementExport statements, ReconciliationReportExport reconciliationReports) : ReportService.ReportServiceBase
{
    /// <summary>Binds the RPCs so a request that is not a valid message is refused as INVALID_ARGUMENT.</summary>
    public static void Bind(ServiceBinderBase binder, ReportService.ReportServiceBase service) =>
        ReportService.BindService(new WireCheckingBinder(binder), service);

    private const int ChunkBytes = 64 * 1024;

    [RequiresRole(DomainRole.Accountant)]
    public override async Task ExportStatementOfAccount(ExportStatementOfAccountRequest request, IServerStreamWriter<ExportStatementOfAccountResponse> responseStream,
        ServerCallContext context)
    {
        var ct = context.CancellationToken;
        await using var file = await statements.ExportAsync(context.Actor(), request.ToDomain(), ct);
        await responseStream.WriteAsync(new ExportStatementOfAccountResponse { File = file.ToProto() }, ct);
        await using var stream = File.OpenRead(file.Path);
        var buffer = new byte[ChunkBytes];
        int read;
        while ((read = await stream.ReadAsync(buffer, ct)) > 0)
        {
            await responseStream.WriteAsync(new ExportStatementOfAccountResponse { Chunk = ByteString.CopyFrom(buffer, 0, read) }, ct);
        }
    }

    /// <summary>A read like the month-end board (Viewer): the report goes to no customer, so nothing is recorded.</summary>
    [RequiresRole(DomainRole.Viewer)]
    public override async Task ExportReconciliationReport(ExportReconciliationReportRequest request, IServerStreamWriter<ExportReconciliationReportResponse> responseStream,
        ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var (file, report) = await reconciliationReports.ExportAsync(request.ToDomain(), ct);
        await using (file)
        {
            await responseStream.WriteAsync(new ExportReconciliationReportResponse { Summary = report.ToProto(file) }, ct);
            await using var stream = File.OpenRead(file.Path);
            var buffer = new byte[ChunkBytes];
            int read;
            while ((read = await stream.ReadAsync(buffer, ct)) > 0)
            {
                await responseStream.WriteAsync(new ExportReconciliationReportResponse { Chunk = ByteString.CopyFrom(buffer, 0, read) }, ct);
            }
        }
    }
}
