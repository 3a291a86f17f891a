using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ReconGrpc.Server.Streaming;

public static class StreamingExtensions
{
    /// <summary>Kestrel's HTTP/2 keep-alive ping when none is configured: after this long without a frame from a client.</summary>
    public static readonly TimeSpan DefaultKeepAlivePingDelay = TimeSpan.FromSeconds(30);

    /// <summary>How long a client has to answer the ping before its connection is closed (and its calls cancelled).</summary>
    public static readonly TimeSpan DefaultKeepAlivePingTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// What streaming calls cost when their client stops reading or vanishes: Kestrel's HTTP/2 keep-alive pings (on
    /// by default here, 30 s / 20 s; <c>Kestrel:Limits:Http2:KeepAlivePingDelay</c> and <c>KeepAlivePingTimeout</c>
    /// change them, a delay of <c>10675199.02:48:05.4775807</c> (TimeSpan.MaxValue) turns them off) find a vanished client, and <see cref="StalledStreamInterceptor"/>
    /// ends a stream its client stopped taking (<c>Streaming:StalledReaderTimeout</c>).
    /// </summary>
    public static WebApplicationBuilder AddReconStreaming(this WebApplicationBuilder builder)
    {
        var options = (builder.Configuration.GetSection("Streaming").Get<StreamingOptions>() ?? new StreamingOptions()).Validated();
        builder.Services.AddSingleton(options);
        var http2 = builder.Configuration.GetSection("Kestrel:Limits:Http2");
        var pingDelay = http2.GetValue<TimeSpan?>("KeepAlivePingDelay") ?? DefaultKeepAlivePingDelay;
        var pingTimeout = http2.GetValue<TimeSpan?>("KeepAlivePingTimeout") ?? DefaultKeepAlivePingTimeout;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.Http2.KeepAlivePingDelay = pingDelay;
            kestrel.Limits.Http2.KeepAlivePingTimeout = pingTimeout;
        });
        // Added after AddReconGrpc's interceptors, so it is the innermost: the error interceptor sees its status.
        builder.Services.Configure<GrpcServiceOptions>(grpc => grpc.Interceptors.Add<StalledStreamInterceptor>());
        return builder;
    }
}
