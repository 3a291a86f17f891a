using System.Globalization;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Http.Features;
using ReconGrpc.Contracts.V1;

namespace ReconGrpc.Server.Streaming;

/// <summary>
/// Ends a server stream whose client has taken nothing for <see cref="StreamingOptions.StalledReaderTimeout"/>.
/// HTTP/2 flow control already makes each write wait while the client's window is full, so a stalled client costs
/// only what its call holds (one message on its way, the page behind it); this lets go of that too, with a status
/// that says how to go on, rather than holding it for as long as the client stays connected without reading.
/// </summary>
/// <remarks>
/// A client that vanished (its machine gone, no reset sent) is found by Kestrel's HTTP/2 keep-alive pings
/// (<c>Kestrel:Limits:Http2:KeepAlivePingDelay</c> and <c>KeepAlivePingTimeout</c>), which close its connection
/// and so cancel its calls; a client that is there but does not read answers those pings, and is ended here.
/// </remarks>
public sealed partial class StalledStreamInterceptor(StreamingOptions options, TimeProvider time, ILogger<StalledStreamInterceptor> logger) : Interceptor
{
    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(request, Guard(responseStream, context), context);

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(requestStream, Guard(responseStream, context), context);

    private IServerStreamWriter<TResponse> Guard<TResponse>(IServerStreamWriter<TResponse> stream, ServerCallContext context)
        where TResponse : class =>
        !options.EndsStalledStreams ? stream : new GuardedWriter<TResponse>(stream, context, options.StalledReaderTimeout, time, logger);

    /// <summary>What the client is told to do once its stream was ended as stalled.</summary>
    internal static string Stalled(string method, object message, TimeSpan timeout)
    {
        var waited = timeout.TotalMinutes >= 1
            ? timeout.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture) + " min"
            : timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";
        var ended = $"The client took nothing of this stream for {waited}, so the server reset it (RESOURCE_EXHAUSTED) and let go of what it held for it. ";
        return message switch
        {
            WatchRunResponse { Event: { } e } => ended + Resume(e),
            StartRunResponse { Event: { } e } => ended + "The run goes on. " + Resume(e),
            RestartRunResponse { Event: { } e } => ended + "The run goes on. " + Resume(e),
            _ => ended + $"Call {method[(method.LastIndexOf('/') + 1)..]} again, and read its stream as it comes.",
        };

        static string Resume(RunEvent e) => string.Create(CultureInfo.InvariantCulture,
            $"Watch it again with WatchRun (run_id {e.RunId}) from the offset after the last result you received; every result before offset {e.Offset} had reached your connection.");
    }

    /// <summary>The call's writer, with each write given <paramref name="timeout"/> to be taken by the client.</summary>
    /// <remarks>
    /// A stalled stream cannot carry a status: whatever the server sends waits behind the message the client does not
    /// take. So the stream is reset with HTTP/2's ENHANCE_YOUR_CALM, which gRPC clients report as RESOURCE_EXHAUSTED,
    /// and the server's log says where to re-attach.
    /// </remarks>
    private sealed class GuardedWriter<T>(IServerStreamWriter<T> inner, ServerCallContext context, TimeSpan timeout, TimeProvider time, ILogger logger)
        : IServerStreamWriter<T>
        where T : class
    {
        /// <summary>HTTP/2's ENHANCE_YOUR_CALM: the peer causes excessive load (gRPC: RESOURCE_EXHAUSTED).</summary>
        private const int EnhanceYourCalm = 0xb;

        public WriteOptions? WriteOptions
        {
            get => inner.WriteOptions;
            set => inner.WriteOptions = value;
        }

        public Task WriteAsync(T message) => WriteAsync(message, CancellationToken.None);

        public async Task WriteAsync(T message, CancellationToken cancellationToken)
        {
            var write = inner.WriteAsync(message, cancellationToken);
            if (write.IsCompleted)
            {
                await write;
                return;
            }

            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, context.CancellationToken);
            var stalled = Task.Delay(timeout, time, waiting.Token);
            // The wait ends early, not stalled, when the call itself is cancelled: the write then ends as the call does.
            if (await Task.WhenAny(write, stalled) == write || !stalled.IsCompletedSuccessfully)
            {
                await waiting.CancelAsync();
                await write;
                return;
            }

            var detail = Stalled(context.Method, message, timeout);
            LogStalled(logger, context.Method, context.Peer, detail);
            context.GetHttpContext().Features.Get<IHttpResetFeature>()?.Reset(EnhanceYourCalm);
            // The reset fails the write under way; what the call held goes with it.
            await write.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw new RpcException(new Status(StatusCode.ResourceExhausted, detail));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {Method} stream to {Peer} was ended as stalled: {Detail}")]
    private static partial void LogStalled(ILogger logger, string method, string peer, string detail);
}
