using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Adapters.YonyouT3;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.YonyouT3;

/// <summary>T3's 客户分类 and 客户档案 lists.</summary>
public sealed class T3ArchiveTests
{
    private readonly YonyouT3Adapter _adapter = new();

    [Fact]
    public async Task A_category_list_gives_every_category_with_its_line()
    {
        var rows = await Fixture.ReadAsync(_adapter, "t3-categories.xls");

        var categories = rows.OfType<RecordRow>().ToList();
        Assert.Equal(
            [("01", "华东区", 3L), ("0101", "上海", 4L), ("0102", "江苏", 5L), ("02", "华北区", 6L), ("0201", "北京", 7L), ("0202", "天津", 8L)],
            categories.Select(r => (((CategoryRecord)r.Record).Code, ((CategoryRecord)r.Record).Name, r.Line)).ToList());
    }

    [Theory]
    [InlineData("t3-customers.xlsx")]
    [InlineData("t3-customers.csv")]
    public async Task A_customer_archive_gives_every_customer_with_its_archive_fields(string file)
    {
        var rows = await Fixture.ReadAsync(_adapter, file);

        Assert.Empty(rows.Errors());
        var customers = rows.Records<CustomerRecord>();
        Assert.Equal(["0101001", "0101002", "0102001", "0201001"], customers.Select(c => c.Code).ToList());
        var hualian = customers[0];
        Assert.Equal("上海华联超市有限公司", hualian.Name);
        Assert.Equal("上海华联", hualian.ShortName);
        Assert.Equal("0101", hualian.CategoryCode);
        Assert.Equal("01", hualian.Region);
        Assert.Equal(200_000m, hualian.CreditLimit);
        Assert.Equal(30, hualian.PaymentTermDays);
        Assert.Equal("中国工商银行上海市分行营业部", hualian.Bank);
        Assert.Equal("1001244309004613428", hualian.BankAccount);
        Assert.Equal("李明", hualian.Contact);
        Assert.Null(customers[3].CreditLimit);
    }

    [Fact]
    public async Task An_eighteen_character_tax_number_is_taken_as_the_credit_code_too()
    {
        var customers = (await Fixture.ReadAsync(_adapter, "t3-customers.xlsx")).Records<CustomerRecord>();

        Assert.All(customers, c => Assert.Equal(c.TaxNumber, c.CreditCode));
        Assert.All(customers, c => Assert.Equal(18, c.CreditCode!.Length));
    }

    [Fact]
    public async Task A_credit_limit_in_words_is_a_row_error_and_the_other_customers_are_read()
    {
        var csv = Fixture.Text("t3-customers.csv", Fixture.Gbk).Replace("  150000.00    ", "  十五万    ");

        var rows = await Fixture.ReadBytesAsync(_adapter, Fixture.Gbk.GetBytes(csv), "customers.csv");

        var error = Assert.Single(rows.Errors());
        Assert.Equal((5L, "信用额度"), (error.Line, error.Field));
        Assert.Contains("'十五万'", error.Reason);
        Assert.Equal(3, rows.Records<CustomerRecord>().Count);
    }
}
