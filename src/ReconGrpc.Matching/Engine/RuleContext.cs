using System.Runtime.CompilerServices;

namespace ReconGrpc.Matching;

/// <summary>A rule's conditions turned into integer checks on entries.</summary>
internal sealed class RuleContext
{
    public RuleContext(MatchRule rule, int index)
    {
        Rule = rule;
        Index = index;
        Amount = new AmountTolerance(rule.Amount);
        WindowKind = rule.Window.Kind;
        DaysBefore = rule.Window.DaysBefore;
        DaysAfter = rule.Window.DaysAfter;
    }

    public MatchRule Rule { get; }

    public int Index { get; }

    /// <summary>The rule's amount condition, computed where AmountCondition computes it.</summary>
    public readonly AmountTolerance Amount;
    public readonly DateWindowKind WindowKind;
    public readonly int DaysBefore;
    public readonly int DaysAfter;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool PairAllowed(in Entry ours, in Entry theirs) =>
        WindowAllows(ours.Day, theirs.Day) && AmountAllows(ours.Units, theirs.Units);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool WindowAllows(int ourDay, int theirDay)
    {
        switch (WindowKind)
        {
            case DateWindowKind.Days:
                var gap = theirDay - ourDay;
                return gap >= -DaysBefore && gap <= DaysAfter;
            case DateWindowKind.SameMonth:
                return MonthOf(ourDay) == MonthOf(theirDay);
            default:
                return true;
        }
    }

    /// <summary>Every item of ours within the window of every item of theirs, given each side's earliest and latest day.</summary>
    public bool GroupWindowAllows(int minOurs, int maxOurs, int minTheirs, int maxTheirs) => WindowKind switch
    {
        DateWindowKind.Days => maxTheirs - minOurs <= DaysAfter && minTheirs - maxOurs >= -DaysBefore,
        DateWindowKind.SameMonth => MonthOf(Math.Min(minOurs, minTheirs)) == MonthOf(Math.Max(maxOurs, maxTheirs)),
        _ => true,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool AmountAllows(long ours, long theirs) => Amount.Allows(ours, theirs);

    /// <summary>The widest difference any total near <paramref name="target"/> could be allowed; used to prune searches.</summary>
    public long ToleranceBound(long target) => Amount.Bound(target);

    /// <summary>The day range around <paramref name="anchorDay"/> holding every day the window allows for the other side.</summary>
    /// <param name="anchorDay">The anchor's day.</param>
    /// <param name="anchorIsOurs">Whether the anchor is our item (the window is written from our side).</param>
    public (int From, int To) WindowRange(int anchorDay, bool anchorIsOurs)
    {
        switch (WindowKind)
        {
            case DateWindowKind.Days:
                return anchorIsOurs ? (anchorDay - DaysBefore, anchorDay + DaysAfter) : (anchorDay - DaysAfter, anchorDay + DaysBefore);
            case DateWindowKind.SameMonth:
                var date = DateOnly.FromDayNumber(anchorDay);
                var first = new DateOnly(date.Year, date.Month, 1).DayNumber;
                return (first, first + DateTime.DaysInMonth(date.Year, date.Month) - 1);
            default:
                return (int.MinValue, int.MaxValue);
        }
    }

    public static int MonthOf(int dayNumber)
    {
        var date = DateOnly.FromDayNumber(dayNumber);
        return date.Year * 12 + date.Month;
    }
}
