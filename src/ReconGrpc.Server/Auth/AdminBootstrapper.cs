using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Data.Changes;
using ReconGrpc.Domain.Access;
using ReconGrpc.Server.Extensions;

namespace ReconGrpc.Server.Auth;

/// <summary>
/// Makes sure someone can administer a new server. With <c>Auth:BootstrapAdminKey</c> set, that secret becomes an
/// admin key unless a key with it already exists (a revoked one stays revoked). Without it, and with no active admin
/// key at all, a key is generated and written once to a file only the owner can read.
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

    public async Task EnsureAdminAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!string.IsNullOrWhiteSpace(options.BootstrapAdminKey))
        {
            var hash = ApiKey.HashSecret(options.BootstrapAdminKey);
            if (!await db.ApiKeys.AnyAsync(k => k.SecretHash == hash, cancellationToken))
            {
                await CreateAdminAsync(options.BootstrapAdminKey, cancellationToken);
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
        var id = await CreateAdminAsync(secret, cancellationToken);
        await WriteOwnerOnlyAsync(location.Path, secret, cancellationToken);
        LogGeneratedKey(logger, id, location.Path);
    }

    private Task<string> CreateAdminAsync(string secret, CancellationToken cancellationToken) =>
        changes.RunAsync(Actor, (session, _) =>
        {
            var key = ApiKey.Create(ApiKeySecrets.NewId(), "bootstrap admin", Role.Admin, secret, CreatedBy, session.Now);
            session.Db.ApiKeys.Add(key);
            session.Record("apikey.create", "apikey", key.Id, null, AuditSnapshot.Of(new { key.Id, key.Name, key.Role, key.CreatedBy }));
            return Task.FromResult(key.Id);
        }, cancellationToken);

    private static async Task WriteOwnerOnlyAsync(string path, string secret, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "No admin key existed: generated admin key {KeyId}; its secret is in {Path} (readable by the owner only). Use it, create named keys, then delete the file.")]
    private static partial void LogGeneratedKey(ILogger logger, string keyId, string path);
}

/// <summary>Where a generated first admin key is written.</summary>
public sealed record BootstrapKeyLocation(string Path);
