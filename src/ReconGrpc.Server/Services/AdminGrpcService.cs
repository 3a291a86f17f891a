using Grpc.Core;
using ReconGrpc.Application;
using ReconGrpc.Application.Access;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Server.Auth;
using ReconGrpc.Server.Errors;
using ReconGrpc.Server.Mapping;
using DomainRole = ReconGrpc.Domain.Access.Role;

namespace ReconGrpc.Server.Services;

[RequiresRole(DomainRole.Admin)]
[BindServiceMethod(typeof(AdminGrpcService), nameof(Bind))]
public sealed class AdminGrpcService(ApiKeyRegistry keys, PageTokens tokens, VerifiedKeys verified) : AdminService.AdminServiceBase
{
    /// <summary>Binds the RPCs so a request that is not a valid message is refused as INVALID_ARGUMENT.</summary>
    public static void Bind(ServiceBinderBase binder, AdminService.AdminServiceBase service) =>
        AdminService.BindService(new WireCheckingBinder(binder), service);

    public override async Task<CreateApiKeyResponse> CreateApiKey(CreateApiKeyRequest request, ServerCallContext context)
    {
        var issued = await keys.CreateAsync(context.Actor(), request.Name, request.Role.ToDomain(), request.Holder, context.CancellationToken);
        return new CreateApiKeyResponse { ApiKey = issued.Key.ToProto(), Secret = issued.Secret };
    }

    public override async Task<ListApiKeysResponse> ListApiKeys(ListApiKeysRequest request, ServerCallContext context)
    {
        var page = await keys.ListAsync(request.IncludeRevoked, Paging.Size(request.PageSize), tokens.After(context.Method, request.PageToken), context.CancellationToken);
        return new ListApiKeysResponse
        {
            ApiKeys = { page.Items.Select(k => k.ToProto()) },
            NextPageToken = tokens.Token(context.Method, page.NextAfter),
        };
    }

    public override async Task<RevokeApiKeyResponse> RevokeApiKey(RevokeApiKeyRequest request, ServerCallContext context)
    {
        var revoked = await keys.RevokeAsync(context.Actor(), request.Id, context.CancellationToken);
        // This server's next call with the key is looked up again, and refused.
        verified.Forget(revoked.Id);
        return new RevokeApiKeyResponse { ApiKey = revoked.ToProto() };
    }
}
