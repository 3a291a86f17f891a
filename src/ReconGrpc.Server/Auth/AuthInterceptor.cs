using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Access;

namespace ReconGrpc.Server.Auth;

/// <summary>
/// Checks <c>authorization: Bearer &lt;api key&gt;</c> on every call but health, then the role the method
/// needs (<see cref="RequiresRoleAttribute"/>). A key is looked up in the database, then trusted for a few seconds
/// (<see cref="VerifiedKeys"/>): a revocation takes effect at once on the instance that made it, and on the others
/// within <see cref="AuthOptions.KeyCacheSeconds"/>.
/// </summary>
public sealed class AuthInterceptor(IDbContextFactory<ReconDbContext> contexts, VerifiedKeys verified) : Interceptor
{
    private const string HealthService = "/grpc.health.v1.Health/";
    private const string ReflectionServicePrefix = "/grpc.reflection.";

    /// <summary>The header naming the person a service key acts for.</summary>
    public const string PersonHeader = "x-recon-user";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(context);
        return await continuation(request, context);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(context);
        return await continuation(requestStream, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(context);
        await continuation(request, responseStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(context);
        await continuation(requestStream, responseStream, context);
    }

    private async Task AuthorizeAsync(ServerCallContext context)
    {
        if (context.Method.StartsWith(HealthService, StringComparison.Ordinal))
        {
            return;
        }

        var secret = BearerSecret(context);
        var key = await FindActiveKeyAsync(secret, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "The API key is unknown or has been revoked."));

        var required = RequiredRole(context);
        if (!key.Role.Includes(required))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied,
                $"API key '{key.Id}' has role {key.Role.ToString().ToLowerInvariant()}; {context.Method} needs {required.ToString().ToLowerInvariant()}."));
        }

        context.GetHttpContext().Items[typeof(Caller)] = new Caller(key.Id, key.Name, key.Role, Person(context, key));
    }

    /// <summary>
    /// The person the call acts for. A key issued to a person acts for its holder only; a service key acts for the
    /// person named in <c>x-recon-user</c>, percent-encoded UTF-8 (HTTP/2 header values are ASCII, names are often
    /// Chinese), or for nobody.
    /// </summary>
    private static string? Person(ServerCallContext context, ApiKey key)
    {
        var header = context.RequestHeaders.GetValue(PersonHeader);
        if (header is null)
        {
            return key.Holder;
        }

        string? named;
        try
        {
            named = Actor.CleanPerson(Uri.UnescapeDataString(header));
        }
        catch (Exception ex) when (ex is RuleViolation or UriFormatException)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"The header {PersonHeader} must name a person in 1 to {Actor.MaxPersonLength} characters, percent-encoded UTF-8 (e.g. %E7%8E%8B%E8%8A%B3 for 王芳)."));
        }

        if (key.Holder is { } holder && !string.Equals(holder, named, StringComparison.Ordinal))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied,
                $"API key '{key.Id}' was issued to {holder} and acts for nobody else; drop {PersonHeader} or use a service key."));
        }

        return named;
    }

    private static string BearerSecret(ServerCallContext context)
    {
        const string scheme = "Bearer ";
        var header = context.RequestHeaders.GetValue("authorization");
        if (header is null || !header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || header.Length == scheme.Length)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated,
                "This call needs an API key: send the header 'authorization: Bearer <api key>'."));
        }

        return header[scheme.Length..].Trim();
    }

    private async Task<ApiKey?> FindActiveKeyAsync(string secret, CancellationToken cancellationToken)
    {
        var hash = ApiKey.HashSecret(secret);
        if (verified.Find(hash) is { } known)
        {
            return known;
        }

        var generation = verified.Generation;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.AsNoTracking()
            .SingleOrDefaultAsync(k => k.SecretHash == hash && k.RevokedAt == null, cancellationToken);
        // The database found the row by an index on the hash (what it compares is a hash, which says nothing
        // about the secret); the final word is a constant-time comparison here, whatever the column's collation.
        if (key is null || !key.Matches(secret))
        {
            return null;
        }

        verified.Remember(hash, key, generation);
        return key;
    }

    private static Role RequiredRole(ServerCallContext context)
    {
        var declared = context.GetHttpContext().GetEndpoint()?.Metadata.GetMetadata<RequiresRoleAttribute>();
        if (declared is not null)
        {
            return declared.Role;
        }

        // Reflection only describes the contract, which every key holder may read.
        return context.Method.StartsWith(ReflectionServicePrefix, StringComparison.Ordinal) ? Role.Viewer : Role.Admin;
    }
}
