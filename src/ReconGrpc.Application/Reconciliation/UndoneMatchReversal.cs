using System.Globalization;
using ReconGrpc.Data.Changes;
using ReconGrpc.Domain.Auditing;
using ReconGrpc.Domain.Ledger;
using ReconGrpc.Domain.Reconciliation;

namespace ReconGrpc.Application.Reconciliation;

/// <summary>
/// Offsets an entry a match posted (an adjustment, a write-off's net or tax share, an exchange difference) once the
/// match is undone: a reversing entry (红字冲销) on the entry's date, never a deletion, audited as a ledger reversal.
/// The change runner refuses it when that date lies in a locked period.
/// </summary>
internal static class UndoneMatchReversal
{
    public static async Task<LedgerEntry> PostAsync(ChangeSession session, ReconciliationRun run, RunMatch match, LedgerEntry posted, string reason,
        CancellationToken cancellationToken)
    {
        var reversal = LedgerEntry.Create(posted.ReversalDraft($"match {run.Id}/{match.Sequence} undone: {reason}"), session.Now);
        session.Db.LedgerEntries.Add(reversal);
        await session.Db.SaveChangesAsync(cancellationToken);
        session.Record(AuditActions.Ledger.Reverse, "ledger_entry", reversal.Id.ToString(CultureInfo.InvariantCulture), null, AuditSnapshot.Of(reversal), reason);
        return reversal;
    }
}
