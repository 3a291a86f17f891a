namespace ReconGrpc.Matching;

/// <summary>How amounts must agree.</summary>
public enum AmountConditionKind
{
    /// <summary>The totals are equal to the last decimal place.</summary>
    Exact = 0,

    /// <summary>The totals differ by at most a fixed amount, and have the same sign (or are equal).</summary>
    Absolute = 1,

    /// <summary>The totals differ by at most a percentage of our total, and have the same sign (or are equal).</summary>
    Percentage = 2,
}

/// <summary>
/// The amount condition of a rule. The difference is always their total minus ours, both in our convention; a
/// difference exactly at the tolerance passes, anything beyond it does not.
/// </summary>
/// <param name="Kind">Exact, absolute or percentage tolerance.</param>
/// <param name="Tolerance">
/// For <see cref="AmountConditionKind.Absolute"/> an amount (at most four decimals); for
/// <see cref="AmountConditionKind.Percentage"/> a percentage of our total (0.5 means 0.5 %); zero for exact.
/// </param>
public sealed record AmountCondition(AmountConditionKind Kind, decimal Tolerance)
{
    /// <summary>Equal to the last decimal place.</summary>
    public static AmountCondition Exact { get; } = new(AmountConditionKind.Exact, 0m);

    /// <summary>At most <paramref name="amount"/> apart, same sign.</summary>
    public static AmountCondition Within(decimal amount) => new(AmountConditionKind.Absolute, amount);

    /// <summary>At most <paramref name="percent"/> % of our total apart, same sign.</summary>
    public static AmountCondition WithinPercent(decimal percent) => new(AmountConditionKind.Percentage, percent);

    /// <summary>Whether our total and theirs agree under this condition, as the engine decides it.</summary>
    /// <param name="ours">Our total, in our convention (at most four decimals, like every item's amount).</param>
    /// <param name="theirs">Their total, in our convention.</param>
    /// <exception cref="ArgumentOutOfRangeException">A total has more than four decimals or is beyond the engine's range.</exception>
    public bool Allows(decimal ours, decimal theirs) => new AmountTolerance(this).Allows(Units(ours), Units(theirs));

    /// <summary>
    /// The widest difference between their total and ours this condition allows for our total
    /// <paramref name="ours"/>, whatever the signs: zero for exact, the amount for absolute, the percentage of
    /// |<paramref name="ours"/>| (to four decimals, rounded down) for percentage. Matches made by hand use it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The total has more than four decimals or is beyond the engine's range.</exception>
    public decimal AllowedDifference(decimal ours) => (decimal)new AmountTolerance(this).AllowedDifference(Units(ours)) / MoneyUnits.PerUnit;

    private static long Units(decimal amount, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(amount))] string? name = null) =>
        MoneyUnits.TryToUnits(amount, out var units)
            ? units
            : throw new ArgumentOutOfRangeException(name, amount, $"An amount has at most four decimals and is within ±{ReconItem.MaxAbsAmount}.");

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        AmountConditionKind.Exact => "exact",
        AmountConditionKind.Absolute => $"within {Tolerance}",
        _ => $"within {Tolerance}%",
    };
}
