using System.Runtime.CompilerServices;

namespace ReconGrpc.Matching;

/// <summary>
/// What a rule's amount condition allows, in ten-thousandths (<see cref="MoneyUnits"/>): the one computation behind
/// the engine's checks and search bounds, <see cref="AmountCondition.Allows"/> and
/// <see cref="AmountCondition.AllowedDifference"/> (the tolerance of a match made by hand). A struct of longs, so
/// the engine's hot path reads fields and allocates nothing.
/// </summary>
internal readonly struct AmountTolerance
{
    public AmountTolerance(AmountCondition condition)
    {
        Kind = condition.Kind;
        if (Kind == AmountConditionKind.Absolute)
        {
            // RuleSet.Validate refuses a tolerance with more than four decimals, so this always converts.
            MoneyUnits.TryToUnits(condition.Tolerance, out Units);
        }
        else if (Kind == AmountConditionKind.Percentage)
        {
            // Percent with four decimals as an integer: |d| ≤ |ours|·p/100  ⇔  |d|·10⁶ ≤ |ours|·(p·10⁴).
            PercentScaled = (long)(condition.Tolerance * 10_000m);
        }
    }

    public readonly AmountConditionKind Kind;

    /// <summary>An absolute tolerance in ten-thousandths.</summary>
    public readonly long Units;

    /// <summary>A percentage tolerance times 10⁴ (0.5 % is 5,000).</summary>
    public readonly long PercentScaled;

    /// <summary>The widest difference between their total and ours allowed for our total <paramref name="ours"/>.</summary>
    public long AllowedDifference(long ours) => Kind switch
    {
        AmountConditionKind.Absolute => Units,
        // Rounded down: a difference is a whole number of units, so d ≤ ⌊x⌋ ⇔ d ≤ x.
        AmountConditionKind.Percentage => (long)((Int128)Math.Abs(ours) * PercentScaled / 1_000_000),
        _ => 0,
    };

    /// <summary>Whether our total and theirs agree: equal, or of the same sign and within <see cref="AllowedDifference"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Allows(long ours, long theirs)
    {
        // Equal totals agree under every condition (a tolerance only widens exact), zero against zero included.
        if (Kind == AmountConditionKind.Exact || ours == theirs)
        {
            return ours == theirs;
        }

        // Tolerance never bridges a change of sign: a receipt is not "nearly" an invoice.
        if (ours == 0 || theirs == 0 || (ours < 0) != (theirs < 0))
        {
            return false;
        }

        var difference = Math.Abs(theirs - ours);
        // The same test as difference ≤ AllowedDifference(ours), with a multiplication instead of a division.
        return Kind == AmountConditionKind.Absolute
            ? difference <= Units
            : (Int128)difference * 1_000_000 <= (Int128)Math.Abs(ours) * PercentScaled;
    }

    /// <summary>The widest difference any total near <paramref name="target"/> could be allowed; used to prune searches.</summary>
    public long Bound(long target)
    {
        switch (Kind)
        {
            case AmountConditionKind.Exact:
                return 0;
            case AmountConditionKind.Absolute:
                return Units;
            default:
                // Our total may differ from the target by up to p% of itself: |ours| ≤ |target|/(1 − p/100).
                var p = PercentScaled;
                var bound = (Int128)Math.Abs(target) * p / (1_000_000 - p) + 1;
                return bound > MoneyUnits.MaxAbsUnits ? MoneyUnits.MaxAbsUnits : (long)bound;
        }
    }
}
