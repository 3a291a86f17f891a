using System.Globalization;
using Grpc.Core;
using ReconGrpc.Application;
using ReconGrpc.Application.Platforms;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Server.Auth;
using ReconGrpc.Server.Errors;
using ReconGrpc.Server.Mapping;
using ReconGrpc.Server.Streaming;
using DomainRole = ReconGrpc.Domain.Access.Role;

namespace ReconGrpc.Server.Services;

[BindServiceMethod(typeof(PlatformGrpcService), nameof(Bind))]
public sealed class PlatformGrpcService(SettlementRuns runs, PageTokens tokens) : PlatformService.PlatformServiceBase
{
    /// <summary>Binds the RPCs so a request that is not a valid message is refused as INVALID_ARGUMENT.</summary>
    public static void Bind(ServiceBinderBase binder, PlatformService.PlatformServiceBase service) =>
        PlatformService.BindService(new WireCheckingBinder(binder), service);

    [RequiresRole(DomainRole.Accountant)]
    public override async Task RunSettlement(RunSettlementRequest request, IServerStreamWriter<RunSettlementResponse> responseStream, ServerCallContext context)
    {
        // Progress never waits for the client: a client that stops reading does not hold the run up.
        await using var progress = new ProgressWriter<RunSettlementResponse>(responseStream, context.CancellationToken);
        var view = await runs.RunAsync(context.Actor(), request.ToDomain(),
            p => progress.ReportAsync(new RunSettlementResponse { Progress = p.ToProto() }), context.CancellationToken);
        await progress.WriteAsync(new RunSettlementResponse { Completed = view.ToProto() });
    }

    [RequiresRole(DomainRole.Viewer)]
    public override async Task<GetSettlementRunResponse> GetSettlementRun(GetSettlementRunRequest request, ServerCallContext context) =>
        new() { Run = (await runs.GetAsync(request.RunId, context.CancellationToken)).ToProto() };

    [RequiresRole(DomainRole.Viewer)]
    public override async Task<ListSettlementRunsResponse> ListSettlementRuns(ListSettlementRunsRequest request, ServerCallContext context)
    {
        var page = await runs.ListAsync(request.PageSize, tokens.AfterId(context.Method, request.PageToken), context.CancellationToken);
        return new ListSettlementRunsResponse { Runs = { page.Items.Select(r => r.ToProto()) }, NextPageToken = tokens.Token(context.Method, page.NextAfter) };
    }

    [RequiresRole(DomainRole.Viewer)]
    public override async Task<ListSettlementItemsResponse> ListSettlementItems(ListSettlementItemsRequest request, ServerCallContext context)
    {
        var after = (int)(tokens.AfterId(context.Method, request.PageToken) ?? -1);
        var filter = new SettlementItemFilter(request.ExceptionsOnly, request.Outcome.ToDomain(), request.Subject.ToDomain());
        var found = await runs.ListItemsAsync(request.RunId, filter, request.PageSize, after, context.CancellationToken);
        // An item of a settlement paid as one sum names every line of it: a page is cut to fit the message limit.
        var page = Paging.FitTo(new Page<SettlementItem>([.. found.Items.Select(i => i.ToProto())], found.NextAfter),
            i => i.CalculateSize(), i => i.Sequence.ToString(CultureInfo.InvariantCulture));
        return new ListSettlementItemsResponse { Items = { page.Items }, NextPageToken = tokens.Token(context.Method, page.NextAfter) };
    }

    [RequiresRole(DomainRole.Accountant)]
    public override async Task<BookPlatformFeesResponse> BookPlatformFees(BookPlatformFeesRequest request, ServerCallContext context)
    {
        var entries = await runs.BookFeesAsync(context.Actor(), request.RunId, request.CustomerCode, context.CancellationToken);
        return new BookPlatformFeesResponse { Entries = { entries.Select(e => e.ToProto()) } };
    }
}
