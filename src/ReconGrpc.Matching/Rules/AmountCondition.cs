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

    /// <summary>Whether our total and theirs agree under this condition.</summary>
    /// <param name="ours">Our total, in our convention.</param>
    /// <param name="theirs">Their total, in our convention.</param>
    public bool Allows(decimal ours, decimal theirs)
    {
        // Equal totals agree under every condition (a tolerance only widens exact), zero against zero included.
        if (Kind == AmountConditionKind.Exact || ours == theirs)
        {
            return ours == theirs;
        }

        // Tolerance never bridges a change of sign: a receipt is not "nearly" an invoice.
        if (ours == 0m || theirs == 0m || Math.Sign(ours) != Math.Sign(theirs))
        {
            return false;
        }

        var difference = Math.Abs(theirs - ours);
        return Kind == AmountConditionKind.Absolute
            ? difference <= Tolerance
            : difference * 100m <= Math.Abs(ours) * Tolerance;
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        AmountConditionKind.Exact => "exact",
        AmountConditionKind.Absolute => $"within {Tolerance}",
        _ => $"within {Tolerance}%",
    };
}
