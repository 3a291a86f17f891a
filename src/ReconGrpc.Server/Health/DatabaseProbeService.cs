using ReconGrpc.Data.Outages;
using ReconGrpc.Server.Extensions;

namespace ReconGrpc.Server.Health;

/// <summary>
/// Probes the database every <see cref="DatabaseOptions.ProbeInterval"/>, and at once when a call failed as if it were
/// away: the probe decides when the database counts as away and when it is back, so the server recovers by itself.
/// Nothing but shutdown ends the loop.
/// </summary>
public sealed partial class DatabaseProbeService(DatabaseProbe probe, DatabaseAvailability availability, DatabaseOptions options,
    ILogger<DatabaseProbeService> logger) : BackgroundService
{
    /// <summary>Probes asked for by failing calls come this far apart at least: a burst of failures makes one probe.</summary>
    private static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await availability.WaitForNextProbeAsync(options.ProbeInterval, stoppingToken);
                await probe.ProbeAsync(stoppingToken);
                await Task.Delay(Spacing, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The probe records the database's failures itself; this is anything else, and the loop must outlive it.
                LogProbeFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The database probe failed unexpectedly; it carries on")]
    private static partial void LogProbeFailed(ILogger logger, Exception exception);
}
