using System.Text.Json;
using ReconGrpc.Matching;

namespace ReconGrpc.Application.Reconciliation;

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
    long MatchingMillis,
    long LoadingMillis = 0,
    long StoringMillis = 0,
    int ManualMatches = 0,
    int ToCheckMatches = 0)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="summary">The engine's summary.</param>
    /// <param name="theirConvention">Their sign convention by currency.</param>
    /// <param name="loading">Reading both sides.</param>
    /// <param name="storing">The writer's time storing results, which overlaps with matching.</param>
    /// <param name="waitingForWriter">Time the engine's side waited for room in the writer's queue: not matching.</param>
    public static RunFigures From(ReconSummary summary, Func<string, SignConvention> theirConvention, TimeSpan loading, TimeSpan storing, TimeSpan waitingForWriter) => new(
        summary.OurItems,
        summary.TheirItems,
        summary.Matches,
        // Matches to check are accepted: counted among them, and apart.
        summary.AcceptedMatches + summary.ToCheckMatches,
        summary.ProposedMatches,
        summary.MatchedOurItems,
        summary.MatchedTheirItems,
        summary.ExceptionsByReason.Where(p => p.Value > 0).ToDictionary(p => p.Key.ToString(), p => p.Value),
        [.. summary.Rules.Select(r => new RuleFigures(r.RuleName, r.Matches, r.OurItems, r.TheirItems))],
        [.. summary.Balances.Select(b => BalanceFigures.From(b, theirConvention(b.Currency)))],
        (long)Math.Max(0, (summary.Elapsed - waitingForWriter).TotalMilliseconds),
        (long)loading.TotalMilliseconds,
        (long)storing.TotalMilliseconds,
        ToCheckMatches: summary.ToCheckMatches);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    // People's decisions keep the figures current: the engine's counts and 余额调节表 are moved by the same rules the
    // engine applied, so the table still balances to the cent after any sequence of decisions.

    /// <summary>A proposed match confirmed: its difference moves from proposed to accepted.</summary>
    public RunFigures Confirmed(string currency, decimal difference) => this with
    {
        AcceptedMatches = AcceptedMatches + 1,
        ProposedMatches = ProposedMatches - 1,
        Balances = Revise(currency, b => b with
        {
            AcceptedMatchDifference = b.AcceptedMatchDifference + difference,
            ProposedMatchDifference = b.ProposedMatchDifference - difference,
        }),
    };

    /// <summary>A match to check confirmed by a person: still accepted, no longer to check.</summary>
    public RunFigures Checked() => this with { ToCheckMatches = ToCheckMatches - 1 };

    /// <summary>
    /// A standing match's difference written off (all or part): the entries are in our books now, so our balance
    /// moves by what they posted and the accepted difference by as much the other way. The inverse of the reversal
    /// <see cref="Released"/> makes when the match is undone.
    /// </summary>
    public RunFigures WrittenOff(string currency, decimal posted) => this with
    {
        Balances = Revise(currency, b => b with { Ours = b.Ours + posted, AcceptedMatchDifference = b.AcceptedMatchDifference - posted }),
    };

    /// <summary>An accepted match turned into a proposal (a line whose customer was learned): the inverse of <see cref="Confirmed"/>.</summary>
    public RunFigures Proposed(string currency, decimal difference) => this with
    {
        AcceptedMatches = AcceptedMatches - 1,
        ProposedMatches = ProposedMatches + 1,
        Balances = Revise(currency, b => b with
        {
            AcceptedMatchDifference = b.AcceptedMatchDifference - difference,
            ProposedMatchDifference = b.ProposedMatchDifference + difference,
        }),
    };

    /// <summary>
    /// A match rejected or undone: its difference leaves the table and its items become exceptions again, each in
    /// the line of its reason (see <see cref="Place"/>). When the adjustment a manual match had posted is reversed,
    /// our balance moves back by it: the inverse of <see cref="Matched"/>.
    /// </summary>
    public RunFigures Released(bool wasProposed, bool wasToCheck, bool wasManual, decimal? reversedAdjustment, string currency, decimal difference,
        IReadOnlyList<(bool Ours, string Reason, decimal Amount)> items)
    {
        var reasons = ExceptionsByReason;
        foreach (var group in items.GroupBy(i => i.Reason))
        {
            reasons = Count(reasons, group.Key, group.Count());
        }

        return this with
        {
            Matches = Matches - 1,
            AcceptedMatches = AcceptedMatches - (wasProposed ? 0 : 1),
            ProposedMatches = ProposedMatches - (wasProposed ? 1 : 0),
            ManualMatches = ManualMatches - (wasManual ? 1 : 0),
            ToCheckMatches = ToCheckMatches - (wasToCheck ? 1 : 0),
            MatchedOurItems = MatchedOurItems - items.Count(i => i.Ours),
            MatchedTheirItems = MatchedTheirItems - items.Count(i => !i.Ours),
            ExceptionsByReason = reasons,
            Balances = Revise(currency, b =>
            {
                var reversed = reversedAdjustment ?? 0m;
                var revised = b with
                {
                    Ours = b.Ours - reversed,
                    AcceptedMatchDifference = b.AcceptedMatchDifference - (wasProposed ? 0m : difference - reversed),
                    ProposedMatchDifference = b.ProposedMatchDifference - (wasProposed ? difference : 0m),
                };
                foreach (var (isOurs, reason, amount) in items)
                {
                    revised = Place(revised, isOurs, reason, amount, +1);
                }

                return revised;
            }),
        };
    }

    /// <summary>
    /// Exceptions matched by hand: they leave the adjustments they were in; the difference is accepted, or, when
    /// an adjustment of that difference was posted to our ledger, our balance moves by it instead.
    /// </summary>
    public RunFigures Matched(string currency, decimal difference, decimal? postedAdjustment, IReadOnlyList<(bool Ours, string Reason, decimal Amount)> consumed)
    {
        var reasons = ExceptionsByReason;
        foreach (var group in consumed.GroupBy(c => c.Reason))
        {
            reasons = Count(reasons, group.Key, -group.Count());
        }

        return this with
        {
            Matches = Matches + 1,
            AcceptedMatches = AcceptedMatches + 1,
            ManualMatches = ManualMatches + 1,
            MatchedOurItems = MatchedOurItems + consumed.Count(c => c.Ours),
            MatchedTheirItems = MatchedTheirItems + consumed.Count(c => !c.Ours),
            ExceptionsByReason = reasons,
            Balances = Revise(currency, b =>
            {
                var revised = postedAdjustment is { } posted
                    ? b with { Ours = b.Ours + posted, AcceptedMatchDifference = b.AcceptedMatchDifference + difference - posted }
                    : b with { AcceptedMatchDifference = b.AcceptedMatchDifference + difference };
                foreach (var (isOurs, reason, amount) in consumed)
                {
                    revised = Place(revised, isOurs, reason, amount, -1);
                }

                return revised;
            }),
        };
    }

    private IReadOnlyList<BalanceFigures> Revise(string currency, Func<BalanceFigures, BalanceFigures> change)
    {
        var code = currency.Trim().ToUpperInvariant();
        var balances = Balances.ToList();
        var index = balances.FindIndex(b => string.Equals(b.Currency, code, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            balances.Add(new BalanceFigures(code, 0m, 0m, 0m, false, [], [], 0m, 0m, 0m, 0m, 0m));
            index = balances.Count - 1;
        }

        balances[index] = change(balances[index]).Recalculated();
        return [.. balances.OrderBy(b => b.Currency, StringComparer.Ordinal)];
    }

    private static Dictionary<string, int> Count(IReadOnlyDictionary<string, int> counts, string reason, int by)
    {
        var next = counts.ToDictionary(p => p.Key, p => p.Value);
        next[reason] = next.GetValueOrDefault(reason) + by;
        if (next[reason] <= 0)
        {
            next.Remove(reason);
        }

        return next;
    }

    /// <summary>
    /// Puts an unmatched item into the 余额调节表 (<paramref name="countBy"/> +1) or takes it out (-1), as the engine
    /// placed it: a pair both sides booked is in our adjustments, their item added and ours taken off; any other item
    /// adjusts the other side's balance by its amount.
    /// </summary>
    private static BalanceFigures Place(BalanceFigures balance, bool isOurs, string reason, decimal amount, int countBy)
    {
        if (Enum.TryParse<ExceptionReason>(reason, out var known) && known.BookedOnBothSides())
        {
            return balance with { OurAdjustments = Adjust(balance.OurAdjustments, reason, amount, countBy, countBy * (isOurs ? -amount : amount)) };
        }

        return isOurs
            ? balance with { TheirAdjustments = Adjust(balance.TheirAdjustments, reason, amount, countBy, countBy * amount) }
            : balance with { OurAdjustments = Adjust(balance.OurAdjustments, reason, amount, countBy, countBy * amount) };
    }

    /// <summary>Moves the line of <paramref name="reason"/> for items of <paramref name="itemAmount"/>'s direction.</summary>
    private static IReadOnlyList<AdjustmentFigures> Adjust(IReadOnlyList<AdjustmentFigures> lines, string reason, decimal itemAmount, int countBy, decimal amountBy)
    {
        var debit = itemAmount >= 0;
        var list = lines.ToList();
        var index = list.FindIndex(a => a.Reason == reason && a.Debit == debit && !a.AcrossCurrencies);
        var current = index >= 0 ? list[index] : new AdjustmentFigures(reason, debit, 0, 0m);
        var next = current with { Count = current.Count + countBy, Amount = current.Amount + amountBy };
        if (index >= 0)
        {
            list.RemoveAt(index);
        }

        if (next.Count > 0)
        {
            list.Add(next);
        }

        return [.. list.OrderBy(a => ReasonOrder(a.Reason)).ThenBy(a => a.Debit ? 0 : 1)];
    }

    private static int ReasonOrder(string reason) => Enum.TryParse<ExceptionReason>(reason, out var r) ? (int)r : int.MaxValue;

    public static RunFigures? FromJson(string? json) => json is null ? null : JsonSerializer.Deserialize<RunFigures>(json, Json);
}

public sealed record RuleFigures(string RuleName, int Matches, int OurItems, int TheirItems);

/// <param name="AcrossCurrencies">The line holds items matched across currencies (see <see cref="BalanceAdjustment.AcrossCurrencies"/>), not exceptions.</param>
public sealed record AdjustmentFigures(string Reason, bool Debit, int Count, decimal Amount, bool AcrossCurrencies = false);

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

    /// <summary>The adjusted balances and what is unexplained, from the parts (the identities of the 余额调节表).</summary>
    public BalanceFigures Recalculated()
    {
        var adjustedOurs = Ours + OurAdjustments.Sum(a => a.Amount) + AcceptedMatchDifference + ProposedMatchDifference;
        var adjustedTheirs = Theirs + TheirAdjustments.Sum(a => a.Amount);
        return this with { AdjustedOurs = adjustedOurs, AdjustedTheirs = adjustedTheirs, Unexplained = adjustedOurs - adjustedTheirs };
    }

    private static AdjustmentFigures Adjustment(BalanceAdjustment a) =>
        new(a.Reason.ToString(), a.Direction == EntryDirection.Debit, a.Count, a.Amount, a.AcrossCurrencies);
}
