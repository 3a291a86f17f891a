using ReconGrpc.Data.Changes;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Application.Imports;

/// <summary>
/// Where the records of one import go. A sink checks each record against the same rules the services apply,
/// counts what it stored and what was already present, and reports a rejected row instead of storing it.
/// </summary>
public abstract class ImportSink
{
    protected ImportSink(ChangeSession session, long batchId, string adapterId)
    {
        Session = session;
        BatchId = batchId;
        AdapterId = adapterId;
    }

    protected ChangeSession Session { get; }

    protected long BatchId { get; }

    protected string AdapterId { get; }

    public virtual long Imported { get; protected set; }

    public virtual long Duplicates { get; protected set; }

    /// <summary>The statement the rows go into, for statement sinks.</summary>
    public virtual long? StatementId => null;

    /// <summary>Takes one record; returns a problem when the row is rejected.</summary>
    public abstract Task<RowProblem?> AcceptAsync(ImportRecord record, int line, CancellationToken cancellationToken);

    /// <summary>Stores whatever is still buffered.</summary>
    public abstract Task FlushAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Rows rejected only once they were stored (a row repeating an earlier one of the file, found by the unique
    /// index): complete after <see cref="FlushAsync"/>.
    /// </summary>
    public virtual IReadOnlyList<RowProblem> RejectedWhileStoring => [];

    /// <summary>Why a row repeating an earlier one of the same file is not stored.</summary>
    protected static RowProblem Repeats(int line, int? firstLine) => new(line, null,
        $"repeats {(firstLine is { } first ? $"line {first}" : "an earlier row")} of this file (same customer, date, type, document number, voucher, amount, " +
        "currency and memo), which is stored once; if both are real, tell them apart, e.g. by document number or reference, and import the file again");

    /// <summary>A 128-bit key from a hex SHA-256 fingerprint: enough to tell rows apart, a quarter of the memory.</summary>
    protected static UInt128 Key(string fingerprint) => UInt128.Parse(fingerprint.AsSpan(0, 32), System.Globalization.NumberStyles.HexNumber, null);
}
