using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Data.Changes;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Access;
using ReconGrpc.Domain.Auditing;

namespace ReconGrpc.Application.Access;

/// <summary>A new key with the secret that is shown only this once.</summary>
public sealed record IssuedKey(ApiKey Key, string Secret);

/// <summary>Issuing, listing and revoking API keys.</summary>
public sealed class ApiKeyRegistry(IDbContextFactory<ReconDbContext> contexts, ChangeRunner changes)
{
    /// <param name="holder">The person the key is issued to; blank for a service key shared by a system or a team.</param>
    public Task<IssuedKey> CreateAsync(Actor actor, string name, Role role, string? holder, CancellationToken cancellationToken) =>
        changes.RunAsync(actor, (session, _) =>
        {
            var secret = ApiKeySecrets.NewSecret();
            var key = ApiKey.Create(ApiKeySecrets.NewId(), name, role, secret, actor.KeyId, session.Now, holder);
            session.Db.ApiKeys.Add(key);
            session.Record(AuditActions.ApiKey.Create, "apikey", key.Id, null, Snapshot(key));
            return Task.FromResult(new IssuedKey(key, secret));
        }, cancellationToken);

    /// <summary>
    /// Revokes a key, but never the last active admin key: with none left, nobody could create keys, and only a
    /// restart with <c>Auth:RecoveryAdminKey</c> would let anyone back in.
    /// </summary>
    public Task<ApiKey> RevokeAsync(Actor actor, string id, CancellationToken cancellationToken) =>
        changes.RunAsync(actor, async (session, ct) =>
        {
            // Two admins revoking each other's keys at once must not both see the other's key still active.
            await session.TakeWriteTurnAsync(ct);
            var key = await session.Db.ApiKeys.FindAsync([id], ct)
                ?? throw RuleViolation.NotFound("apikey.not_found", $"There is no API key with id '{InputText.Echo(id)}'.");
            if (key.IsActive && key.Role == Role.Admin && !await AnotherActiveAdminAsync(session.Db, key.Id, ct))
            {
                throw RuleViolation.FailedPrecondition("apikey.last_admin",
                    $"API key '{key.Id}' is the last active admin key; revoking it would leave nobody able to manage keys. " +
                    "Create another admin key first (recon keys create NAME --role admin), then revoke this one.");
            }

            var before = Snapshot(key);
            key.Revoke(session.Now);
            session.Record(AuditActions.ApiKey.Revoke, "apikey", key.Id, before, Snapshot(key));
            return key;
        }, cancellationToken);

    public async Task<Page<ApiKey>> ListAsync(bool includeRevoked, int pageSize, string? after, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.ApiKeys.AsNoTracking();
        if (!includeRevoked)
        {
            query = query.Where(k => k.RevokedAt == null);
        }

        if (after is not null)
        {
            query = query.Where(k => string.Compare(k.Id, after) > 0);
        }

        var fetched = await query.OrderBy(k => k.Id).Take(pageSize + 1).ToListAsync(cancellationToken);
        return Paging.Of(fetched, pageSize, k => k.Id);
    }

    private static Task<bool> AnotherActiveAdminAsync(ReconDbContext db, string id, CancellationToken cancellationToken)
    {
        var admin = Role.Admin;
        return db.ApiKeys.AnyAsync(k => k.Role == admin && k.RevokedAt == null && k.Id != id, cancellationToken);
    }

    // Never the hash: the audit log is readable by more eyes than the key table.
    private static string Snapshot(ApiKey key) =>
        AuditSnapshot.Of(new { key.Id, key.Name, Role = key.Role.ToString(), key.Holder, key.CreatedBy, key.CreatedAt, key.RevokedAt });
}
