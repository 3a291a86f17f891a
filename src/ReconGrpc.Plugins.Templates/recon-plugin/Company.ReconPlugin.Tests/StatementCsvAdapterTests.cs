using System.Text;
using ReconGrpc.Plugins.Abstractions;
using ReconGrpc.Plugins.Testing;

namespace Company.ReconPlugin.Tests;

/// <summary>The adapter run as the server runs it (AdapterRun): detection, a stream that cannot seek, the row timeout.</summary>
public sealed class StatementCsvAdapterTests
{
    private static readonly string Sample = Path.Combine(AppContext.BaseDirectory, "sample-statement.csv");

    private readonly StatementCsvAdapter _adapter = new();

    [Fact]
    public async Task The_sample_statement_is_recognised_and_becomes_lines_of_money_in_and_out()
    {
        var result = await AdapterRun.ReadFileAsync(_adapter, Sample, new AdapterRunOptions { IntoStatement = StatementKind.BankStatement });

        Assert.True(result.Detection.Confidence >= 0.8, result.Detection.Reason);
        Assert.Empty(result.Errors);
        var lines = result.RecordsOf<StatementLineRecord>();
        Assert.Equal([9_360.00m, -1_200.00m, 12_500.00m], lines.Select(l => l.Amount));
        // Money received from a customer lowers what it owes us.
        Assert.Equal(-9_360.00m, lines[0].ToOurLedgerAmount());
        Assert.Equal([2L, 3L, 4L], result.Rows.Select(r => r.Line));
    }

    [Fact]
    public async Task A_bad_amount_is_a_row_error_with_its_line_and_the_next_row_is_still_read()
    {
        var result = await AdapterRun.ReadAsync(_adapter, Encoding.UTF8.GetBytes("date,amount\n2024-03-08,九千\n2024-03-09,100.00\n"), "statement.csv");

        var error = Assert.Single(result.Errors);
        Assert.Equal((2L, "amount"), (error.Line, error.Field));
        Assert.Single(result.Records);
    }

    [Fact]
    public async Task A_file_without_a_date_column_is_refused_whole()
    {
        var refused = await Assert.ThrowsAsync<ImportException>(() => AdapterRun.ReadAsync(_adapter, Encoding.UTF8.GetBytes("amount\n1.00\n"), "statement.csv"));

        Assert.Contains("'date'", refused.Message);
    }

    [Fact]
    public async Task An_option_the_adapter_does_not_take_is_refused_before_reading()
    {
        var options = new AdapterRunOptions { Options = new Dictionary<string, string> { ["delimiter"] = ";" } };

        await Assert.ThrowsAsync<ArgumentException>(() => AdapterRun.ReadFileAsync(_adapter, Sample, options));
    }
}
