using Microsoft.AspNetCore.Server.Kestrel.Core;
using ReconGrpc.Application;
using ReconGrpc.Application.Auditing;
using ReconGrpc.Application.Imports;
using ReconGrpc.Data;
using ReconGrpc.Data.Protection;
using ReconGrpc.Server.Auth;
using ReconGrpc.Server.Extensions;
using ReconGrpc.Server.Plugins;
using ReconGrpc.Server.Streaming;

namespace ReconGrpc.Server;

/// <summary>Builds and prepares the server; <c>Program</c> and the tests start it the same way.</summary>
public static class ReconServer
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Chinese bookkeeping exports are GBK or GB18030. The host registers the code pages once for every plugin: a
        // registration made from inside a plugin's load context does not reliably reach the framework's encoding table.
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var builder = WebApplication.CreateBuilder(args);
        // `--recovery-key SECRET` is short for `--Auth:RecoveryAdminKey SECRET` (docs/operations.md, lost admin keys).
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string> { ["--recovery-key"] = "Auth:RecoveryAdminKey" });
        configure?.Invoke(builder);
        // gRPC without TLS needs HTTP/2 with prior knowledge; set here too so that starting the server from any
        // folder (where appsettings.json is not the content root's) still serves gRPC on 127.0.0.1:5080.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = HttpProtocols.Http2));
        if (string.IsNullOrWhiteSpace(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls("http://127.0.0.1:5080");
        }

        builder.AddReconTls();
        builder.AddReconTelemetry();
        builder.AddReconData();
        builder.AddReconFieldKey();
        builder.AddReconAudit();
        builder.AddReconAuth();
        builder.Services.AddReconApplication(builder.Configuration);
        builder.AddReconPlugins();
        builder.AddReconGrpc();
        builder.AddReconStreaming();

        var app = builder.Build();
        app.MapReconGrpc();
        return app;
    }

    /// <summary>
    /// Removes what imports cut short by a crash left in the spool, applies migrations (unless switched off), seals
    /// sensitive fields still in plain text and makes sure an admin key exists, before serving.
    /// </summary>
    public static async Task PrepareAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        app.Services.GetRequiredService<ImportSpoolFolder>().RemoveLeftovers();

        if (app.Services.GetRequiredService<DatabaseOptions>().MigrateOnStart)
        {
            await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        }

        // Bank accounts and credit codes written before they were sealed are sealed now, before anyone reads them.
        await app.Services.GetRequiredService<PlainFieldSealer>().SealPlainRowsAsync(cancellationToken);

        // Anchors the chain as it stands at start outside the database (on upgrade, the unkeyed entries written before).
        await app.Services.GetRequiredService<AuditLog>().CheckpointHeadAsync(cancellationToken);

        await app.Services.GetRequiredService<AdminBootstrapper>().EnsureAdminAsync(cancellationToken);
        app.Services.GetRequiredService<AdapterCatalog>().Reload();
    }
}
