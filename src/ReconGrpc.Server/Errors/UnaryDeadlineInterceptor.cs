using Grpc.Core;
using Grpc.Core.Interceptors;
using ReconGrpc.Server.Extensions;

namespace ReconGrpc.Server.Errors;

/// <summary>
/// Caps how long a unary call may run (<see cref="CallLimitOptions.MaxUnaryCallDuration"/>) even when the
/// client sent no deadline or a generous one, by handing the method a context whose cancellation token fires
/// at the earlier of the two.
/// </summary>
public sealed class UnaryDeadlineInterceptor(CallLimitOptions limits) : Interceptor
{
    private const string HttpContextKey = "__HttpContext";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        // GetHttpContext() on a wrapped context looks here; later interceptors and the method need it.
        context.UserState[HttpContextKey] = context.GetHttpContext();
        using var cap = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        cap.CancelAfter(limits.MaxUnaryCallDuration);
        try
        {
            // Deadlines are instants on the system clock, as gRPC compares them, not on the server's business clock.
            return await continuation(request, new CappedCallContext(context, cap.Token, DateTime.UtcNow + limits.MaxUnaryCallDuration));
        }
        catch (OperationCanceledException) when (cap.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded,
                $"The call ran longer than the server allows ({limits.MaxUnaryCallDuration.TotalSeconds:0} s) and was stopped; nothing was changed."));
        }
    }

    /// <summary>The original context with a tighter cancellation token and deadline.</summary>
    private sealed class CappedCallContext(ServerCallContext inner, CancellationToken token, DateTime cap) : ServerCallContext
    {
        protected override string MethodCore => inner.Method;
        protected override string HostCore => inner.Host;
        protected override string PeerCore => inner.Peer;
        protected override DateTime DeadlineCore => inner.Deadline < cap ? inner.Deadline : cap;
        protected override Metadata RequestHeadersCore => inner.RequestHeaders;
        protected override CancellationToken CancellationTokenCore => token;
        protected override Metadata ResponseTrailersCore => inner.ResponseTrailers;
        protected override Status StatusCore { get => inner.Status; set => inner.Status = value; }
        protected override WriteOptions? WriteOptionsCore { get => inner.WriteOptions; set => inner.WriteOptions = value; }
        protected override AuthContext AuthContextCore => inner.AuthContext;
        protected override IDictionary<object, object> UserStateCore => inner.UserState;

        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
            inner.CreatePropagationToken(options);

        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => inner.WriteResponseHeadersAsync(responseHeaders);
    }
}
