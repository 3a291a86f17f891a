using System.Text;
using ReconGrpc.Adapters.Template;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Adapters.YonyouT3;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.Template;

/// <summary>Text files are streamed: rows arrive while the file is still being read, so its size does not matter.</summary>
public sealed class TemplateStreamingTests
{
    [Fact]
    public async Task The_template_reader_yields_rows_from_a_file_that_never_ends()
    {
        await using var endless = new EndlessUpload("客户编码,客户名称,日期,金额\r\n", i => $"C{i:000000},客户{i},2024-04-01,{i}.50\r\n");

        var rows = await FirstAsync(new TemplateAdapter(), endless, 5_000);

        Assert.Equal(5_000, rows.Count);
        Assert.Equal(4_999.50m, ((LedgerEntryRecord)((RecordRow)rows[^1]).Record).Amount);
        Assert.True(endless.BytesServed < 2 * 1024 * 1024, $"{endless.BytesServed} bytes were read ahead for 5,000 rows.");
    }

    [Fact]
    public async Task The_t3_reader_yields_ledger_rows_from_a_file_that_never_ends()
    {
        await using var endless = new EndlessUpload(
            "应收账款明细账\r\n客户：0101001 上海华联超市有限公司,期间：2024.01-2024.12\r\n月,日,凭证号,摘要,借方,贷方,方向,余额\r\n",
            i => $"01,05,记-{i:0000},销售商品,100.00,,借,{(i + 1) * 100}.00\r\n");

        var rows = await FirstAsync(new YonyouT3Adapter(), endless, 5_000);

        Assert.All(rows, r => Assert.IsType<RecordRow>(r));
        Assert.Equal(5_003, rows[^1].Line);
    }

    private static async Task<List<ImportRow>> FirstAsync(IImportAdapter adapter, Stream content, int count)
    {
        var rows = new List<ImportRow>();
        await foreach (var row in adapter.ReadAsync(content, new ImportContext { FileName = "endless.csv" }, Support.TestContext.Cancellation))
        {
            rows.Add(row);
            if (rows.Count == count)
            {
                break;
            }
        }

        return rows;
    }
}
