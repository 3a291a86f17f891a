using System.Globalization;
using System.Threading.RateLimiting;
using Grpc.Core;
using Grpc.Core.Interceptors;
using ReconGrpc.Server.Auth;

namespace ReconGrpc.Server.Limits;

/// <summary>How many calls one API key may make (<c>RateLimits</c> section): a token bucket per key.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Calls a second each key may make once its burst is spent; 0 turns the limits off.</summary>
    public int PermitsPerSecond { get; set; } = 100;

    /// <summary>Calls a key may make at once after a quiet spell (the bucket's size).</summary>
    public int Burst { get; set; } = 1000;

    public bool Enabled => PermitsPerSecond > 0;
}

/// <summary>
/// One token bucket per verified API key, so that one caller's loop cannot take the server's time from the others.
/// Calls without a caller (health checks) are never counted.
/// </summary>
public sealed class KeyRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public KeyRateLimiter(RateLimitOptions options)
    {
        Validate(options);
        Options = options;
        _limiter = PartitionedRateLimiter.Create<string, string>(keyId => RateLimitPartition.GetTokenBucketLimiter(keyId, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Burst,
            TokensPerPeriod = options.PermitsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            // Refuse at once rather than queue: a queued call would hold its connection and its deadline.
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    public RateLimitOptions Options { get; }

    /// <summary>Refuses settings that make no bucket, so that a typo stops the server on start, not on a call.</summary>
    public static void Validate(RateLimitOptions options)
    {
        if (options.PermitsPerSecond < 0 || (options.Enabled && options.Burst < 1))
        {
            throw new InvalidOperationException(
                $"RateLimits:PermitsPerSecond must be 0 (off) or more, and RateLimits:Burst at least 1; they are {options.PermitsPerSecond} and {options.Burst}.");
        }
    }

    /// <summary>Takes a permit for the key, or throws RESOURCE_EXHAUSTED saying the limit and when to retry.</summary>
    public void Acquire(string keyId)
    {
        using var lease = _limiter.AttemptAcquire(keyId);
        if (lease.IsAcquired)
        {
            return;
        }

        // A permit comes back every 1/rate s; the bucket says when when it can.
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) && after > TimeSpan.Zero
            ? after
            : TimeSpan.FromSeconds(1);
        var milliseconds = (long)Math.Ceiling(retryAfter.TotalMilliseconds);
        var trailers = new Metadata
        {
            // Read by gRPC clients' retry policies as the time to wait before retrying.
            { "grpc-retry-pushback-ms", milliseconds.ToString(CultureInfo.InvariantCulture) },
        };
        throw new RpcException(
            new Status(StatusCode.ResourceExhausted,
                $"API key '{keyId}' has made more calls than its rate limit allows ({Options.PermitsPerSecond} a second, bursts of up to " +
                $"{Options.Burst}); retry after {Seconds(retryAfter)} s."),
            trailers);
    }

    private static string Seconds(TimeSpan after) => (Math.Ceiling(after.TotalSeconds * 10) / 10).ToString("0.#", CultureInfo.InvariantCulture);

    public void Dispose() => _limiter.Dispose();
}

/// <summary>
/// Counts each call once against its key's limit, streaming calls included (an upload of many chunks is one call).
/// Runs after <see cref="AuthInterceptor"/>, so only keys that exist are counted and each by its id.
/// </summary>
public sealed class KeyRateLimitInterceptor(KeyRateLimiter limiter) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Count(context);
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Count(context);
        return continuation(requestStream, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Count(context);
        return continuation(request, responseStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Count(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Count(ServerCallContext context)
    {
        // Health checks pass the auth interceptor without a key: they answer load balancers and are never limited.
        if (context.GetHttpContext().Items[typeof(Caller)] is Caller caller)
        {
            limiter.Acquire(caller.KeyId);
        }
    }
}
