using Microsoft.Extensions.Diagnostics.HealthChecks;
using ReconGrpc.Data.Outages;

namespace ReconGrpc.Server.Health;

/// <summary>
/// Reports the server unhealthy (grpc.health.v1 NOT_SERVING) while the database cannot be reached, as the background
/// probe (<see cref="DatabaseProbeService"/>) last found; answering costs no database round trip.
/// </summary>
public sealed class DatabaseHealthCheck(DatabaseAvailability availability) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(availability.IsAway
            ? HealthCheckResult.Unhealthy("database unreachable: " + availability.Reason)
            : HealthCheckResult.Healthy("database reachable"));
}
