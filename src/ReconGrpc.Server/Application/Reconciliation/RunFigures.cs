using System.Text.Json;
using ReconGrpc.Matching;

namespace ReconGrpc.Server.Application.Reconciliation;

/// <summary>A run's figures as stored with it (JSON): what the engine decided, and the 余额调节表.</summary>
public sealed record RunFigures(
    int OurItems,
    int TheirItems,
    int Matches,
    int AcceptedMatches,
    int ProposedMatches,
    int MatchedOurItems,
    int MatchedTheirItems,
    IReadOnlyDictionary<string, int> ExceptionsByReason,
    IReadOnlyList<RuleFigures> Rules,
    IReadOnlyList<BalanceFigures> Balances,
    long MatchingMillis)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RunFigures From(ReconSummary summary, Func<string, SignConvention> theirConvention) => new(
        summary.OurItems,
        summary.TheirItems,
        summary.Matches,
        summary.AcceptedMatches,
        summary.ProposedMatches,
        summary.MatchedOurItems,
        summary.MatchedTheirItems,
        summary.ExceptionsByReason.Where(p => p.Value > 0).ToDictionary(p => p.Key.ToString(), p => p.Value),
        [.. summary.Rules.Select(r => new RuleFigures(r.RuleName, r.Matches, r.OurItems, r.TheirItems))],
        [.. summary.Balances.Select(b => BalanceFigures.From(b, theirConvention(b.Currency)))],
        (long)summary.Elapsed.TotalMilliseconds);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static RunFigures? FromJson(string? json) => json is null ? null : JsonSerializer.Deserialize<RunFigures>(json, Json);
}

public sealed record RuleFigures(string RuleName, int Matches, int OurItems, int TheirItems);

public sealed record AdjustmentFigures(string Reason, bool Debit, int Count, decimal Amount);

/// <summary>余额调节表 of one currency; see <see cref="BalanceReconciliation"/> for the identities.</summary>
public sealed record BalanceFigures(
    string Currency,
    decimal Ours,
    decimal Theirs,
    decimal TheirsAsStated,
    bool ClosingBalancesGiven,
    IReadOnlyList<AdjustmentFigures> OurAdjustments,
    IReadOnlyList<AdjustmentFigures> TheirAdjustments,
    decimal AcceptedMatchDifference,
    decimal ProposedMatchDifference,
    decimal AdjustedOurs,
    decimal AdjustedTheirs,
    decimal Unexplained)
{
    public static BalanceFigures From(BalanceReconciliation b, SignConvention theirConvention) => new(
        b.Currency,
        b.OurClosingBalance,
        b.TheirClosingBalance,
        SignConversion.FromOurs(theirConvention, b.TheirClosingBalance),
        b.ClosingBalancesGiven,
        [.. b.OurAdjustments.Select(Adjustment)],
        [.. b.TheirAdjustments.Select(Adjustment)],
        b.AcceptedMatchDifference,
        b.ProposedMatchDifference,
        b.AdjustedOurs,
        b.AdjustedTheirs,
        b.Unexplained);

    private static AdjustmentFigures Adjustment(BalanceAdjustment a) =>
        new(a.Reason.ToString(), a.Direction == EntryDirection.Debit, a.Count, a.Amount);
}
