namespace ReconGrpc.Matching;

/// <summary>
/// Amounts inside the engine: a decimal with at most four places as a whole number of ten-thousandths, so hot
/// loops add and compare integers. Sums of up to <see cref="MatchRule.GroupSizeLimit"/> items cannot overflow.
/// </summary>
internal static class MoneyUnits
{
    public const long PerUnit = 10_000;

    /// <summary>±900,000,000,000.0000: a thousand of them still fit in a long.</summary>
    public const long MaxAbsUnits = 9_000_000_000_000_000;

    private static readonly ulong[] Pow10 =
    [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000,
        100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
        10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000, 10_000_000_000_000_000_000,
    ];

    public static bool TryToUnits(decimal value, out long units)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        var negative = bits[3] < 0;
        units = 0;
        if (bits[2] != 0)
        {
            // Beyond 64 bits of mantissa: only fits when enough trailing zeros divide away.
            return TryToUnitsSlow(value, out units);
        }

        var mantissa = (uint)bits[0] | ((ulong)(uint)bits[1] << 32);
        ulong magnitude;
        if (scale <= 4)
        {
            var factor = Pow10[4 - scale];
            if (mantissa > (ulong)MaxAbsUnits / factor)
            {
                return false;
            }

            magnitude = mantissa * factor;
        }
        else
        {
            var divisor = Pow10[scale - 4];
            if (mantissa % divisor != 0)
            {
                return false;
            }

            magnitude = mantissa / divisor;
        }

        if (magnitude > (ulong)MaxAbsUnits)
        {
            return false;
        }

        units = negative ? -(long)magnitude : (long)magnitude;
        return true;
    }

    public static decimal ToDecimal(long units) => Trim(new decimal(units) / PerUnit);

    public static decimal ToDecimal(Int128 units) => Trim((decimal)units / PerUnit);

    // Division by one with 28 places drops trailing zeros: 100.0000 becomes 100.
    private static decimal Trim(decimal value) => value / 1.0000000000000000000000000000m;

    private static bool TryToUnitsSlow(decimal value, out long units)
    {
        units = 0;
        if (Math.Abs(value) > MaxAbsUnits / PerUnit)
        {
            return false;
        }

        var scaled = value * PerUnit;
        if (scaled != decimal.Truncate(scaled))
        {
            return false;
        }

        units = (long)scaled;
        return true;
    }
}
