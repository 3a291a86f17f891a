using System.Globalization;
using Grpc.Core;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Domain;
using ReconGrpc.Server.Application;
using ReconGrpc.Server.Auth;
using ReconGrpc.Server.Mapping;
using DomainRole = ReconGrpc.Domain.Access.Role;

namespace ReconGrpc.Server.Services;

[RequiresRole(DomainRole.Admin)]
public sealed class AuditGrpcService(AuditLog log) : AuditService.AuditServiceBase
{
    public override async Task<ListAuditEntriesResponse> ListAuditEntries(ListAuditEntriesRequest request, ServerCallContext context)
    {
        var filter = new AuditFilter(request.Actor, request.EntityType, request.EntityId, request.ActionPrefix,
            request.StartTime.ToDomain(), request.EndTime.ToDomain());
        var after = Paging.After(request.PageToken) is { } token
            ? long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
                ? sequence
                : throw RuleViolation.Invalid("page_token.invalid", "page_token is not one this server issued; start again without it.")
            : (long?)null;
        var page = await log.ListAsync(filter, Paging.Size(request.PageSize), after, context.CancellationToken);
        return new ListAuditEntriesResponse
        {
            Entries = { page.Items.Select(e => e.ToProto()) },
            NextPageToken = Paging.Token(page.NextAfter),
        };
    }

    public override async Task<VerifyAuditChainResponse> VerifyAuditChain(VerifyAuditChainRequest request, ServerCallContext context)
    {
        var verdict = await log.VerifyAsync(context.CancellationToken);
        return verdict.ToProto();
    }
}
