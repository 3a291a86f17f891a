using ReconGrpc.Domain;
using ReconGrpc.Domain.Categories;

namespace ReconGrpc.Domain.Tests;

public sealed class CategoryRulesTests
{
    private static readonly CodingScheme Scheme = CodingScheme.Default;
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_sibling_name_that_differs_only_in_case_or_spaces_is_a_duplicate()
    {
        var existing = Category.Create(Scheme.ParseCode("0101"), "Shanghai", Now);

        var error = Assert.Throws<RuleViolation>(() =>
            CategoryRules.EnsureNameFreeAmongSiblings("  SHANGHAI ", "01", [existing]));

        Assert.Equal(ViolationKind.AlreadyExists, error.Kind);
        Assert.Contains("'0101'", error.Message);
    }

    [Fact]
    public void Renaming_a_category_to_its_own_name_is_not_a_duplicate()
    {
        var existing = Category.Create(Scheme.ParseCode("0101"), "上海", Now);

        CategoryRules.EnsureNameFreeAmongSiblings("上海", "01", [existing], exceptCode: "0101");
    }

    [Fact]
    public void A_category_with_customers_cannot_be_deleted()
    {
        var category = Category.Create(Scheme.ParseCode("01"), "华东区", Now);

        var error = Assert.Throws<RuleViolation>(() => CategoryRules.EnsureCanDelete(category, childCount: 0, customerCount: 2));

        Assert.Equal("category.has_customers", error.Rule);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a\tb")]
    public void An_empty_or_control_character_name_is_refused(string name)
    {
        Assert.Throws<RuleViolation>(() => CategoryRules.CleanName(name));
    }

    [Fact]
    public void Renaming_moves_the_version_and_the_update_time()
    {
        var category = Category.Create(Scheme.ParseCode("01"), "华东", Now);

        category.Rename("华东区", Now.AddHours(1));

        Assert.Equal(2, category.Version);
        Assert.Equal(Now.AddHours(1), category.UpdatedAt);
        Assert.Equal(Now, category.CreatedAt);
    }
}
