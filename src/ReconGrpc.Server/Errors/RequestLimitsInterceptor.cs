using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace ReconGrpc.Server.Errors;

/// <summary>
/// Applies <see cref="RequestLimits"/> to every request message, streamed ones included, before authorization or
/// the method itself sees it. A refusal is a <see cref="Domain.RuleViolation"/>, so it reaches the caller as
/// INVALID_ARGUMENT through the <see cref="ErrorInterceptor"/> around this one.
/// </summary>
public sealed class RequestLimitsInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Check(request);
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(new CheckedReader<TRequest>(requestStream), context);

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(request);
        return continuation(request, responseStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(new CheckedReader<TRequest>(requestStream), responseStream, context);

    private static void Check<TRequest>(TRequest request)
    {
        if (request is IMessage message)
        {
            RequestLimits.Ensure(message);
        }
    }

    /// <summary>Checks each streamed message as the method reads it.</summary>
    private sealed class CheckedReader<T>(IAsyncStreamReader<T> inner) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (!await inner.MoveNext(cancellationToken))
            {
                return false;
            }

            Check(inner.Current);
            return true;
        }
    }
}
