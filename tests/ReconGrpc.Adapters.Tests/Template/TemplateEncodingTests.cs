using ReconGrpc.Adapters.Template;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.Template;

/// <summary>UTF-8 with and without a byte-order mark, GBK and GB18030, detected from the bytes.</summary>
public sealed class TemplateEncodingTests
{
    private readonly TemplateAdapter _adapter = new();

    [Theory]
    [InlineData("template-customers-utf8.csv")]
    [InlineData("template-customers-utf8-bom.csv")]
    [InlineData("template-customers-gbk.csv")]
    public async Task The_same_customers_are_read_whatever_the_encoding(string file)
    {
        var reference = (await Fixture.ReadAsync(_adapter, "template-customers-utf8.csv")).Records<CustomerRecord>();

        var rows = await Fixture.ReadAsync(_adapter, file);

        Assert.Empty(rows.Errors());
        Assert.Equal(reference, rows.Records<CustomerRecord>());
        Assert.Equal("北京京客隆商业集团股份有限公司", rows.Records<CustomerRecord>()[3].Name);
    }

    [Fact]
    public async Task A_byte_order_mark_does_not_become_part_of_the_first_heading()
    {
        var rows = await Fixture.ReadAsync(_adapter, "template-customers-utf8-bom.csv", ("kind", "customers"), ("columns", "code=客户编码;name=客户名称"));

        Assert.Equal(4, rows.Records<CustomerRecord>().Count);
    }

    [Fact]
    public async Task Characters_beyond_gbk_are_read_from_gb18030()
    {
        var customer = Assert.Single((await Fixture.ReadAsync(_adapter, "template-customers-gb18030.csv")).Records<CustomerRecord>());

        Assert.Equal(("苏州䶮泰贸易有限公司", "刘䶮", 30_000m), (customer.Name, customer.Contact, customer.CreditLimit!.Value));
    }

    [Fact]
    public async Task A_named_encoding_is_used_instead_of_detection()
    {
        var rows = await Fixture.ReadAsync(_adapter, "template-customers-gbk.csv", ("encoding", "gbk"));

        Assert.Equal("上海华联超市有限公司", rows.Records<CustomerRecord>()[0].Name);
    }

    [Fact]
    public async Task A_gbk_file_read_as_utf8_on_request_fails_instead_of_importing_garbled_names()
    {
        var problem = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(_adapter, "template-customers-gbk.csv", ("encoding", "utf-8")));

        Assert.Contains("not valid UTF-8", problem.Message, StringComparison.OrdinalIgnoreCase);
    }
}
