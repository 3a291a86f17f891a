using System.Text;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Adapters.WeChatPay;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.WeChatPay;

/// <summary>Bad rows are reported with their line and column; a bill cut off or garbled is refused with what to do; totals that disagree are said.</summary>
public sealed class WeChatBadInputTests
{
    private static readonly WeChatPayAdapter Adapter = new();

    [Fact]
    public async Task Bad_rows_of_a_personal_bill_are_reported_with_line_and_column_and_the_rows_around_them_are_read()
    {
        var rows = await Fixture.ReadAsync(Adapter, "wechatpay-personal-bad-rows.csv");
        var errors = rows.Errors();

        Assert.Collection(errors,
            e => Assert.Equal((19L, "金额(元)"), (e.Line, e.Field)),
            e => Assert.Equal((20L, "交易时间"), (e.Line, e.Field)),
            e => Assert.Equal((21L, "收/支"), (e.Line, e.Field)));
        Assert.Contains("'¥一百' is not an amount", errors[0].Reason);
        Assert.Contains("'2024-02-30 12:45:27' is not a date", errors[1].Reason);
        Assert.Contains("'入账' is neither 收入", errors[2].Reason);

        Assert.Equal([18L, 22L], rows.OfType<RecordRow>().Where(r => r.Record is StatementLineRecord).Select(r => r.Line));
        Assert.Equal([128.00m, 88.80m], rows.Records<StatementLineRecord>().Select(l => l.Amount));

        // The preamble's count includes the bad rows: the host counts them as unread, so the bill still adds up to 5.
        Assert.Equal(5, Assert.Single(rows.Records<StatementBalanceRecord>()).DeclaredCount);
    }

    [Fact]
    public async Task Bad_rows_of_a_trade_bill_are_reported_and_its_summary_count_still_counts_them()
    {
        var rows = await Fixture.ReadAsync(Adapter, "wechatpay-trade-bad-rows.csv");
        var errors = rows.Errors();

        Assert.Collection(errors,
            e => Assert.Equal((3L, "应结订单金额"), (e.Line, e.Field)),
            e => Assert.Equal((5L, "交易时间"), (e.Line, e.Field)));
        Assert.Contains("'95.0.0' is not an amount", errors[0].Reason);
        Assert.Contains("'2024-02-30 20:05:09' is not a date", errors[1].Reason);
        Assert.Equal([1299.00m, -7.79m, -299.00m, 1.79m], rows.Records<StatementLineRecord>().Select(l => l.Amount));

        // 总交易单数 4 holds (bad rows included); the sums are left to the host, which knows two rows were not read.
        Assert.Single(rows.Records<StatementBalanceRecord>());
    }

    [Fact]
    public async Task A_personal_bill_whose_preamble_disagrees_with_its_rows_is_declared_for_the_host_to_warn_and_its_neutral_total_is_checked_here()
    {
        var rows = await Fixture.ReadAsync(Adapter, "wechatpay-personal-totals-mismatch.csv");
        var lines = rows.Records<StatementLineRecord>();

        var error = Assert.Single(rows.Errors());
        Assert.Equal(10L, error.Line);
        Assert.Equal("中性交易", error.Field);
        Assert.Contains("¥1,600.00", error.Reason);
        Assert.Contains("¥1,700.00", error.Reason);

        var balance = Assert.Single(rows.Records<StatementBalanceRecord>());
        Assert.Equal(11, balance.DeclaredCount);
        Assert.NotEqual(lines.Count, balance.DeclaredCount);
        Assert.Equal(10.00m, balance.DeclaredCredits - lines.Where(l => l.Amount >= 0).Sum(l => l.Amount));
        Assert.Equal(-lines.Where(l => l.Amount < 0).Sum(l => l.Amount), balance.DeclaredDebits);
    }

    [Fact]
    public async Task A_trade_bill_whose_summary_disagrees_names_both_figures_on_the_summary_line()
    {
        var rows = await Fixture.ReadAsync(Adapter, "wechatpay-trade-summary-mismatch.csv");
        var lines = rows.Records<StatementLineRecord>();

        Assert.Collection(rows.Errors(),
            e =>
            {
                Assert.Equal((7L, "总交易单数"), (e.Line, e.Field));
                Assert.Contains("总交易单数 5, but the bill has 4 rows", e.Reason);
            },
            e =>
            {
                Assert.Equal((7L, "手续费总金额"), (e.Line, e.Field));
                Assert.Contains("手续费总金额 7.9228", e.Reason);
                Assert.Contains("add up to 6.9228", e.Reason);
            });

        // 应结订单总金额 1,462.80 against 1,452.80 of sales: the host's check of money in finds the 10.00.
        var balance = Assert.Single(rows.Records<StatementBalanceRecord>());
        Assert.Equal(10.00m, balance.DeclaredCredits - lines.Where(l => l.Amount >= 0).Sum(l => l.Amount));
        Assert.Equal(-lines.Where(l => l.Amount < 0).Sum(l => l.Amount), balance.DeclaredDebits);
    }

