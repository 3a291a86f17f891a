using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Ledger;

namespace ReconGrpc.Application.Imports;

/// <summary>Reading back import batches and their rejected rows.</summary>
public sealed class ImportRecords(IDbContextFactory<ReconDbContext> contexts)
{
    public async Task<(ImportBatch Batch, IReadOnlyList<ImportRowError> FirstErrors)> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var batch = await db.ImportBatches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, cancellationToken)
            ?? throw RuleViolation.NotFound("import.not_found", $"There is no import batch {id}.");
        var errors = await db.ImportErrors.AsNoTracking().Where(e => e.BatchId == id).OrderBy(e => e.Line).ThenBy(e => e.Id).Take(100).ToListAsync(cancellationToken);
        return (batch, errors);
    }

    public async Task<Page<ImportRowError>> ListErrorsAsync(long batchId, int pageSize, long? afterId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.ImportBatches.AnyAsync(b => b.Id == batchId, cancellationToken))
        {
            throw RuleViolation.NotFound("import.not_found", $"There is no import batch {batchId}.");
        }

        var errors = db.ImportErrors.AsNoTracking().Where(e => e.BatchId == batchId);
        if (afterId is { } after)
        {
            errors = errors.Where(e => e.Id > after);
        }

        // Errors are stored in line order, so id order is line order.
        var fetched = await errors.OrderBy(e => e.Id).Take(pageSize + 1).ToListAsync(cancellationToken);
        return Paging.Of(fetched, pageSize, e => e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
