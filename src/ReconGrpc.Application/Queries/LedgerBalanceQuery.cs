using Microsoft.EntityFrameworkCore;
using ReconGrpc.Application.Archive;
using ReconGrpc.Data;
using ReconGrpc.Domain.Ledger;

namespace ReconGrpc.Application.Queries;

/// <summary>Reads ledger entries into a <see cref="BroughtForwardBalance"/>: the one way balances are taken from the ledger.</summary>
internal static class LedgerBalanceQuery
{
    /// <param name="customerCode">One customer, or null for every customer (each carried forward on its own).</param>
    /// <param name="asOf">Entries up to and including this date, or null for all.</param>
    /// <param name="category">Or the customers of a category with its descendants.</param>
    public static async Task<BroughtForwardBalance> ReadAsync(ReconDbContext db, string? customerCode, CategoryScope? category, DateOnly? asOf,
        CancellationToken cancellationToken)
    {
        var entries = db.LedgerEntries.AsNoTracking();
        if (customerCode is not null)
        {
            entries = entries.Where(e => e.CustomerCode == customerCode);
        }
        else if (category is not null)
        {
            entries = category.Entries(db, entries);
        }

        if (asOf is { } date)
        {
            entries = entries.Where(e => e.Date <= date);
        }

        // Opening balances first, then the entries they decide about: in one snapshot, or an import committing between
        // the two reads would have its new opening balance counted as an entry on top of the balance it replaces.
        await using var snapshot = await ReadSnapshot.BeginAsync(db, cancellationToken);
        var openings = await entries.Where(e => e.DocumentType == DocumentType.OpeningBalance)
            .Select(e => new OpeningBalanceEntry(e.Id, e.CustomerCode, e.Date, e.Currency, e.Amount)).ToListAsync(cancellationToken);
        var balance = new BroughtForwardBalance(openings);
        // Summed here rather than in SQL: SQLite keeps decimals as text and cannot add them exactly.
        var rows = entries.Select(e => new { e.Id, e.CustomerCode, e.Date, e.DocumentType, e.Amount, e.Currency }).AsAsyncEnumerable();
        await foreach (var e in rows.WithCancellation(cancellationToken))
        {
            balance.Add(e.Id, e.CustomerCode, e.Date, e.DocumentType, e.Amount, e.Currency);
        }

        return balance;
    }
}
