using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;

namespace ReconGrpc.Application.Imports;

/// <summary>
/// Rows of a ledger import that book a document again at another amount: the same customer, date, document type and
/// number as an entry an earlier import stored, with a different amount. It is what importing a corrected export looks like —
/// the rows differ, so neither is a duplicate, and the ledger then holds both figures. The import stores them (the
/// file may be right to book both) and warns, so the accountant can reverse the old entry.
/// </summary>
internal static class CorrectedDocuments
{
    /// <summary>Batches with more imported rows than this are not checked: the check costs a lookup per row.</summary>
    public const long MaxCheckedRows = 100_000;

    /// <summary>Warnings kept per batch.</summary>
    private const int MaxWarnings = 100;

    /// <summary>Pairs looked at, at most, before the first <see cref="MaxWarnings"/> by line are chosen.</summary>
    private const int MaxFound = 10_000;

    public static async Task<List<RowProblem>> FindAsync(ReconDbContext db, long batchId, CancellationToken cancellationToken)
    {
        // Keyed in memory and compared in one pass over the earlier entries of the same customers and dates: a join in
        // SQL probes the (customer, date) index per row and then every entry of that customer and day, which is
        // quadratic for a customer with thousands of documents a day (shop orders).
        var rows = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.ImportBatchId == batchId && e.DocumentNumber != "")
            .Select(e => new Booked(e.CustomerCode, e.Date, e.DocumentType, e.DocumentNumber, e.Amount, e.ImportBatchId, e.SourceLine))
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return [];
        }

        var byDocument = rows.ToLookup(r => r.Document);
        var customers = rows.Select(r => r.CustomerCode).Distinct().ToList();
        var (from, to) = (rows.Min(r => r.Date), rows.Max(r => r.Date));
        // Imported before: an entry posted by hand (a reversal among them) is not an earlier export's figure.
        var earlierEntries = db.LedgerEntries.AsNoTracking()
            .Where(e => e.ImportBatchId != null && e.ImportBatchId != batchId && customers.Contains(e.CustomerCode) && e.Date >= from && e.Date <= to
                        && e.DocumentNumber != "")
            .Select(e => new Booked(e.CustomerCode, e.Date, e.DocumentType, e.DocumentNumber, e.Amount, e.ImportBatchId, e.SourceLine))
            .AsAsyncEnumerable();
        var found = new List<(Booked Row, Booked Earlier)>();
        await foreach (var earlier in earlierEntries.WithCancellation(cancellationToken))
        {
            found.AddRange(byDocument[earlier.Document].Where(row => row.Amount != earlier.Amount).Select(row => (row, earlier)));
            if (found.Count >= MaxFound)
            {
                // A file whose document numbers are placeholders ("-", "无") pairs everything with everything.
                break;
            }
        }

        return [.. found.OrderBy(f => f.Row.SourceLine).ThenBy(f => f.Earlier.ImportBatchId).ThenBy(f => f.Earlier.SourceLine).Take(MaxWarnings)
            .Select(f => new RowProblem(f.Row.SourceLine ?? 0, "amount",
                $"{f.Row.DocumentNumber} of {f.Row.CustomerCode} on {f.Row.Date:yyyy-MM-dd} was booked before at {Money(f.Earlier.Amount)} " +
                $"(import batch {f.Earlier.ImportBatchId}, line {f.Earlier.SourceLine}); this row books it again at {Money(f.Row.Amount)}. " +
                $"If the file corrects the earlier figure, reverse the old entry (recon ledger post … --amount {Money(-f.Earlier.Amount)})."))];
    }

    private sealed record Booked(string CustomerCode, DateOnly Date, Domain.Ledger.DocumentType DocumentType, string DocumentNumber, decimal Amount,
        long? ImportBatchId, int? SourceLine)
    {
        public (string, DateOnly, Domain.Ledger.DocumentType, string) Document => (CustomerCode, Date, DocumentType, DocumentNumber);
    }

    private static string Money(decimal amount) => Domain.DecimalText.ToText(amount, 2);
}
