using Microsoft.EntityFrameworkCore;
using ReconGrpc.Application.Auditing;
using ReconGrpc.Application.Reconciliation;
using ReconGrpc.Data;
using ReconGrpc.Data.Changes;
using ReconGrpc.Data.Protection;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Access;
using ReconGrpc.Domain.Auditing;

namespace ReconGrpc.Application.Maintenance;

/// <summary>A database copy written to a temporary file, for the caller to send on; deleted on dispose.</summary>
public sealed class DatabaseBackupFile(string path, DatabaseCopyFacts facts, string sha256, long sizeBytes, DateTimeOffset takenAt) : IAsyncDisposable
{
    public string Path { get; } = path;

    public DatabaseCopyFacts Facts { get; } = facts;

    public string Sha256 { get; } = sha256;

    public long SizeBytes { get; } = sizeBytes;

    public DateTimeOffset TakenAt { get; } = takenAt;

    /// <summary>A name to save the copy under: the product and the moment it was taken.</summary>
    public string FileName => $"recon-{TakenAt.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}.db";

    public ValueTask DisposeAsync()
    {
        File.Delete(Path);
        return ValueTask.CompletedTask;
    }
}

/// <summary>What a restore did, and the audit chain's verdict on the database it left.</summary>
public sealed record DatabaseRestoreOutcome(DatabaseCopyFacts Restored, IReadOnlyList<string> MigrationsApplied, string? CheckpointsSetAside, AuditVerdict Audit);

/// <summary>Backup and restore of the embedded database while the server runs (admin).</summary>
public sealed class DatabaseMaintenance(
    SqliteDatabaseCopy copies,
    DatabaseMigrator migrator,
    PlainFieldSealer sealer,
    IDbContextFactory<ReconDbContext> contexts,
    ChangeRunner changes,
    LiveRuns runs,
    AuditLog audit,
    TimeProvider time)
{
    /// <summary>Takes a consistent copy of the database into a temporary file in <paramref name="directory"/>.</summary>
    public async Task<DatabaseBackupFile> BackupAsync(Actor actor, string directory, CancellationToken cancellationToken)
    {
        await RequireSqliteAsync("back up", cancellationToken);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{Imports.ImportSpoolFolder.BackupPrefix}{Guid.NewGuid():N}{Imports.ImportSpoolFolder.Extension}");
        try
        {
            var takenAt = time.GetUtcNow();
            var facts = await copies.BackupAsync(path, cancellationToken);
            var (sha256, size) = await HashAsync(path, cancellationToken);
            // After the copy, so the copy does not hold the entry that says it was taken.
            await changes.RunAsync(actor, (session, _) =>
            {
                session.Record(AuditActions.Database.Backup, "database", "sqlite", null,
                    AuditSnapshot.Of(new { Sha256 = sha256, SizeBytes = size, facts.SchemaVersion, facts.AuditEntries }));
                return Task.FromResult(0);
            }, cancellationToken);
            return new DatabaseBackupFile(path, facts, sha256, size, takenAt);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>
    /// Replaces the database with the backup at <paramref name="backupPath"/>: checked first, refused while a run
    /// executes, then restored, migrated to this server's schema, recorded in the audit log and verified.
    /// </summary>
    /// <param name="sha256">The SHA-256 of the file at <paramref name="backupPath"/>, as received.</param>
    public async Task<DatabaseRestoreOutcome> RestoreAsync(Actor actor, string backupPath, string sha256, string? expectedSha256, string reason, CancellationToken cancellationToken)
    {
        await RequireSqliteAsync("restore", cancellationToken);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw RuleViolation.Invalid("restore.reason", "Say why the database is being restored (reason); it is recorded in the audit log.");
        }

        if (!string.IsNullOrWhiteSpace(expectedSha256) && !string.Equals(expectedSha256.Trim(), sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw RuleViolation.Invalid("restore.sha256",
                $"The file's SHA-256 is {sha256}, not the {Shorten(expectedSha256.Trim())} the backup had: it was changed or cut short. Nothing was changed.");
        }

        var facts = await copies.CheckAsync(backupPath, cancellationToken);
        if (runs.Executions.Any(execution => !execution.IsCompleted))
        {
            throw RuleViolation.FailedPrecondition("restore.run_executing",
                "A reconciliation run is executing; restore when it has finished (or cancel it). Nothing was changed.");
        }

        await copies.RestoreAsync(backupPath, cancellationToken);
        // The restored log ends before the checkpoints of the history it replaced: they start again from its head.
        var aside = await audit.SetCheckpointsAsideAsync();
        await audit.CheckpointHeadAsync(cancellationToken);
        var applied = await PendingMigrationsAsync(cancellationToken);
        await migrator.MigrateAsync(cancellationToken);
        // A backup from before fields were sealed holds them plain; until sealed, lookups by credit code miss them.
        await sealer.SealPlainRowsAsync(cancellationToken);
        await changes.RunAsync(actor, (session, _) =>
        {
            session.Record(AuditActions.Database.Restore, "database", "sqlite", null,
                AuditSnapshot.Of(new { Sha256 = sha256, facts.SchemaVersion, MigrationsApplied = applied, facts.AuditEntries, CheckpointsSetAside = aside }), reason.Trim());
            return Task.FromResult(0);
        }, cancellationToken);
        var verdict = await audit.VerifyAsync(cancellationToken);
        return new DatabaseRestoreOutcome(facts, applied, aside, verdict);
    }

    private async Task RequireSqliteAsync(string what, CancellationToken cancellationToken)
    {
        if (!await copies.IsSqliteAsync(cancellationToken))
        {
            throw RuleViolation.FailedPrecondition("maintenance.not_sqlite",
                $"This server cannot {what} its database: it is not the embedded SQLite database. Use the database's own tools (pg_dump, BACKUP DATABASE).");
        }
    }

    private async Task<List<string>> PendingMigrationsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return [.. await db.Database.GetPendingMigrationsAsync(cancellationToken)];
    }

    private static async Task<(string Sha256, long Size)> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var hash = await System.Security.Cryptography.SHA256.HashDataAsync(stream, cancellationToken);
        return (Convert.ToHexStringLower(hash), stream.Length);
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
