using ReconGrpc.Adapters.Alipay;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.Alipay;

/// <summary>A bill streams through: lines come long before its end, and only a bounded window is read ahead.</summary>
public sealed class AlipayStreamingTests
{
    [Fact]
    public async Task A_business_detail_that_never_ends_yields_its_sale_and_fee_lines_as_they_arrive()
    {
        await using var endless = new EndlessUpload(
            "#支付宝业务明细查询\r\n#账号：[20881234567890120156]\r\n"
            + "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,对方账户,订单金额（元）,商家实收（元）,服务费（元）,备注\r\n",
            i => $"2024030122001488950{i:000000000}\t,SO-{i}\t,交易\t,商品,2024-03-01 09:00:00,2024-03-01 09:00:05,买家(b{i}@example.com)\t,100.00,100.00,-0.60,\r\n");

        var rows = new List<ImportRow>();
        await foreach (var row in new AlipayAdapter().ReadAsync(endless, new ImportContext { FileName = "endless.csv" }, TestContext.Cancellation))
        {
            rows.Add(row);
            if (rows.Count == 10_000)
            {
                break;
            }
        }

        var lines = rows.Records<StatementLineRecord>();
        Assert.Equal(10_000, lines.Count);
        Assert.Equal(5_000, lines.Count(l => l.Purpose == LinePurpose.Fee));
        Assert.Equal(5_003L, rows[^1].Line);
        Assert.True(endless.BytesServed < 4 * 1024 * 1024, $"{endless.BytesServed} bytes were read ahead for 5,000 rows.");
    }
}
