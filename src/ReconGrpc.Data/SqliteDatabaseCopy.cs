using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data.Changes;
using ReconGrpc.Domain;

namespace ReconGrpc.Data;

/// <summary>What a database copy holds, read from the copy itself.</summary>
public sealed record DatabaseCopyFacts(string SchemaVersion, IReadOnlyList<string> Migrations, long AuditEntries);

/// <summary>
/// Backup and restore of the embedded SQLite database while the server runs, through SQLite's online backup API:
/// a copy is consistent (one read transaction), and a restore replaces the live database's pages under SQLite's own
/// locks while every writer of this server waits at the write gate, so no connection ever sees half of each.
/// </summary>
public sealed class SqliteDatabaseCopy(IDbContextFactory<ReconDbContext> contexts, IWriteGate gate)
{
    // Long enough for a reader that is in the middle of a page of results to finish; a restore then goes on.
    private const int BusyTimeoutMilliseconds = 30_000;

    /// <summary>Whether the server's database is the embedded SQLite one (the only one this class copies).</summary>
    public async Task<bool> IsSqliteAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return db.Database.IsSqlite();
    }

    /// <summary>Copies the live database into a new file at <paramref name="targetPath"/>, self-contained (no -wal file).</summary>
    public async Task<DatabaseCopyFacts> BackupAsync(string targetPath, CancellationToken cancellationToken)
    {
        // A copy of the books, often in the system temp folder: owner-only, as the database itself is.
        SqliteDatabaseFile.CreateOwnerOnly(new SqliteConnectionStringBuilder { DataSource = targetPath }.ToString());
        await using (var source = await OpenLiveAsync(cancellationToken))
        await using (var target = Open(targetPath, SqliteOpenMode.ReadWriteCreate))
        {
            await target.OpenAsync(cancellationToken);
            // The backup API runs to its end once started; it holds a read transaction on the source, so writers go on.
            await Task.Run(() => source.BackupDatabase(target), cancellationToken);
            await ExecuteAsync(target, "PRAGMA journal_mode=DELETE;", cancellationToken);
        }

        return await CheckAsync(targetPath, cancellationToken);
    }

    /// <summary>
    /// Reads what a backup file holds, refusing with <see cref="RuleViolation"/> a file that is not a sound SQLite
    /// database of this product, or one with a migration this server does not know (made by a newer version).
    /// </summary>
    public async Task<DatabaseCopyFacts> CheckAsync(string path, CancellationToken cancellationToken)
    {
        await using var copy = Open(path, SqliteOpenMode.ReadOnly);
        try
        {
            await copy.OpenAsync(cancellationToken);
            var integrity = await ScalarAsync(copy, "PRAGMA integrity_check;", cancellationToken);
            if (!string.Equals(integrity, "ok", StringComparison.Ordinal))
            {
                throw RuleViolation.Invalid("restore.corrupt", $"The backup is a damaged SQLite database (integrity check: {Shorten(integrity)}); nothing was changed.");
            }

            if (await ScalarAsync(copy, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('__EFMigrationsHistory', 'audit_entry', 'audit_head');", cancellationToken) != "3")
            {
                throw RuleViolation.Invalid("restore.not_recon", "The file is a SQLite database but not one of this product (no migration history or audit log); nothing was changed.");
            }

            var migrations = new List<string>();
            await using (var command = copy.CreateCommand())
            {
                command.CommandText = "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId;";
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    migrations.Add(reader.GetString(0));
                }
            }

            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
            var unknown = migrations.Where(m => !known.Contains(m)).ToList();
            if (unknown.Count > 0)
            {
                throw RuleViolation.FailedPrecondition("restore.newer",
                    $"The backup was made by a newer version of the server (migration {unknown[^1]} is unknown here); restore it with that version or newer. Nothing was changed.");
            }

            var auditEntries = long.Parse(await ScalarAsync(copy, "SELECT count(*) FROM audit_entry;", cancellationToken) ?? "0", System.Globalization.CultureInfo.InvariantCulture);
            return new DatabaseCopyFacts(migrations.Count > 0 ? migrations[^1] : "", migrations, auditEntries);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 26 or 11)
        {
            // SQLITE_NOTADB, SQLITE_CORRUPT: not a database at all, or one damaged beyond reading its header.
            throw RuleViolation.Invalid("restore.not_a_database", "The file is not a SQLite database (or is damaged beyond reading); nothing was changed.");
        }
    }

    /// <summary>
    /// Replaces the live database's content with the backup at <paramref name="backupPath"/> (checked beforehand with
    /// <see cref="CheckAsync"/>). Writers wait at the gate meanwhile; pooled connections are dropped afterwards so that
    /// none keeps a view of the old content.
    /// </summary>
    public async Task RestoreAsync(string backupPath, CancellationToken cancellationToken)
    {
        using var lease = await gate.EnterAsync(cancellationToken);
        await using (var live = await OpenLiveAsync(cancellationToken))
        await using (var backup = Open(backupPath, SqliteOpenMode.ReadOnly))
        {
            await backup.OpenAsync(cancellationToken);
            await ExecuteAsync(live, $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds};", cancellationToken);
            // Past this point the copy must finish: a restore stopped half-way would leave the database half restored.
            await Task.Run(() => backup.BackupDatabase(live), CancellationToken.None);
        }

        SqliteConnection.ClearAllPools();
    }

    private async Task<SqliteConnection> OpenLiveAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var builder = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false };
        var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static SqliteConnection Open(string path, SqliteOpenMode mode) =>
        new(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<string?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 200 ? text : text[..200] + "…";
}
