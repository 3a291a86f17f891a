using ReconGrpc.Domain;
using ReconGrpc.Domain.Categories;

namespace ReconGrpc.Domain.Tests;

public sealed class CodingSchemeTests
{
    private static readonly CodingScheme Scheme223 = CodingScheme.Parse("2-2-3");

    [Fact]
    public void A_code_takes_its_level_and_parent_from_its_length()
    {
        var code = Scheme223.ParseCode("0101001");

        Assert.Equal(3, code.Level);
        Assert.Equal("0101", code.ParentCode);
        Assert.Null(Scheme223.ParseCode("01").ParentCode);
    }

    [Theory]
    [InlineData("010")]
    [InlineData("01010")]
    [InlineData("0101001001")]
    public void A_code_whose_length_is_no_levels_length_is_refused(string code)
    {
        var error = Assert.Throws<RuleViolation>(() => Scheme223.ParseCode(code));

        Assert.Equal("category.code_length", error.Rule);
        Assert.Contains("2, 4, 7", error.Message);
    }

    [Theory]
    [InlineData("0 ")]
    [InlineData("0.")]
    [InlineData("上海")]
    public void A_code_with_anything_but_ascii_letters_and_digits_is_refused(string code)
    {
        var error = Assert.Throws<RuleViolation>(() => Scheme223.ParseCode(code));

        Assert.Contains(error.Rule, new[] { "category.code_character", "category.code_length" });
    }

    [Theory]
    [InlineData("0\u0000")]
    [InlineData("\u00000")]
    [InlineData("0\u001b")]
    public void A_code_with_a_control_character_is_refused_for_it_nul_included(string code)
    {
        var error = Assert.Throws<RuleViolation>(() => Scheme223.ParseCode(code));

        Assert.Equal("category.code_character", error.Rule);
        Assert.DoesNotContain('\u0000', error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("2-10")]
    [InlineData("1-1-1-1-1-1-1-1-1-1")]
    [InlineData("2-x")]
    public void A_scheme_outside_one_to_nine_levels_of_one_to_nine_characters_is_refused(string pattern)
    {
        Assert.Throws<RuleViolation>(() => CodingScheme.Parse(pattern));
    }

    [Fact]
    public void Schemes_with_the_same_lengths_are_equal()
    {
        Assert.Equal(CodingScheme.Parse("2-2-3"), CodingScheme.Create([2, 2, 3]));
        Assert.NotEqual(CodingScheme.Parse("2-2-3"), CodingScheme.Parse("2-3-2"));
        Assert.Equal("2-2-2-2", CodingScheme.Default.Pattern);
    }

    [Fact]
    public void Changing_only_levels_that_are_not_in_use_is_allowed()
    {
        var inUse = new Dictionary<int, string> { [1] = "01", [2] = "0101" };

        CategoryRules.EnsureSchemeFitsCodes(Scheme223, CodingScheme.Parse("2-2-4-2"), inUse);
    }

    [Fact]
    public void Lengthening_a_level_in_use_is_refused_naming_the_level()
    {
        var inUse = new Dictionary<int, string> { [1] = "01", [2] = "0101" };

        var error = Assert.Throws<RuleViolation>(() => CategoryRules.EnsureSchemeFitsCodes(Scheme223, CodingScheme.Parse("2-3-3"), inUse));

        Assert.Equal(ViolationKind.FailedPrecondition, error.Kind);
        Assert.Contains("Level 2", error.Message);
        Assert.Contains("0101", error.Message);
    }

    [Fact]
    public void Dropping_a_level_in_use_is_refused()
    {
        var inUse = new Dictionary<int, string> { [3] = "0101001" };

        var error = Assert.Throws<RuleViolation>(() => CategoryRules.EnsureSchemeFitsCodes(Scheme223, CodingScheme.Parse("2-2"), inUse));

        Assert.Equal("scheme.level_in_use", error.Rule);
    }
}
