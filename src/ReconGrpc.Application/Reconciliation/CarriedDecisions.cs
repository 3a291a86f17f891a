using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Domain.Reconciliation;

namespace ReconGrpc.Application.Reconciliation;

/// <summary>
/// People's confirmations of proposals in earlier runs of the same scope (customer, or category, or everyone), so a
/// new run does not ask again about the same items: a proposal of exactly the items a person confirmed before arrives
/// confirmed, with who decided and when. The latest decision on those items counts: a confirmation later rejected or
/// undone carries nothing. Only confirmations carry over; a rejection says the items do not belong together, which
/// the next run may see differently once the books change.
/// </summary>
public sealed class CarriedDecisions
{
    private static readonly MatchStatus[] Decided = [MatchStatus.Confirmed, MatchStatus.Rejected, MatchStatus.Unmatched];
    private readonly Dictionary<(string Ours, string Theirs), RunMatch> _confirmed;

    private CarriedDecisions(Dictionary<(string Ours, string Theirs), RunMatch> confirmed) => _confirmed = confirmed;

    public static CarriedDecisions None { get; } = new([]);

    public static async Task<CarriedDecisions> ReadAsync(IDbContextFactory<ReconDbContext> contexts, ReconciliationRun run, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var earlierRuns = db.Runs.Where(r => r.Id < run.Id && !r.DryRun && r.CustomerCode == run.CustomerCode && r.CategoryCode == run.CategoryCode).Select(r => r.Id);
        var decisions = await db.RunMatches.AsNoTracking()
            .Where(m => m.DecidedAt != null && earlierRuns.Contains(m.RunId) && Decided.Contains(m.Status) && m.RuleName != RunMatch.ManualRuleName)
            .ToListAsync(cancellationToken);
        var latest = new Dictionary<(string Ours, string Theirs), RunMatch>();
        // Last wins. A carried confirmation keeps its original time, so on equal times the earliest run comes last and
        // the note names where the decision was made rather than nesting copies of copies.
        foreach (var decision in decisions.OrderBy(d => d.DecidedAt).ThenByDescending(d => d.RunId).ThenBy(d => d.Sequence))
        {
            latest[(decision.OurIds, decision.TheirIds)] = decision;
        }

        return new CarriedDecisions(latest.Where(p => p.Value.Status == MatchStatus.Confirmed).ToDictionary(p => p.Key, p => p.Value));
    }

    /// <summary>
    /// Confirms <paramref name="proposed"/> when a person confirmed the same items before; says whether it did, and
    /// which earlier match it follows.
    /// </summary>
    public bool TryConfirm(RunMatch proposed, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RunMatch? earlier)
    {
        if (proposed.Status != MatchStatus.Proposed || !_confirmed.TryGetValue((proposed.OurIds, proposed.TheirIds), out earlier))
        {
            earlier = null;
            return false;
        }

        proposed.ConfirmAsBefore(earlier);
        return true;
    }
}
