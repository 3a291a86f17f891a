using System.Text;
using ReconGrpc.Adapters.Ofx;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.Ofx;

/// <summary>What the OFX adapter says about files it cannot read whole and transactions it cannot read.</summary>
public sealed class OfxBadInputTests
{
    private readonly OfxAdapter _adapter = new();

    [Fact]
    public async Task Transactions_without_an_amount_or_date_or_with_a_bad_one_are_row_errors_with_their_lines_and_reading_goes_on()
    {
        var rows = await Fixture.ReadAsync(_adapter, "ofx-bad-rows.ofx");

        var errors = rows.Errors();
        Assert.Equal(
            [(16L, "TRNAMT"), (17L, "DTPOSTED"), (18L, "TRNAMT"), (19L, "DTPOSTED")],
            errors.Select(e => (e.Line, e.Field!)));
        Assert.Contains("has no TRNAMT", errors[0].Reason);
        Assert.Contains("(FITID B2)", errors[0].Reason);
        Assert.Contains("has no DTPOSTED", errors[1].Reason);
        Assert.Contains("TRNAMT '12.3.4' (FITID B4) is not an amount", errors[2].Reason);
        Assert.Contains("DTPOSTED '20231345' (FITID B5) is not an OFX date", errors[3].Reason);

        Assert.Equal(["B1", "B6"], rows.Records<StatementLineRecord>().Select(l => l.SourceId));
        Assert.Single(rows.Records<StatementBalanceRecord>());
    }

    [Fact]
    public async Task A_file_cut_off_inside_a_transaction_is_refused_naming_the_line_the_transaction_starts_on()
    {
        var problem = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(_adapter, "ofx-truncated.ofx"));

        Assert.Contains("inside the STMTTRN that starts on line 16", problem.Message);
        Assert.Contains("truncated", problem.Message);
        Assert.Equal(19L, problem.Line);
    }

    [Fact]
    public async Task An_xml_file_cut_off_after_its_statement_but_before_the_closing_ofx_is_refused_as_truncated()
    {
        var text = Fixture.Text("ofx-xml-utf8.ofx", Encoding.UTF8);
        var cut = Encoding.UTF8.GetBytes(text[..text.IndexOf("</BANKMSGSRSV1>", StringComparison.Ordinal)]);

        var problem = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadBytesAsync(_adapter, cut, "cut.ofx"));

        Assert.Contains("without the closing </OFX>", problem.Message);
    }

    [Fact]
    public async Task A_file_cut_off_inside_a_tag_is_refused_with_its_line()
    {
        var text = Fixture.Text("ofx-bad-rows.ofx", Encoding.ASCII);
        var cut = Encoding.ASCII.GetBytes(text[..(text.IndexOf("<FITID>B6", StringComparison.Ordinal) + 4)]);

        var problem = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadBytesAsync(_adapter, cut, "cut.ofx"));

        Assert.Equal(20L, problem.Line);
        Assert.Contains("never closed with '>'", problem.Message);
    }

    [Fact]
    public async Task A_transaction_never_closed_before_the_next_one_is_a_row_error_and_the_next_one_is_read()
    {
        var rows = await Fixture.ReadAsync(_adapter, "ofx-unclosed-stmttrn.ofx");

        var error = Assert.Single(rows.Errors());
        Assert.Equal((15L, "STMTTRN"), (error.Line, error.Field));
        Assert.Contains("not closed with </STMTTRN> before <STMTTRN> on line 16", error.Reason);
        Assert.Equal("U2", Assert.Single(rows.Records<StatementLineRecord>()).SourceId);
    }

    [Fact]
    public async Task A_refused_sign_on_is_an_import_error_quoting_the_servers_message()
    {
        var problem = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(_adapter, "ofx-signon-error.ofx"));

        Assert.Contains("code 15500 (ERROR): \"Signon invalid: check your user id and password\"", problem.Message);
        Assert.Equal(14L, problem.Line);
    }

    [Fact]
    public async Task A_statement_the_server_could_not_give_is_a_row_error_and_the_next_statement_is_read()
    {
        var rows = await Fixture.ReadAsync(_adapter, "ofx-statement-error.ofx");

        var error = Assert.Single(rows.Errors());
        Assert.Equal((14L, "STATUS"), (error.Line, error.Field));
        Assert.Contains("code 2003 (ERROR): \"Account not found\"", error.Reason);
        Assert.Equal(50.00m, Assert.Single(rows.Records<StatementLineRecord>()).Amount);
        Assert.Equal(("777", 150.00m), (Assert.Single(rows.Records<StatementBalanceRecord>()).Account, rows.Records<StatementBalanceRecord>()[0].ClosingBalance));
    }

    [Fact]
    public async Task A_file_whose_header_says_utf_8_but_holds_windows_1252_bytes_is_refused_naming_the_line()
    {
        var problem = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(_adapter, "ofx-utf8-header-cp1252-bytes.ofx"));

        Assert.Equal(15L, problem.Line);
        Assert.Contains("not valid UTF-8", problem.Message);
        Assert.Contains("E9", problem.Message);
        Assert.Contains("encoding option", problem.Message);
    }

    [Fact]
    public async Task A_csv_named_ofx_is_refused_as_not_ofx_quoting_how_it_starts()
    {
        var problem = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(_adapter, "ofx-not-ofx.ofx"));

        Assert.Contains("not OFX: it starts with 'Date,Description,Amount'", problem.Message);
        Assert.Contains("OFXHEADER:100", problem.Message);
    }

    [Fact]
    public async Task An_empty_file_is_refused()
    {
        var problem = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadBytesAsync(_adapter, [], "empty.ofx"));

        Assert.Contains("empty", problem.Message);
    }

    [Fact]
    public async Task A_header_followed_by_another_element_than_ofx_is_refused()
    {
        var bytes = Encoding.ASCII.GetBytes("OFXHEADER:100\nDATA:OFXSGML\n\n<HTML><BODY>Service unavailable</BODY></HTML>\n");

        var problem = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadBytesAsync(_adapter, bytes, "download.ofx"));

        Assert.Contains("Line 4 holds <HTML>", problem.Message);
    }

    [Fact]
    public async Task A_complete_file_without_a_bank_or_card_statement_is_refused()
    {
        var bytes = Encoding.ASCII.GetBytes(
            "OFXHEADER:100\nDATA:OFXSGML\n\n<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS></SONRS></SIGNONMSGSRSV1>"
            + "<INVSTMTMSGSRSV1><INVSTMTTRNRS><INVSTMTRS></INVSTMTRS></INVSTMTTRNRS></INVSTMTMSGSRSV1></OFX>\n");

        var problem = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadBytesAsync(_adapter, bytes, "brokerage.ofx"));

        Assert.Contains("no bank or credit-card statement", problem.Message);
    }

    [Fact]
    public async Task A_closing_balance_that_is_not_an_amount_is_a_row_error_and_the_statement_keeps_its_lines()
    {
        var text = Fixture.Text("ofx-sgml-tabs-cp1252.ofx", Encoding.Latin1).Replace("<BALAMT>3215,49", "<BALAMT>3.215,49", StringComparison.Ordinal);

        var rows = await Fixture.ReadBytesAsync(_adapter, Encoding.Latin1.GetBytes(text), "thousands.ofx");

        var error = Assert.Single(rows.Errors());
        Assert.Equal((57L, "BALAMT"), (error.Line, error.Field));
        Assert.Null(Assert.Single(rows.Records<StatementBalanceRecord>()).ClosingBalance);
        Assert.Equal(2, rows.Records<StatementLineRecord>().Count);
    }
}
