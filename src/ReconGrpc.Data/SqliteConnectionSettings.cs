using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ReconGrpc.Data;

/// <summary>
/// Settings SQLite keeps per connection, applied each time one opens. In WAL mode (set by the migrator)
/// <c>synchronous=NORMAL</c> syncs at checkpoints instead of at every commit: the database cannot be corrupted by a
/// crash, but a power cut may lose the last transactions — the trade SQLite recommends for WAL, and what lets a run
/// or an import commit in batches without a disk flush each time. A 32 MiB page cache (SQLite's default is 2 MiB)
/// keeps the unique fingerprint index of a large import in memory: inserts at random places in that index were
/// what made a million-row import slow (bulk-insert probe, 1M rows: 37,600 rows/s with the default, 63,000 with
/// this). The cache fills only as a connection uses it. The first GiB of the file is read through a memory map
/// (<c>mmap_size</c>) rather than a read call per page: replaying a stored run looks its items up by id all over the
/// ledger and statement tables, and a run loads both sides by scanning them (1M × 1M run: replay 24.6 → 19.0–19.4 s,
/// loading 4.2 → 3.3 s). Mapped pages are the operating system's file cache, shared and given back under memory
/// pressure; writes still go through the write-ahead log. Bulk writers turn the map off on their connection (see
/// <c>SqliteRowInserter</c>): what they touch would otherwise count against the server's memory.
/// The settings stay with SQLite's connection, which the connection pool keeps open between uses: they are applied the
/// first time it opens, not at every open (a unary call opens a connection once or twice), and again after a writer turned the map off (<see cref="Forget"/>).
/// </summary>
public sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    /// <summary>The statements that apply these settings to an open connection.</summary>
    public const string PragmaText = "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-32768; PRAGMA mmap_size=1073741824;";

    /// <summary>SQLite connections (handles, reused by the pool) that have the settings.</summary>
    private static readonly ConditionalWeakTable<sqlite3, object> Applied = new();

    /// <summary>
    /// Says that <paramref name="connection"/>'s settings were changed (a bulk writer turned its memory map off), so that
    /// they are applied again when it next opens.
    /// </summary>
    public static void Forget(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            Applied.Remove(handle);
        }
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (HasSettings(connection))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = PragmaText;
        command.ExecuteNonQuery();
        Remember(connection);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (HasSettings(connection))
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = PragmaText;
        await command.ExecuteNonQueryAsync(cancellationToken);
        Remember(connection);
    }

    private static bool HasSettings(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } && Applied.TryGetValue(handle, out _);

    private static void Remember(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            Applied.AddOrUpdate(handle, Applied);
        }
    }
}
