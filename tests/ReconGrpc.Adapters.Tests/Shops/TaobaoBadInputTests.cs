using ReconGrpc.Adapters.Taobao;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.Shops;

/// <summary>Bad rows are reported with their line and reading goes on; a file that cannot be read says why and what to do.</summary>
public sealed class TaobaoBadInputTests
{
    private static readonly TaobaoOrdersAdapter Adapter = new();

    [Fact]
    public async Task Rows_of_one_order_whose_repeated_totals_disagree_name_the_order_and_both_lines_and_the_order_is_left_out()
    {
        var rows = await Fixture.ReadAsync(Adapter, "taobao-totals-disagree.csv");

        var error = Assert.Single(rows.Errors());
        Assert.Equal((3L, "买家实际支付金额"), (error.Line, error.Field));
        Assert.Contains("Order 3571234567890200001", error.Reason);
        Assert.Contains("217.00 on this line but 207.00 on line 2", error.Reason);
        Assert.Contains("not imported", error.Reason);

        Assert.Equal(["3571234567890200002", "3571234567890200003"], rows.Records<OrderRecord>().Select(o => o.OrderNumber));
    }

    [Fact]
    public async Task Bad_rows_are_reported_with_line_and_column_and_the_good_orders_around_them_are_read()
    {
        var rows = await Fixture.ReadAsync(Adapter, "taobao-bad-rows.csv");
        var errors = rows.Errors();

        Assert.Collection(errors,
            e => Assert.Equal((3L, "买家实际支付金额"), (e.Line, e.Field)),
            e => Assert.Equal((4L, "订单创建时间"), (e.Line, e.Field)),
            e => Assert.Equal((5L, "订单编号"), (e.Line, e.Field)),
            e => Assert.Equal((6L, "订单编号"), (e.Line, e.Field)),
            e => Assert.Equal((7L, "退款金额"), (e.Line, e.Field)));
        Assert.Contains("'一百' is not an amount", errors[0].Reason);
        Assert.Contains("'2024-02-30 12:00:00' is not a date", errors[1].Reason);
        Assert.Contains("no order number", errors[2].Reason);
        Assert.Contains("'3.57123E+18'", errors[3].Reason);
        Assert.Contains("lost its last digits", errors[3].Reason);
        Assert.Contains("negative", errors[4].Reason);

        Assert.Equal([2L, 8L], rows.OfType<RecordRow>().Select(r => r.Line));
        var last = rows.Records<OrderRecord>()[^1];
        Assert.Equal(72.00m, last.Amount);
        Assert.Equal(6.00m, last.ShippingAmount);
        Assert.Equal("靠垫", last.Memo);
    }

    [Fact]
    public async Task A_report_cut_off_in_its_last_row_fails_on_that_line_after_the_complete_orders()
    {
        var rows = new List<ImportRow>();
        var error = await Assert.ThrowsAsync<ImportException>(async () =>
        {
            await using var stream = new UploadStream(Fixture.Bytes("taobao-truncated.csv"));
            await foreach (var row in Adapter.ReadAsync(stream, new ImportContext { FileName = "taobao-truncated.csv" }, TestContext.Cancellation))
            {
                rows.Add(row);
            }
        });

        Assert.Equal(6, error.Line);
        Assert.Contains("ends in the middle of line 6", error.Message);
        Assert.Contains("cut off", error.Message);
        Assert.Equal(4, rows.Records<OrderRecord>().Count);
    }

    [Fact]
    public async Task A_row_cut_short_in_the_middle_of_the_file_is_a_row_error_and_the_orders_after_it_are_read()
    {
        var text = "订单编号,买家会员名,买家实际支付金额,订单创建时间,宝贝标题\r\n"
                   + "=\"3571234567890000001\",a,1.00,2024-03-01 10:00:00,抱枕\r\n"
                   + "=\"3571234567890000002\",b\r\n"
                   + "=\"3571234567890000003\",c,3.00,2024-03-01 10:00:00,靠垫\r\n";

        var rows = await Fixture.ReadBytesAsync(Adapter, System.Text.Encoding.UTF8.GetBytes(text), "ExportOrderList.csv");

        var error = Assert.Single(rows.Errors());
        Assert.Equal(3, error.Line);
        Assert.Contains("2 of the header's 5 columns", error.Reason);
        Assert.Equal(["3571234567890000001", "3571234567890000003"], rows.Records<OrderRecord>().Select(o => o.OrderNumber));
    }

    [Fact]
    public async Task Lines_above_the_header_that_start_with_a_hash_still_count_for_the_line_numbers()
    {
        var text = "#淘宝卖家中心导出\r\n#导出时间：2024-03-31\r\n订单编号,买家会员名,买家实际支付金额,订单创建时间\r\n"
                   + "=\"3571234567890000001\",a,1.00,2024-03-01 10:00:00\r\n"
                   + "=\"3571234567890000002\",b,x,2024-03-01 10:00:00\r\n";

        var rows = await Fixture.ReadBytesAsync(Adapter, System.Text.Encoding.UTF8.GetBytes(text), "ExportOrderList.csv");

        Assert.Equal(4, Assert.IsType<RecordRow>(rows[0]).Line);
        Assert.Equal(5, Assert.Single(rows.Errors()).Line);
    }

    [Fact]
    public async Task A_gbk_report_cut_inside_a_chinese_character_is_refused()
    {
        var bytes = Fixture.Bytes("taobao-orders-gbk.csv");
        var cut = bytes.AsSpan().IndexOf(Fixture.Gbk.GetBytes("天猫用户")) + 1;

        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadBytesAsync(Adapter, bytes[..cut], "ExportOrderList.csv"));

        Assert.Equal(6, error.Line);
    }

    [Fact]
    public async Task A_gbk_report_read_as_utf8_says_to_try_encoding_gbk()
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(Adapter, "taobao-orders-gbk.csv", ("encoding", "utf-8")));

        Assert.Contains("try encoding=gbk", error.Message);
    }

    [Fact]
    public async Task A_report_whose_chinese_was_lost_to_replacement_characters_finds_no_header_and_says_why()
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(Adapter, "taobao-mojibake.csv"));

        Assert.Contains("No 淘宝 订单报表 header", error.Message);
        Assert.Contains("replacement characters", error.Message);
        Assert.Contains("try encoding=gbk", error.Message);
    }

    [Fact]
    public async Task The_item_report_alone_is_refused_with_the_report_to_import_instead()
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(Adapter, "taobao-item-report.csv"));

        Assert.Contains("宝贝报表", error.Message);
        Assert.Contains("Import the 订单报表", error.Message);
    }

    [Fact]
    public async Task A_file_that_is_no_order_report_says_which_headings_were_looked_for()
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(Adapter, "cnbank-icbc-corporate-gbk.csv"));

        Assert.Contains("订单编号", error.Message);
        Assert.Contains("买家实际支付金额", error.Message);
    }

    [Fact]
    public async Task An_empty_file_is_refused()
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadBytesAsync(Adapter, [], "empty.csv"));

        Assert.Contains("empty", error.Message);
    }
}
