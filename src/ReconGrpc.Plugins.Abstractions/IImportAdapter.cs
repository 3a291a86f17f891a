namespace ReconGrpc.Plugins.Abstractions;

/// <summary>
/// An import adapter: reads one family of files (a bookkeeping export, a bank format, a platform bill) into typed
/// records. The host finds every public, non-abstract class implementing this interface in a plugin assembly and
/// creates it with its public parameterless constructor.
/// </summary>
/// <remarks>
/// An adapter instance is shared: <see cref="Detect"/> and <see cref="ReadAsync"/> may run concurrently for
/// different files, so keep per-file state inside the calls. An adapter never writes anywhere: it reads the stream
/// it is given and yields rows; cleansing, customer resolution, de-duplication and storage are the host's work.
/// </remarks>
public interface IImportAdapter
{
    /// <summary>The adapter's identity, what it produces and the options it takes.</summary>
    AdapterDescriptor Descriptor { get; }

    /// <summary>
    /// Says how sure the adapter is that it can read a file, from its name and first bytes only. It must be quick,
    /// must not throw on any input and must not keep the probe.
    /// </summary>
    /// <param name="probe">The file's name and first bytes.</param>
    /// <returns>A confidence from 0 to 1 and the reason for it.</returns>
    DetectionResult Detect(FileProbe probe);

    /// <summary>
    /// Reads a file into rows, one at a time, in file order. Stream the file: hold no more than a bounded window of
    /// it in memory, so files of hundreds of megabytes import in constant memory.
    /// </summary>
    /// <param name="content">The file's bytes, read from its start; it may not be seekable. The adapter does not dispose it.</param>
    /// <param name="context">The options, encoding hint, file name and expected kind of this import.</param>
    /// <param name="cancellationToken">Stops the read; the adapter stops promptly and throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>
    /// Each row as a <see cref="RecordRow"/> or a <see cref="RowError"/> with its line. A bad row is yielded as an
    /// error and reading goes on.
    /// </returns>
    /// <exception cref="ImportException">The file as a whole cannot be read (wrong format, truncated, a required column or option missing).</exception>
    IAsyncEnumerable<ImportRow> ReadAsync(Stream content, ImportContext context, CancellationToken cancellationToken = default);
}
