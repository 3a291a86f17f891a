using ReconGrpc.Domain.Customers;

namespace ReconGrpc.Domain.Tests.Customers;

public sealed class UsccTests
{
    [Theory]
    [InlineData("91350100M000100Y43")] // the example in GB 32100-2015
    [InlineData("91110000600037341L")]
    [InlineData("91440300708461136T")]
    [InlineData("91330000MA27U0G62X")]
    public void Codes_in_the_published_format_are_accepted(string code)
    {
        Assert.Equal(code, Uscc.Parse(code)!.Value);
    }

    [Fact]
    public void Lower_case_and_surrounding_spaces_are_accepted()
    {
        Assert.Equal("91330000MA27U0G62X", Uscc.Parse(" 91330000ma27u0g62x ")!.Value);
    }

    [Fact]
    public void An_empty_code_is_no_code()
    {
        Assert.Null(Uscc.Parse("  "));
    }

    [Theory]
    [InlineData("91350100M000100Y44", "'3'")]
    [InlineData("91110000600037341X", "'L'")]
    public void A_wrong_check_character_is_refused_as_such(string code, string expected)
    {
        var error = Assert.Throws<RuleViolation>(() => Uscc.Parse(code));

        Assert.Contains("wrong check character", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_single_typing_error_anywhere_is_caught()
    {
        const string valid = "91350100M000100Y43";
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        for (var position = 0; position < 17; position++)
        {
            foreach (var replacement in alphabet.Where(c => c != valid[position]))
            {
                var corrupted = valid[..position] + replacement + valid[(position + 1)..];
                Assert.NotNull(Uscc.Check(corrupted));
            }
        }
    }

    [Theory]
    [InlineData("91350100M000100Y4", "17 characters")]
    [InlineData("91350100M000100I43", "position 16")]
    [InlineData("I1350100M000100Y43", "position 1")]
    [InlineData("B1350100M000100Y43", "registering authority")]
    [InlineData("9135A100M000100Y43", "administrative division")]
    public void Other_defects_are_named(string code, string expected)
    {
        var error = Assert.Throws<RuleViolation>(() => Uscc.Parse(code));

        Assert.Contains(expected, error.Message);
    }
}
