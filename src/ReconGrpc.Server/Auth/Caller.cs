using Grpc.Core;
using ReconGrpc.Domain.Access;

namespace ReconGrpc.Server.Auth;

/// <summary>
/// The API key a call was made with, once verified, and the person it acts for: the key's holder, or for a service
/// key the person the call names in <c>x-recon-user</c> (none when it names nobody).
/// </summary>
public sealed record Caller(string KeyId, string Name, Role Role, string? Person = null)
{
    public Actor Actor { get; } = new(KeyId, Person);
}

public static class CallerExtensions
{
    /// <summary>The verified caller of this call. Every method behind the auth interceptor has one.</summary>
    public static Caller Caller(this ServerCallContext context) =>
        context.GetHttpContext().Items[typeof(Caller)] as Caller
        ?? throw new InvalidOperationException($"{context.Method} ran without a verified caller; is the auth interceptor registered?");

    /// <summary>Who this call acts as, as the use cases and the audit log record it.</summary>
    public static Actor Actor(this ServerCallContext context) => context.Caller().Actor;
}

/// <summary>The least role a method needs. A method without it needs <see cref="Role.Admin"/>: forgetting fails closed.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class RequiresRoleAttribute(Role role) : Attribute
{
    public Role Role { get; } = role;
}
