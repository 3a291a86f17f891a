using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Adapters.YonyouT3;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.YonyouT3;

/// <summary>本月合计 / 本年累计 rows are checked against the postings and never imported.</summary>
public sealed class T3SummaryCheckTests
{
    private readonly YonyouT3Adapter _adapter = new();

    [Fact]
    public async Task Summary_rows_that_agree_with_the_postings_give_no_errors_and_no_records()
    {
        var rows = await Fixture.ReadAsync(_adapter, "t3-ledger-hualian-2024q1.csv");

        Assert.Empty(rows.Errors());
        Assert.DoesNotContain(rows.Records<LedgerEntryRecord>(), e => e.Memo is "本月合计" or "本年累计");
    }

    [Fact]
    public async Task A_monthly_total_that_disagrees_with_its_postings_is_an_error_naming_its_line_and_column()
    {
        var rows = await Fixture.ReadAsync(_adapter, "t3-ledger-summary-mismatch.csv");

        // February's 本月合计 says 44,640.00; its postings (−2,340.00 + 46,800.00) make 44,460.00.
        var error = Assert.Single(rows.Errors());
        Assert.Equal(14, error.Line);
        Assert.Equal("借方", error.Field);
        Assert.Contains("本月合计 借方 is 44,640.00", error.Reason);
        Assert.Contains("2024-02 add up to 44,460.00", error.Reason);
    }

    [Fact]
    public async Task A_mismatched_total_does_not_stop_the_postings_from_being_read()
    {
        var rows = await Fixture.ReadAsync(_adapter, "t3-ledger-summary-mismatch.csv");

        Assert.Equal(10, rows.Records<LedgerEntryRecord>().Count);
    }

    [Fact]
    public async Task A_ledger_cut_off_before_its_last_months_totals_is_refused_as_truncated()
    {
        var problem = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(_adapter, "t3-ledger-truncated.csv"));

        Assert.Contains("2024-03", problem.Message);
        Assert.Contains("cut off", problem.Message);
        Assert.Equal(17, problem.Line);
    }

    [Fact]
    public async Task A_yearly_total_that_disagrees_with_the_years_postings_is_an_error()
    {
        var csv = Fixture.Text("t3-ledger-hualian-2024q1.csv", Fixture.Gbk).Replace("本年累计,\"79,560.00\"", "本年累计,\"79,650.00\"");

        var rows = await Fixture.ReadBytesAsync(_adapter, Fixture.Gbk.GetBytes(csv), "ledger.csv");

        var error = Assert.Single(rows.Errors());
        Assert.Equal(15, error.Line);
        Assert.Contains("本年累计 借方 is 79,650.00", error.Reason);
    }

    [Fact]
    public async Task A_total_whose_balance_disagrees_with_the_running_balance_is_an_error_on_the_balance()
    {
        var csv = Fixture.Text("t3-ledger-hualian-2024q1.csv", Fixture.Gbk)
            .Replace("本月合计,\"15,210.00\",\"10,360.00\",借,\"61,010.00\"", "本月合计,\"15,210.00\",\"10,360.00\",贷,\"61,010.00\"");

        var rows = await Fixture.ReadBytesAsync(_adapter, Fixture.Gbk.GetBytes(csv), "ledger.csv");

        var error = Assert.Single(rows.Errors());
        Assert.Equal("余额", error.Field);
        Assert.Contains("贷 61,010.00", error.Reason);
        Assert.Contains("借 61,010.00", error.Reason);
    }
}
