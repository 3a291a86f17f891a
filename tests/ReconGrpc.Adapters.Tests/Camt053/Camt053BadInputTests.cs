using System.Text;
using ReconGrpc.Adapters.Camt053;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;
using static ReconGrpc.Adapters.Tests.Camt053.Camt053RealFileTests;

namespace ReconGrpc.Adapters.Tests.Camt053;

/// <summary>A bad entry is reported on its line and reading goes on; a file that cannot be read is refused, saying why.</summary>
public sealed class Camt053BadInputTests
{
    private static readonly Camt053Adapter Adapter = new();

    [Fact]
    public async Task Entries_without_an_amount_with_a_comma_amount_or_a_bad_date_are_reported_and_the_rest_is_read()
    {
        var rows = await Fixture.ReadAsync(Adapter, "camt053-bad-entries.xml");

        Assert.Equal([(20L, "Amt"), (25L, "Amt"), (31L, "BookgDt")], rows.Errors().Select(e => (e.Line, e.Field!)));
        Assert.Contains("has no Amt", rows.Errors()[0].Reason);
        Assert.Contains("'12,50' is not a number", rows.Errors()[1].Reason);
        Assert.Contains("'2024-02-30' is not a date", rows.Errors()[2].Reason);
        var (balance, lines) = Assert.Single(Statements(rows));
        Assert.Equal(("OK-1", 10.00m), (Assert.Single(lines).SourceId, lines[0].Amount));
        Assert.Equal(10.00m, balance.ClosingBalance);
    }

    [Fact]
    public async Task A_file_cut_off_inside_an_entry_is_refused_naming_its_last_line_after_the_entries_before_it()
    {
        var rows = new List<ImportRow>();
        var context = new ImportContext { FileName = "camt053-truncated.xml" };

        var error = await Assert.ThrowsAsync<ImportException>(async () =>
        {
            await using var stream = new UploadStream(Fixture.Bytes("camt053-truncated.xml"));
            await foreach (var row in Adapter.ReadAsync(stream, context, TestContext.Cancellation))
            {
                rows.Add(row);
            }
        });

        Assert.Equal(80, error.Line);
        Assert.Contains("cut off", error.Message);
        Assert.Contains("line 80", error.Message);
        Assert.Equal(58360.50m, Assert.Single(rows.Records<StatementLineRecord>()).Amount);
    }

    [Fact]
    public async Task A_file_saved_in_latin_1_that_declares_utf_8_is_refused_naming_the_line_and_the_way_out()
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(Adapter, "camt053-wrong-encoding.xml"));

        Assert.Equal(47, error.Line);
        Assert.Contains("Line 47 holds bytes that are not valid", error.Message);
        Assert.Contains("encoding option", error.Message);
    }

    [Fact]
    public async Task The_encoding_option_reads_a_file_whose_declaration_is_wrong()
    {
        var rows = await Fixture.ReadAsync(Adapter, "camt053-wrong-encoding.xml", ("encoding", "iso-8859-1"));

        Assert.Empty(rows.Errors());
        Assert.Equal("Müller GmbH", rows.Records<StatementLineRecord>()[0].CounterpartyName);
    }

    [Fact]
    public async Task An_encoding_this_system_does_not_know_is_refused_with_the_option_to_name_it()
    {
        var xml = Encoding.ASCII.GetBytes("<?xml version=\"1.0\" encoding=\"x-bank-ebcdic-9\"?>\n<Document><BkToCstmrStmt/></Document>");

        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadBytesAsync(Adapter, xml, "odd.xml"));

        Assert.Contains("declares an encoding this system does not know", error.Message);
    }

    [Fact]
    public async Task A_file_that_is_not_xml_is_refused_as_such()
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(Adapter, "t3-customers.csv"));

        Assert.StartsWith("The file is not XML", error.Message);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public async Task An_empty_file_is_refused()
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadBytesAsync(Adapter, [], "empty.xml"));

        Assert.Contains("a camt.053 file starts with", error.Message);
    }

    [Fact]
    public async Task Xml_of_another_iso_20022_message_is_refused_naming_its_root()
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(Adapter, "camt053-pain001-not-a-statement.xml"));

        Assert.Contains("not a camt.053 bank statement: its root element is <Document> in namespace 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.03'", error.Message);
    }

    [Fact]
    public async Task A_camt_054_notification_is_refused_as_not_a_statement()
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(Adapter, "camt053-camt054-notification.xml"));

        Assert.StartsWith("The file is a camt.054 debit/credit notification", error.Message);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public async Task A_statement_message_without_a_statement_is_refused()
    {
        var xml = "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt><GrpHdr><MsgId>1</MsgId></GrpHdr></BkToCstmrStmt></Document>"u8.ToArray();

        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadBytesAsync(Adapter, xml, "empty-statement.xml"));

        Assert.Contains("holds no statement (Stmt element)", error.Message);
    }

    [Fact]
    public async Task A_document_type_declaration_is_refused()
    {
        var xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE Document [<!ENTITY x \"y\">]>\n<Document><BkToCstmrStmt/></Document>"u8.ToArray();

        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadBytesAsync(Adapter, xml, "dtd.xml"));

        Assert.Contains("DTD", error.Message);
    }
}
