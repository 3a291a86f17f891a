namespace ReconGrpc.Data.Outages;

/// <summary>
/// The database cannot be reached. Thrown at once, without a connection attempt, while the server knows the database
/// is away (see <see cref="DatabaseAvailability"/>), and by a use case that words the outage for its own callers (an
/// import says to send the file again). Its message is written for the caller; the transport sends it as UNAVAILABLE.
/// </summary>
public sealed class DatabaseUnavailableException : Exception
{
    /// <summary>What a caller is told when the database is away and nothing more particular applies.</summary>
    public const string DefaultMessage = "The database is not reachable; the call changed nothing. Retry in a few seconds; operators: see health.";

    public DatabaseUnavailableException()
        : base(DefaultMessage)
    {
    }

    public DatabaseUnavailableException(string message)
        : base(message)
    {
    }

    public DatabaseUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
