using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ReconGrpc.Data.Protection;

/// <summary>
/// Seals the bank accounts and credit codes still stored in plain text: rows written before fields were sealed, or
/// restored from such a backup. A migration cannot do it (SQL has no AES-GCM under our key), so the server does it
/// once at start-up, after migrating (and after a restore). Such a row has a value without the
/// <see cref="FieldCipher.Prefix"/>, or a value but no lookup hash (the hash is set on every save); re-saving it
/// seals the value and sets the hash. Idempotent: a second pass finds nothing.
/// </summary>
public sealed partial class PlainFieldSealer(IDbContextFactory<ReconDbContext> contexts, ILogger<PlainFieldSealer> logger)
{
    private const int BatchSize = 500;

    // Raw SQL: through the model, the prefix pattern would itself be sealed by the columns' value conversion.
    // Double-quoted names are standard SQL, which SQLite, PostgreSQL and SQL Server all accept.
    private const string PlainRowsSql = """
        SELECT "Id" AS "Value" FROM customer
        WHERE ("CreditCode" IS NOT NULL AND ("CreditCode" NOT LIKE 'enc1:%' OR "CreditCodeHash" IS NULL))
           OR ("BankAccount" IS NOT NULL AND ("BankAccount" NOT LIKE 'enc1:%' OR "BankAccountHash" IS NULL))
        """;

    /// <summary>Seals every plain row, in batches of <see cref="BatchSize"/>, each in its own save; returns how many rows.</summary>
    public async Task<int> SealPlainRowsAsync(CancellationToken cancellationToken)
    {
        List<long> plainIds;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            plainIds = await db.Database.SqlQueryRaw<long>(PlainRowsSql).ToListAsync(cancellationToken);
        }

        foreach (var ids in plainIds.Order().Chunk(BatchSize))
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var batch = await db.Customers.Where(c => ids.Contains(c.Id)).ToListAsync(cancellationToken);
            foreach (var customer in batch)
            {
                // Marked changed so that the value conversion writes them again, now sealed; the domain values are
                // the same, so the customer's version and the audit log are rightly untouched.
                var entry = db.Entry(customer);
                entry.Property(c => c.CreditCode).IsModified = customer.CreditCode is not null;
                entry.Property(c => c.BankAccount).IsModified = customer.BankAccount is not null;
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        if (plainIds.Count > 0)
        {
            LogSealed(logger, plainIds.Count);
        }

        return plainIds.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sealed the bank accounts and credit codes of {Count} customer(s) stored in plain text. Back up the field key with the database: without it these fields cannot be read.")]
    private static partial void LogSealed(ILogger logger, int count);
}
