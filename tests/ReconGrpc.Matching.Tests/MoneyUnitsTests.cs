namespace ReconGrpc.Matching.Tests;

public sealed class MoneyUnitsTests
{
    public static TheoryData<decimal, long?> Amounts => new()
    {
        { 0m, 0 },
        { -0.00m, 0 },
        { 12.34m, 123_400 },
        { -12.34m, -123_400 },
        { 7m, 70_000 },
        { 0.0001m, 1 },
        { -0.0001m, -1 },
        { 1.50000m, 15_000 },                        // more places, all zeros: still fits
        { 1.00001m, null },                          // a fifth place that matters
        { 900_000_000_000.0000m, MoneyUnits.MaxAbsUnits },
        { -900_000_000_000m, -MoneyUnits.MaxAbsUnits },
        { 900_000_000_000.0001m, null },
        { 1_000_000_000_000m, null },
        { 12_345.678900000000000000m, 123_456_789 },  // a mantissa beyond 64 bits that divides down
        { decimal.MaxValue, null },
        { decimal.MinValue, null },
    };

    [Theory]
    [MemberData(nameof(Amounts))]
    public void An_amount_becomes_ten_thousandths_when_it_has_four_places_or_fewer_and_fits(decimal amount, long? units)
    {
        var fits = MoneyUnits.TryToUnits(amount, out var actual);

        Assert.Equal(units.HasValue, fits);
        if (units.HasValue)
        {
            Assert.Equal(units.Value, actual);
            Assert.Equal(amount, MoneyUnits.ToDecimal(actual));
        }
    }

    [Fact]
    public void Random_amounts_agree_with_decimal_arithmetic()
    {
        var random = new Random(7);
        for (var n = 0; n < 50_000; n++)
        {
            var scale = (byte)random.Next(0, 9);
            var amount = new decimal(random.Next(), random.Next(0, 3), 0, random.Next(2) == 0, scale);
            var scaled = amount * MoneyUnits.PerUnit;
            var expected = scaled == decimal.Truncate(scaled) && Math.Abs(scaled) <= MoneyUnits.MaxAbsUnits;

            Assert.Equal(expected, MoneyUnits.TryToUnits(amount, out var units));
            if (expected)
            {
                Assert.Equal((long)scaled, units);
            }
        }
    }
}
