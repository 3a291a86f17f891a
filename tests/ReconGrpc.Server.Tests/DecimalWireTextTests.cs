using System.Globalization;
using ReconGrpc.Server.Mapping;

namespace ReconGrpc.Server.Tests;

/// <summary>The fast wire text of an amount is exactly the documented format's text.</summary>
public sealed class DecimalWireTextTests
{
    private static string Reference(decimal value) => value.ToString("0.00##########", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("0", "0.00")]
    [InlineData("12", "12.00")]
    [InlineData("12.5", "12.50")]
    [InlineData("50000.05", "50000.05")]
    [InlineData("0.130", "0.13")]
    [InlineData("-7.000000", "-7.00")]
    [InlineData("1.123456789012", "1.123456789012")]
    [InlineData("1.1234567890125", "1.123456789013")]
    [InlineData("-0.0000000000004", "0.00")]
    public void Writes_the_documented_form(string input, string expected)
    {
        var value = decimal.Parse(input, CultureInfo.InvariantCulture);
        Assert.Equal(expected, CommonMapping.ToWireText(value));
        Assert.Equal(Reference(value), CommonMapping.ToWireText(value));
    }

    [Fact]
    public void Agrees_with_the_format_on_extremes_and_negative_zero()
    {
        decimal[] values =
        [
            decimal.MaxValue, decimal.MinValue, decimal.One, decimal.MinusOne, 0.0000000000000000000000000001m,
            new decimal(0, 0, 0, isNegative: true, scale: 0), new decimal(0, 0, 0, isNegative: true, scale: 5),
            new decimal(0, 0, 0, isNegative: false, scale: 28), 79228162514264.337593543950335m,
        ];
        foreach (var value in values)
        {
            Assert.Equal(Reference(value), CommonMapping.ToWireText(value));
        }
    }

    [Fact]
    public void Agrees_with_the_format_on_random_amounts_of_every_scale()
    {
        var random = new Random(20_261_123);
        for (var i = 0; i < 200_000; i++)
        {
            var value = new decimal(random.Next(), random.Next(), random.Next(4), random.Next(2) == 0, (byte)random.Next(29));
            Assert.Equal(Reference(value), CommonMapping.ToWireText(value));
        }
    }
}
