using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Data.Changes;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Ledger;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Server.Imports;

/// <summary>
/// Lines of one statement (and shop orders, kept as the lines of an orders statement): turned into our sign
/// convention with the original kept, de-duplicated by fingerprint within the statement, written in bulk.
/// </summary>
public sealed class StatementLineSink(ChangeSession session, long batchId, string adapterId, Statement statement)
    : ImportSink(session, batchId, adapterId), IAsyncDisposable
{
    private const int ChunkSize = 1000;
    private readonly CustomerResolver _customers = new(session.Db);
    private readonly HashSet<UInt128> _seen = [];
    private readonly List<(StatementLineDraft Draft, string Fingerprint, int Line)> _chunk = new(ChunkSize);
    private readonly BulkInserter<StatementLine> _inserter = new(session.Db);

    public override long? StatementId => statement.Id;

    public override async Task<RowProblem?> AcceptAsync(ImportRecord record, int line, CancellationToken cancellationToken)
    {
        StatementLineDraft draft;
        switch (record)
        {
            case StatementLineRecord l:
                var customer = await _customers.ResolveAsync(l.CounterpartyCode, l.CounterpartyName, cancellationToken);
                draft = new StatementLineDraft(l.Date, l.Amount, l.Convention == AmountConvention.OurLedger ? SignConvention.SameAsOurs : SignConvention.Mirrored,
                    l.Currency ?? "CNY", customer?.Code ?? statement.CustomerCode, l.DocumentNumber ?? l.VoucherNumber, l.Reference,
                    l.Text ?? l.CounterpartyName);
                break;
            case OrderRecord o:
                var buyer = await _customers.ResolveAsync(o.CustomerCode, o.CustomerName, cancellationToken);
                draft = new StatementLineDraft(o.Date, o.Amount, SignConvention.SameAsOurs, o.Currency ?? "CNY", buyer?.Code ?? statement.CustomerCode,
                    o.OrderNumber, o.Reference, string.Join(' ', new[] { o.Status, o.Memo }.Where(t => t is not null)));
                break;
            default:
                return new RowProblem(line, null, $"a {record.Kind} record cannot go into a statement");
        }

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
        var present = (await Session.Db.StatementLines.AsNoTracking()
            .Where(l => l.StatementId == statement.Id && fingerprints.Contains(l.Fingerprint))
            .Select(l => l.Fingerprint).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        foreach (var (draft, fingerprint, line) in _chunk)
        {
            if (present.Contains(fingerprint))
            {
                Duplicates++;
                continue;
            }

            await _inserter.AddAsync(StatementLine.Create(statement.Id, draft, BatchId, AdapterId, line), cancellationToken);
            Imported++;
        }

        _chunk.Clear();
    }

    public ValueTask DisposeAsync() => _inserter.DisposeAsync();
}
