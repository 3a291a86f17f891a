using Microsoft.EntityFrameworkCore;
using ReconGrpc.Application.Access;
using ReconGrpc.Data;
using ReconGrpc.Data.Changes;
using ReconGrpc.Domain.Access;
using ReconGrpc.Domain.Auditing;
using ReconGrpc.Server.Extensions;

namespace ReconGrpc.Server.Auth;

/// <summary>
/// Makes sure someone can administer a new server. With <c>Auth:BootstrapAdminKey</c> set, that secret becomes an
/// admin key unless a key with it already exists (a revoked one stays revoked). Without it, and with no active admin
/// key at all, a key is generated and written once to a file only the owner can read. With
/// <c>Auth:RecoveryAdminKey</c> set, that secret becomes an admin key once, whatever keys exist: the way back in
/// for an operator who lost every admin secret.
/// </summary>
public sealed partial class AdminBootstrapper(
    IDbContextFactory<ReconDbContext> contexts,
    ChangeRunner changes,
    AuthOptions options,
    BootstrapKeyLocation location,
    ILogger<AdminBootstrapper> logger)
{
    public const string Actor = "system";
    public const string CreatedBy = "bootstrap";
    public const string RecoveryCreatedBy = "recovery";

    public async Task EnsureAdminAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!string.IsNullOrWhiteSpace(options.RecoveryAdminKey))
        {
            await RecoverAsync(db, options.RecoveryAdminKey, cancellationToken);
        }

        if (!string.IsNullOrWhiteSpace(options.BootstrapAdminKey))
        {
            var hash = ApiKey.HashSecret(options.BootstrapAdminKey);
            if (!await db.ApiKeys.AnyAsync(k => k.SecretHash == hash, cancellationToken))
            {
                await CreateAdminAsync(options.BootstrapAdminKey, "bootstrap admin", CreatedBy, cancellationToken);
                LogConfiguredKey(logger);
            }

            return;
        }

        var adminRole = Role.Admin;
        if (await db.ApiKeys.AnyAsync(k => k.Role == adminRole && k.RevokedAt == null, cancellationToken))
        {
            return;
        }

        var secret = ApiKeySecrets.NewSecret();
        var id = await CreateAdminAsync(secret, "bootstrap admin", CreatedBy, cancellationToken);
        await WriteOwnerOnlyAsync(location.Path, secret, cancellationToken);
        LogGeneratedKey(logger, id, location.Path);
    }

    /// <summary>
    /// Creates the recovery key unless a key with its secret was ever created: a recovery secret left in the
    /// configuration must not bring back a key that an admin revoked since.
    /// </summary>
    private async Task RecoverAsync(ReconDbContext db, string secret, CancellationToken cancellationToken)
    {
        var hash = ApiKey.HashSecret(secret);
        var existing = await db.ApiKeys.AsNoTracking().Where(k => k.SecretHash == hash).Select(k => k.Id).FirstOrDefaultAsync(cancellationToken);
        if (existing is not null)
        {
            LogRecoveryAlreadyUsed(logger, existing);
            return;
        }

        var id = await CreateAdminAsync(secret, "recovery admin", RecoveryCreatedBy, cancellationToken);
        LogRecoveryKey(logger, id);
    }

    private Task<string> CreateAdminAsync(string secret, string name, string createdBy, CancellationToken cancellationToken) =>
        changes.RunAsync(Actor, (session, _) =>
        {
            var key = ApiKey.Create(ApiKeySecrets.NewId(), name, Role.Admin, secret, createdBy, session.Now);
            session.Db.ApiKeys.Add(key);
            session.Record(AuditActions.ApiKey.Create, "apikey", key.Id, null, AuditSnapshot.Of(new { key.Id, key.Name, key.Role, key.CreatedBy }));
            return Task.FromResult(key.Id);
        }, cancellationToken);

    private static async Task WriteOwnerOnlyAsync(string path, string secret, CancellationToken cancellationToken)
    {
        DataExtensions.CreateOwnerOnlyDirectory(Path.GetDirectoryName(path)!);
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write }.OwnerOnly();

        await using (var stream = new FileStream(path, fileOptions))
        await using (var writer = new StreamWriter(stream))
        {
            await writer.WriteLineAsync(secret.AsMemory(), cancellationToken);
        }

        if (!OperatingSystem.IsWindows())
        {
            // An existing file keeps its old mode when overwritten; make sure it is owner-only now.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the admin key given by Auth:BootstrapAdminKey.")]
    private static partial void LogConfiguredKey(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Created recovery admin key {KeyId} from Auth:RecoveryAdminKey. Create named admin keys with it, revoke it, and remove the setting.")]
    private static partial void LogRecoveryKey(ILogger logger, string keyId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Auth:RecoveryAdminKey was used before (key {KeyId}) and is not created again; remove the setting, or give a new secret to recover again.")]
    private static partial void LogRecoveryAlreadyUsed(ILogger logger, string keyId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No admin key existed: generated admin key {KeyId}; its secret is in {Path} (readable by the owner only). Use it, create named keys, then delete the file.")]
    private static partial void LogGeneratedKey(ILogger logger, string keyId, string path);
}

/// <summary>Where a generated first admin key is written.</summary>
public sealed record BootstrapKeyLocation(string Path);
