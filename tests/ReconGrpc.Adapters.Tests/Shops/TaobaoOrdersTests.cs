using ReconGrpc.Adapters.Taobao;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.Shops;

/// <summary>The 订单报表 and its per-SKU join read into one order each, figures as the fixtures write them (see Fixtures/README.md).</summary>
public sealed class TaobaoOrdersTests
{
    private static readonly TaobaoOrdersAdapter Adapter = new();

    [Fact]
    public async Task The_gbk_order_report_gives_one_order_per_row_with_its_paid_amount_shipping_refund_buyer_and_payment()
    {
        var rows = await Fixture.ReadAsync(Adapter, "taobao-orders-gbk.csv");

        Assert.Empty(rows.Errors());
        var orders = rows.Records<OrderRecord>();
        Assert.Equal([2L, 3L, 4L, 5L, 6L], rows.OfType<RecordRow>().Select(r => r.Line));
        Assert.Equal(
            ["3571234567890123451", "3571234567890123452", "3571234567890123453", "3571234567890123454", "3571234567890123455"],
            orders.Select(o => o.OrderNumber));
        Assert.All(orders, o => Assert.Equal(o.OrderNumber, o.SourceId));
        Assert.All(orders, o => Assert.Equal("CNY", o.Currency));
        Assert.All(orders, o => Assert.Equal("支付宝", o.PaymentMethod));

        var first = orders[0];
        Assert.Equal(new DateOnly(2024, 3, 1), first.Date);
        Assert.Equal(256.00m, first.Amount);
        Assert.Equal(0.00m, first.ShippingAmount);
        Assert.Equal(0.00m, first.RefundedAmount);
        Assert.Equal("交易成功", first.Status);
        Assert.Equal("tb_小明2024", first.CustomerName);
        Assert.Equal("2024030122001112345678901234", first.Reference);
        Assert.Equal("纯棉四件套 1.8米床", first.Memo);

        Assert.Equal(109.00m, orders[1].Amount);
        Assert.Equal(10.00m, orders[1].ShippingAmount);
        Assert.Equal("卖家已发货，等待买家确认", orders[1].Status);

        // Led by a tab, and by an apostrophe: the same nineteen digits.
        Assert.Equal(1280.00m, orders[3].Amount);
        Assert.Equal(300.00m, orders[3].RefundedAmount);
        Assert.Equal("北京华联超市", orders[3].CustomerName);

        // Paid just after midnight: dated by 订单付款时间, not 订单创建时间.
        Assert.Equal(new DateOnly(2024, 3, 6), orders[4].Date);
        Assert.Equal(50.50m, orders[4].Amount);
    }

    [Fact]
    public async Task A_closed_unpaid_order_is_kept_with_its_status_nothing_paid_and_its_creation_date()
    {
        var rows = await Fixture.ReadAsync(Adapter, "taobao-orders-gbk.csv");

        var closed = rows.Records<OrderRecord>().Single(o => o.OrderNumber == "3571234567890123453");
        Assert.Equal("交易关闭", closed.Status);
        Assert.Equal(0.00m, closed.Amount);
        Assert.Equal(new DateOnly(2024, 3, 3), closed.Date);
        Assert.Null(closed.Reference);
        Assert.Equal("手机壳 透明; 关闭原因: 买家未付款", closed.Memo);
    }

    [Fact]
    public async Task The_per_sku_join_folds_each_orders_rows_into_one_order_counting_its_repeated_totals_once()
    {
        var rows = await Fixture.ReadAsync(Adapter, "taobao-order-items-joined.csv");

        Assert.Empty(rows.Errors());
        Assert.Equal([2L, 4L, 5L], rows.OfType<RecordRow>().Select(r => r.Line));
        var orders = rows.Records<OrderRecord>();
        Assert.Equal(["3571234567890200001", "3571234567890200002", "3571234567890200003"], orders.Select(o => o.OrderNumber));

        // Two SKU rows, 207.00 paid after a coupon, counted once (not 414.00).
        Assert.Equal(207.00m, orders[0].Amount);
        Assert.Equal("T恤 白色 L ×2; 短裤 黑色 M ×1", orders[0].Memo);
        Assert.Equal("2024030822001100000000000001", orders[0].Reference);
        Assert.Equal("潮流小铺买家", orders[0].CustomerName);

        Assert.Equal(137.00m, orders[1].Amount);
        Assert.Equal(8.00m, orders[1].ShippingAmount);

        Assert.Equal(197.00m, orders[2].Amount);
        Assert.Equal(59.00m, orders[2].RefundedAmount);
        Assert.Equal(new DateOnly(2024, 3, 9), orders[2].Date);
        Assert.Equal(541.00m, orders.Sum(o => o.Amount));
    }

    [Fact]
    public async Task The_workbook_reads_date_cells_and_number_cells_and_refuses_an_order_number_excel_turned_into_a_number()
    {
        var rows = await Fixture.ReadAsync(Adapter, "taobao-orders.xlsx");

        var orders = rows.Records<OrderRecord>();
        Assert.Equal(["3571234567890123451", "3571234567890123452", "3571234567890123453"], orders.Select(o => o.OrderNumber));
        Assert.Equal([256.00m, 109.00m, 0.00m], orders.Select(o => o.Amount));
        Assert.Equal([new DateOnly(2024, 3, 1), new DateOnly(2024, 3, 2), new DateOnly(2024, 3, 3)], orders.Select(o => o.Date));
        Assert.Equal("2024030122001112345678901234", orders[0].Reference);

        var error = Assert.Single(rows.Errors());
        Assert.Equal((5L, "订单编号"), (error.Line, error.Field));
        Assert.Contains("lost its last digits", error.Reason);
    }

    [Fact]
    public async Task An_import_into_a_shop_orders_statement_reads_the_same_orders()
    {
        var context = new ImportContext { FileName = "taobao-orders-gbk.csv", ExpectedKind = RecordKind.StatementLines, StatementKind = StatementKind.ShopOrders };

        var rows = await Fixture.ReadWithContextAsync(Adapter, Fixture.Bytes("taobao-orders-gbk.csv"), context);

        Assert.Equal(5, rows.Records<OrderRecord>().Count);
    }

    [Fact]
    public async Task Order_numbers_keep_all_their_digits_whichever_text_mark_excel_was_kept_off_with()
    {
        var text = "订单编号,买家会员名,买家实际支付金额,订单创建时间\r\n"
                   + "=\"3571234567890000001\",a,1.00,2024-03-01 10:00:00\r\n"
                   + "\"=\"\"3571234567890000002\"\"\",b,2.00,2024-03-01 10:00:00\r\n"
                   + "'3571234567890000003,c,3.00,2024-03-01 10:00:00\r\n"
                   + "\t3571234567890000004\t,d,4.00,2024-03-01 10:00:00\r\n"
                   + "`3571234567890000005,e,5.00,2024-03-01 10:00:00\r\n";

        var rows = await Fixture.ReadBytesAsync(Adapter, System.Text.Encoding.UTF8.GetBytes(text), "ExportOrderList.csv");

        Assert.Empty(rows.Errors());
        Assert.Equal(
            ["3571234567890000001", "3571234567890000002", "3571234567890000003", "3571234567890000004", "3571234567890000005"],
            rows.Records<OrderRecord>().Select(o => o.OrderNumber));
    }
}
