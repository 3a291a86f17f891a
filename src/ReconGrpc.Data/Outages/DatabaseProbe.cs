namespace ReconGrpc.Data.Outages;

/// <summary>
/// Asks the database for <c>SELECT 1</c> over a connection of its own and records the answer in
/// <see cref="DatabaseAvailability"/>. Any failure but a full database (<see cref="DatabaseOutage.IsFull"/>) counts as
/// away: health then says NOT_SERVING, which is what a load balancer needs whether the server is down, starting, or
/// refusing the server's login.
/// </summary>
public sealed class DatabaseProbe(DatabaseEndpoint endpoint, DatabaseAvailability availability)
{
    /// <returns>True when the database answered.</returns>
    public async Task<bool> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = endpoint.CreateProbeConnection();
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            command.CommandTimeout = endpoint.ConnectTimeoutSeconds;
            await command.ExecuteScalarAsync(cancellationToken);
        }
        catch (Exception e) when (DatabaseOutage.IsFull(e))
        {
            // It answered, with no room for one more session: the sessions the pool holds keep serving, so calls must
            // not be refused for it.
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            if (availability.MarkAway(e))
            {
                // Connections idle in the pool now lead nowhere: drop them rather than fail a call each once it is back.
                endpoint.ClearPool();
            }

            return false;
        }

        if (availability.MarkBack())
        {
            // Connections made while it went away (and returned since) are dropped too.
            endpoint.ClearPool();
        }

        return true;
    }
}
