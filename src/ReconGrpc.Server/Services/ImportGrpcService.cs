using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using ReconGrpc.Application;
using ReconGrpc.Application.Imports;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Domain;
using ReconGrpc.Server.Auth;
using ReconGrpc.Server.Errors;
using ReconGrpc.Server.Mapping;
using ReconGrpc.Server.Plugins;
using ReconGrpc.Server.Streaming;
using DomainRole = ReconGrpc.Domain.Access.Role;
using ImportError = ReconGrpc.Contracts.V1.ImportError;

namespace ReconGrpc.Server.Services;

[BindServiceMethod(typeof(ImportGrpcService), nameof(Bind))]
public sealed class ImportGrpcService(AdapterCatalog catalog, ImportPipeline pipeline, ImportRecords records, ImportOptions options, PageTokens tokens) : ImportService.ImportServiceBase
{
    /// <summary>Binds the RPCs so a request that is not a valid message is refused as INVALID_ARGUMENT.</summary>
    public static void Bind(ServiceBinderBase binder, ImportService.ImportServiceBase service) =>
        ImportService.BindService(new WireCheckingBinder(binder), service);

    /// <summary>Progress while receiving is reported after each this many bytes.</summary>
    private const long ReceiveReportEvery = 4L * 1024 * 1024;

    [RequiresRole(DomainRole.Viewer)]
    public override Task<ListAdaptersResponse> ListAdapters(ListAdaptersRequest request, ServerCallContext context) =>
        Task.FromResult(new ListAdaptersResponse { Adapters = { catalog.Adapters.Select(a => a.ToProto()) } });

    [RequiresRole(DomainRole.Viewer)]
    public override async Task<DetectAdapterResponse> DetectAdapter(DetectAdapterRequest request, ServerCallContext context)
    {
        var candidates = await catalog.DetectAsync(request.FileName, request.Head.Memory, null, context.CancellationToken);
        return new DetectAdapterResponse
        {
            Candidates = { candidates.Select(c => new AdapterConfidence { AdapterId = c.AdapterId, Confidence = c.Confidence, Reason = c.Reason }) },
        };
    }

    [RequiresRole(DomainRole.Accountant)]
    public override async Task Import(IAsyncStreamReader<ImportRequest> requestStream, IServerStreamWriter<ImportResponse> responseStream, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        if (!await requestStream.MoveNext(ct) || requestStream.Current.PartCase != ImportRequest.PartOneofCase.Header)
        {
            throw RuleViolation.Invalid("import.header_first", "An import starts with a header message (adapter, file name, target, options), then the file's chunks.");
        }

        var order = requestStream.Current.Header.ToDomain();
        // Progress never waits for the client: a client that stops reading holds up neither the upload nor the
        // transaction the rows are stored in.
        await using var progress = new ProgressWriter<ImportResponse>(responseStream, ct);
        await using var file = new SpooledFile(options.SpoolDirectory ?? Path.GetTempPath(), options.MaxFileBytes);
        long reported = 0;
        while (await requestStream.MoveNext(ct))
        {
            if (requestStream.Current.PartCase != ImportRequest.PartOneofCase.Chunk)
            {
                throw RuleViolation.Invalid("import.header_twice", "Only the first message of an import is a header; the rest are chunks of the file.");
            }

            try
            {
                await file.AppendAsync(requestStream.Current.Chunk.Memory, ct);
            }
            catch (ImportTooLargeException tooLarge)
            {
                throw new RpcException(new Status(StatusCode.ResourceExhausted, tooLarge.Message + " Nothing was imported."));
            }

            if (file.Length - reported >= ReceiveReportEvery)
            {
                reported = file.Length;
                await progress.ReportAsync(Progress(new ImportProgressReport(file.Length, 0, 0, 0, "receiving")));
            }
        }

        if (file.Length == 0)
        {
            throw RuleViolation.Invalid("import.empty", $"'{InputText.Echo(order.FileName)}' arrived empty; send the file's bytes as chunks after the header.");
        }

        var outcome = await pipeline.RunAsync(context.Actor(), order, file,
            report => progress.ReportAsync(Progress(report)), ct);
        if (outcome.CreditAlerts is { Count: > 0 } alerts)
        {
            await progress.WriteAsync(new ImportResponse { CreditAlerts = new ImportCreditAlerts { Alerts = { alerts.Select(a => a.ToProto()) } } });
        }

        await progress.WriteAsync(new ImportResponse
        {
            Summary = outcome.Batch.ToProto([]).WithErrors(outcome.FirstErrors).WithWarnings(outcome.Warnings ?? []),
        });
    }

