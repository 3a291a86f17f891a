using ReconGrpc.Adapters.Shopify;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.Shops;

/// <summary>Orders that do not add up or rows that cannot be read are reported with their line; unreadable files say why.</summary>
public sealed class ShopifyBadInputTests
{
    private static readonly ShopifyOrdersAdapter Adapter = new();

    [Fact]
    public async Task An_order_whose_line_items_shipping_and_taxes_do_not_come_to_its_total_is_reported_on_its_first_line_with_the_figures()
    {
        var rows = await Fixture.ReadAsync(Adapter, "shopify-totals-disagree.csv");

        var error = Assert.Single(rows.Errors());
        Assert.Equal((2L, "Total"), (error.Line, error.Field));
        Assert.Contains("Order #2001", error.Reason);
        Assert.Contains("line items 20.00 + shipping 5.00 + taxes 2.00", error.Reason);
        Assert.Contains("come to 27.00, but Total is 30.00", error.Reason);

        // Imported at its Total, what the buyer was charged; the other order foots and has no error.
        Assert.Equal([30.00m, 32.50m], rows.Records<OrderRecord>().Select(o => o.Amount));
    }

    [Fact]
    public async Task Bad_rows_are_reported_with_line_and_column_and_the_good_orders_around_them_are_read()
    {
        var rows = await Fixture.ReadAsync(Adapter, "shopify-bad-rows.csv");
        var errors = rows.Errors();

        Assert.Collection(errors,
            e => Assert.Equal((4L, "Total"), (e.Line, e.Field)),
            e => Assert.Equal((6L, "Created at"), (e.Line, e.Field)),
            e => Assert.Equal((9L, "Financial Status"), (e.Line, e.Field)),
            e => Assert.Equal((10L, "Total"), (e.Line, e.Field)),
            e => Assert.Equal((12L, "Name"), (e.Line, e.Field)),
            e => Assert.Equal((13L, "Name"), (e.Line, e.Field)));
        Assert.Contains("'fifty' is not an amount", errors[0].Reason);
        Assert.Contains("'03/05/2024 10:00' is not a date", errors[1].Reason);
        Assert.Contains("Order #3004: Financial Status is 'refunded' on this line but 'paid' on its first line, 8", errors[2].Reason);
        Assert.Contains("Order #3005 starts on this line without its order fields", errors[3].Reason);
        Assert.Contains("no order Name", errors[4].Reason);

        Assert.Equal([2L, 14L], rows.OfType<RecordRow>().Select(r => r.Line));
        Assert.Equal(["#3001", "#3007"], rows.Records<OrderRecord>().Select(o => o.OrderNumber));
    }

    [Fact]
    public async Task An_export_cut_off_in_its_last_row_fails_on_that_line_after_the_complete_orders()
    {
        var rows = new List<ImportRow>();
        var error = await Assert.ThrowsAsync<ImportException>(async () =>
        {
            await using var stream = new UploadStream(Fixture.Bytes("shopify-truncated.csv"));
            await foreach (var row in Adapter.ReadAsync(stream, new ImportContext { FileName = "shopify-truncated.csv" }, TestContext.Cancellation))
            {
                rows.Add(row);
            }
        });

        Assert.Equal(10, error.Line);
        Assert.Contains("ends in the middle of line 10", error.Message);
        Assert.Equal(5, rows.Records<OrderRecord>().Count);
    }

    [Fact]
    public async Task An_export_cut_inside_a_quoted_note_fails_on_the_line_where_that_row_starts()
    {
        var text = Fixture.Text("shopify-orders.csv", System.Text.Encoding.UTF8);
        var cut = text.IndexOf("Leave at the door", StringComparison.Ordinal) + 5;

        var error = await Assert.ThrowsAsync<ImportException>(() =>
            Fixture.ReadBytesAsync(Adapter, System.Text.Encoding.UTF8.GetBytes(text[..cut]), "orders_export.csv"));

        Assert.Equal(4, error.Line);
        Assert.Contains("never closed", error.Message);
    }

    [Fact]
    public async Task An_export_saved_again_in_another_encoding_is_refused_with_the_encoding_to_try()
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(Adapter, "shopify-wrong-encoding.csv"));

        Assert.Contains("not valid utf-8", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("try encoding=windows-1252", error.Message);
    }

    [Fact]
    public async Task A_header_without_total_is_refused_naming_what_is_missing()
    {
        var bytes = "Name,Email,Financial Status,Created at,Lineitem quantity,Lineitem name,Lineitem price\n#1,a@b.c,paid,2024-03-01 10:00:00 +0000,1,X,1.00\n"u8.ToArray();

        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadBytesAsync(Adapter, bytes, "orders_export.csv"));

        Assert.Contains("lacks Total", error.Message);
    }

    [Fact]
    public async Task A_file_that_is_no_shopify_export_says_which_headings_were_looked_for()
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(Adapter, "template-customers-utf8.csv"));

        Assert.Contains("No Shopify orders export header", error.Message);
        Assert.Contains("Financial Status", error.Message);
    }
}
