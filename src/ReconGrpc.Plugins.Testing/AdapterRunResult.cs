using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Plugins.Testing;

/// <summary>What an adapter made of one file under <see cref="AdapterRun"/>: how sure it was, and its rows in file order.</summary>
public sealed class AdapterRunResult
{
    internal AdapterRunResult(FileProbe probe, DetectionResult detection, ImportContext context, IReadOnlyList<ImportRow> rows)
    {
        Probe = probe;
        Detection = detection;
        Context = context;
        Rows = rows;
        Records = [.. rows.OfType<RecordRow>().Select(r => r.Record)];
        Errors = [.. rows.OfType<RowError>()];
    }

    /// <summary>The probe the adapter was asked about: the file's name, its first <see cref="FileProbe.HeadLength"/> bytes and its length.</summary>
    public FileProbe Probe { get; }

    /// <summary>What <see cref="IImportAdapter.Detect"/> answered for <see cref="Probe"/>.</summary>
    public DetectionResult Detection { get; }

    /// <summary>The context the adapter read with.</summary>
    public ImportContext Context { get; }

    /// <summary>Every row the adapter yielded, records and errors, in the order it yielded them.</summary>
    public IReadOnlyList<ImportRow> Rows { get; }

    /// <summary>The records of <see cref="Rows"/>, in order.</summary>
    public IReadOnlyList<ImportRecord> Records { get; }

    /// <summary>The rows the adapter could not read (<see cref="RowError"/>), in order.</summary>
    public IReadOnlyList<RowError> Errors { get; }

    /// <summary>The records of one type, in order: <c>result.RecordsOf&lt;StatementLineRecord&gt;()</c>.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <returns>The records of that type.</returns>
    public IReadOnlyList<T> RecordsOf<T>()
        where T : ImportRecord => [.. Records.OfType<T>()];
}
