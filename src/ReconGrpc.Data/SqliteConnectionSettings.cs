using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ReconGrpc.Data;

/// <summary>
/// Settings SQLite keeps per connection, applied each time one opens. In WAL mode (set by the migrator)
/// <c>synchronous=NORMAL</c> syncs at checkpoints instead of at every commit: the database cannot be corrupted by a
/// crash, but a power cut may lose the last transactions — the trade SQLite recommends for WAL, and what lets a run
/// or an import commit in batches without a disk flush each time.
/// </summary>
public sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
