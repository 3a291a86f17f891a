using ReconGrpc.Adapters.Ofx;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.Ofx;

/// <summary>The forms OFX files come in: SGML and XML, tabs and single lines, code pages, every field of a line.</summary>
public sealed class OfxVariantsTests
{
    private readonly OfxAdapter _adapter = new();

    [Fact]
    public async Task A_tab_indented_sgml_file_in_windows_1252_reads_accents_and_comma_decimals()
    {
        var rows = await Fixture.ReadAsync(_adapter, "ofx-sgml-tabs-cp1252.ofx");

        Assert.Empty(rows.Errors());
        var lines = rows.Records<StatementLineRecord>();
        Assert.Equal(2, lines.Count);
        Assert.Equal("Société Générale Café", lines[0].CounterpartyName);
        Assert.Equal("DIRECTDEP: Règlement facture F-2023-118", lines[0].Text);
        Assert.Equal((1250.00m, new DateOnly(2024, 1, 5), DocumentType.Receipt), (lines[0].Amount, lines[0].Date, lines[0].DocumentType));
        Assert.Equal(-34.51m, lines[1].Amount);
        Assert.Equal("EDF Électricité", lines[1].CounterpartyName);
        Assert.Equal("DEBIT", lines[1].Text);
        Assert.All(lines, l => Assert.Equal(("00012345678", "EUR"), (l.Account, l.Currency)));
        Assert.Equal([40L, 48L], rows.OfType<RecordRow>().Where(r => r.Record is StatementLineRecord).Select(r => r.Line));

        var balance = Assert.Single(rows.Records<StatementBalanceRecord>());
        Assert.Equal((3215.49m, new DateOnly(2024, 1, 31), "EUR"), (balance.ClosingBalance, balance.ClosingDate, balance.Currency));

        // 1,250.00 − 34.51 = 1,215.49; the closing balance says the statement began at 2,000.00.
        Assert.Equal(1215.49m, lines.Sum(l => l.Amount));
    }

    [Fact]
    public async Task An_sgml_file_that_declares_utf_8_reads_chinese_names_and_the_counterparty_account()
    {
        var rows = await Fixture.ReadAsync(_adapter, "ofx-sgml-utf8.ofx");

        Assert.Empty(rows.Errors());
        var line = Assert.Single(rows.Records<StatementLineRecord>());
        Assert.Equal("上海华联超市有限公司", line.CounterpartyName);
        Assert.Equal("6222020200112233", line.CounterpartyAccount);
        Assert.Equal("XFER: 货款 2024年1月 Müller", line.Text);
        Assert.Equal((8800.00m, "CNY", "1001234509000123456", "ICBC20240315000088"), (line.Amount, line.Currency, line.Account, line.SourceId));
        Assert.Equal(27L, rows.OfType<RecordRow>().First().Line);
        Assert.Equal(108800.00m, Assert.Single(rows.Records<StatementBalanceRecord>()).ClosingBalance);
    }

    [Fact]
    public async Task A_body_on_one_line_reads_a_bank_statement_of_two_transaction_lists_and_a_card_statement_each_with_its_own_balance()
    {
        var rows = await Fixture.ReadAsync(_adapter, "ofx-sgml-one-line.ofx");

        Assert.Empty(rows.Errors());
        Assert.All(rows, r => Assert.Equal(3L, r.Line));
        var records = rows.OfType<RecordRow>().Select(r => r.Record).ToList();
        Assert.Equal(
            ["line A1", "line A2", "line A3", "balance 111222333", "line C1", "line C2", "balance 4111111111111111"],
            records.Select(r => r switch
            {
                StatementLineRecord l => "line " + l.SourceId,
                StatementBalanceRecord b => "balance " + b.Account,
                _ => "?",
            }));

        var lines = rows.Records<StatementLineRecord>();
        Assert.Equal([300.00m, -60.00m, -19.99m, -45.00m, 200.00m], lines.Select(l => l.Amount));
        Assert.Equal(["111222333", "111222333", "111222333", "4111111111111111", "4111111111111111"], lines.Select(l => l.Account));
        Assert.Equal("CREDIT: April retainer", lines[0].Text);
        Assert.Equal("PAYMENT", lines[4].Text);

        var balances = rows.Records<StatementBalanceRecord>();
        Assert.Equal([1220.01m, -245.00m], balances.Select(b => b.ClosingBalance));

        // Bank: 300.00 − 60.00 − 19.99 = 220.01 (began at 1,000.00); card: −45.00 + 200.00 = 155.00 (began at −400.00).
        Assert.Equal(220.01m, lines.Take(3).Sum(l => l.Amount));
        Assert.Equal(155.00m, lines.Skip(3).Sum(l => l.Amount));
    }

