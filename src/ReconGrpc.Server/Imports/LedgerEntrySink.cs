using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Data.Changes;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Ledger;
using ReconGrpc.Plugins.Abstractions;
using DomainDocumentType = ReconGrpc.Domain.Ledger.DocumentType;

namespace ReconGrpc.Server.Imports;

/// <summary>
/// Ledger entries: resolved to a customer, validated, de-duplicated by fingerprint (within the file and against
/// the ledger, a chunk at a time through the unique index) and written with multi-row inserts.
/// </summary>
public sealed class LedgerEntrySink(ChangeSession session, long batchId, string adapterId) : ImportSink(session, batchId, adapterId), IAsyncDisposable
{
    private const int ChunkSize = 1000;
    private readonly CustomerResolver _customers = new(session.Db);
    private readonly HashSet<UInt128> _seen = [];
    private readonly List<(LedgerEntryDraft Draft, string Fingerprint, int Line)> _chunk = new(ChunkSize);
    private readonly BulkInserter<LedgerEntry> _inserter = new(session.Db);

    public override async Task<RowProblem?> AcceptAsync(ImportRecord record, int line, CancellationToken cancellationToken)
    {
        if (record is not LedgerEntryRecord entry)
        {
            return new RowProblem(line, null, $"a {record.Kind} record cannot go into the ledger");
        }

        var customer = await _customers.ResolveAsync(entry.CustomerCode, entry.CustomerName, cancellationToken);
        if (customer is null)
        {
            return new RowProblem(line, "customer",
                $"no customer with code '{entry.CustomerCode}'{(entry.CustomerName is null ? "" : $" or name '{entry.CustomerName}'")}; create it first or import the 客户档案");
        }

        var draft = new LedgerEntryDraft(
            customer.Code,
            entry.Date,
            (DomainDocumentType)(int)entry.DocumentType,
            entry.DocumentNumber ?? "",
            entry.Amount,
            entry.Currency ?? "CNY",
            entry.VoucherNumber,
            entry.DueDate ?? (entry.Amount > 0 && customer.PaymentTermsDays > 0 ? entry.Date.AddDays(customer.PaymentTermsDays) : null),
            entry.Reference,
            entry.Memo);
        try
        {
            draft.Validate();
        }
        catch (RuleViolation violation)
        {
            return new RowProblem(line, null, violation.Message);
        }

        var fingerprint = draft.Fingerprint();
        if (!_seen.Add(Key(fingerprint)))
        {
            Duplicates++;
            return null;
        }

        _chunk.Add((draft, fingerprint, line));
        if (_chunk.Count == ChunkSize)
        {
            await StoreChunkAsync(cancellationToken);
        }

        return null;
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await StoreChunkAsync(cancellationToken);
        await _inserter.FlushAsync(cancellationToken);
    }

    private async Task StoreChunkAsync(CancellationToken cancellationToken)
    {
        if (_chunk.Count == 0)
        {
            return;
        }

        var fingerprints = _chunk.Select(c => c.Fingerprint).ToList();
        var present = (await Session.Db.LedgerEntries.AsNoTracking().Where(e => fingerprints.Contains(e.Fingerprint))
            .Select(e => e.Fingerprint).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        foreach (var (draft, fingerprint, line) in _chunk)
        {
            if (present.Contains(fingerprint))
            {
                Duplicates++;
                continue;
            }

            await _inserter.AddAsync(LedgerEntry.Create(draft, Session.Now, BatchId, AdapterId, line), cancellationToken);
            Imported++;
        }

        _chunk.Clear();
    }

    public ValueTask DisposeAsync() => _inserter.DisposeAsync();
}
