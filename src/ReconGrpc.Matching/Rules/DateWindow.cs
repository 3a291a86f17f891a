namespace ReconGrpc.Matching;

/// <summary>How dates must agree.</summary>
public enum DateWindowKind
{
    /// <summary>Their date lies from <see cref="DateWindow.DaysBefore"/> days before ours to <see cref="DateWindow.DaysAfter"/> days after.</summary>
    Days = 0,

    /// <summary>Both dates fall in the same calendar month (the accounting period, 会计期间).</summary>
    SameMonth = 1,

    /// <summary>Dates do not matter.</summary>
    Any = 2,
}

/// <summary>
/// The date window of a rule. For a group, every item of ours must be in the window of every item of theirs.
/// A gap exactly at the bound passes.
/// </summary>
/// <param name="Kind">Days, same month, or any.</param>
/// <param name="DaysBefore">How many days their date may be earlier than ours (for <see cref="DateWindowKind.Days"/>).</param>
/// <param name="DaysAfter">How many days their date may be later than ours (for <see cref="DateWindowKind.Days"/>).</param>
public sealed record DateWindow(DateWindowKind Kind, int DaysBefore, int DaysAfter)
{
    /// <summary>The largest number of days a window may reach (ten years).</summary>
    public const int MaxDays = 3660;

    /// <summary>Dates do not matter.</summary>
    public static DateWindow Any { get; } = new(DateWindowKind.Any, 0, 0);

    /// <summary>Same calendar month.</summary>
    public static DateWindow SameMonth { get; } = new(DateWindowKind.SameMonth, 0, 0);

    /// <summary>At most <paramref name="days"/> days apart either way.</summary>
    public static DateWindow Within(int days) => new(DateWindowKind.Days, days, days);

    /// <summary>Their date from <paramref name="daysBefore"/> days before ours to <paramref name="daysAfter"/> days after.</summary>
    public static DateWindow Between(int daysBefore, int daysAfter) => new(DateWindowKind.Days, daysBefore, daysAfter);

    /// <summary>Whether our date and theirs agree under this window, as the engine decides it.</summary>
    public bool Allows(DateOnly ours, DateOnly theirs) => new DayWindow(this).Allows(ours.DayNumber, theirs.DayNumber);

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        DateWindowKind.Any => "any date",
        DateWindowKind.SameMonth => "same month",
        _ when DaysBefore == DaysAfter => $"±{DaysBefore} days",
        _ => $"-{DaysBefore}/+{DaysAfter} days",
    };
}
