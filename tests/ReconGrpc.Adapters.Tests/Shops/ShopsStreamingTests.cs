using System.Globalization;
using ReconGrpc.Adapters.Shopify;
using ReconGrpc.Adapters.Taobao;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.Shops;

/// <summary>Orders are yielded as their rows arrive: an export that never ends still gives its first orders, reading a bounded window ahead.</summary>
public sealed class ShopsStreamingTests
{
    private const int Wanted = 20_000;

    [Fact]
    public async Task A_taobao_export_that_never_ends_yields_its_orders_as_they_come()
    {
        var upload = new EndlessUpload(
            "订单编号,买家会员名,买家应付货款,买家应付邮费,总金额,买家实际支付金额,订单状态,订单创建时间,订单付款时间,标题,价格,购买数量\r\n",
            i => $"=\"{3571234567800000000L + (i / 2)}\",买家{i / 2},20.00,0.00,20.00,20.00,交易成功,2024-03-01 10:00:00,2024-03-01 10:00:05,商品{i % 2},10.00,1\r\n");

        var orders = await TakeAsync(new TaobaoOrdersAdapter(), upload, "ExportOrderList.csv");

        // Two SKU rows per order, 20.00 once each.
        Assert.Equal(Wanted * 20.00m, orders.Sum(o => o.Amount));
        Assert.Equal("商品0 ×1; 商品1 ×1", orders[^1].Memo);
        Assert.True(upload.BytesServed < 16L * 1024 * 1024, $"{upload.BytesServed:N0} bytes read for {Wanted:N0} orders");
    }

    [Fact]
    public async Task A_shopify_export_that_never_ends_yields_its_orders_as_they_come()
    {
        var upload = new EndlessUpload(
            "Name,Email,Financial Status,Paid at,Currency,Subtotal,Shipping,Taxes,Total,Discount Amount,Created at,Lineitem quantity,Lineitem name,Lineitem price\n",
            i => i % 2 == 0
                ? $"#{1000 + (i / 2)},a@b.c,paid,2024-03-01 10:00:00 -0500,USD,20.00,5.00,0.00,25.00,0.00,2024-03-01 10:00:00 -0500,1,Mug,10.00\n"
                : $"#{1000 + (i / 2)},a@b.c,,,,,,,,,2024-03-01 10:00:00 -0500,2,Coaster,5.00\n");

        var orders = await TakeAsync(new ShopifyOrdersAdapter(), upload, "orders_export.csv");

        Assert.Equal(Wanted * 25.00m, orders.Sum(o => o.Amount));
        Assert.Equal("#" + (1000 + Wanted - 1).ToString(CultureInfo.InvariantCulture), orders[^1].OrderNumber);
        Assert.True(upload.BytesServed < 16L * 1024 * 1024, $"{upload.BytesServed:N0} bytes read for {Wanted:N0} orders");
    }

    private static async Task<List<OrderRecord>> TakeAsync(IImportAdapter adapter, Stream upload, string name)
    {
        var orders = new List<OrderRecord>();
        await foreach (var row in adapter.ReadAsync(upload, new ImportContext { FileName = name }, TestContext.Cancellation))
        {
            var record = Assert.IsType<RecordRow>(row).Record;
            orders.Add(Assert.IsType<OrderRecord>(record));
            if (orders.Count == Wanted)
            {
                break;
            }
        }

        return orders;
    }
}
