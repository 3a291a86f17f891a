using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ReconGrpc.Data.Outages;

/// <summary>
/// The database the server talks to, as the outage handling needs it: a connection of its own for the probe (outside
/// the pool, so a full pool is never taken for an outage), and the pool's stale connections dropped when the database
/// goes or comes back.
/// </summary>
public sealed class DatabaseEndpoint
{
    /// <summary>The connect timeout used when the connection string sets none (the drivers' own default is 15 s).</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(5);

    private DatabaseEndpoint(DatabaseProvider provider, string connectionString, int connectTimeoutSeconds)
    {
        Provider = provider;
        ConnectionString = connectionString;
        ConnectTimeoutSeconds = connectTimeoutSeconds;
    }

    public DatabaseProvider Provider { get; }

    /// <summary>The connection string the server's contexts use, with the connect timeout applied.</summary>
    public string ConnectionString { get; }

    /// <summary>Seconds a connection attempt (and the probe's query) may take.</summary>
    public int ConnectTimeoutSeconds { get; }

    /// <summary>
    /// The endpoint for a connection string. PostgreSQL and SQL Server connection strings that set no connect timeout
    /// get <paramref name="connectTimeout"/>: a call then learns of an unreachable database in seconds, not 15.
    /// </summary>
    public static DatabaseEndpoint For(DatabaseProvider provider, string connectionString, TimeSpan? connectTimeout = null)
    {
        var seconds = (int)Math.Max(1, Math.Ceiling((connectTimeout ?? DefaultConnectTimeout).TotalSeconds));
        switch (provider)
        {
            case DatabaseProvider.PostgreSql:
                var postgres = new NpgsqlConnectionStringBuilder(connectionString);
                if (!SetsConnectTimeout(connectionString))
                {
                    postgres.Timeout = seconds;
                    connectionString = postgres.ConnectionString;
                }

                return new DatabaseEndpoint(provider, connectionString, postgres.Timeout);
            case DatabaseProvider.SqlServer:
                var sqlServer = new SqlConnectionStringBuilder(connectionString);
                if (!SetsConnectTimeout(connectionString))
                {
                    sqlServer.ConnectTimeout = seconds;
                    connectionString = sqlServer.ConnectionString;
                }

                return new DatabaseEndpoint(provider, connectionString, sqlServer.ConnectTimeout);
            default:
                return new DatabaseEndpoint(provider, connectionString, seconds);
        }
    }

    /// <summary>A new, unopened connection outside the pool, for the probe.</summary>
    public DbConnection CreateProbeConnection() => Provider switch
    {
        DatabaseProvider.PostgreSql => new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString),
        DatabaseProvider.SqlServer => new SqlConnection(new SqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString),
        _ => new SqliteConnection(new SqliteConnectionStringBuilder(ConnectionString) { Pooling = false, Mode = SqliteOpenMode.ReadWrite }.ConnectionString),
    };

    /// <summary>
    /// Drops the pooled connections: after the database restarted, each would fail once on its first use (the server
    /// that held its other end is gone). Connections in use are closed when they are returned.
    /// </summary>
    public void ClearPool()
    {
        switch (Provider)
        {
            case DatabaseProvider.PostgreSql:
                using (var connection = new NpgsqlConnection(ConnectionString))
                {
                    NpgsqlConnection.ClearPool(connection);
                }

                break;
            case DatabaseProvider.SqlServer:
                using (var connection = new SqlConnection(ConnectionString))
                {
                    SqlConnection.ClearPool(connection);
                }

                break;
        }
    }

    /// <summary>Whether the connection string sets a connect timeout itself (any of the drivers' spellings).</summary>
    private static bool SetsConnectTimeout(string connectionString)
    {
        var keys = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant());
        return keys.Any(k => k is "TIMEOUT" or "CONNECTTIMEOUT" or "CONNECTIONTIMEOUT");
    }
}
