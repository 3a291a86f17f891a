using ReconGrpc.Domain.Customers;

namespace ReconGrpc.Domain.Tests.Customers;

public sealed class CompanyNameTests
{
    [Theory]
    [InlineData("上海华联超市有限公司", "上海华联超市有限责任公司")]
    [InlineData("华联（上海）有限公司", "华联(上海)有限公司")]
    [InlineData("ＡＢＣ商贸有限公司", "abc商贸有限公司")]
    [InlineData("上海 华联 超市有限公司", "上海华联超市有限公司")]
    [InlineData("华联【上海】有限公司", "华联[上海]有限公司")]
    public void Names_that_differ_only_in_form_normalise_alike(string a, string b)
    {
        Assert.Equal(CompanyName.Normalize(a), CompanyName.Normalize(b));
    }

    [Fact]
    public void A_company_limited_by_shares_stays_distinct_from_a_limited_company()
    {
        Assert.NotEqual(CompanyName.Normalize("上海华联超市股份有限公司"), CompanyName.Normalize("上海华联超市有限公司"));
    }

    [Fact]
    public void One_wrong_character_in_a_name_is_a_near_duplicate()
    {
        var reason = CompanyName.NearDuplicateReason(CompanyName.Normalize("上海华联超市有限公司"), CompanyName.Normalize("上海华连超市有限公司"));

        Assert.Equal("names differ by 1 character edit(s)", reason);
    }

    [Fact]
    public void The_same_name_with_another_legal_form_is_a_near_duplicate()
    {
        Assert.NotNull(CompanyName.NearDuplicateReason(CompanyName.Normalize("上海华联超市"), CompanyName.Normalize("上海华联超市有限公司")));
    }

    [Fact]
    public void Short_names_one_edit_apart_are_not_flagged()
    {
        Assert.Null(CompanyName.NearDuplicateReason("ABC", "ABD"));
    }

    [Fact]
    public void Long_names_two_edits_apart_are_flagged_and_three_are_not()
    {
        const string name = "上海华联超市连锁经营有限公司";
        Assert.NotNull(CompanyName.NearDuplicateReason(name, "上海华连超市连锁经营有限公么"));
        Assert.Null(CompanyName.NearDuplicateReason(name, "上海华连超巿连锁经营有限公么"));
    }

    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("上海", "上海", 0)]
    public void Edit_distance_is_levenshtein(string a, string b, int expected)
    {
        Assert.Equal(expected, CompanyName.EditDistance(a, b, 10));
    }
}
