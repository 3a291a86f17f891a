namespace ReconGrpc.Plugins.Abstractions;

/// <summary>
/// Thrown by an adapter when a file cannot be read at all — not in the adapter's format, truncated or damaged,
/// a required column missing, an option invalid — as opposed to a bad row, which is yielded as a
/// <see cref="RowError"/>. The message is shown to the user, so it says what is wrong and what to do.
/// </summary>
public class ImportException : Exception
{
    /// <summary>Creates an import exception.</summary>
    /// <param name="message">What is wrong with the file, in words a user can act on.</param>
    /// <param name="line">The 1-based line or row where the problem was found, if there is one.</param>
    /// <param name="innerException">The library exception that revealed the problem, if any.</param>
    public ImportException(string message, long? line = null, Exception? innerException = null)
        : base(message, innerException) =>
        Line = line is < 1 ? throw new ArgumentOutOfRangeException(nameof(line), line, "Line numbers start at 1.") : line;

    /// <summary>The 1-based line or row where the problem was found, or <see langword="null"/>.</summary>
    public long? Line { get; }
}
