using System.Text;
using ReconGrpc.Adapters.Template;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.Template;

/// <summary>模板下载: a downloadable template per record kind that imports without options once filled in.</summary>
public sealed class TemplateFilesTests
{
    private readonly TemplateAdapter _adapter = new();

    public static TheoryData<RecordKind, string> FilledRows => new()
    {
        { RecordKind.Categories, "0101,上海" },
        { RecordKind.Customers, "0101001,上海华联超市有限公司" },
        { RecordKind.LedgerEntries, "0101001,上海华联超市有限公司,2024-04-02,销售发票,00012601,,18720.00" },
        { RecordKind.StatementLines, "2024-04-02,-18720.00" },
        { RecordKind.Orders, "TB2024040100123,2024-04-01,1299.00" },
    };

    [Theory]
    [MemberData(nameof(FilledRows))]
    public async Task A_filled_in_template_imports_as_its_kind_without_options(RecordKind kind, string row)
    {
        var template = _adapter.GetTemplate(kind);
        var filled = template.Content.ToArray().Concat(Encoding.UTF8.GetBytes(row + "\r\n")).ToArray();

        var rows = await Fixture.ReadBytesAsync(_adapter, filled, template.FileName);

        Assert.Empty(rows.Errors());
        var record = Assert.IsType<RecordRow>(Assert.Single(rows)).Record;
        Assert.Equal(kind, record.Kind);
    }

    [Fact]
    public void The_customer_template_marks_required_columns_and_opens_in_excel_as_utf8()
    {
        var template = TemplateFiles.Csv(RecordKind.Customers);

        Assert.Equal(["客户编码*", "客户名称*", "客户简称"], template.Columns.Take(3).ToList());
        Assert.Equal("customers-template.csv", template.FileName);
        Assert.Equal("text/csv", template.MediaType);
        Assert.Equal([0xEF, 0xBB, 0xBF], template.Content.Span[..3].ToArray());
        Assert.Equal(string.Join(',', TemplateFiles.HeaderRow(RecordKind.Customers)) + "\r\n", Encoding.UTF8.GetString(template.Content.Span[3..]));
    }

    [Fact]
    public void Templates_exist_for_every_kind_the_adapter_produces()
    {
        Assert.Equal(_adapter.Descriptor.Produces, _adapter.TemplateKinds);
    }

    [Fact]
    public void A_template_for_a_combination_of_kinds_is_refused()
    {
        Assert.Throws<ArgumentException>(() => _adapter.GetTemplate(RecordKind.Customers | RecordKind.Orders));
    }
}
