using ReconGrpc.Adapters.Jd;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.Jd;

/// <summary>Files that never end still yield rows as they arrive, reading only a bounded window ahead.</summary>
public sealed class JdStreamingTests
{
    [Fact]
    public async Task A_settlement_detail_that_never_ends_yields_its_lines_as_they_arrive()
    {
        await using var endless = new EndlessUpload("结算单号,订单编号,费用项,金额,结算时间\r\n", i => $"JS1,{1000 + (i / 2)},{(i % 2 == 0 ? "货款" : "佣金")},{(i % 2 == 0 ? "100.00" : "-8.00")},2024-05-15\r\n");

        var rows = await FirstAsync(endless, 5_000);

        Assert.All(rows, r => Assert.IsType<StatementLineRecord>(Assert.IsType<RecordRow>(r).Record));
        Assert.Equal(5_001L, rows[^1].Line);
        Assert.True(endless.BytesServed < 2 * 1024 * 1024, $"{endless.BytesServed} bytes were read ahead for 5,000 rows.");
    }

    [Fact]
    public async Task An_order_export_that_never_ends_yields_each_order_once_its_last_sku_row_has_passed()
    {
        const string header = "订单号,商品ID,商品名称,订购数量,支付方式,下单时间,订单金额,应付金额,订单状态,下单帐号,运费金额,付款确认时间\r\n";
        await using var endless = new EndlessUpload(header, i => $"{9000 + (i / 3)},{i},商品{i},1,在线支付,2024-05-01 10:00:00,30.00,30.00,已完成,jd_{i / 3},0.00,2024-05-01 10:00:05\r\n");

        var rows = await FirstAsync(endless, 1_000);

        var orders = rows.Select(r => (OrderRecord)((RecordRow)r).Record).ToList();
        Assert.Equal(Enumerable.Range(9000, 1_000).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), orders.Select(o => o.OrderNumber));
        Assert.All(orders, o => Assert.Equal(30.00m, o.Amount));
        Assert.All(orders, o => Assert.Equal(3, o.Memo!.Split("; ").Length));
        Assert.True(endless.BytesServed < 2 * 1024 * 1024, $"{endless.BytesServed} bytes were read ahead for 1,000 orders.");
    }

    private static async Task<List<ImportRow>> FirstAsync(Stream content, int count)
    {
        var rows = new List<ImportRow>();
        await foreach (var row in new JdAdapter().ReadAsync(content, new ImportContext { FileName = "endless.csv" }, TestContext.Cancellation))
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
