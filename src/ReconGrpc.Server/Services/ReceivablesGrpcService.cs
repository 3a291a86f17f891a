using Grpc.Core;
using ReconGrpc.Application.Queries;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Server.Auth;
using ReconGrpc.Server.Errors;
using ReconGrpc.Server.Mapping;
using DomainRole = ReconGrpc.Domain.Access.Role;

namespace ReconGrpc.Server.Services;

[BindServiceMethod(typeof(ReceivablesGrpcService), nameof(Bind))]
public sealed class ReceivablesGrpcService(AgingQuery aging, LedgerDetailQuery detail, CreditAlertsQuery credit, CreditAlertFeed feed, RevenueQuery revenue,
    PaymentBehaviourQuery behaviour) : ReceivablesService.ReceivablesServiceBase
{
    /// <summary>Binds the RPCs so a request that is not a valid message is refused as INVALID_ARGUMENT.</summary>
    public static void Bind(ServiceBinderBase binder, ReceivablesService.ReceivablesServiceBase service) =>
        ReceivablesService.BindService(new WireCheckingBinder(binder), service);

    /// <summary>Lines per streamed message.</summary>
    private const int BatchSize = 500;

    [RequiresRole(DomainRole.Viewer)]
    public override async Task<GetAgingReportResponse> GetAgingReport(GetAgingReportRequest request, ServerCallContext context) =>
        (await aging.GetAsync(request.ToDomain(), context.CancellationToken)).ToProto();

    [RequiresRole(DomainRole.Viewer)]
    public override async Task GetLedgerDetail(GetLedgerDetailRequest request, IServerStreamWriter<GetLedgerDetailResponse> responseStream, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var batch = new LedgerDetailLines();
        await foreach (var part in detail.ReadAsync(request.CustomerCode, request.StartDate.ToDomain("start_date").Required("start_date"),
                           request.EndDate.ToDomain("end_date").Required("end_date"), request.Currency, ct))
        {
            if (part is Application.Queries.LedgerDetailLine line)
            {
                batch.Lines.Add(line.ToProto());
                if (batch.Lines.Count < BatchSize)
                {
                    continue;
                }
            }

            if (batch.Lines.Count > 0)
            {
                await responseStream.WriteAsync(new GetLedgerDetailResponse { Lines = batch }, ct);
                batch = new LedgerDetailLines();
            }

            if (part is Application.Queries.LedgerDetailOpening opening)
            {
                await responseStream.WriteAsync(opening.ToProto(), ct);
            }
            else if (part is Application.Queries.LedgerDetailClosing closing)
            {
                await responseStream.WriteAsync(closing.ToProto(), ct);
            }
        }
    }

    [RequiresRole(DomainRole.Viewer)]
    public override async Task<ListCreditAlertsResponse> ListCreditAlerts(ListCreditAlertsRequest request, ServerCallContext context) =>
        new() { Alerts = { (await credit.ListAsync(request.ToDomain(), context.CancellationToken)).Select(a => a.ToProto()) } };

    [RequiresRole(DomainRole.Viewer)]
    public override async Task WatchCreditAlerts(WatchCreditAlertsRequest request, IServerStreamWriter<WatchCreditAlertsResponse> responseStream, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var kinds = request.Kinds.Select(k => k.ToDomain()).ToList();
        var asOf = request.AsOfDate.ToDomain("as_of_date");
        if (request.IncludeCurrent)
        {
            _ = asOf.Required("as_of_date");
        }
        var filter = await credit.FilterAsync(request.CategoryCode, kinds, ct);
        // Subscribed before the current alerts are read, so nothing posted meanwhile falls between the two.
        using var subscription = feed.TrySubscribe(filter)
            ?? throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"{CreditAlertFeed.MaxWatchers} credit alert watches are open on this server already; close one or try again later."));
        await context.WriteResponseHeadersAsync([]);
        if (request.IncludeCurrent && asOf is { } date)
        {
            var current = await credit.ListAsync(new CreditAlertRequest(date, request.CategoryCode, kinds, null, 0), ct);
            await responseStream.WriteAsync(new WatchCreditAlertsResponse { Current = true, Alerts = { current.Select(a => a.ToProto()) } }, ct);
        }

        try
        {
            await foreach (var delivery in subscription.ReadAllAsync(ct))
            {
                await responseStream.WriteAsync(delivery.ToProto(), ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client cancelled or went away: the watch ends, and leaving the feed frees its queue.
        }
    }

    [RequiresRole(DomainRole.Viewer)]
    public override async Task<GetRevenueByCategoryResponse> GetRevenueByCategory(GetRevenueByCategoryRequest request, ServerCallContext context) =>
        (await revenue.GetAsync(request.ToDomain(), context.CancellationToken)).ToProto();

    [RequiresRole(DomainRole.Viewer)]
    public override async Task<GetPaymentBehaviourResponse> GetPaymentBehaviour(GetPaymentBehaviourRequest request, ServerCallContext context) =>
        (await behaviour.GetAsync(request.ToDomain(), context.CancellationToken)).ToProto();
}
