using System.Globalization;
using Grpc.Core;
using ReconGrpc.Application;
using ReconGrpc.Application.Auditing;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Domain;
using ReconGrpc.Server.Auth;
using ReconGrpc.Server.Errors;
using ReconGrpc.Server.Mapping;
using DomainRole = ReconGrpc.Domain.Access.Role;

namespace ReconGrpc.Server.Services;

[RequiresRole(DomainRole.Admin)]
[BindServiceMethod(typeof(AuditGrpcService), nameof(Bind))]
public sealed class AuditGrpcService(AuditLog log, PageTokens tokens) : AuditService.AuditServiceBase
{
    /// <summary>Binds the RPCs so a request that is not a valid message is refused as INVALID_ARGUMENT.</summary>
    public static void Bind(ServiceBinderBase binder, AuditService.AuditServiceBase service) =>
        AuditService.BindService(new WireCheckingBinder(binder), service);

    public override async Task<ListAuditEntriesResponse> ListAuditEntries(ListAuditEntriesRequest request, ServerCallContext context)
    {
        if (request.EntityId.Length > 0 && request.EntityType.Length == 0)
        {
            throw RuleViolation.Invalid("audit.entity_id_without_type",
                "entity_id names a thing only together with its kind: give entity_type too (e.g. customer).");
        }

        var filter = new AuditFilter(request.Actor, request.EntityType, request.EntityId, request.ActionPrefix,
            request.StartTime.ToDomain(), request.EndTime.ToDomain());
        var after = tokens.AfterId(context.Method, request.PageToken);
        var found = await log.ListAsync(filter, Paging.Size(request.PageSize), after, context.CancellationToken);
        var page = Paging.FitTo(new Page<AuditEntry>(found.Items.Select(e => e.ToProto()).ToList(), found.NextAfter),
            e => e.CalculateSize(), e => e.Sequence.ToString(CultureInfo.InvariantCulture));
        return new ListAuditEntriesResponse
        {
            Entries = { page.Items },
            NextPageToken = tokens.Token(context.Method, page.NextAfter),
        };
    }

    public override async Task<VerifyAuditChainResponse> VerifyAuditChain(VerifyAuditChainRequest request, ServerCallContext context)
    {
        var verdict = await log.VerifyAsync(context.CancellationToken);
        return verdict.ToProto();
    }
}
