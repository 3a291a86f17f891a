using ReconGrpc.Domain;
using ReconGrpc.Domain.Categories;

namespace ReconGrpc.Domain.Tests;

public sealed class DimensionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_dimension_keeps_its_values_trimmed_and_in_order()
    {
        var dimension = Dimension.Create("customer_type", "客户类型", [" 经销商", "终端客户 "], Now);

        Assert.Equal(["经销商", "终端客户"], dimension.AllowedValues);
        Assert.True(dimension.Allows("经销商"));
        Assert.False(dimension.Allows("大客户"));
    }

    [Theory]
    [InlineData("1type")]
    [InlineData("客户类型")]
    [InlineData("type-a")]
    public void A_code_that_is_not_a_plain_identifier_is_refused(string code)
    {
        var error = Assert.Throws<RuleViolation>(() => Dimension.Create(code, "x", ["a"], Now));

        Assert.Equal("dimension.code", error.Rule);
    }

    [Fact]
    public void A_dimension_without_values_is_refused()
    {
        var error = Assert.Throws<RuleViolation>(() => Dimension.Create("grade", "信用等级", [], Now));

        Assert.Equal("dimension.value_count", error.Rule);
    }
}
