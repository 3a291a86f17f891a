using ReconGrpc.Domain.Ledger;

namespace ReconGrpc.Application.Imports;

/// <summary>What the caller asked for in the first message of an import.</summary>
public sealed record ImportOrder(
    string? AdapterId,
    string FileName,
    IReadOnlyDictionary<string, string> Options,
    bool Strict,
    string? StatementName,
    StatementKind? StatementKind,
    string? StatementCustomer);

/// <summary>How far an import is.</summary>
public sealed record ImportProgressReport(long BytesReceived, long RowsRead, long Accepted, long Rejected, string Phase);

/// <summary>A rejected row before it is stored.</summary>
public sealed record RowProblem(int Line, string? Field, string Message);

/// <summary>The outcome of an import: its batch, the first rejected rows, and stored rows worth a second look.</summary>
public sealed record ImportOutcome(ImportBatch Batch, IReadOnlyList<RowProblem> FirstErrors, IReadOnlyList<RowProblem>? Warnings = null)
{
    /// <summary>Its customers over or near their credit limit once it is stored.</summary>
    public IReadOnlyList<Queries.CreditAlert> CreditAlerts { get; init; } = [];
}
