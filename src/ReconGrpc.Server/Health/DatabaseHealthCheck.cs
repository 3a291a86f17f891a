using Microsoft.Extensions.Diagnostics.HealthChecks;
using ReconGrpc.Data;

namespace ReconGrpc.Server.Health;

/// <summary>Reports the server unhealthy (grpc.health.v1 NOT_SERVING) while the database cannot be reached.</summary>
public sealed class DatabaseHealthCheck(DatabaseMigrator database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy("database reachable")
                : HealthCheckResult.Unhealthy("database unreachable");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("database unreachable", ex);
        }
    }
}
