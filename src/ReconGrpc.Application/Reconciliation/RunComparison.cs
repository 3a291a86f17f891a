using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Domain.Reconciliation;

namespace ReconGrpc.Application.Reconciliation;

/// <summary>Which real run a dry run was compared with, and why that one.</summary>
public enum ComparisonBasis
{
    /// <summary>No completed real run of the customer (or category, or everyone) covers any of its dates.</summary>
    None = 0,

    /// <summary>The latest completed real run of the same scope: the same customer or category, statements and dates.</summary>
    SameScope = 1,

    /// <summary>No run of the same statements and dates: the latest completed real run of the same customer or category whose dates overlap.</summary>
    OverlappingDates = 2,
}

/// <summary>
/// A match the comparison lists: its items now (or, for a lost match, in the base run), the items the base run
/// grouped differently where it did, and the rule and decision before and after. A side that has no match is
/// null (a gained match has no rule before, a lost one none after).
/// </summary>
public sealed record ComparedMatch(
    IReadOnlyList<long> OurIds,
    IReadOnlyList<long> TheirIds,
    string? RuleBefore,
    MatchStatus? StatusBefore,
    string? RuleAfter,
    MatchStatus? StatusAfter,
    IReadOnlyList<int> BaseSequences,
    IReadOnlyList<long> BeforeOurIds,
    IReadOnlyList<long> BeforeTheirIds,
    string? Why = null);

