using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Data.Changes;
using ReconGrpc.Domain.Ledger;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Application.Imports;

/// <summary>Ledger entries: each row resolved to a customer (code, credit code, name), its due date taken from the payment terms when missing.</summary>
public sealed class LedgerEntrySink(ChangeSession session, ReconDbContext lookups, long batchId, string adapterId)
    : FingerprintedSink<LedgerEntryDraft, LedgerEntry>(session, lookups, batchId, adapterId, UniqueKeys.LedgerEntry)
{
    private readonly CustomerResolver _customers = new(lookups);

    protected override async ValueTask<(LedgerEntryDraft? Draft, RowProblem? Problem)> ToDraftAsync(ImportRecord record, int line, CancellationToken cancellationToken)
    {
        if (record is not LedgerEntryRecord entry)
        {
            return (null, new RowProblem(line, null, $"a {record.Kind} record cannot go into the ledger"));
        }

        var match = await _customers.ResolveAsync(entry.CustomerCode, entry.CustomerCreditCode, entry.CustomerName, cancellationToken);
        if (match.Customer is not { } customer)
        {
            return (null, new RowProblem(line, "customer",
                match.Contradiction ? match.Problem! : $"{match.Problem}; create it first or import the 客户档案"));
        }

        return (new LedgerEntryDraft(customer.Code, entry.Date, entry.DocumentType.ToDomain(), entry.DocumentNumber ?? "", entry.Amount,
            entry.Currency ?? "CNY", entry.VoucherNumber, entry.DueDate, entry.Reference, entry.Memo, entry.SourceId).WithTermsDueDate(customer.PaymentTermsDays), null);
    }

    protected override (string? CustomerCode, DateOnly Date) PeriodOf(LedgerEntry row) => (row.CustomerCode, row.Date);

    protected override Task<bool> IsStoredAsync(LedgerEntry row, CancellationToken cancellationToken) =>
        Lookups.LedgerEntries.AnyAsync(e => e.CustomerCode == row.CustomerCode && e.Date == row.Date && e.Fingerprint == row.Fingerprint, cancellationToken);

    protected override string FingerprintOf(LedgerEntry row) => row.Fingerprint;

    // The unique index leads with customer and date: narrowing to the chunk's customers and dates lets it be searched.
    protected override async Task<HashSet<string>> StoredAsync(IReadOnlyList<LedgerEntry> rows, CancellationToken cancellationToken)
    {
        var customers = rows.Select(r => r.CustomerCode).Distinct().ToList();
        var (from, to) = (rows.Min(r => r.Date), rows.Max(r => r.Date));
        var fingerprints = rows.Select(r => r.Fingerprint).ToList();
        return (await Session.Db.LedgerEntries.AsNoTracking()
            .Where(e => customers.Contains(e.CustomerCode) && e.Date >= from && e.Date <= to && fingerprints.Contains(e.Fingerprint))
            .Select(e => e.Fingerprint).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
    }

    protected override LedgerEntry Create(LedgerEntryDraft draft, int line) => LedgerEntry.Create(draft, Session.Now, BatchId, AdapterId, line);
}
