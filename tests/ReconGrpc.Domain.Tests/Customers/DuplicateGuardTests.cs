using ReconGrpc.Domain.Customers;

namespace ReconGrpc.Domain.Tests.Customers;

public sealed class DuplicateGuardTests
{
    private static readonly ExistingCustomer Hualian = new(1, "C001", "上海华联超市有限公司", CompanyName.Normalize("上海华联超市有限公司"), "91350100M000100Y43");

    [Fact]
    public void The_same_credit_code_is_a_duplicate_naming_the_existing_customer()
    {
        var verdict = DuplicateGuard.Check("C002", "完全不同的名字", "91350100M000100Y43", [Hualian]);

        Assert.True(verdict.IsDuplicate);
        var error = Assert.Throws<RuleViolation>(verdict.ThrowIfDuplicate);
        Assert.Equal(ViolationKind.AlreadyExists, error.Kind);
        Assert.Contains("C001", error.Message);
    }

    [Fact]
    public void The_same_normalised_name_is_a_duplicate()
    {
        var verdict = DuplicateGuard.Check("C002", "上海华联超市有限责任公司", null, [Hualian]);

        Assert.True(verdict.IsDuplicate);
        Assert.Contains("上海华联超市有限公司", verdict.Reason);
    }

    [Fact]
    public void A_near_name_is_allowed_with_a_warning()
    {
        var verdict = DuplicateGuard.Check("C002", "上海华连超市有限公司", null, [Hualian]);

        Assert.False(verdict.IsDuplicate);
        Assert.Equal("C001", Assert.Single(verdict.Warnings).CustomerCode);
    }

    [Fact]
    public void A_customer_is_not_its_own_duplicate()
    {
        var verdict = DuplicateGuard.Check("C001", "上海华联超市有限公司", "91350100M000100Y43", [Hualian], excludeId: 1);

        Assert.False(verdict.IsDuplicate);
        Assert.Empty(verdict.Warnings);
    }
}

public sealed class DataQualityTests
{
    private static CustomerQualityRow Row(string code, string name, string? credit = "91350100M000100Y43", bool leaf = true) =>
        new(code, name, CompanyName.Normalize(name), credit, "地址", "电话", "联系人", "账号", "0101", leaf);

    [Fact]
    public void Each_finding_names_the_customer_and_the_rule()
    {
        var findings = DataQuality.Check(
        [
            Row("A1", "上海华联超市有限公司"),
            Row("A2", "上海华连超市有限公司", credit: null),
            Row("A3", "北京恒通商贸有限公司", credit: "91350100M000100Y44", leaf: false),
        ]);

        Assert.Contains(findings, f => f is { CustomerCode: "A1", Rule: DataQuality.NearDuplicate });
        Assert.Contains(findings, f => f is { CustomerCode: "A2", Rule: DataQuality.NearDuplicate });
        Assert.Contains(findings, f => f is { CustomerCode: "A2", Rule: DataQuality.MissingField } && f.Message.Contains("统一社会信用代码"));
        Assert.Contains(findings, f => f is { CustomerCode: "A3", Rule: DataQuality.InvalidCreditCode });
        Assert.Contains(findings, f => f is { CustomerCode: "A3", Rule: DataQuality.NonLeafCategory });
        Assert.DoesNotContain(findings, f => f is { CustomerCode: "A3", Rule: DataQuality.NearDuplicate });
    }

    [Fact]
    public void Exact_duplicates_already_in_the_archive_are_reported_both_ways()
    {
        var findings = DataQuality.Check([Row("B1", "杭州鑫源食品有限公司"), Row("B2", "杭州鑫源食品有限责任公司")]);

        Assert.Contains(findings, f => f is { CustomerCode: "B1", Rule: DataQuality.DuplicateName } && f.Message.Contains("'B2'"));
        Assert.Contains(findings, f => f is { CustomerCode: "B2", Rule: DataQuality.DuplicateName });
        Assert.Contains(findings, f => f is { CustomerCode: "B2", Rule: DataQuality.DuplicateCreditCode });
    }
}

public sealed class DataQualityBlockingTests
{
    [Fact]
    public void A_name_with_one_character_missing_is_found_as_a_near_duplicate()
    {
        var findings = DataQuality.Check(
        [
            new("D1", "杭州鑫源食品有限公司", CompanyName.Normalize("杭州鑫源食品有限公司"), null, null, null, null, null, "01", true),
            new("D2", "杭州鑫食品有限公司", CompanyName.Normalize("杭州鑫食品有限公司"), null, null, null, null, null, "01", true),
            new("D3", "南京恒通物流有限公司", CompanyName.Normalize("南京恒通物流有限公司"), null, null, null, null, null, "01", true),
        ]);

        Assert.Contains(findings, f => f is { CustomerCode: "D1", Rule: DataQuality.NearDuplicate } && f.Message.Contains("'D2'"));
        Assert.DoesNotContain(findings, f => f is { CustomerCode: "D3", Rule: DataQuality.NearDuplicate });
    }
}
