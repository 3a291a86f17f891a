using System.Text;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;
using ReconGrpc.Samples.SimpleBankCsv;

namespace ReconGrpc.Adapters.Tests.Samples;

/// <summary>The partner sample reads its own fixture, as docs/plugins.md says it does.</summary>
public sealed class SimpleBankCsvTests
{
    private readonly SimpleBankCsvAdapter _adapter = new();

    [Fact]
    public async Task A_bank_download_becomes_statement_lines_of_money_in_and_out()
    {
        var rows = await Fixture.ReadAsync(_adapter, "sample-bank-statement.csv");

        var lines = rows.Records<StatementLineRecord>();
        Assert.Equal([9_360.00m, -1_200.00m, 12_500.00m], lines.Select(l => l.Amount).ToList());
        Assert.All(lines, l => Assert.Equal(AmountConvention.CashFlow, l.Convention));
        Assert.Equal(("上海华联超市有限公司", "1001244309004613428", "BK20240308001"), (lines[0].CounterpartyName, lines[0].CounterpartyAccount, lines[0].VoucherNumber));
        Assert.Equal(-9_360.00m, lines[0].ToOurLedgerAmount());
        Assert.Equal([2L, 3L, 4L], rows.Select(r => r.Line).ToList());
    }

    [Fact]
    public async Task A_bad_amount_is_a_row_error_with_its_line()
    {
        var bytes = Encoding.UTF8.GetBytes("交易日期,收入金额,支出金额\n2024-03-08,九千,\n2024-03-09,100.00,\n");

        var rows = await Fixture.ReadBytesAsync(_adapter, bytes, "bank.csv");

        var error = Assert.Single(rows.Errors());
        Assert.Equal((2L, "收入金额"), (error.Line, error.Field));
        Assert.Single(rows.Records<StatementLineRecord>());
    }

    [Fact]
    public async Task A_file_without_the_date_column_is_refused()
    {
        var bytes = Encoding.UTF8.GetBytes("日期,收入金额,支出金额\n2024-03-08,1,\n");

        var problem = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadBytesAsync(_adapter, bytes, "bank.csv"));

        Assert.Contains("交易日期", problem.Message);
    }

    [Fact]
    public void The_sample_is_a_plugin_this_sdk_accepts()
    {
        Assert.True(PluginSdk.CheckCompatibility(typeof(SimpleBankCsvAdapter).Assembly).IsCompatible);
    }
}
