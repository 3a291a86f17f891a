using System.Runtime.CompilerServices;

namespace ReconGrpc.Matching;

/// <summary>
/// What a rule's date window allows, in day numbers (<see cref="DateOnly.DayNumber"/>): the one computation behind
/// <see cref="DateWindow.Allows"/> and the engine's checks and search ranges. A struct of ints, so the engine's hot
/// path reads fields and allocates nothing.
/// </summary>
internal readonly struct DayWindow
{
    public DayWindow(DateWindow window)
    {
        Kind = window.Kind;
        DaysBefore = window.DaysBefore;
        DaysAfter = window.DaysAfter;
    }

    public readonly DateWindowKind Kind;

    /// <summary>How many days their date may be earlier than ours (for <see cref="DateWindowKind.Days"/>).</summary>
    public readonly int DaysBefore;

    /// <summary>How many days their date may be later than ours (for <see cref="DateWindowKind.Days"/>).</summary>
    public readonly int DaysAfter;

    /// <summary>Whether our day and theirs agree: a gap exactly at the bound passes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Allows(int ourDay, int theirDay)
    {
        switch (Kind)
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

    /// <summary>
    /// Whether every day of ours is in the window of every day of theirs, given each side's earliest and latest day:
    /// the same answer as <see cref="Allows"/> for every pair, since the widest gaps are between the extremes.
    /// </summary>
    public bool AllowsGroup(int minOurs, int maxOurs, int minTheirs, int maxTheirs) => Kind switch
    {
        DateWindowKind.Days => maxTheirs - minOurs <= DaysAfter && minTheirs - maxOurs >= -DaysBefore,
        DateWindowKind.SameMonth => MonthOf(Math.Min(minOurs, minTheirs)) == MonthOf(Math.Max(maxOurs, maxTheirs)),
        _ => true,
    };

    /// <summary>The day range around <paramref name="anchorDay"/> holding every day the window allows for the other side.</summary>
    /// <param name="anchorDay">The anchor's day.</param>
    /// <param name="anchorIsOurs">Whether the anchor is our item (the window is written from our side).</param>
    public (int From, int To) Range(int anchorDay, bool anchorIsOurs)
    {
        switch (Kind)
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

    /// <summary>
    /// The day range around <paramref name="anchorDay"/> holding every day an item on the anchor's own side may have
    /// and still share the window of one item of the other side with it.
    /// </summary>
    public (long From, long To) PeerRange(int anchorDay)
    {
        switch (Kind)
        {
            case DateWindowKind.Days:
                // Both within [-before, +after] of one day of theirs: at most before + after apart, either way round.
                var span = (long)DaysBefore + DaysAfter;
                return (anchorDay - span, anchorDay + span);
            case DateWindowKind.SameMonth:
                return Range(anchorDay, anchorIsOurs: true);
            default:
                return (anchorDay - long.MaxValue / 4, anchorDay + long.MaxValue / 4);
        }
    }

    /// <summary>A number unique to the calendar month of <paramref name="dayNumber"/>.</summary>
    public static int MonthOf(int dayNumber)
    {
        var date = DateOnly.FromDayNumber(dayNumber);
        return date.Year * 12 + date.Month;
    }
}
