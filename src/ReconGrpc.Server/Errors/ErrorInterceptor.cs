using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using ReconGrpc.Data.Outages;
using ReconGrpc.Data.Protection;
using ReconGrpc.Domain;

namespace ReconGrpc.Server.Errors;

/// <summary>
/// The one place where failures become gRPC statuses. Rule violations keep their message (it was written for
/// the user); a database outage (<see cref="DatabaseOutage"/>) is UNAVAILABLE, to be retried; anything unexpected is logged with its trace id and reaches the client as INTERNAL with only that
/// id, never a stack trace. Every message is cut to <see cref="InputText.MaxMessageBytes"/> as a last guard
/// against one quoting a caller's value in full.
/// </summary>
public sealed partial class ErrorInterceptor(ILogger<ErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (ex is not RpcException || IsOverlong(ex))
        {
            throw Translate(ex, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception ex) when (ex is not RpcException || IsOverlong(ex))
        {
            throw Translate(ex, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception ex) when (ex is not RpcException || IsOverlong(ex))
        {
            throw Translate(ex, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception ex) when (ex is not RpcException || IsOverlong(ex))
        {
            throw Translate(ex, context);
        }
    }

    private RpcException Translate(Exception exception, ServerCallContext context)
    {
        switch (exception)
        {
            case RpcException rpc:
                return new RpcException(new Status(rpc.StatusCode, InputText.Bounded(rpc.Status.Detail)), rpc.Trailers);
            case RuleViolation violation:
                var trailers = new Metadata { { "recon-rule", violation.Rule } };
                return new RpcException(new Status(StatusCodeOf(violation.Kind), InputText.Bounded(violation.Message)), trailers);
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return context.Deadline <= DateTime.UtcNow
                    ? new RpcException(new Status(StatusCode.DeadlineExceeded, "The call ran past its deadline and was stopped; nothing was changed."))
                    : new RpcException(new Status(StatusCode.Cancelled, "The call was cancelled; nothing was changed."));
            case var _ when DatabaseOutage.Find(exception) is { } outage:
                // Retryable, and changed nothing: never INTERNAL. The outage itself is logged once, by the probe.
                LogOutage(logger, context.Method, outage.GetType().Name);
                // The trailer tells it from a server that cannot be reached, which clients also see as UNAVAILABLE.
                return new RpcException(new Status(StatusCode.Unavailable, InputText.Bounded(DatabaseOutage.MessageOf(outage))),
                    new Metadata { { "recon-rule", DatabaseOutage.Rule } });
            case TimeoutException:
                return new RpcException(new Status(StatusCode.DeadlineExceeded, "The call took longer than the server allows and was stopped; nothing was changed."));
            case var _ when FieldKeyFailure(exception) is { } fieldKey:
                // EF wraps what a value conversion throws; the cause (the wrong field key) is what the caller must see.
                return new RpcException(new Status(StatusCode.FailedPrecondition, InputText.Bounded(fieldKey.Message)));
            default:
                var traceId = Activity.Current?.TraceId.ToHexString() ?? context.GetHttpContext().TraceIdentifier;
                LogUnexpected(logger, exception, context.Method, traceId);
                return new RpcException(new Status(StatusCode.Internal,
                    $"The server failed unexpectedly; nothing was changed. Quote trace id {traceId} when reporting this."));
        }
    }

    private static FieldKeyException? FieldKeyFailure(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is FieldKeyException fieldKey)
            {
                return fieldKey;
            }
        }

        return null;
    }

    /// <summary>
    /// A status the method raised itself whose message would carry too much: gRPC logs the detail and sends it in a
    /// header, so a message quoting a huge value would stall the connection and flood the log.
    /// </summary>
    private static bool IsOverlong(Exception exception) =>
        exception is RpcException rpc && InputText.Bounded(rpc.Status.Detail).Length != rpc.Status.Detail.Length;

    internal static StatusCode StatusCodeOf(ViolationKind kind) => kind switch
    {
        ViolationKind.Invalid => StatusCode.InvalidArgument,
        ViolationKind.AlreadyExists => StatusCode.AlreadyExists,
        ViolationKind.NotFound => StatusCode.NotFound,
        ViolationKind.FailedPrecondition => StatusCode.FailedPrecondition,
        ViolationKind.Conflict => StatusCode.Aborted,
        ViolationKind.PermissionDenied => StatusCode.PermissionDenied,
        _ => StatusCode.Unknown,
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} ended UNAVAILABLE: the database is away ({Cause})")]
    private static partial void LogOutage(ILogger logger, string method, string cause);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure in {Method} (trace id {TraceId})")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string traceId);
}
