using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ReconGrpc.Data.Outages;

/// <summary>
/// Whether the server can reach its database now, as the <see cref="DatabaseProbe"/> last found. While the database
/// is away, connections are refused at once (<see cref="OutageGate"/>) instead of each call waiting out a connect
/// attempt, and health reports NOT_SERVING; the probe alone brings it back. A failure that looks like an outage in any
/// call asks for a probe at once, so an outage is known within one connect attempt rather than one probe interval.
/// </summary>
public sealed partial class DatabaseAvailability(ILogger<DatabaseAvailability> logger)
{
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _probeWanted = new(0, 1);
    private bool _away;
    private long _awaySince;
    private string? _reason;

    /// <summary>True while the last probe could not reach the database.</summary>
    public bool IsAway => Volatile.Read(ref _away);

    /// <summary>Why the database is away (the probe's failure, for operators); <see langword="null"/> while it answers.</summary>
    public string? Reason
    {
        get
        {
            lock (_lock)
            {
                return _reason;
            }
        }
    }

    /// <summary>Refuses at once, without a connection attempt, while the database is known to be away.</summary>
    public void ThrowIfAway()
    {
        if (IsAway)
        {
            throw new DatabaseUnavailableException();
        }
    }

    /// <summary>Asks the probe to look now rather than at its next interval (a call just failed as if the database were away).</summary>
    public void RequestProbe()
    {
        lock (_lock)
        {
            if (_probeWanted.CurrentCount == 0)
            {
                _probeWanted.Release();
            }
        }
    }

    /// <summary>Waits for the next probe: the interval, or less when a probe is asked for.</summary>
    public async Task WaitForNextProbeAsync(TimeSpan interval, CancellationToken cancellationToken) =>
        await _probeWanted.WaitAsync(interval, cancellationToken);

    /// <returns>True when this turns the database from reachable to away.</returns>
    internal bool MarkAway(Exception cause)
    {
        lock (_lock)
        {
            _reason = $"{cause.GetType().Name}: {cause.GetBaseException().Message}";
            if (_away)
            {
                return false;
            }

            _awaySince = Stopwatch.GetTimestamp();
            Volatile.Write(ref _away, true);
        }

        LogAway(logger, cause);
        return true;
    }

    /// <returns>True when this turns the database from away to reachable.</returns>
    internal bool MarkBack()
    {
        TimeSpan away;
        lock (_lock)
        {
            if (!_away)
            {
                return false;
            }

            away = Stopwatch.GetElapsedTime(_awaySince);
            _reason = null;
            Volatile.Write(ref _away, false);
        }

        LogBack(logger, away);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database is not reachable; calls are refused as UNAVAILABLE and health is NOT_SERVING until it answers again")]
    private static partial void LogAway(ILogger logger, Exception cause);

    [LoggerMessage(Level = LogLevel.Information, Message = "The database answers again after {Away}; calls are served")]
    private static partial void LogBack(ILogger logger, TimeSpan away);
}