    [Fact]
    public async Task An_xml_file_gives_payee_counterparty_account_reference_cheque_number_and_decoded_entities()
    {
        var rows = await Fixture.ReadAsync(_adapter, "ofx-xml-utf8.ofx");

        Assert.Empty(rows.Errors());
        var lines = rows.Records<StatementLineRecord>();
        Assert.Equal(5, lines.Count);
        Assert.Equal([20L, 42L, 50L, 59L, 68L], rows.OfType<RecordRow>().Where(r => r.Record is StatementLineRecord).Select(r => r.Line));

        var transfer = lines[0];
        Assert.Equal("Smith & Sons Ltd", transfer.CounterpartyName);
        Assert.Equal("9988776655", transfer.CounterpartyAccount);
        Assert.Equal("INV-2024-0042", transfer.Reference);
        Assert.Equal("XFER: Payment for invoice INV-2024-0042 <wire>", transfer.Text);
        Assert.Equal(("202402020001", "202402020001"), (transfer.SourceId, transfer.VoucherNumber));
        Assert.Equal((new DateOnly(2024, 2, 2), 2500.00m, DocumentType.Receipt), (transfer.Date, transfer.Amount, transfer.DocumentType));
        Assert.Equal(("4400123456", "USD"), (transfer.Account, transfer.Currency));

        var cheque = lines[1];
        Assert.Equal(("CHECK 1042", "1042", "Office Supply Co", -120.00m), (cheque.Text, cheque.Reference, cheque.CounterpartyName, cheque.Amount));

        Assert.Equal(1.25m, lines[4].Amount);
        Assert.Equal("INT", lines[4].Text);
    }

    [Fact]
    public async Task A_currency_aggregate_gives_the_line_its_own_currency_while_an_original_currency_only_names_where_a_converted_amount_came_from()
    {
        var rows = await Fixture.ReadAsync(_adapter, "ofx-xml-utf8.ofx");

        var lines = rows.Records<StatementLineRecord>();
        Assert.Equal(("GBP", -80.00m), (lines[2].Currency, lines[2].Amount));
        Assert.Equal(("USD", -15.40m), (lines[3].Currency, lines[3].Amount));
        Assert.Equal("FEE: Foreign payment fee (originally in JPY)", lines[3].Text);
    }

    [Fact]
    public async Task A_closing_balance_dated_late_in_the_evening_west_of_utc_keeps_its_local_date()
    {
        var rows = await Fixture.ReadAsync(_adapter, "ofx-xml-utf8.ofx");

        // 20240229235959.000[-5:EST] is 1 March in UTC; the statement says 29 February.
        var balance = Assert.Single(rows.Records<StatementBalanceRecord>());
        Assert.Equal((new DateOnly(2024, 2, 29), 5285.85m, "4400123456", "USD"), (balance.ClosingDate, balance.ClosingBalance, balance.Account, balance.Currency));
        Assert.Equal(10L, rows.OfType<RecordRow>().Single(r => r.Record is StatementBalanceRecord).Line);
    }

