using Microsoft.Data.SqlClient;
using Npgsql;
using ReconGrpc.Domain;

namespace ReconGrpc.Data.Outages;

/// <summary>
/// The one place that tells a database outage (the server cannot reach the database, or the database is shutting
/// down or starting) from every other failure. A constraint violation, a deadlock, a serialization failure, a missing
/// table or one of our rule violations is not an outage: each says something about the call, not about reachability.
/// </summary>
public static class DatabaseOutage
{
    /// <summary>The rule id an outage is reported under (the <c>recon-rule</c> trailer of an UNAVAILABLE call).</summary>
    public const string Rule = "database.unavailable";

    /// <summary>PostgreSQL states that mean the server is going away or not yet there.</summary>
    private static readonly HashSet<string> PostgresStates =
    [
        PostgresErrorCodes.AdminShutdown,       // 57P01: the server is shutting down (pg_ctl stop -m fast)
        PostgresErrorCodes.CrashShutdown,       // 57P02: another backend crashed, every session is ended
        PostgresErrorCodes.CannotConnectNow,    // 57P03: the server is starting up or shutting down
    ];

    /// <summary>
    /// SQL Server's numbers for a server that cannot be reached or is not ready: network and connection errors, the
    /// database starting or shutting down, and Azure SQL's transient "not currently available" family.
    /// </summary>
    private static readonly HashSet<int> SqlServerNumbers =
    [
        -1, 2, 20, 53, 64, 121, 233, 258, 4060, 4221, 6005, 10053, 10054, 10060, 10061, 11001,
        40143, 40197, 40501, 40613, 42108, 42109, 49918, 49919, 49920,
    ];

    /// <summary>True when <paramref name="exception"/>, or one it wraps, says the database could not be reached.</summary>
    public static bool IsOutage(Exception? exception) => Find(exception) is not null;

    /// <summary>
    /// The exception in the chain that says the database is away, or <see langword="null"/> when the failure is of
    /// another kind. A rule violation ends the search: whatever it wraps, the call failed on a rule.
    /// </summary>
    public static Exception? Find(Exception? exception)
    {
        for (var depth = 0; exception is not null && depth < 16; depth++)
        {
            switch (exception)
            {
                case RuleViolation:
                    return null;
                case DatabaseUnavailableException:
                    return exception;
                case PostgresException postgres:
                    return IsOutageState(postgres.SqlState) ? exception : null;
                case NpgsqlException npgsql:
                    // Not a server error: the connection itself failed (refused, reset, timed out, broken mid-read).
                    return npgsql.IsTransient ? exception : null;
                case SqlException sqlServer:
                    return sqlServer.Errors.Cast<SqlError>().Any(e => SqlServerNumbers.Contains(e.Number)) ? exception : null;
                case AggregateException aggregate:
                    return aggregate.InnerExceptions.Select(Find).FirstOrDefault(found => found is not null);
            }

            exception = exception.InnerException;
        }

        return null;
    }

    /// <summary>
    /// True when the database answered but took no new session because it has as many as it allows (PostgreSQL 53300,
    /// SQL Server's resource limits): it is there, and the sessions it has keep serving.
    /// </summary>
    public static bool IsFull(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.TooManyConnections,
        SqlException sqlServer => sqlServer.Errors.Cast<SqlError>().Any(e => e.Number is 10928 or 10929),
        _ => false,
    };

    /// <summary>The outage's message for the caller: a use case's own wording when it gave one, else the default.</summary>
    public static string MessageOf(Exception outage) =>
        outage is DatabaseUnavailableException unavailable ? unavailable.Message : DatabaseUnavailableException.DefaultMessage;

    private static bool IsOutageState(string state) =>
        PostgresStates.Contains(state) || state.StartsWith("08", StringComparison.Ordinal); // class 08: connection exception
}
