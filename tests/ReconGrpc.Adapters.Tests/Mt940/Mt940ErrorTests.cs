using System.Text;
using ReconGrpc.Adapters.Mt940;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.Mt940;

/// <summary>Damaged and foreign files: a bad line is reported with its line and reading goes on; a file that cannot be read is refused.</summary>
public sealed class Mt940ErrorTests
{
    private static readonly Mt940Adapter Adapter = new();

    [Fact]
    public async Task Malformed_statement_lines_are_row_errors_with_their_line_and_what_was_expected()
    {
        var rows = await Fixture.ReadAsync(Adapter, "mt940-bad-lines.sta");

        var errors = rows.Errors();
        Assert.Equal([7L, 9, 11, 14], errors.Select(e => e.Line));
        Assert.All(errors, e => Assert.Equal(":61:", e.Field));
        Assert.Contains("value date YYMMDD", errors[0].Reason);
        Assert.Contains("24013X", errors[0].Reason);
        Assert.Contains("decimal point", errors[1].Reason);
        Assert.Contains("12,34", errors[1].Reason);
        Assert.Contains("C, D, RC or RD", errors[2].Reason);
        Assert.Contains("transaction type", errors[3].Reason);

        // The good lines around them are read: 100,00 + 10,00 − 3,00 = 107,00.
        var statement = Assert.Single(ReadStatement.Of(rows));
        Assert.Equal([10m, -3m], statement.Lines.Select(l => l.Amount));
        Assert.Equal(["Good line one", "Good line two"], statement.Lines.Select(l => l.Text));
        Assert.Equal(0m, statement.Difference);
    }

    [Fact]
    public async Task A_file_ending_inside_a_statement_is_refused_as_truncated_naming_the_statement_and_line()
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(Adapter, "mt940-truncated.sta"));

        Assert.Equal(14, error.Line);
        Assert.Contains("'TRUNC-2'", error.Message);
        Assert.Contains("line 9", error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public async Task A_statement_without_closing_balance_before_the_next_is_a_row_error_and_both_are_read()
    {
        var rows = await Fixture.ReadAsync(Adapter, "mt940-missing-closing.sta");

        var error = Assert.Single(rows.Errors());
        Assert.Equal(1, error.Line);
        Assert.Equal(":62F:", error.Field);
        Assert.Contains("'OPEN-1'", error.Reason);
        Assert.Contains("no closing balance", error.Reason);

        var statements = ReadStatement.Of(rows);
        Assert.Equal(2, statements.Count);
        Assert.Equal(1m, Assert.Single(statements[0].Lines).Amount);
        Assert.Null(statements[0].Balance.ClosingBalance);
        Assert.Equal(10m, statements[0].Balance.OpeningBalance);
        Assert.Equal(-2m, Assert.Single(statements[1].Lines).Amount);
        Assert.Equal(0m, statements[1].Difference);
    }

    [Fact]
    public async Task A_file_without_mt940_tags_is_refused_as_not_mt940()
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(Adapter, "mt940-not-mt940.txt"));

        Assert.Contains("not an MT940 file", error.Message);
        Assert.Contains(":20:", error.Message);
    }

    [Fact]
    public async Task A_long_file_without_tags_is_refused_without_reading_it_all()
    {
        var text = string.Concat(Enumerable.Repeat("Date;Amount;Text\n", 1000));

        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadBytesAsync(Adapter, Encoding.ASCII.GetBytes(text), "export.csv"));

        Assert.Contains("not an MT940 file", error.Message);
        Assert.Equal(201, error.Line);
    }

    [Fact]
    public async Task A_utf16_file_without_byte_order_mark_is_refused_as_binary()
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(Adapter, "mt940-utf16-nobom.sta"));

        Assert.Contains("NUL bytes", error.Message);
    }

    [Fact]
    public async Task A_latin1_file_read_as_utf8_is_refused_naming_the_encoding_and_line()
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(Adapter, "mt940-latin1.sta", ("encoding", "utf-8")));

        Assert.Contains("not valid UTF-8", error.Message);
        Assert.Contains("encoding option", error.Message);
        Assert.NotNull(error.Line);
    }

    [Fact]
    public async Task A_bad_opening_balance_is_a_row_error_on_its_line()
    {
        var text = ":20:X\n:25:DE89370400440532013000\n:60F:C240105EUR100.00\n:61:2401050105C10,00NTRFNONREF//A\n:62F:C240105EUR110,00\n-\n";

        var rows = await Fixture.ReadBytesAsync(Adapter, Encoding.ASCII.GetBytes(text), "x.sta");

        var errors = rows.Errors();
        Assert.Equal([3L, 4], errors.Select(e => e.Line));
        Assert.Equal(":60F:", errors[0].Field);
        Assert.Contains("decimal point", errors[0].Reason);
        Assert.Contains("no readable opening balance", errors[1].Reason);
        Assert.Equal(10m, Assert.Single(rows.Records<StatementLineRecord>()).Amount);
    }

    [Fact]
    public async Task An_unknown_encoding_option_is_refused()
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(Adapter, "mt940-latin1.sta", ("encoding", "klingon")));

        Assert.Contains("klingon", error.Message);
    }
}
