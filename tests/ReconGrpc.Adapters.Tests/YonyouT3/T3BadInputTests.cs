using System.Text;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Adapters.YonyouT3;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.YonyouT3;

/// <summary>What the T3 adapter says about files it cannot read whole or rows it cannot read.</summary>
public sealed class T3BadInputTests
{
    private readonly YonyouT3Adapter _adapter = new();

    [Fact]
    public async Task Text_in_an_amount_column_and_an_impossible_date_are_row_errors_with_their_lines()
    {
        var rows = await Fixture.ReadAsync(_adapter, "t3-ledger-bad-rows.csv");

        var errors = rows.Errors();
        Assert.Equal(2, errors.Count);
        Assert.Equal((7L, "贷方"), (errors[0].Line, errors[0].Field));
        Assert.Contains("'伍万捌仟' in 贷方 is not an amount", errors[0].Reason);
        Assert.Equal((12L, "日"), (errors[1].Line, errors[1].Field));
        Assert.Contains("2024年02月30日", errors[1].Reason);
    }

    [Fact]
    public async Task Totals_that_include_an_unreadable_posting_are_not_reported_as_mismatches_too()
    {
        var rows = await Fixture.ReadAsync(_adapter, "t3-ledger-bad-rows.csv");

        Assert.DoesNotContain(rows.Errors(), e => e.Reason.Contains("合计") || e.Reason.Contains("累计"));
        Assert.Equal(8, rows.Records<LedgerEntryRecord>().Count);
    }

    [Fact]
    public async Task A_ledger_without_its_credit_column_is_refused_naming_the_missing_column()
    {
        var problem = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(_adapter, "t3-ledger-missing-credit-column.csv"));

        Assert.Contains("has no 贷方 column", problem.Message);
        Assert.Equal(3, problem.Line);
    }

    [Fact]
    public async Task A_truncated_workbook_is_refused_as_damaged()
    {
        var bytes = Fixture.Bytes("t3-ledger-hualian-2024q1.xlsx");

        var problem = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadBytesAsync(_adapter, bytes[..(bytes.Length / 2)], "ledger.xlsx"));

        Assert.Contains("not a complete XLSX workbook", problem.Message);
    }

    [Fact]
    public async Task A_truncated_xls_is_refused_as_damaged()
    {
        var bytes = Fixture.Bytes("t3-ledger-hualian-2024q1.xls");

        var problem = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadBytesAsync(_adapter, bytes[..(bytes.Length / 2)], "ledger.xls"));

        Assert.Contains("XLS workbook", problem.Message);
    }

    [Fact]
    public async Task A_file_that_is_no_T3_export_is_refused_with_what_was_expected()
    {
        var bytes = Encoding.UTF8.GetBytes("name,value\nA,1\nB,2\n");

        var problem = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadBytesAsync(_adapter, bytes, "other.csv"));

        Assert.Contains("No Yonyou T3 header row", problem.Message);
        Assert.Contains("凭证号, 摘要, 借方, 贷方, 方向, 余额", problem.Message);
    }

    [Fact]
    public async Task A_ledger_that_names_no_customer_asks_for_the_customer_option_and_reads_with_it()
    {
        var csv = Fixture.Text("t3-ledger-hualian-2024q1.csv", Fixture.Gbk).Replace("客户：0101001 上海华联超市有限公司", string.Empty);
        var bytes = Fixture.Gbk.GetBytes(csv);

        var problem = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadBytesAsync(_adapter, bytes, "ledger.csv"));
        var rows = await Fixture.ReadBytesAsync(_adapter, bytes, "ledger.csv", ("customer", "0101001"));

        Assert.Contains("customer option", problem.Message);
        Assert.All(rows.Records<LedgerEntryRecord>(), e => Assert.Equal("0101001", e.CustomerCode));
    }

    [Fact]
    public async Task A_ledger_that_names_no_year_asks_for_the_year_option_and_reads_with_it()
    {
        var csv = Fixture.Text("t3-ledger-hualian-2024q1.csv", Fixture.Gbk).Replace("2024年,", "年份,").Replace("期间：2024.01-2024.03", string.Empty);
        var bytes = Fixture.Gbk.GetBytes(csv);

        var problem = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadBytesAsync(_adapter, bytes, "ledger.csv"));
        var rows = await Fixture.ReadBytesAsync(_adapter, bytes, "ledger.csv", ("year", "2023"));

        Assert.Contains("year option", problem.Message);
        Assert.All(rows.Records<LedgerEntryRecord>(), e => Assert.Equal(2023, e.Date.Year));
    }

    [Fact]
    public async Task A_gbk_file_read_as_utf8_on_request_is_refused_with_advice_on_the_encoding()
    {
        var problem = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(_adapter, "t3-ledger-hualian-2024q1.csv", ("encoding", "utf-8")));

        Assert.Contains("not valid", problem.Message);
        Assert.Contains("encoding", problem.Message);
    }

    [Fact]
    public async Task A_cancelled_read_stops()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await using var stream = new MemoryStream(Fixture.Bytes("t3-ledger-hualian-2024q1.csv"));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in _adapter.ReadAsync(stream, ImportContext.Empty, cancelled.Token))
            {
            }
        });
    }
}
