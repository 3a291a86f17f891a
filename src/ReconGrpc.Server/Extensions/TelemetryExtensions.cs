using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using ReconGrpc.Data;

namespace ReconGrpc.Server.Extensions;

public static class TelemetryExtensions
{
    public const string ServiceName = "recon-grpc";

    /// <summary>
    /// Traces (gRPC calls through ASP.NET Core, database commands) and metrics (requests, EF Core, runtime).
    /// Exported over OTLP only when an endpoint is configured (<c>OpenTelemetry:OtlpEndpoint</c> or the
    /// standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>), so a bare start needs no collector.
    /// </summary>
    public static WebApplicationBuilder AddReconTelemetry(this WebApplicationBuilder builder)
    {
        var endpoint = builder.Configuration["OpenTelemetry:OtlpEndpoint"] ?? builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddSource(CommandTracing.SourceName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddMeter("Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel",
                    Application.Reconciliation.RunWatches.MeterName));
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            telemetry.UseOtlpExporter(OpenTelemetry.Exporter.OtlpExportProtocol.Grpc, new Uri(endpoint));
        }

        return builder;
    }
}