/// <summary>
/// What a dry run would change against the last real run of its scope. A match is its items: the set of our ids and
/// the set of theirs. <b>Gained</b>: a match now whose items the base left unmatched. <b>Lost</b>: a match that
/// stood in the base (accepted, confirmed, proposed or a person's manual match) whose items all stand unmatched now.
/// <b>Changed</b>: the same items matched now by another rule or with another decision, or grouped differently
/// (a match now that shares items with one or more base matches without being one of them). A person's manual
/// match counts as standing: made again by a rule it is changed (rule "manual" before), left unmatched it is lost.
/// Lists keep the first <see cref="ListLimit"/> of each; the counts are whole.
/// </summary>
public sealed record RunComparison(
    long? BaseRunId,
    ComparisonBasis Basis,
    int Gained,
    int Lost,
    int Changed,
    int Unchanged,
    IReadOnlyList<ComparedMatch> GainedMatches,
    IReadOnlyList<ComparedMatch> LostMatches,
    IReadOnlyList<ComparedMatch> ChangedMatches)
{
    /// <summary>The most entries each list keeps.</summary>
    public const int ListLimit = 200;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static readonly MatchStatus[] Standing = [MatchStatus.Accepted, MatchStatus.Proposed, MatchStatus.Confirmed, MatchStatus.Manual];

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static RunComparison? FromJson(string? json) => json is null ? null : JsonSerializer.Deserialize<RunComparison>(json, Json);

    /// <summary>
    /// The real run a dry run compares with: the latest completed one of the same customer or category with the same
    /// statements and dates; else the latest completed one of that customer or category whose dates overlap.
    /// </summary>
    public static async Task<(ReconciliationRun? Run, ComparisonBasis Basis)> BaseOfAsync(ReconDbContext db, ReconciliationRun run, CancellationToken cancellationToken)
    {
        var real = db.Runs.AsNoTracking().Where(r => r.Id != run.Id && !r.DryRun && r.Status == RunStatus.Completed
            && r.CustomerCode == run.CustomerCode && r.CategoryCode == run.CategoryCode);
        var same = await real.Where(r => r.StatementIds == run.StatementIds && r.StartDate == run.StartDate && r.EndDate == run.EndDate)
            .OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        if (same is not null)
        {
            return (same, ComparisonBasis.SameScope);
        }

        var overlapping = await real.Where(r => r.StartDate <= run.EndDate && run.StartDate <= r.EndDate).OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        return overlapping is null ? (null, ComparisonBasis.None) : (overlapping, ComparisonBasis.OverlappingDates);
    }

    /// <summary>
    /// Compares a dry run's matches with its base run's. Base matches whose items the dry run did not read (outside
    /// its dates or statements) are left out: the dry run could not have made them. Balances carried forward
    /// (期初余额, negative ids of ours) are compared by customer and currency, since each run carries its own.
    /// </summary>
    /// <param name="contexts">Storage.</param>
    /// <param name="run">The dry run.</param>
    /// <param name="now">Its matches.</param>
    /// <param name="sides">Its items (what it read) and its carried openings.</param>
    /// <param name="whyOf">Why a match of the dry run was made, where it says.</param>
    /// <param name="cancellationToken">Stops it.</param>
    public static async Task<RunComparison> CompareAsync(IDbContextFactory<ReconDbContext> contexts, ReconciliationRun run, IReadOnlyList<RunMatch> now,
        RunSides sides, Func<RunMatch, string?> whyOf, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (baseRun, basis) = await BaseOfAsync(db, run, cancellationToken);
        if (baseRun is null)
        {
            return new RunComparison(null, ComparisonBasis.None, 0, 0, 0, 0, [], [], []);
        }

        var baseOpenings = await db.CarriedOpenings.AsNoTracking().Where(o => o.RunId == baseRun.Id)
            .Select(o => new { o.Id, o.CustomerCode, o.Currency }).ToListAsync(cancellationToken);
        var baseOpening = baseOpenings.ToDictionary(o => -o.Id, o => Opening(o.CustomerCode, o.Currency));
        var read = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in sides.Ours)
        {
            read.Add(Token(true, item.Id, sides.OpeningKeys));
        }

        foreach (var item in sides.Theirs)
        {
            read.Add(Token(false, item.Id, sides.OpeningKeys));
        }

        var before = new List<RunMatch>();
        await foreach (var match in db.RunMatches.AsNoTracking().Where(m => m.RunId == baseRun.Id && Standing.Contains(m.Status)).OrderBy(m => m.Sequence)
            .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (Tokens(match, baseOpening).All(read.Contains))
            {
                before.Add(match);
            }
        }

        var beforeByIdentity = new Dictionary<string, RunMatch>(StringComparer.Ordinal);
        var beforeByItem = new Dictionary<string, RunMatch>(StringComparer.Ordinal);
        foreach (var match in before)
        {
            beforeByIdentity[Identity(match, baseOpening)] = match;
            foreach (var token in Tokens(match, baseOpening))
            {
                beforeByItem[token] = match;
            }
        }

        var accounted = new HashSet<RunMatch>(ReferenceEqualityComparer.Instance);
        List<ComparedMatch> gained = [], changed = [];
        int gainedCount = 0, changedCount = 0, unchangedCount = 0;
        foreach (var match in now)
        {
            if (beforeByIdentity.TryGetValue(Identity(match, sides.OpeningKeys), out var same))
            {
                accounted.Add(same);
                if (same.RuleName == match.RuleName && same.Status == match.Status)
                {
                    unchangedCount++;
                    continue;
                }

                changedCount++;
                Add(changed, Compared(match, [same], whyOf(match)));
                continue;
            }

            var overlapping = Tokens(match, sides.OpeningKeys).Where(beforeByItem.ContainsKey).Select(t => beforeByItem[t])
                .Distinct(ReferenceEqualityComparer.Instance).Cast<RunMatch>().OrderBy(m => m.Sequence).ToList();
            if (overlapping.Count == 0)
            {
                gainedCount++;
                Add(gained, Compared(match, [], whyOf(match)));
                continue;
            }

            overlapping.ForEach(m => accounted.Add(m));
            changedCount++;
            Add(changed, Compared(match, overlapping, whyOf(match)));
        }

        List<ComparedMatch> lost = [];
        var lostCount = 0;
        foreach (var match in before.Where(m => !accounted.Contains(m)))
        {
            lostCount++;
            Add(lost, new ComparedMatch(match.OurIdList, match.TheirIdList, match.RuleName, match.Status, null, null, [match.Sequence], [], []));
        }

        return new RunComparison(baseRun.Id, basis, gainedCount, lostCount, changedCount, unchangedCount, gained, lost, changed);
    }

    private static ComparedMatch Compared(RunMatch now, IReadOnlyList<RunMatch> before, string? why)
    {
        var first = before.Count > 0 ? before[0] : null;
        var regrouped = before.Count > 1 || (first is not null && (first.OurIds != now.OurIds || first.TheirIds != now.TheirIds));
        return new ComparedMatch(now.OurIdList, now.TheirIdList, first?.RuleName, first?.Status, now.RuleName, now.Status, [.. before.Select(m => m.Sequence)],
            regrouped ? [.. before.SelectMany(m => m.OurIdList).Order()] : [], regrouped ? [.. before.SelectMany(m => m.TheirIdList).Order()] : [], why);
    }

    private static void Add(List<ComparedMatch> list, ComparedMatch entry)
    {
        if (list.Count < ListLimit)
        {
            list.Add(entry);
        }
    }

    private static string Opening(string customer, string currency) => $"{customer}\u001f{currency.Trim().ToUpperInvariant()}";

    private static string Token(bool ours, long id, IReadOnlyDictionary<long, string> openings) =>
        ours ? (CarriedOpening.IsCarriedOpening(id) && openings.TryGetValue(id, out var opening) ? "o:" + opening : "o" + id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            : "t" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<string> Tokens(RunMatch match, IReadOnlyDictionary<long, string> openings) =>
        match.OurIdList.Select(id => Token(true, id, openings)).Concat(match.TheirIdList.Select(id => Token(false, id, openings)));

    private static string Identity(RunMatch match, IReadOnlyDictionary<long, string> openings) =>
        string.Join(',', match.OurIdList.Select(id => Token(true, id, openings)).Order(StringComparer.Ordinal)) + "|" + match.TheirIds;

    /// <summary>The key a carried opening of a run is compared by (its customer and currency).</summary>
    public static string OpeningKey(string customer, string currency) => Opening(customer, currency);
}
