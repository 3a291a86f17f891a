namespace ReconGrpc.Plugins.Testing;

/// <summary>
/// The adapter broke a rule the server enforces on every plugin: it was built against an SDK the server refuses, its
/// <c>Detect</c> threw or took too long, or it produced no row within the row timeout. The message says which, and what
/// the server does about it.
/// </summary>
public sealed class AdapterContractException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which rule was broken, and what the server does about it.</param>
    /// <param name="innerException">What the adapter threw, if it threw.</param>
    public AdapterContractException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
