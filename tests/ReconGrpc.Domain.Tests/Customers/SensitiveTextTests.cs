using ReconGrpc.Domain.Customers;

namespace ReconGrpc.Domain.Tests.Customers;

public sealed class SensitiveTextTests
{
    [Theory]
    [InlineData("6222021234567890123", "****0123")]
    [InlineData("6222 0212 3456 7890-123", "****0123")]
    [InlineData("1234", "****")]
    [InlineData("12", "****")]
    public void A_bank_account_keeps_its_last_four_characters_only(string account, string masked) =>
        Assert.Equal(masked, SensitiveText.MaskAccount(account));

    [Theory]
    [InlineData("91350100M000100Y43", "91****0Y43")]
    [InlineData("91350100", "****")]
    public void A_credit_code_keeps_its_first_two_and_last_four_characters(string creditCode, string masked) =>
        Assert.Equal(masked, SensitiveText.MaskCreditCode(creditCode));

    [Fact]
    public void Nothing_masks_to_nothing()
    {
        Assert.Null(SensitiveText.MaskAccount(null));
        Assert.Null(SensitiveText.MaskCreditCode(null));
    }

    [Fact]
    public void The_data_quality_report_quotes_an_invalid_credit_code_masked()
    {
        var findings = DataQuality.Check(
        [
            new CustomerQualityRow("Q1", "北京恒通商贸有限公司", CompanyName.Normalize("北京恒通商贸有限公司"), "91350100M000100Y44", "地址", "电话", "联系人",
                "6222021234567890123", "01", CategoryIsLeaf: true),
        ]);

        var invalid = Assert.Single(findings, f => f.Rule == DataQuality.InvalidCreditCode);
        Assert.DoesNotContain("91350100M000100Y44", invalid.Message);
        Assert.Contains("91****0Y44", invalid.Message);
    }
}