    [RequiresRole(DomainRole.Viewer)]
    public override async Task<GetImportBatchResponse> GetImportBatch(GetImportBatchRequest request, ServerCallContext context)
    {
        var (batch, errors) = await records.GetAsync(request.Id, context.CancellationToken);
        return new GetImportBatchResponse { Batch = batch.ToProto(errors) };
    }

    [RequiresRole(DomainRole.Viewer)]
    public override async Task<ListImportErrorsResponse> ListImportErrors(ListImportErrorsRequest request, ServerCallContext context)
    {
        var after = tokens.AfterId(context.Method, request.PageToken);
        var found = await records.ListErrorsAsync(request.BatchId, Paging.Size(request.PageSize), after, context.CancellationToken);
        var page = Paging.FitTo(new Page<(long Id, ImportError Error)>(found.Items.Select(e => (e.Id, e.ToProto())).ToList(), found.NextAfter),
            e => e.Error.CalculateSize(), e => e.Id.ToString(CultureInfo.InvariantCulture));
        return new ListImportErrorsResponse
        {
            Errors = { page.Items.Select(e => e.Error) },
            NextPageToken = tokens.Token(context.Method, page.NextAfter),
        };
    }

    [RequiresRole(DomainRole.Admin)]
    public override Task<ReloadPluginsResponse> ReloadPlugins(ReloadPluginsRequest request, ServerCallContext context) =>
        Task.FromResult(new ReloadPluginsResponse { Adapters = { catalog.Reload().Select(a => a.ToProto()) } });

    [RequiresRole(DomainRole.Viewer)]
    public override async Task<GetImportTemplateResponse> GetImportTemplate(GetImportTemplateRequest request, ServerCallContext context)
    {
        var (adapterId, template) = await catalog.GetTemplateAsync(request.RecordKind.ToSdk(),
            string.IsNullOrWhiteSpace(request.AdapterId) ? null : request.AdapterId.Trim(), context.CancellationToken);
        return new GetImportTemplateResponse
        {
            FileName = template.FileName,
            Content = ByteString.CopyFrom(template.Content.Span),
            MediaType = template.MediaType,
            Columns = { template.Columns },
            AdapterId = adapterId,
        };
    }

    private static ImportResponse Progress(ImportProgressReport report) => new()
    {
        Progress = new ImportProgress
        {
            BytesReceived = report.BytesReceived,
            RowsRead = report.RowsRead,
            RowsAccepted = report.Accepted,
            RowsRejected = report.Rejected,
            Phase = report.Phase,
        },
    };
}

internal static class ImportMapping
{
    public static ImportOrder ToDomain(this ImportHeader header) => new(
        string.IsNullOrWhiteSpace(header.AdapterId) ? null : header.AdapterId.Trim(),
        string.IsNullOrWhiteSpace(header.FileName) ? "upload" : Path.GetFileName(header.FileName.Trim()),
        header.Options.ToDictionary(o => o.Key, o => o.Value, StringComparer.OrdinalIgnoreCase),
        header.Strict,
        header.Target?.StatementName,
        header.Target?.StatementKind.ToDomain(),
        string.IsNullOrWhiteSpace(header.Target?.CustomerCode) ? null : header.Target.CustomerCode.Trim());

    public static Contracts.V1.ImportBatch WithErrors(this Contracts.V1.ImportBatch batch, IEnumerable<RowProblem> errors)
    {
        batch.Errors.Add(errors.Select(ToProto));
        return batch;
    }

    public static Contracts.V1.ImportBatch WithWarnings(this Contracts.V1.ImportBatch batch, IEnumerable<RowProblem> warnings)
    {
        batch.Warnings.Add(warnings.Select(ToProto));
        return batch;
    }

    private static ImportError ToProto(RowProblem problem) => new() { Line = problem.Line, Field = problem.Field ?? "", Message = problem.Message };
}
