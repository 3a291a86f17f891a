using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Data.Changes;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Access;
using ReconGrpc.Domain.Auditing;
using ReconGrpc.Domain.Reconciliation;
using ReconGrpc.Matching;

namespace ReconGrpc.Application.Reconciliation;

/// <summary>A stored rule set version with its rules read back into the engine's model.</summary>
public sealed record RuleSetVersion(StoredRuleSet Stored, RuleSet Rules);

/// <summary>
/// 对账规则集 — named, versioned rule sets. The built-in default is stored as version 1 of "default" the first
/// time it is needed, so it can be read, versioned and edited like any other.
/// </summary>
public sealed class RuleSetStore(IDbContextFactory<ReconDbContext> contexts, ChangeRunner changes)
{
    public const string SystemActor = "system";

    public Task<RuleSetVersion> CreateAsync(Actor actor, string name, IReadOnlyList<MatchRule> rules, string? description, CancellationToken cancellationToken) =>
        changes.RunAsync(actor, async (session, ct) =>
        {
            var set = Validated(name, rules);
            if (await session.Db.RuleSets.AnyAsync(r => r.Name == set.Name, ct) || string.Equals(set.Name, DefaultRuleSet.Name, StringComparison.OrdinalIgnoreCase))
            {
                throw RuleViolation.AlreadyExists("ruleset.exists", $"A rule set named '{set.Name}' exists; update it instead.");
            }

            var stored = StoredRuleSet.First(set.Name, set.ToJson(), description, actor.KeyId, session.Now);
            session.Db.RuleSets.Add(stored);
            await session.Db.SaveChangesAsync(ct);
            session.Record(AuditActions.RuleSet.Create, "rule_set", $"{stored.Name}@{stored.Version}", null, stored.RulesJson, description);
            return new RuleSetVersion(stored, set);
        }, cancellationToken);

    public Task<RuleSetVersion> UpdateAsync(Actor actor, string name, int expectedVersion, IReadOnlyList<MatchRule> rules, string? description, CancellationToken cancellationToken) =>
        changes.RunAsync(actor, async (session, ct) =>
        {
            var latest = await LatestAsync(session.Db, name, session.Now, ct)
                ?? throw RuleViolation.NotFound("ruleset.not_found", $"There is no rule set named '{InputText.Echo(name)}'.");
            RuleViolation.ThrowIfStale($"Rule set '{latest.Name}'", expectedVersion, latest.Version);
            var set = Validated(latest.Name, rules);
            var next = latest.Next(set.ToJson(), description, actor.KeyId, session.Now);
            session.Db.RuleSets.Add(next);
            await session.Db.SaveChangesAsync(ct);
            session.Record(AuditActions.RuleSet.Update, "rule_set", $"{next.Name}@{next.Version}", latest.RulesJson, next.RulesJson, description);
            return new RuleSetVersion(next, set);
        }, cancellationToken);

    public async Task<IReadOnlyList<RuleSetVersion>> ListLatestAsync(CancellationToken cancellationToken)
    {
        await EnsureDefaultAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var all = await db.RuleSets.AsNoTracking().ToListAsync(cancellationToken);
        return [.. all.GroupBy(r => r.Name).Select(g => g.MaxBy(r => r.Version)!).OrderBy(r => r.Name, StringComparer.Ordinal).Select(Read)];
    }

    /// <summary>A rule set at a version (0 or null: the latest); the default is created on first use.</summary>
    public async Task<RuleSetVersion> GetAsync(string? name, int? version, CancellationToken cancellationToken)
    {
        name = string.IsNullOrWhiteSpace(name) ? DefaultRuleSet.Name : name.Trim();
        await EnsureDefaultAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var versions = db.RuleSets.AsNoTracking().Where(r => r.Name == name);
        var stored = version is > 0
            ? await versions.SingleOrDefaultAsync(r => r.Version == version, cancellationToken)
            : await versions.OrderByDescending(r => r.Version).FirstOrDefaultAsync(cancellationToken);
        return stored is null
            ? throw RuleViolation.NotFound("ruleset.not_found", version is > 0
                ? $"Rule set '{InputText.Echo(name)}' has no version {version}."
                : $"There is no rule set named '{InputText.Echo(name)}'; list them with ListRuleSets.")
            : Read(stored);
    }

    private async Task EnsureDefaultAsync(CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (await db.RuleSets.AnyAsync(r => r.Name == DefaultRuleSet.Name, cancellationToken))
            {
                return;
            }
        }

        try
        {
            await changes.RunAsync(SystemActor, async (session, ct) =>
            {
                if (await session.Db.RuleSets.AnyAsync(r => r.Name == DefaultRuleSet.Name, ct))
                {
                    return 0;
                }

                var stored = StoredRuleSet.First(DefaultRuleSet.Name, RuleSet.Default.ToJson(),
                    "Built in: document keys first, then tolerance, settlements, customer and amount-date rules.", SystemActor, session.Now);
                session.Db.RuleSets.Add(stored);
                await session.Db.SaveChangesAsync(ct);
                session.Record(AuditActions.RuleSet.Create, "rule_set", $"{stored.Name}@{stored.Version}", null, stored.RulesJson, "built-in default");
                return 0;
            }, cancellationToken);
        }
        catch (RuleViolation violation) when (violation.Kind == ViolationKind.AlreadyExists)
        {
            // Another caller stored it at the same moment.
        }
    }

    private static async Task<StoredRuleSet?> LatestAsync(ReconDbContext db, string name, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var trimmed = name.Trim();
        var latest = await db.RuleSets.AsNoTracking().Where(r => r.Name == trimmed).OrderByDescending(r => r.Version).FirstOrDefaultAsync(cancellationToken);
        if (latest is null && string.Equals(trimmed, DefaultRuleSet.Name, StringComparison.Ordinal))
        {
            // Updating the default before anyone read it: version 1 is the built-in one.
            latest = StoredRuleSet.First(DefaultRuleSet.Name, RuleSet.Default.ToJson(), "built-in default", SystemActor, now);
            db.RuleSets.Add(latest);
        }

        return latest;
    }

    private static RuleSet Validated(string name, IReadOnlyList<MatchRule> rules)
    {
        var set = new RuleSet(name.Trim(), rules);
        if (rules.FirstOrDefault(r => r is not null && string.Equals(r.Name?.Trim(), LearnedCounterparties.RuleName, StringComparison.OrdinalIgnoreCase)) is { } reserved)
        {
            throw RuleViolation.Invalid("ruleset.rule_name_reserved",
                $"The rule name '{reserved.Name}' is reserved: every run adds a rule of that name last, for the matches it learned from people's " +
                "manual matches (docs/matching.md, \"Learning from people\"). Name the rule otherwise.");
        }

        try
        {
            set.Validate();
        }
        catch (ReconciliationInputException e)
        {
            throw RuleViolation.Invalid(e.Rule, e.Message);
        }

        return set;
    }

    private static RuleSetVersion Read(StoredRuleSet stored) => new(stored, RuleSet.FromJson(stored.RulesJson));
}
