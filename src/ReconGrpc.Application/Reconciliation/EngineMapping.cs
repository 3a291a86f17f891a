using ReconGrpc.Domain.Ledger;
using ReconGrpc.Matching;

namespace ReconGrpc.Application.Reconciliation;

/// <summary>
/// The domain against the engine, where their types differ. Sides and exception reasons need no mapping: the
/// domain stores the engine's own <see cref="Side"/> and <see cref="ExceptionReason"/>.
/// </summary>
public static class EngineMapping
{
    /// <summary>What the engine knows of our document types: enough to tell a reversal from a settlement.</summary>
    public static DocumentKind ToEngine(this DocumentType type) => type switch
    {
        DocumentType.SalesInvoice => DocumentKind.Invoice,
        DocumentType.Return => DocumentKind.Return,
        DocumentType.Exchange => DocumentKind.Exchange,
        DocumentType.Receipt => DocumentKind.Receipt,
        DocumentType.CreditNote => DocumentKind.CreditNote,
        DocumentType.Adjustment => DocumentKind.Adjustment,
        DocumentType.OpeningBalance => DocumentKind.OpeningBalance,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, $"Unknown document type {type}."),
    };
}
