using System.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ReconGrpc.Data;

/// <summary>
/// A read-only transaction in which several queries see the database as of one moment, so figures read in parts
/// (a balance's opening balances, then its entries) never mix data from before and after another writer's commit.
/// Rolled back when disposed; it writes nothing.
/// </summary>
public sealed class ReadSnapshot : IAsyncDisposable
{
    private readonly IDbContextTransaction? _transaction;
    private readonly SqliteTransaction? _sqlite;

    private ReadSnapshot(IDbContextTransaction? transaction, SqliteTransaction? sqlite)
    {
        _transaction = transaction;
        _sqlite = sqlite;
    }

    /// <summary>Begins one on the context's connection; inside a transaction already begun, that one is the snapshot.</summary>
    public static async Task<ReadSnapshot> BeginAsync(ReconDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return new ReadSnapshot(null, null);
        }

        if (db.Database.GetDbConnection() is SqliteConnection connection)
        {
            // Deferred: in WAL mode a reader's snapshot starts at its first read and it takes no write lock, so it
            // neither waits for an import that is writing nor holds one up. (EF begins SQLite transactions IMMEDIATE.)
            await db.Database.OpenConnectionAsync(cancellationToken);
            var sqlite = connection.BeginTransaction(deferred: true);
            return new ReadSnapshot(await db.Database.UseTransactionAsync(sqlite, cancellationToken), sqlite);
        }

        // PostgreSQL's REPEATABLE READ is a snapshot. SQL Server's REPEATABLE READ lets rows inserted meanwhile appear
        // (its SNAPSHOT level needs a database option we cannot assume), so it takes SERIALIZABLE: key-range locks
        // for the length of the read.
        var level = db.Database.IsNpgsql() ? IsolationLevel.RepeatableRead : IsolationLevel.Serializable;
        return new ReadSnapshot(await db.Database.BeginTransactionAsync(level, cancellationToken), null);
    }

    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
        }

        // A transaction handed to EF with UseTransaction stays its owner's to end.
        if (_sqlite is not null)
        {
            await _sqlite.DisposeAsync();
        }
    }
}
