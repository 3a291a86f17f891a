using System.Runtime.CompilerServices;

namespace ReconGrpc.Matching;

/// <summary>
/// A rule's conditions turned into integer checks on entries. What they allow is defined once, by the rule's
/// <see cref="AmountTolerance"/> and <see cref="DayWindow"/>, copied here as plain fields for the hot loops.
/// </summary>
internal sealed class RuleContext
{
    public RuleContext(MatchRule rule, int index)
    {
        Rule = rule;
        Index = index;
        Amount = new AmountTolerance(rule.Amount);
        Window = new DayWindow(rule.Window);
    }

    public MatchRule Rule { get; }

    public int Index { get; }

    /// <summary>The rule's amount condition, computed where AmountCondition computes it.</summary>
    public readonly AmountTolerance Amount;

    /// <summary>The rule's date window, computed where DateWindow computes it.</summary>
    public readonly DayWindow Window;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool PairAllowed(in Entry ours, in Entry theirs) =>
        Window.Allows(ours.Day, theirs.Day) && Amount.Allows(ours.Units, theirs.Units);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool WindowAllows(int ourDay, int theirDay) => Window.Allows(ourDay, theirDay);

    /// <summary>Every item of ours within the window of every item of theirs, given each side's earliest and latest day.</summary>
    public bool GroupWindowAllows(int minOurs, int maxOurs, int minTheirs, int maxTheirs) => Window.AllowsGroup(minOurs, maxOurs, minTheirs, maxTheirs);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool AmountAllows(long ours, long theirs) => Amount.Allows(ours, theirs);

    /// <summary>The widest difference any total near <paramref name="target"/> could be allowed; used to prune searches.</summary>
    public long ToleranceBound(long target) => Amount.Bound(target);

    /// <summary>The day range around <paramref name="anchorDay"/> holding every day the window allows for the other side.</summary>
    /// <param name="anchorDay">The anchor's day.</param>
    /// <param name="anchorIsOurs">Whether the anchor is our item (the window is written from our side).</param>
    public (int From, int To) WindowRange(int anchorDay, bool anchorIsOurs) => Window.Range(anchorDay, anchorIsOurs);
}
