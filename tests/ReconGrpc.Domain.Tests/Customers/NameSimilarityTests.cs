using ReconGrpc.Domain.Customers;

namespace ReconGrpc.Domain.Tests.Customers;

/// <summary>How alike two company names are, as the fuzzy step of payer resolution scores them.</summary>
public sealed class NameSimilarityTests
{
    private static double Score(string a, string b) => CompanyName.Similarity(CompanyName.Normalize(a), CompanyName.Normalize(b));

    [Fact]
    public void The_same_company_under_either_legal_form_and_in_full_width_scores_one() =>
        Assert.Equal(1.0, Score("ＡＢＣ宁波海通电子有限责任公司", "ABC宁波海通电子有限公司"));

    [Fact]
    public void A_longer_name_sharing_every_pair_of_the_shorter_scores_by_the_dice_coefficient() =>
        // 宁波海通电子科技 has 7 pairs, 宁波海通电子 5, all 5 shared: 2·5 / 12.
        Assert.Equal(10.0 / 12, Score("宁波海通电子科技有限公司", "宁波海通电子有限公司"), 6);

    [Fact]
    public void The_legal_form_alone_counts_for_nothing() =>
        Assert.Equal(0.0, Score("杭州某某科技有限公司", "上海东方贸易有限公司"));

    [Fact]
    public void A_repeated_pair_is_counted_only_as_often_as_both_names_have_it() =>
        // 哈哈哈 has the pair 哈哈 twice, 哈哈 once: one shared of 2 + 1 pairs.
        Assert.Equal(2.0 / 3, CompanyName.Similarity("哈哈哈", "哈哈"), 6);
}
