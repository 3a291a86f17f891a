using Microsoft.Extensions.DependencyInjection.Extensions;
using ReconGrpc.Server.Application;
using ReconGrpc.Server.Application.Reconciliation;
using ReconGrpc.Server.Auth;
using ReconGrpc.Server.Errors;
using ReconGrpc.Server.Health;
using ReconGrpc.Server.Limits;
using ReconGrpc.Server.Services;

using ReconGrpc.Server.Mapping;

namespace ReconGrpc.Server.Extensions;

public static class GrpcExtensions
{
    /// <summary>
    /// gRPC with its limits and interceptors (outermost first: errors, request limits, unary deadline cap, auth, the
    /// key's rate limit), health reporting the database, reflection, and the application services behind the endpoints.
    /// </summary>
    public static WebApplicationBuilder AddReconGrpc(this WebApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection("Grpc").Get<CallLimitOptions>() ?? new CallLimitOptions();
        builder.Services.AddSingleton(limits);
        var rateLimits = builder.Configuration.GetSection("RateLimits").Get<RateLimitOptions>() ?? new RateLimitOptions();
        KeyRateLimiter.Validate(rateLimits);
        if (rateLimits.Enabled)
        {
            // Made by the container so that it is disposed with it (the buckets run a replenishing timer).
            builder.Services.AddSingleton(_ => new KeyRateLimiter(rateLimits));
        }

        // A host (a test) may have registered a clock of its own before.
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = limits.MaxReceiveMessageBytes;
            options.MaxSendMessageSize = limits.MaxSendMessageBytes;
            options.EnableDetailedErrors = false;
            options.Interceptors.Add<ErrorInterceptor>();
            options.Interceptors.Add<RequestLimitsInterceptor>();
            options.Interceptors.Add<UnaryDeadlineInterceptor>();
            options.Interceptors.Add<AuthInterceptor>();
            if (rateLimits.Enabled)
            {
                options.Interceptors.Add<KeyRateLimitInterceptor>();
            }
        });
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks().AddCheck<DatabaseHealthCheck>("database");

        builder.Services.AddSingleton<CategoryCatalog>();
        builder.Services.AddSingleton<ApiKeyRegistry>();
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<DatabaseMaintenance>();
        builder.Services.AddSingleton<PageTokens>();
        builder.Services.AddSingleton<CustomerArchive>();
        builder.Services.AddSingleton<RuleSetStore>();
        var reconciliation = builder.Configuration.GetSection("Reconciliation").Get<ReconciliationOptions>() ?? new ReconciliationOptions();
        builder.Services.AddSingleton(sp => new LiveRuns(sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(new RunSlots(reconciliation.MaxConcurrentRuns));
        builder.Services.AddSingleton(new PeriodLocks(reconciliation.PeriodLockWait));
        builder.Services.AddSingleton<RunCoordinator>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RunCoordinator>());
        builder.Services.AddSingleton<RunReader>();
        builder.Services.AddSingleton<MatchDesk>();
        builder.Services.AddSingleton<PeriodBook>();
        return builder;
    }

    public static WebApplicationBuilder AddReconAuth(this WebApplicationBuilder builder)
    {
        var auth = builder.Configuration.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();
        // A guessable configured key is refused before anything listens: it would be an admin key.
        ApiKeySecrets.EnsureStrong("Auth:BootstrapAdminKey", auth.BootstrapAdminKey);
        ApiKeySecrets.EnsureStrong("Auth:RecoveryAdminKey", auth.RecoveryAdminKey);
        builder.Services.AddSingleton(auth);
        var keyFile = auth.BootstrapKeyFile ?? Path.Combine(builder.DataDirectory(), "bootstrap-admin.key");
        builder.Services.AddSingleton(new BootstrapKeyLocation(Path.GetFullPath(keyFile, builder.Environment.ContentRootPath)));
        builder.Services.AddSingleton<AdminBootstrapper>();
        return builder;
    }

    public static WebApplication MapReconGrpc(this WebApplication app)
    {
        app.MapGrpcService<CategoryGrpcService>();
        app.MapGrpcService<AdminGrpcService>();
        app.MapGrpcService<AuditGrpcService>();
        app.MapGrpcService<MaintenanceGrpcService>();
        app.MapGrpcService<CustomerGrpcService>();
        app.MapGrpcService<LedgerGrpcService>();
        app.MapGrpcService<ImportGrpcService>();
        app.MapGrpcService<ReconciliationGrpcService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }
}
