using ReconGrpc.Adapters.Shopify;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.Shops;

/// <summary>Shopify's orders export folds into one order each, figures as the fixtures write them (see Fixtures/README.md).</summary>
public sealed class ShopifyOrdersTests
{
    private static readonly ShopifyOrdersAdapter Adapter = new();

    [Fact]
    public async Task Each_order_is_one_record_on_the_line_of_its_first_row_whatever_its_line_items_and_multi_line_notes()
    {
        var rows = await Fixture.ReadAsync(Adapter, "shopify-orders.csv");

        Assert.Empty(rows.Errors());
        Assert.Equal([2L, 4L, 7L, 8L, 9L, 10L], rows.OfType<RecordRow>().Select(r => r.Line));
        var orders = rows.Records<OrderRecord>();
        Assert.Equal(["#1001", "#1002", "#1003", "#1004", "#1005", "#1006"], orders.Select(o => o.OrderNumber));
        Assert.All(orders, o => Assert.Equal(o.OrderNumber, o.SourceId));
    }

    [Fact]
    public async Task A_paid_order_carries_its_total_shipping_taxes_discount_payment_and_buyer()
    {
        var order = await OrderAsync("#1001");

        Assert.Equal(new DateOnly(2024, 3, 4), order.Date);
        Assert.Equal(54.50m, order.Amount);
        Assert.Equal(5.00m, order.ShippingAmount);
        Assert.Equal(4.50m, order.TaxAmount);
        Assert.Equal(0.00m, order.DiscountAmount);
        Assert.Equal(0.00m, order.RefundedAmount);
        Assert.Equal("USD", order.Currency);
        Assert.Equal("paid", order.Status);
        Assert.Equal("Jane Doe", order.CustomerName);
        Assert.Equal("c21345678901234.1", order.Reference);
        Assert.Equal("Shopify Payments", order.PaymentMethod);
        Assert.Null(order.DueDate);
        Assert.Equal("2× Ceramic Mug - Blue; 1× Tea Towel", order.Memo);
    }

    [Fact]
    public async Task A_partly_refunded_order_keeps_its_discount_and_refund()
    {
        var order = await OrderAsync("#1002");

        Assert.Equal(58.86m, order.Amount);
        Assert.Equal(6.00m, order.DiscountAmount);
        Assert.Equal(21.80m, order.RefundedAmount);
        Assert.Equal("partially_refunded", order.Status);
        Assert.Equal(new DateOnly(2024, 3, 5), order.Date);
    }

    [Fact]
    public async Task A_pending_order_on_net_30_terms_is_dated_when_created_and_due_thirty_days_later()
    {
        var order = await OrderAsync("#1003");

        Assert.Equal("pending", order.Status);
        Assert.Equal(new DateOnly(2024, 3, 6), order.Date);
        Assert.Equal(new DateOnly(2024, 4, 5), order.DueDate);
        Assert.Equal(500.00m, order.Amount);
        Assert.Equal("Acme Trading Co", order.CustomerName);
        Assert.Equal("manual", order.PaymentMethod);
        Assert.Null(order.Reference);
    }

    [Fact]
    public async Task Next_payment_due_at_wins_over_the_terms()
    {
        var order = await OrderAsync("#1006");

        Assert.Equal(new DateOnly(2024, 3, 25), order.DueDate);
    }

    [Fact]
    public async Task A_voided_order_says_when_it_was_cancelled()
    {
        var order = await OrderAsync("#1004");

        Assert.Equal("voided", order.Status);
        Assert.Equal(25.00m, order.Amount);
        Assert.Equal("1× Gift Card; cancelled 2024-03-07", order.Memo);
    }

    [Fact]
    public async Task A_refunded_order_in_euros_with_tax_included_in_its_prices_foots_and_names_its_buyer_by_email()
    {
        var order = await OrderAsync("#1005");

        Assert.Equal("EUR", order.Currency);
        Assert.Equal(125.00m, order.Amount);
        Assert.Equal(125.00m, order.RefundedAmount);
        Assert.Equal(19.96m, order.TaxAmount);
        Assert.Equal("kunde@example.de", order.CustomerName);
        Assert.Equal("8AB12345CD678901E", order.Reference);
        Assert.Equal("PayPal Express Checkout", order.PaymentMethod);

        // 23:31 at +0100 is 22:31 UTC the same day; the date is the shop's calendar date as written in any case.
        Assert.Equal(new DateOnly(2024, 3, 8), order.Date);
    }

    [Fact]
    public async Task A_file_resaved_as_windows_1252_reads_with_that_encoding_named()
    {
        var rows = await Fixture.ReadAsync(Adapter, "shopify-wrong-encoding.csv", ("encoding", "windows-1252"));

        Assert.Empty(rows.Errors());
        var order = Assert.Single(rows.Records<OrderRecord>());
        Assert.Equal("José Müller", order.CustomerName);
        Assert.Equal("1× Crème brûlée set", order.Memo);
        Assert.Equal(36.00m, order.Amount);
    }

    private static async Task<OrderRecord> OrderAsync(string name)
    {
        var rows = await Fixture.ReadAsync(Adapter, "shopify-orders.csv");
        return rows.Records<OrderRecord>().Single(o => o.OrderNumber == name);
    }
}
