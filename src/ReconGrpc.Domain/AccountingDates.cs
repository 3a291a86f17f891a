namespace ReconGrpc.Domain;

/// <summary>
/// The range of accounting dates the server holds: 1900-01-01 to 2999-12-31. An entry's date and due date, a statement
/// line's date, a run's and a period's start and end fall within it. It leaves room on both sides, so that the
/// arithmetic done on such dates (a due date from payment terms of up to ten years, the day before a run starts)
/// never leaves what a date can hold, and it refuses a year typed with a digit too many or too few.
/// </summary>
public static class AccountingDates
{
    public static readonly DateOnly Min = new(1900, 1, 1);

    public static readonly DateOnly Max = new(2999, 12, 31);

    public const string RangeText = "1900-01-01 to 2999-12-31";

    public static bool Contains(DateOnly date) => date >= Min && date <= Max;

    /// <summary>Refuses a date outside the range as INVALID_ARGUMENT under <paramref name="rule"/>; <paramref name="what"/> names it ("The date").</summary>
    public static void Check(DateOnly date, string rule, string what)
    {
        if (!Contains(date))
        {
            throw RuleViolation.Invalid(rule, $"{what} {date:yyyy-MM-dd} is outside {RangeText}, the range of accounting dates; check the year.");
        }
    }
}
