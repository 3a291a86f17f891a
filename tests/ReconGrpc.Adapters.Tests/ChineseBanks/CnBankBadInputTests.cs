using System.Text;
using ReconGrpc.Adapters.ChineseBanks;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.ChineseBanks;

/// <summary>Bad rows are reported with their line and reading goes on; a file that cannot be read says why and what to try.</summary>
public sealed class CnBankBadInputTests
{
    private static readonly ChineseBankAdapter Adapter = new();

    [Fact]
    public async Task Bad_rows_are_reported_with_line_and_column_and_the_good_rows_around_them_are_read()
    {
        var rows = await Fixture.ReadAsync(Adapter, "cnbank-bad-rows.csv");
        var errors = rows.Errors();

        Assert.Collection(errors,
            e => Assert.Equal((4L, "借方发生额"), (e.Line, e.Field)),
            e => Assert.Equal((5L, "交易日期"), (e.Line, e.Field)),
            e => Assert.Equal((6L, (string?)null), (e.Line, e.Field)),
            e => Assert.Equal((7L, (string?)null), (e.Line, e.Field)));
        Assert.Contains("'1,2345.00' is not an amount", errors[0].Reason);
        Assert.Contains("'2024-02-30' is not a date", errors[1].Reason);
        Assert.Contains("Both 借方发生额 (100.00) and 贷方发生额 (100.00)", errors[2].Reason);
        Assert.Contains("no amount", errors[3].Reason);

        Assert.Equal([3L, 8L], rows.OfType<RecordRow>().Where(r => r.Record is StatementLineRecord).Select(r => r.Line));
        Assert.Equal([20_000.00m, 3_000.00m], rows.Records<StatementLineRecord>().Select(l => l.Amount));
        Assert.Single(rows.Records<StatementBalanceRecord>());
    }

    [Fact]
    public async Task A_download_cut_off_inside_a_quoted_cell_fails_on_the_line_where_that_row_starts()
    {
        var rows = new List<ImportRow>();
        var error = await Assert.ThrowsAsync<ImportException>(async () =>
        {
            await using var stream = new UploadStream(Fixture.Bytes("cnbank-truncated.csv"));
            await foreach (var row in Adapter.ReadAsync(stream, new ImportContext { FileName = "cnbank-truncated.csv" }, TestContext.Cancellation))
            {
                rows.Add(row);
            }
        });

        Assert.Equal(4, error.Line);
        Assert.Contains("never closed", error.Message);
        Assert.Single(rows.Records<StatementLineRecord>());
    }

    [Fact]
    public async Task A_gbk_download_read_as_utf8_says_to_try_encoding_gbk()
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(Adapter, "cnbank-icbc-corporate-gbk.csv", ("encoding", "utf-8")));

        Assert.Contains("try encoding=gbk", error.Message);
    }

    [Fact]
    public async Task A_utf8_download_read_as_gbk_says_to_try_encoding_utf8_not_gbk()
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(Adapter, "cnbank-bad-rows.csv", ("encoding", "gbk")));

        Assert.Contains("try encoding=utf-8", error.Message);
        Assert.DoesNotContain("try encoding=gbk", error.Message);
    }

    [Fact]
    public async Task A_download_whose_chinese_was_lost_to_replacement_characters_finds_no_header_and_says_to_try_encoding_gbk()
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(Adapter, "cnbank-mojibake.csv"));

        Assert.Contains("No bank statement header", error.Message);
        Assert.Contains("try encoding=gbk", error.Message);
    }

    [Fact]
    public async Task A_file_without_a_bank_header_says_which_headings_were_looked_for()
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(Adapter, "cnbank-no-header.csv"));

        Assert.Contains("first 60 rows", error.Message);
        Assert.Contains("交易日期", error.Message);
        Assert.Contains("借方发生额", error.Message);
        Assert.Contains("交易金额", error.Message);
    }

    [Fact]
    public async Task A_header_below_sixty_rows_of_preamble_is_not_looked_for()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 60; i++)
        {
            text.Append("说明：第").Append(i).Append("行\r\n");
        }

        text.Append("交易日期,摘要,支出,收入,余额,对方户名\r\n2024-03-01,货款,,100.00,100.00,张三\r\n");

        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadBytesAsync(Adapter, Encoding.UTF8.GetBytes(text.ToString()), "late.csv"));

        Assert.Equal(60, error.Line);
    }

    [Fact]
    public async Task A_forced_profile_that_does_not_fit_the_header_names_the_profile()
    {
        if (RealFiles.Folder is null)
        {
            return;
        }

        var error = await Assert.ThrowsAsync<ImportException>(() =>
            Fixture.ReadBytesAsync(Adapter, RealFiles.Bytes("cn-bank/deg-boc-debit.csv"), "deg-boc-debit.csv", ("profile", "icbc")));

        Assert.Contains("中国工商银行 (ICBC)", error.Message);
    }

    [Fact]
    public async Task Blank_placeholder_and_masked_cells_are_empty_not_errors()
    {
        const string csv = "交易日期,摘要,支出,收入,余额,对方户名,对方账号\r\n"
                           + "2024-03-01,货款,--,\"1,000.00\",\"xx,yyyy.zz\",-,-\r\n"
                           + "2024-03-02,费用,\" 12.50\t\",-,***,—,—\r\n";

        var rows = await Fixture.ReadBytesAsync(Adapter, Encoding.UTF8.GetBytes(csv), "masked.csv");

        Assert.Empty(rows.Errors());
        var lines = rows.Records<StatementLineRecord>();
        Assert.Equal([1_000.00m, -12.50m], lines.Select(l => l.Amount));
        Assert.All(lines, l => Assert.Null(l.Balance));
        Assert.All(lines, l => Assert.Null(l.CounterpartyAccount));
        Assert.Null(Assert.Single(rows.Records<StatementBalanceRecord>()).ClosingBalance);
    }
}