    [Fact]
    public async Task Dates_are_the_calendar_dates_written_whatever_the_zone_even_where_utc_would_cross_midnight()
    {
        var rows = await Fixture.ReadAsync(_adapter, "ofx-dates-with-zones.ofx");

        Assert.Empty(rows.Errors());
        var dates = rows.Records<StatementLineRecord>().ToDictionary(l => l.SourceId!, l => l.Date);
        Assert.Equal(new DateOnly(2023, 1, 1), dates["D1"]); // 23:30 EST = 04:30 UTC on 2 January
        Assert.Equal(new DateOnly(2023, 1, 1), dates["D2"]); // a bare date
        Assert.Equal(new DateOnly(2023, 1, 2), dates["D3"]); // 00:30 at +8 = 16:30 UTC on 1 January
        Assert.Equal(new DateOnly(2023, 1, 3), dates["D4"]); // [+5.30:IST]
        Assert.Equal(new DateOnly(2023, 1, 4), dates["D5"]); // no fraction, [-5:EST]
        Assert.Equal(new DateOnly(2023, 1, 5), dates["D6"]); // no zone
    }

    [Fact]
    public async Task The_account_option_reads_only_that_accounts_statement()
    {
        var rows = await Fixture.ReadAsync(_adapter, "ofx-sgml-one-line.ofx", ("account", "4111111111111111"));

        Assert.Equal(["C1", "C2"], rows.Records<StatementLineRecord>().Select(l => l.SourceId));
        Assert.Equal("4111111111111111", Assert.Single(rows.Records<StatementBalanceRecord>()).Account);
    }

    [Fact]
    public async Task An_account_option_naming_no_account_of_the_file_is_refused_listing_the_accounts_it_holds()
    {
        var problem = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(_adapter, "ofx-sgml-one-line.ofx", ("account", "999")));

        Assert.Contains("no statement of account '999'", problem.Message);
        Assert.Contains("111222333, 4111111111111111", problem.Message);
    }

    [Fact]
    public async Task The_encoding_option_overrides_a_header_that_names_the_wrong_one()
    {
        var rows = await Fixture.ReadAsync(_adapter, "ofx-utf8-header-cp1252-bytes.ofx", ("encoding", "windows-1252"));

        Assert.Equal("Café de Paris", Assert.Single(rows.Records<StatementLineRecord>()).CounterpartyName);
    }

    [Fact]
    public async Task A_utf_8_byte_order_mark_and_a_file_without_any_header_are_read()
    {
        var body = "<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR<BANKACCTFROM><ACCTID>DE89370400440532013000</BANKACCTFROM>"
                   + "<BANKTRANLIST><STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20240301<TRNAMT>12,50<FITID>X1<NAME>Müller GmbH</STMTTRN></BANKTRANLIST>"
                   + "<LEDGERBAL><BALAMT>12,50<DTASOF>20240301</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>";
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(System.Text.Encoding.UTF8.GetBytes(body)).ToArray();

        var rows = await Fixture.ReadBytesAsync(_adapter, bytes, "download.qfx");

        var line = Assert.Single(rows.Records<StatementLineRecord>());
        Assert.Equal(("Müller GmbH", 12.50m, "DE89370400440532013000"), (line.CounterpartyName, line.Amount, line.Account));
    }

    [Fact]
    public async Task An_xml_file_with_a_declaration_but_no_ofx_instruction_is_read_as_ofx_2()
    {
        var text = Fixture.Text("ofx-xml-utf8.ofx", System.Text.Encoding.UTF8);
        var withoutInstruction = text.Remove(text.IndexOf("<?OFX", StringComparison.Ordinal), text.IndexOf("<OFX>", StringComparison.Ordinal) - text.IndexOf("<?OFX", StringComparison.Ordinal));
        var bytes = System.Text.Encoding.UTF8.GetBytes(withoutInstruction);

        var detected = _adapter.Detect(new FileProbe("export.xml", bytes, bytes.Length));
        var rows = await Fixture.ReadBytesAsync(_adapter, bytes, "export.xml");

        Assert.Equal(0.9, detected.Confidence);
        Assert.Empty(rows.Errors());
        Assert.Equal(5, rows.Records<StatementLineRecord>().Count);
    }
}
