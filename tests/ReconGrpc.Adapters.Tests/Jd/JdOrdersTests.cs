using ReconGrpc.Adapters.Jd;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.Jd;

/// <summary>
/// 京东商家 订单导出: one row per SKU, folded into one order per 订单号 with its repeated totals counted once; orders
/// never paid, called off or split into others are left out. The GBK CSV and the XLSX hold the same orders.
/// </summary>
public sealed class JdOrdersTests
{
    public static TheoryData<string> Exports => new() { "jd-orders-gbk.csv", "jd-orders.xlsx" };

    [Theory]
    [MemberData(nameof(Exports))]
    public async Task Twelve_sku_rows_fold_into_five_orders_and_the_cancelled_unpaid_and_split_parent_orders_are_left_out(string file)
    {
        var rows = await Fixture.ReadAsync(new JdAdapter(), file);

        Assert.Empty(rows.Errors());
        var orders = rows.Records<OrderRecord>();
        Assert.Equal(["281234567801", "281234567802", "281234567803", "281234567806", "281234567807"], orders.Select(o => o.OrderNumber));
        Assert.Equal(orders.Select(o => o.OrderNumber), orders.Select(o => o.SourceId));
        Assert.Empty(rows.Records<StatementLineRecord>());
        Assert.Empty(rows.Records<StatementBalanceRecord>());

        // Each order on the line of its first SKU row.
        Assert.Equal([2L, 4L, 5L, 11L, 12L], rows.OfType<RecordRow>().Select(r => r.Line));
    }

    [Theory]
    [MemberData(nameof(Exports))]
    public async Task An_orders_totals_count_once_however_many_sku_rows_repeat_them(string file)
    {
        var orders = (await Fixture.ReadAsync(new JdAdapter(), file)).Records<OrderRecord>();

        // Two SKUs, 订单金额 205.00, 结算金额 185.00, 应付金额 185.00 and 运费 8.00 on both rows: once.
        var first = orders[0];
        Assert.Equal(185.00m, first.Amount);
        Assert.Equal(8.00m, first.ShippingAmount);
        Assert.Equal(20.00m, first.DiscountAmount);
        Assert.Equal(new DateOnly(2024, 5, 3), first.Date);
        Assert.Equal("已完成", first.Status);
        Assert.Equal("jd_hualian01", first.CustomerName);
        Assert.Equal("在线支付", first.PaymentMethod);
        Assert.Equal("华联 不锈钢保温杯 500ml 雾蓝 ×2; 华联 保温杯替换杯盖 ×1", first.Memo);
        Assert.Null(first.RefundedAmount);

        // Three SKUs; 50.00 of it from the buyer's JD balance (余额支付), 250.00 still to pay (应付金额): 300.00 in all.
        var third = orders[2];
        Assert.Equal(300.00m, third.Amount);
        Assert.Equal(20.00m, third.DiscountAmount);
        Assert.Equal(0.00m, third.ShippingAmount);
        Assert.Equal("华联 陶瓷餐具套装 16件 ×1; 华联 竹制筷子 10双 ×2; 华联 硅胶隔热垫 ×2", third.Memo);

        Assert.Equal(185.00m + 59.00m + 300.00m + 89.00m + 59.00m, orders.Sum(o => o.Amount));
    }

    [Theory]
    [MemberData(nameof(Exports))]
    public async Task An_order_paid_on_delivery_has_no_payment_confirmed_yet_and_takes_the_day_it_was_placed(string file)
    {
        var orders = (await Fixture.ReadAsync(new JdAdapter(), file)).Records<OrderRecord>();

        var cashOnDelivery = orders.Single(o => o.OrderNumber == "281234567802");
        Assert.Equal(new DateOnly(2024, 5, 4), cashOnDelivery.Date);
        Assert.Equal("货到付款", cashOnDelivery.PaymentMethod);
        Assert.Equal("等待确认收货", cashOnDelivery.Status);
        Assert.Null(cashOnDelivery.DiscountAmount);
    }

    [Fact]
    public async Task Repeated_totals_that_disagree_refuse_the_order_naming_it_and_both_lines()
    {
        var rows = await Fixture.ReadAsync(new JdAdapter(), "jd-orders-bad-rows.csv");
        var errors = rows.Errors();

        Assert.Equal(["281234567901", "281234567904", "281234567906"], rows.Records<OrderRecord>().Select(o => o.OrderNumber));

        var disagree = errors.Single(e => e.Line == 4);
        Assert.Equal("应付金额", disagree.Field);
        Assert.Contains("Order 281234567902", disagree.Reason);
        Assert.Contains("184.00 on this row but 148.00 on line 3", disagree.Reason);
        Assert.DoesNotContain(rows.Records<OrderRecord>(), o => o.OrderNumber == "281234567902");
    }

    [Fact]
    public async Task An_unreadable_total_an_impossible_date_and_an_order_whose_rows_come_apart_are_row_errors_with_their_lines()
    {
        var rows = await Fixture.ReadAsync(new JdAdapter(), "jd-orders-bad-rows.csv");

        Assert.Collection(rows.Errors(),
            e => Assert.Equal((4L, "应付金额"), (e.Line, e.Field)),
            e =>
            {
                Assert.Equal((5L, "应付金额"), (e.Line, e.Field));
                Assert.Contains("'五十九' is not an amount", e.Reason);
            },
            e =>
            {
                Assert.Equal((7L, "付款确认时间"), (e.Line, e.Field));
                Assert.Contains("'2024-02-30 10:00:10' is not a date", e.Reason);
            },
            e =>
            {
                Assert.Equal((8L, "订单号"), (e.Line, e.Field));
                Assert.Contains("Order 281234567904 began at line 6", e.Reason);
            });

        // Rows are yielded in file order.
        Assert.Equal(rows.Select(r => r.Line).Order(), rows.Select(r => r.Line));
    }
}
