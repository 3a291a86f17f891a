using ReconGrpc.Application.Access;
using ReconGrpc.Server.Auth;
using ReconGrpc.Server.Errors;
using ReconGrpc.Server.Health;
using ReconGrpc.Server.Limits;
using ReconGrpc.Server.Mapping;
using ReconGrpc.Server.Services;

namespace ReconGrpc.Server.Extensions;

public static class GrpcExtensions
{
    /// <summary>
    /// gRPC with its limits and interceptors (outermost first: errors, request limits, unary deadline cap, auth, the
    /// key's rate limit), health reporting the database, reflection, and page tokens: transport only; the use cases behind
    /// the endpoints are <c>AddReconApplication</c>'s.
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

        builder.Services.AddSingleton<PageTokens>();
        return builder;
    }

    public static WebApplicationBuilder AddReconAuth(this WebApplicationBuilder builder)
    {
        var auth = builder.Configuration.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();
        // A guessable configured key is refused before anything listens: it would be an admin key.
        ApiKeySecrets.EnsureStrong("Auth:BootstrapAdminKey", auth.BootstrapAdminKey);
        ApiKeySecrets.EnsureStrong("Auth:RecoveryAdminKey", auth.RecoveryAdminKey);
        if (auth.KeyCacheSeconds < 0)
        {
            throw new InvalidOperationException($"Auth:KeyCacheSeconds is 0 (look every call's key up) or more; it is {auth.KeyCacheSeconds}.");
        }

        builder.Services.AddSingleton(auth);
        builder.Services.AddSingleton<VerifiedKeys>();
        var keyFile = auth.BootstrapKeyFile ?? Path.Combine(builder.DataDirectory(), "bootstrap-admin.key");
        builder.Services.AddSingleton(new BootstrapKeyLocation(Path.GetFullPath(keyFile, builder.Environment.ContentRootPath)));
        builder.Services.AddSingleton<AdminBootstrapper>();
        return builder;
    }

    public static WebApplication MapReconGrpc(this WebApplication app)
    {
        app.MapGrpcService<CategoryGrpcService>();
        app.MapGrpcService<BankGrpcService>();
        app.MapGrpcService<PlatformGrpcService>();
        app.MapGrpcService<AdminGrpcService>();
        app.MapGrpcService<AuditGrpcService>();
        app.MapGrpcService<MaintenanceGrpcService>();
        app.MapGrpcService<CustomerGrpcService>();
        app.MapGrpcService<LedgerGrpcService>();
        app.MapGrpcService<ImportGrpcService>();
        app.MapGrpcService<ReconciliationGrpcService>();
        app.MapGrpcService<ReceivablesGrpcService>();
        app.MapGrpcService<ReportGrpcService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }
}