    [Fact]
    public async Task A_fund_flow_bill_whose_summary_disagrees_says_which_count_and_declares_the_totals_for_the_host()
    {
        var rows = await Fixture.ReadAsync(Adapter, "wechatpay-fundflow-summary-mismatch.csv");
        var lines = rows.Records<StatementLineRecord>();

        Assert.Collection(rows.Errors(),
            e =>
            {
                Assert.Equal((11L, "收入笔数"), (e.Line, e.Field));
                Assert.Contains("收入笔数 4, but the bill has 3", e.Reason);
            },
            e =>
            {
                Assert.Equal((11L, "支出笔数"), (e.Line, e.Field));
                Assert.Contains("支出笔数 4, but the bill has 5", e.Reason);
            });

        var balance = Assert.Single(rows.Records<StatementBalanceRecord>());
        Assert.Equal(10.00m, balance.DeclaredDebits + lines.Where(l => l.Amount < 0).Sum(l => l.Amount));
        Assert.Equal(lines.Where(l => l.Amount >= 0).Sum(l => l.Amount), balance.DeclaredCredits);
    }

    [Theory]
    [InlineData("wechatpay-trade-truncated.csv", 3, "without its summary (总交易单数")]
    [InlineData("wechatpay-fundflow-truncated.csv", 6, "ends in the middle of a row on line 6")]
    [InlineData("wechatpay-personal-truncated.csv", 26, "ends in the middle of a row on line 26")]
    public async Task A_bill_cut_off_is_refused_so_no_part_of_it_is_stored(string file, long line, string says)
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(Adapter, file));

        Assert.Equal(line, error.Line);
        Assert.Contains(says, error.Message);
        Assert.Contains("again", error.Message);
    }

    [Fact]
    public async Task A_trade_bill_cut_inside_its_summary_block_is_refused_too()
    {
        var text = Fixture.Text("wechatpay-trade-all.csv", Encoding.UTF8);
        var cut = text[..(text.IndexOf("总交易单数", StringComparison.Ordinal) + 30)];

        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadBytesAsync(Adapter, Encoding.UTF8.GetBytes(cut), "wechatpay-trade-all.csv"));

        Assert.Contains("without its summary", error.Message);
    }

    [Fact]
    public async Task A_personal_xlsx_cut_off_is_refused_as_a_damaged_workbook()
    {
        var bytes = Fixture.Bytes("wechatpay-personal.xlsx");

        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadBytesAsync(Adapter, bytes[..(bytes.Length / 2)], "wechatpay-personal.xlsx"));

        Assert.Contains("XLSX", error.Message);
    }

    [Fact]
    public async Task A_gbk_bill_read_as_utf8_says_to_try_encoding_gbk()
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(Adapter, "wechatpay-personal-gbk.csv", ("encoding", "utf-8")));

        Assert.Contains("not valid UTF-8", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("try encoding=gbk", error.Message);
    }

    [Fact]
    public async Task A_bill_whose_chinese_was_lost_to_replacement_characters_is_refused_and_says_why()
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(Adapter, "wechatpay-personal-mojibake.csv"));

        Assert.Contains("No WeChat Pay bill header", error.Message);
        Assert.Contains("replacement characters", error.Message);
    }

    [Fact]
    public async Task A_file_that_is_no_wechat_bill_says_which_headings_were_looked_for()
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(Adapter, "cnbank-icbc-corporate-gbk.csv"));

        Assert.Contains("No WeChat Pay bill header", error.Message);
        Assert.Contains("微信订单号", error.Message);
        Assert.Contains("资金流水单号", error.Message);
    }

    [Fact]
    public async Task A_request_for_orders_is_refused_because_a_bill_holds_statement_lines()
    {
        var context = new ImportContext { FileName = "wechatpay-trade-all.csv", ExpectedKind = RecordKind.Orders };

        await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadWithContextAsync(Adapter, Fixture.Bytes("wechatpay-trade-all.csv"), context));
    }

    [Fact]
    public async Task Reading_stops_when_the_import_is_cancelled()
    {
        using var cancel = new CancellationTokenSource();
        await using var stream = new UploadStream(Fixture.Bytes("wechatpay-fundflow.csv"));
        var read = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in Adapter.ReadAsync(stream, new ImportContext { FileName = "wechatpay-fundflow.csv" }, cancel.Token))
            {
                read++;
                await cancel.CancelAsync();
            }
        });
        Assert.Equal(1, read);
    }
}
