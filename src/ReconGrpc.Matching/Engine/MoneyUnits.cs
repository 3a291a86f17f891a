using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ReconGrpc.Matching;

/// <summary>
/// Amounts inside the engine: a decimal with at most four places as a whole number of ten-thousandths, so hot
/// loops add and compare integers. Sums of up to <see cref="MatchRule.GroupSizeLimit"/> items cannot overflow.
/// </summary>
internal static class MoneyUnits
{
    public const long PerUnit = 10_000;

    /// <summary>±900,000,000,000.0000: a thousand of them still fit in a long.</summary>
    public const long MaxAbsUnits = ReconItem.MaxAbsAmount * PerUnit;

    private static readonly ulong[] Pow10 =
    [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000,
        100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
        10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000, 10_000_000_000_000_000_000,
    ];

    // For scales 0 to 4: the largest mantissa that, brought to ten-thousandths, stays within MaxAbsUnits.
    private static readonly ulong[] MaxMantissa = [.. Enumerable.Range(0, 5).Select(scale => (ulong)MaxAbsUnits / Pow10[4 - scale])];

    private static readonly bool ReadsLayout = LayoutAgreesWithGetBits();

    /// <summary>The amount in ten-thousandths, if it has at most four places and is within ±<see cref="MaxAbsUnits"/>.</summary>
    /// <remarks>
    /// Every item's amount goes through here, and <see cref="decimal.GetBits(decimal, Span{int})"/> cost a third of
    /// reading an item. So the parts are read straight from the decimal where its layout is the one
    /// <see cref="DecimalParts"/> describes — checked against GetBits once, when the class is first used — and
    /// through GetBits otherwise.
    /// </remarks>
    public static bool TryToUnits(decimal value, out long units)
    {
        int flags;
        uint high;
        ulong low;
        if (ReadsLayout)
        {
            var parts = Unsafe.As<decimal, DecimalParts>(ref value);
            (flags, high, low) = (parts.Flags, parts.High, parts.Low);
        }
        else
        {
            Span<int> bits = stackalloc int[4];
            decimal.GetBits(value, bits);
            (flags, high, low) = (bits[3], (uint)bits[2], (uint)bits[0] | ((ulong)(uint)bits[1] << 32));
        }

        var scale = (flags >> 16) & 0xFF;
        if (high != 0 || scale > 4)
        {
            // Beyond 64 bits of mantissa or four places: fits only when enough trailing zeros divide away.
            return TryToUnitsSlow(value, out units);
        }

        if (low > MaxMantissa[scale])
        {
            units = 0;
            return false;
        }

        var magnitude = (long)(low * Pow10[4 - scale]);
        units = flags < 0 ? -magnitude : magnitude;
        return true;
    }

    public static decimal ToDecimal(long units) => Trim(new decimal(units) / PerUnit);

    public static decimal ToDecimal(Int128 units) => Trim((decimal)units / PerUnit);

    // Division by one with 28 places drops trailing zeros: 100.0000 becomes 100.
    private static decimal Trim(decimal value) => value / 1.0000000000000000000000000000m;

    private static bool LayoutAgreesWithGetBits()
    {
        Span<int> bits = stackalloc int[4];
        foreach (var sample in (ReadOnlySpan<decimal>)[0m, -1.5m, 123_456_789_012.3456m, -0.0001m, decimal.MaxValue, decimal.MinValue])
        {
            var value = sample;
            var parts = Unsafe.As<decimal, DecimalParts>(ref value);
            decimal.GetBits(value, bits);
            if (parts.Flags != bits[3] || parts.High != (uint)bits[2] || parts.Low != ((uint)bits[0] | ((ulong)(uint)bits[1] << 32)))
            {
                return false;
            }
        }

        return true;
    }

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

    /// <summary>How <see cref="decimal"/> holds its value: sign and scale, then the 96-bit mantissa's high 32 and low 64 bits.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct DecimalParts
    {
        public readonly int Flags;
        public readonly uint High;
        public readonly ulong Low;
    }
}
