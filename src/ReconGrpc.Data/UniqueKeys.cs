using ReconGrpc.Domain.Ledger;

namespace ReconGrpc.Data;

/// <summary>
/// The unique keys imported rows are told apart by, for the model and for the bulk path that skips stored rows.
/// </summary>
/// <remarks>
/// A fingerprint already covers the customer and the date (see <see cref="LedgerEntryDraft.Fingerprint"/>), so
/// leading the unique index with them forbids nothing more than the fingerprint alone would, yet makes it the same
/// index the ledger, balance and run-loading queries search by customer and date. One index instead of two, and an
/// import inserts into it near the rows of the same customer instead of at a random place in a fingerprint index
/// (bulk-insert probe, 1M rows over 1,000 customers: 17.9 → 14.9 s and 17.8 → 11.9 s, back to back).
/// </remarks>
public static class UniqueKeys
{
    public static readonly string[] LedgerEntry = [nameof(Domain.Ledger.LedgerEntry.CustomerCode), nameof(Domain.Ledger.LedgerEntry.Date), nameof(Domain.Ledger.LedgerEntry.Fingerprint)];

    /// <summary>The property naming the import batch of a ledger entry or statement line (both spell it alike).</summary>
    public const string BatchProperty = nameof(Domain.Ledger.LedgerEntry.ImportBatchId);

    /// <summary>The property holding the source line of a ledger entry or statement line.</summary>
    public const string SourceLineProperty = nameof(Domain.Ledger.LedgerEntry.SourceLine);

    public static readonly string[] StatementLine = [nameof(Domain.Ledger.StatementLine.StatementId), nameof(Domain.Ledger.StatementLine.Date), nameof(Domain.Ledger.StatementLine.Fingerprint)];
}
