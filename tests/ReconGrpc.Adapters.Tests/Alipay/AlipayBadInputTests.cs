using System.Text;
using ReconGrpc.Adapters.Alipay;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.Alipay;

/// <summary>Bad rows are reported with their line and reading goes on; a bill that cannot be read says why and what to try.</summary>
public sealed class AlipayBadInputTests
{
    private static readonly AlipayAdapter Adapter = new();

    [Fact]
    public async Task Bad_amount_and_date_rows_are_row_errors_with_line_and_column_and_the_rows_around_them_are_read()
    {
        var rows = await Fixture.ReadAsync(Adapter, "alipay-account-bad-rows.csv");

        Assert.Collection(rows.Errors(),
            e => Assert.Equal((8L, "收入金额（+元）"), (e.Line, e.Field)),
            e => Assert.Equal((10L, "发生时间"), (e.Line, e.Field)));
        Assert.Contains("'358.OO' is not an amount", rows.Errors()[0].Reason);
        Assert.Contains("'2024-02-30 16:00:00' is not a date", rows.Errors()[1].Reason);
        Assert.Equal([6L, 7L, 9L, 11L], rows.OfType<RecordRow>().Where(r => r.Record is StatementLineRecord).Select(r => r.Line));

        // The footer still counts six rows: four lines and two unread rows, which the host adds up to six.
        Assert.Equal(6, Assert.Single(rows.Records<StatementBalanceRecord>()).DeclaredCount);
    }

    [Fact]
    public async Task Account_footer_totals_that_disagree_with_the_rows_are_declared_for_the_host_to_warn()
    {
        var rows = await Fixture.ReadAsync(Adapter, "alipay-account-totals-disagree.csv");

        Assert.Empty(rows.Errors());
        var lines = rows.Records<StatementLineRecord>();
        var balance = Assert.Single(rows.Records<StatementBalanceRecord>());
        Assert.Equal(7657.00m, balance.DeclaredCredits);
        Assert.Equal(6657.00m, lines.Where(l => l.Amount >= 0).Sum(l => l.Amount));
        Assert.Equal(7, balance.DeclaredCount);
        Assert.Equal(6, lines.Count);
    }

    [Fact]
    public async Task Business_footer_totals_that_disagree_with_the_rows_are_a_row_error_on_the_footer_naming_both_figures()
    {
        var rows = await Fixture.ReadAsync(Adapter, "alipay-business-totals-disagree.csv");

        var error = Assert.Single(rows.Errors());
        Assert.Equal((11L, "交易合计"), (error.Line, error.Field));
        Assert.Contains("counts 4 交易 rows, the file holds 3", error.Reason);
        Assert.Contains("商家实收 total is 2,617.00, the 交易 rows' 商家实收 add up to 2,517.00", error.Reason);
        Assert.Equal(8, rows.Records<StatementLineRecord>().Count);
        Assert.IsType<RowError>(rows[^1]);
    }

    [Fact]
    public async Task A_personal_bill_cut_off_in_its_last_row_is_refused_as_truncated()
    {
        var read = new List<ImportRow>();
        var error = await Assert.ThrowsAsync<ImportException>(async () =>
        {
            await using var stream = new UploadStream(Fixture.Bytes("alipay-personal-truncated.csv"));
            await foreach (var row in Adapter.ReadAsync(stream, new ImportContext { FileName = "alipay-personal-truncated.csv" }, TestContext.Cancellation))
            {
                read.Add(row);
            }
        });

        Assert.Equal(24, error.Line);
        Assert.Contains("truncated", error.Message);
        Assert.Equal(4, read.Records<StatementLineRecord>().Count);
    }

    [Fact]
    public async Task A_short_row_in_the_middle_is_a_row_error_not_a_truncation()
    {
        var text = Fixture.Text("alipay-personal-utf8.csv", Encoding.UTF8);
        var lines = text.Split("\r\n");
        lines[19] = "2024-03-06 15:20:41,日用百货,得力文具旗舰店";

        var rows = await Fixture.ReadBytesAsync(Adapter, Encoding.UTF8.GetBytes(string.Join("\r\n", lines)), "short.csv");

        var error = Assert.Single(rows.Errors());
        Assert.Equal(20, error.Line);
        Assert.Contains("3 cells", error.Reason);
        Assert.Equal(4, rows.Records<StatementLineRecord>().Count);
    }

    [Fact]
    public async Task A_merchant_download_without_its_end_of_list_line_is_refused_as_truncated()
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(Adapter, "alipay-account-truncated.csv"));

        Assert.Contains("账务明细列表结束", error.Message);
        Assert.Contains("truncated", error.Message);
        Assert.Equal(8, error.Line);
    }

    [Fact]
    public async Task An_older_personal_bill_without_its_footer_is_refused_as_truncated()
    {
        var text = Fixture.Text("alipay-personal-legacy-gbk.csv", Fixture.Gbk);
        var cut = text[..text.IndexOf("-----------------------------------------------------------------------------------", 200, StringComparison.Ordinal)];

        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadBytesAsync(Adapter, Fixture.Gbk.GetBytes(cut), "cut.csv"));

        Assert.Contains("without its footer", error.Message);
    }

    [Fact]
    public async Task A_gbk_bill_read_as_utf8_says_to_try_encoding_gbk()
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(Adapter, "alipay-account-gbk.csv", ("encoding", "utf-8")));

        Assert.Contains("try encoding=gbk", error.Message);
    }

    [Fact]
    public async Task A_utf8_bill_once_opened_as_gbk_and_saved_again_is_refused_as_garbled_with_the_words_it_should_read()
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(Adapter, "alipay-personal-mojibake.csv"));

        Assert.Contains("No Alipay bill header", error.Message);
        Assert.Contains("garbled", error.Message);
        Assert.Contains("opened as GBK and saved again", error.Message);
    }

    [Fact]
    public async Task A_utf8_bill_read_as_gbk_says_to_try_encoding_utf8()
    {
        // Without its byte-order mark, which would win over the option.
        var bytes = Fixture.Bytes("alipay-personal-utf8.csv")[3..];

        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadBytesAsync(Adapter, bytes, "bill.csv", ("encoding", "gbk")));

        Assert.Contains("try encoding=utf-8", error.Message);
    }

    [Fact]
    public async Task A_file_that_is_no_alipay_bill_says_which_headers_were_looked_for()
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(Adapter, "cnbank-icbc-corporate-gbk.csv"));

        Assert.Contains("No Alipay bill header", error.Message);
        Assert.Contains("账务流水号", error.Message);
        Assert.Contains("交易订单号", error.Message);
    }

    [Fact]
    public async Task An_import_expecting_orders_is_refused()
    {
        var context = new ImportContext { FileName = "alipay-account-gbk.csv", ExpectedKind = RecordKind.Orders };

        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadWithContextAsync(Adapter, Fixture.Bytes("alipay-account-gbk.csv"), context));

        Assert.Contains("statement lines", error.Message);
    }

    [Fact]
    public async Task A_cancelled_read_stops()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await using var stream = new UploadStream(Fixture.Bytes("alipay-business-gbk.csv"));
            await foreach (var unused in Adapter.ReadAsync(stream, new ImportContext(), cancelled.Token))
            {
            }
        });
    }
}
