using System.Text;
using ReconGrpc.Adapters.Jd;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.Jd;

/// <summary>Bad rows are reported with their line and reading goes on; a file that cannot be read says why and what to try.</summary>
public sealed class JdBadInputTests
{
    private static readonly JdAdapter Adapter = new();

    [Fact]
    public async Task Bad_bill_rows_are_reported_with_line_and_column_and_the_good_rows_around_them_are_read()
    {
        var rows = await Fixture.ReadAsync(Adapter, "jd-bill-bad-rows.csv");

        Assert.Collection(rows.Errors(),
            e =>
            {
                Assert.Equal((14L, "金额"), (e.Line, e.Field));
                Assert.Contains("'四十五元' is not an amount", e.Reason);
            },
            e =>
            {
                Assert.Equal((15L, "金额"), (e.Line, e.Field));
                Assert.Contains("more came back (145.50) than was paid (120.00)", e.Reason);
            },
            e =>
            {
                Assert.Equal((16L, "收/支"), (e.Line, e.Field));
                Assert.Contains("'其他' is not 收入, 支出 or 不计收支", e.Reason);
            },
            e =>
            {
                Assert.Equal((17L, "交易时间"), (e.Line, e.Field));
                Assert.Contains("'2024-06-31 08:00:00' is not a date", e.Reason);
            });

        Assert.Equal([-399.00m], rows.Records<StatementLineRecord>().Select(l => l.Amount));
        Assert.Equal(5, Assert.Single(rows.Records<StatementBalanceRecord>()).DeclaredCount);
    }

    [Fact]
    public async Task A_bill_cut_off_in_its_last_row_reports_that_row_and_declares_the_count_it_no_longer_meets()
    {
        var rows = await Fixture.ReadAsync(Adapter, "jd-bill-truncated.csv");

        var error = Assert.Single(rows.Errors());
        Assert.Equal(16L, error.Line);
        Assert.Contains("the file may be cut off here", error.Reason);
        Assert.Equal(3, rows.Records<StatementLineRecord>().Count);
        Assert.Equal(5, Assert.Single(rows.Records<StatementBalanceRecord>()).DeclaredCount);
    }

    [Fact]
    public async Task Bad_settlement_rows_are_reported_with_line_and_column_and_the_good_rows_around_them_are_read()
    {
        var rows = await Fixture.ReadAsync(Adapter, "jd-settlement-bad-rows.csv");

        Assert.Collection(rows.Errors(),
            e =>
            {
                Assert.Equal((3L, "应结金额"), (e.Line, e.Field));
                Assert.Contains("'十四元八角' is not an amount", e.Reason);
            },
            e =>
            {
                Assert.Equal((4L, "结算时间"), (e.Line, e.Field));
                Assert.Contains("'2024-04-31 02:00:00' is not a date", e.Reason);
            },
            e =>
            {
                Assert.Equal((5L, "结算时间"), (e.Line, e.Field));
                Assert.Contains("no date", e.Reason);
            },
            e =>
            {
                Assert.Equal((6L, "收支方向"), (e.Line, e.Field));
                Assert.Contains("'转入' is neither 收入 nor 支出", e.Reason);
            },
            e =>
            {
                Assert.Equal((7L, (string?)null), (e.Line, e.Field));
                Assert.Contains("应结金额 is missing", e.Reason);
            });

        Assert.Equal([2L, 8L], rows.OfType<RecordRow>().Where(r => r.Record is StatementLineRecord).Select(r => r.Line));
        Assert.Equal([185.00m, -1.20m], rows.Records<StatementLineRecord>().Select(l => l.Amount));
    }

    [Fact]
    public async Task A_settlement_cut_off_inside_a_quoted_cell_fails_on_the_line_where_that_row_starts()
    {
        var rows = new List<ImportRow>();
        var error = await Assert.ThrowsAsync<ImportException>(async () =>
        {
            await using var stream = new UploadStream(Fixture.Bytes("jd-settlement-truncated.csv"));
            await foreach (var row in Adapter.ReadAsync(stream, new ImportContext { FileName = "jd-settlement-truncated.csv" }, TestContext.Cancellation))
            {
                rows.Add(row);
            }
        });

        Assert.Equal(15, error.Line);
        Assert.Contains("never closed", error.Message);
        Assert.Equal(9, rows.Records<StatementLineRecord>().Count);
    }

    [Fact]
    public async Task A_truncated_order_workbook_is_refused_as_damaged()
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(Adapter, "jd-orders-truncated.xlsx"));

        Assert.Contains("not a complete XLSX workbook", error.Message);
        Assert.Contains("cut off", error.Message);
    }

    [Fact]
    public async Task A_gbk_export_read_as_utf8_says_to_try_encoding_gbk()
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(Adapter, "jd-settlement-gbk.csv", ("encoding", "utf-8")));

        Assert.Contains("try encoding=gbk", error.Message);
    }

    [Fact]
    public async Task An_export_whose_chinese_was_lost_to_replacement_characters_finds_no_header_and_says_to_try_encoding_gbk()
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(Adapter, "jd-settlement-mojibake.csv"));

        Assert.Contains("No JD header", error.Message);
        Assert.Contains("try encoding=gbk", error.Message);
    }

    [Fact]
    public async Task A_file_that_is_not_a_jd_file_says_which_headings_were_looked_for()
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(Adapter, "cnbank-icbc-corporate-gbk.csv"));

        Assert.Contains("No JD header", error.Message);
        Assert.Contains("交易说明", error.Message);
        Assert.Contains("订购数量", error.Message);
        Assert.Contains("费用项", error.Message);
    }

    [Fact]
    public async Task A_kind_named_that_the_header_is_not_finds_no_header_and_says_what_it_looked_for()
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(Adapter, "jd-orders-gbk.csv", ("kind", "settlement")));

        Assert.Contains("结算单明细 header", error.Message);
        Assert.DoesNotContain("订购数量", error.Message);
    }

    [Fact]
    public async Task A_header_below_sixty_rows_of_preamble_is_not_looked_for()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 60; i++)
        {
            text.Append("说明：第").Append(i).Append("行\r\n");
        }

        text.Append("结算单号,订单编号,费用项,金额,结算时间\r\nJS1,1001,货款,100.00,2024-05-15\r\n");

        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadBytesAsync(Adapter, Encoding.UTF8.GetBytes(text.ToString()), "late.csv"));

        Assert.Equal(60, error.Line);
    }

    [Fact]
    public async Task An_empty_file_is_refused()
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadBytesAsync(Adapter, [], "empty.csv"));

        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public async Task Reading_stops_when_the_import_is_cancelled()
    {
        using var cancel = new CancellationTokenSource();
        await using var endless = new EndlessUpload("结算单号,订单编号,费用项,金额,结算时间\r\n", i => $"JS1,{1000 + i},货款,{i}.00,2024-05-15\r\n");
        var read = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var row in Adapter.ReadAsync(endless, new ImportContext { FileName = "endless.csv" }, cancel.Token))
            {
                if (++read == 100)
                {
                    await cancel.CancelAsync();
                }
            }
        });

        Assert.Equal(100, read);
    }
}
