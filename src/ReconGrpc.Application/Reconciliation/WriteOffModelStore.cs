using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Data.Changes;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Access;
using ReconGrpc.Domain.Auditing;
using ReconGrpc.Domain.Reconciliation;

namespace ReconGrpc.Application.Reconciliation;

/// <summary>
/// 核销模板 — named write-off models, created, changed and deleted by admins, every change audited. A model is
/// read at the moment a match is written off with it; the match keeps its name and the entries it posted, so a
/// later change or deletion leaves the match's history as it was.
/// </summary>
public sealed class WriteOffModelStore(IDbContextFactory<ReconDbContext> contexts, ChangeRunner changes)
{
    private const string EntityType = "write_off_model";

    public Task<WriteOffModel> CreateAsync(Actor actor, string name, WriteOffSpec spec, CancellationToken cancellationToken) =>
        changes.RunAsync(actor, async (session, ct) =>
        {
            var model = WriteOffModel.Create(name, spec, actor.KeyId, session.Now);
            if (await session.Db.WriteOffModels.AnyAsync(w => w.Name == model.Name, ct))
            {
                throw RuleViolation.AlreadyExists("writeoff.exists", $"A write-off model named '{model.Name}' exists; update it instead, or choose another name.");
            }

            session.Db.WriteOffModels.Add(model);
            await session.Db.SaveChangesAsync(ct);
            session.Record(AuditActions.WriteOff.Create, EntityType, model.Name, null, AuditSnapshot.Of(model), model.Description);
            return model;
        }, cancellationToken);

    public Task<WriteOffModel> UpdateAsync(Actor actor, string name, int expectedVersion, WriteOffSpec spec, CancellationToken cancellationToken) =>
        changes.RunAsync(actor, async (session, ct) =>
        {
            var model = await FindAsync(session.Db, name, ct);
            RuleViolation.ThrowIfStale($"Write-off model '{model.Name}'", expectedVersion, model.Version);
            var before = AuditSnapshot.Of(model);
            model.Update(spec, actor.KeyId, session.Now);
            await session.Db.SaveChangesAsync(ct);
            session.Record(AuditActions.WriteOff.Update, EntityType, model.Name, before, AuditSnapshot.Of(model), model.Description);
            return model;
        }, cancellationToken);

    /// <summary>
    /// Deletes a model. Matches written off with it keep its name and their entries (which carry its account and
    /// reason code), so nothing of their history depends on the model; undoing them reverses those entries as posted.
    /// </summary>
    public Task<WriteOffModel> DeleteAsync(Actor actor, string name, int expectedVersion, CancellationToken cancellationToken) =>
        changes.RunAsync(actor, async (session, ct) =>
        {
            var model = await FindAsync(session.Db, name, ct);
            if (expectedVersion > 0)
            {
                RuleViolation.ThrowIfStale($"Write-off model '{model.Name}'", expectedVersion, model.Version);
            }

            var before = AuditSnapshot.Of(model);
            session.Db.WriteOffModels.Remove(model);
            await session.Db.SaveChangesAsync(ct);
            session.Record(AuditActions.WriteOff.Delete, EntityType, model.Name, before, null);
            return model;
        }, cancellationToken);

    public async Task<IReadOnlyList<WriteOffModel>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var all = await db.WriteOffModels.AsNoTracking().ToListAsync(cancellationToken);
        return [.. all.OrderBy(w => w.Name, StringComparer.Ordinal)];
    }

    public async Task<WriteOffModel> GetAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await FindAsync(db, name, cancellationToken);
    }

    /// <summary>The model of that name as stored, or NOT_FOUND saying how to see the others.</summary>
    public static async Task<WriteOffModel> FindAsync(ReconDbContext db, string? name, CancellationToken cancellationToken)
    {
        var trimmed = (name ?? "").Trim();
        return await db.WriteOffModels.SingleOrDefaultAsync(w => w.Name == trimmed, cancellationToken)
            ?? throw RuleViolation.NotFound("writeoff.not_found",
                $"There is no write-off model named '{InputText.Echo(trimmed)}'; list them with ListWriteOffModels (recon writeoffs list).");
    }
}
