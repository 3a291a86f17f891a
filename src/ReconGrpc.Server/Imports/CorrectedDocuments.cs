using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;

namespace ReconGrpc.Server.Imports;

/// <summary>
/// Rows of a ledger import that book a document again at another amount: the same customer, date, document type and
/// number as an entry stored before, with a different amount. It is what importing a corrected export looks like —
/// the rows differ, so neither is a duplicate, and the ledger then holds both figures. The import stores them (the
/// file may be right to book both) and warns, so the accountant can reverse the old entry.
/// </summary>
internal static class CorrectedDocuments
{
    /// <summary>Batches with more imported rows than this are not checked: the check costs a lookup per row.</summary>
    public const long MaxCheckedRows = 100_000;

    /// <summary>Warnings kept per batch.</summary>
    private const int MaxWarnings = 100;

    public static async Task<List<RowProblem>> FindAsync(ReconDbContext db, long batchId, CancellationToken cancellationToken)
    {
        var pairs = await (
                from row in db.LedgerEntries
                where row.ImportBatchId == batchId && row.DocumentNumber != ""
                join earlier in db.LedgerEntries
                    on new { row.CustomerCode, row.Date, row.DocumentType, row.DocumentNumber }
                    equals new { earlier.CustomerCode, earlier.Date, earlier.DocumentType, earlier.DocumentNumber }
                where (earlier.ImportBatchId == null || earlier.ImportBatchId != batchId) && earlier.Amount != row.Amount
                orderby row.SourceLine, earlier.Id
                select new
                {
                    Line = row.SourceLine, row.CustomerCode, row.Date, row.DocumentNumber, row.Amount, Earlier = earlier.Amount,
                    EarlierBatch = earlier.ImportBatchId, EarlierLine = earlier.SourceLine, EarlierId = earlier.Id,
                })
            .AsNoTracking().Take(MaxWarnings).ToListAsync(cancellationToken);
        return [.. pairs.Select(p => new RowProblem(p.Line ?? 0, "amount",
            $"{p.DocumentNumber} of {p.CustomerCode} on {p.Date:yyyy-MM-dd} was booked before at {Money(p.Earlier)} " +
            $"({(p.EarlierBatch is { } b ? $"import batch {b}, line {p.EarlierLine}" : $"ledger entry {p.EarlierId}")}); this row books it again at " +
            $"{Money(p.Amount)}. If the file corrects the earlier figure, reverse the old entry (recon ledger post … --amount {Money(-p.Earlier)})."))];
    }

    private static string Money(decimal amount) => amount.ToString("0.00##", CultureInfo.InvariantCulture);
}
