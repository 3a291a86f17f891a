using ReconGrpc.Adapters.Mt940;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.Mt940;

/// <summary>The MT940 variants banks write, each in a fixture of our own (Fixtures/mt940-*).</summary>
public sealed class Mt940FixtureTests
{
    private static readonly Mt940Adapter Adapter = new();

    [Fact]
    public async Task Two_statements_in_swift_envelopes_give_their_lines_then_their_balance_each()
    {
        var rows = await Fixture.ReadAsync(Adapter, "mt940-envelope-two-statements.sta");

        Assert.Empty(rows.Errors());
        var statements = ReadStatement.Of(rows);
        Assert.Equal(2, statements.Count);

        var december = statements[0];
        Assert.Equal("NL91ABNA0417164300", december.Balance.Account);
        Assert.Equal("EUR", december.Balance.Currency);
        Assert.Equal("00123/001", december.Balance.StatementNumber);
        Assert.Equal(new DateOnly(2023, 12, 29), december.Balance.OpeningDate);
        Assert.Equal(1000m, december.Balance.OpeningBalance);
        Assert.Equal(new DateOnly(2024, 1, 2), december.Balance.ClosingDate);
        Assert.Equal(1109.50m, december.Balance.ClosingBalance);
        Assert.Equal(13, december.BalanceLine);

        // 1000,00 + 250,00 − 40,50 − 100,00 (RC: a credit reversed is money out) = 1109,50.
        Assert.Equal([250m, -40.50m, -100m], december.Lines.Select(l => l.Amount));
        Assert.Equal(0m, december.Difference);

        // /SUM/2/1/140,50/250,00/: two debits of 140,50, one credit of 250,00.
        Assert.Equal(3, december.Balance.DeclaredCount);
        Assert.Equal(140.50m, december.Balance.DeclaredDebits);
        Assert.Equal(250m, december.Balance.DeclaredCredits);

        var january = statements[1];
        Assert.Equal("37040044/0532013000", january.Balance.Account);
        Assert.Equal("00124/001", january.Balance.StatementNumber);
        Assert.Equal(1109.50m, january.Balance.OpeningBalance);
        Assert.Equal(16169.50m, january.Balance.ClosingBalance);

        // RD (a debit reversed) is money in; CR is a credit with funds code R; "15000," has no decimals.
        Assert.Equal([60m, 15000m], january.Lines.Select(l => l.Amount));
        Assert.Equal(0m, january.Difference);
        Assert.All(january.Lines, l => Assert.Equal("37040044/0532013000", l.Account));
    }

    [Fact]
    public async Task A_line_with_structured_details_names_the_counterparty_and_keeps_both_references()
    {
        var rows = await Fixture.ReadAsync(Adapter, "mt940-envelope-two-statements.sta");
        var lines = rows.Records<StatementLineRecord>();

        var credit = lines[0];
        Assert.Equal(6, rows.OfType<RecordRow>().First().Line);
        Assert.Equal(new DateOnly(2023, 12, 29), credit.Date);
        Assert.Equal(250m, credit.Amount);
        Assert.Equal(250m, credit.Credit);
        Assert.Null(credit.Debit);
        Assert.Equal(DocumentType.Receipt, credit.DocumentType);
        Assert.Equal("EUR", credit.Currency);
        Assert.Equal("NL91ABNA0417164300", credit.Account);
        Assert.Equal("Acme Trading BV", credit.CounterpartyName);
        Assert.Equal("NL20INGB0001234567", credit.CounterpartyAccount);
        Assert.Equal("Invoice 2023-118", credit.Text);
        Assert.Equal("E2E-4711", credit.Reference);
        Assert.Equal("BR23122900001", credit.VoucherNumber);
        Assert.Equal("BR23122900001", credit.SourceId);
        Assert.Equal(AmountConvention.CashFlow, credit.Convention);

        var reversal = lines[2];
        Assert.Equal(-100m, reversal.Amount);
        Assert.Equal(100m, reversal.Debit);
        Assert.Null(reversal.Credit);
        Assert.Null(reversal.DocumentType);
        Assert.Equal("E2E-4690", reversal.Reference);
        Assert.Equal("Reversal of credit INV-2023-101", reversal.Text);

        var order = lines[4];
        Assert.Equal("PO-88", order.Reference);
        Assert.Null(order.SourceId);
        Assert.Null(order.VoucherNumber);
        Assert.Equal("Down payment order PO-88", order.Text);
    }

    [Fact]
    public async Task An_entry_date_across_the_year_end_takes_its_year_from_the_value_date()
    {
        var lines = (await Fixture.ReadAsync(Adapter, "mt940-envelope-two-statements.sta")).Records<StatementLineRecord>();

        // Value 231231, entry 0102: booked 2 January 2024.
        Assert.Equal(new DateOnly(2024, 1, 2), lines[1].Date);
        Assert.Equal("Bank charges December", lines[1].Text);

        // Value 231231 with no entry date: dated by the value date.
        Assert.Equal(new DateOnly(2023, 12, 31), lines[2].Date);

        // Value 240102, entry 1231: booked 31 December 2023.
        Assert.Equal(new DateOnly(2023, 12, 31), lines[3].Date);
        Assert.Equal(60m, lines[3].Amount);
        Assert.Equal(DocumentType.Receipt, lines[3].DocumentType);
    }

    [Fact]
    public async Task The_date_option_dates_lines_by_their_value_date()
    {
        var lines = (await Fixture.ReadAsync(Adapter, "mt940-envelope-two-statements.sta", ("date", "value"))).Records<StatementLineRecord>();

        Assert.Equal(
            [new DateOnly(2023, 12, 29), new DateOnly(2023, 12, 31), new DateOnly(2023, 12, 31), new DateOnly(2024, 1, 2), new DateOnly(2024, 1, 3)],
            lines.Select(l => l.Date));
    }

    [Fact]
    public async Task The_account_option_reads_only_that_accounts_statements()
    {
        var rows = await Fixture.ReadAsync(Adapter, "mt940-envelope-two-statements.sta", ("account", "nl91 abna 0417 1643 00"));

        var statement = Assert.Single(ReadStatement.Of(rows));
        Assert.Equal("NL91ABNA0417164300", statement.Balance.Account);
        Assert.Equal(3, statement.Lines.Count);
    }

    [Fact]
    public async Task An_account_option_no_statement_matches_is_refused_naming_the_accounts_there_are()
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(Adapter, "mt940-envelope-two-statements.sta", ("account", "DE00123")));

        Assert.Contains("DE00123", error.Message);
        Assert.Contains("NL91ABNA0417164300", error.Message);
        Assert.Contains("37040044/0532013000", error.Message);
    }

    [Fact]
    public async Task A_plain_crlf_file_without_envelope_skips_blank_lines_and_ns_fields_and_keeps_replacement_characters()
    {
        var rows = await Fixture.ReadAsync(Adapter, "mt940-plain-crlf.sta");

        Assert.Empty(rows.Errors());
        var statements = ReadStatement.Of(rows);
        Assert.Equal(2, statements.Count);

        var first = statements[0];
        Assert.Equal("12345678/0001234567", first.Balance.Account);
        Assert.Equal("7/1", first.Balance.StatementNumber);

        // A debit opening balance: D 150,25; −150,25 + 1200,00 − 49,99 = 999,76.
        Assert.Equal(-150.25m, first.Balance.OpeningBalance);
        Assert.Equal(999.76m, first.Balance.ClosingBalance);
        Assert.Equal(0m, first.Difference);
        Assert.Equal("Zahlung Rechnung 2024-031 M\uFFFDller GmbH", first.Lines[0].Text);
        Assert.Equal("2024031500011", first.Lines[0].SourceId);
        Assert.Null(first.Lines[0].Reference);
        Assert.Equal("Lastschrift Mobilfunk Vertrag 555-0101", first.Lines[1].Text);
        Assert.Equal("MANDATE-77", first.Lines[1].Reference);
        Assert.Equal(14, first.BalanceLine);

        // The last statement ends at the end of the file, without a closing '-'; it closes overdrawn: D 0,24.
        var second = statements[1];
        Assert.Equal(-1000m, Assert.Single(second.Lines).Amount);
        Assert.Equal(-0.24m, second.Balance.ClosingBalance);
        Assert.Equal(0m, second.Difference);
        Assert.Equal([7L, 11, 14, 20, 22], rows.Select(r => r.Line));
    }

    [Fact]
    public async Task German_sub_fields_give_remittance_end_to_end_reference_counterparty_and_booking_text()
    {
        var rows = await Fixture.ReadAsync(Adapter, "mt940-german-subfields.sta");

        Assert.Empty(rows.Errors());
        var statement = Assert.Single(ReadStatement.Of(rows));
        Assert.Equal([1234.56m, -89.90m, -12m], statement.Lines.Select(l => l.Amount));
        Assert.Equal(0m, statement.Difference);

        // Value 240229 (a leap day), entry 0301.
        var credit = statement.Lines[0];
        Assert.Equal(new DateOnly(2024, 3, 1), credit.Date);
        Assert.Equal("Rechnung RE-2024-0815 vom 15.02.2024 Kd 4711", credit.Text);
        Assert.Equal("RE-2024-0815", credit.Reference);
        Assert.Equal("Mustermann Handels GmbH", credit.CounterpartyName);
        Assert.Equal("DE89370400440532013000", credit.CounterpartyAccount);
        Assert.Equal("ZV0302240012345", credit.SourceId);

        // ?60 continues the remittance; SVWZ+ after EREF+, MREF+ and CRED+ is the text.
        var directDebit = statement.Lines[1];
        Assert.Equal("Abschlag Strom Maerz Kundennummer 99-1234", directDebit.Text);
        Assert.Equal("STROM-03-2024", directDebit.Reference);
        Assert.Equal("Stadtwerke Beispielstadt", directDebit.CounterpartyName);
        Assert.Equal("DE02500105170137075030", directDebit.CounterpartyAccount);

        var fee = statement.Lines[2];
        Assert.Equal("Kontofuehrung Februar", fee.Text);
        Assert.Null(fee.SourceId);
        Assert.Null(fee.CounterpartyName);
    }

    [Fact]
    public async Task A_latin1_file_is_read_as_latin1_when_it_is_not_utf8()
    {
        var rows = await Fixture.ReadAsync(Adapter, "mt940-latin1.sta");

        var line = Assert.Single(rows.Records<StatementLineRecord>());
        Assert.Equal("\u00dcberweisung M\u00fcller, Gr\u00fc\u00dfe aus K\u00f6ln", line.Text);
    }

    [Fact]
    public async Task A_gbk_file_from_a_chinese_bank_is_read_as_gbk()
    {
        var rows = await Fixture.ReadAsync(Adapter, "mt940-gbk.sta");

        Assert.Empty(rows.Errors());
        var statement = Assert.Single(ReadStatement.Of(rows));
        Assert.Equal("CNY", statement.Balance.Currency);
        Assert.Equal("CN4410400000123456789", statement.Balance.Account);
        Assert.Equal("上海华联超市有限公司 货款 INV-2024-031", statement.Lines[0].Text);
        Assert.Equal("手续费", statement.Lines[1].Text);
        Assert.Equal(0m, statement.Difference);
    }

    [Fact]
    public async Task Reading_stops_when_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await using var stream = new UploadStream(Fixture.Bytes("mt940-plain-crlf.sta"));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in Adapter.ReadAsync(stream, ImportContext.Empty, cancelled.Token))
            {
            }
        });
    }

    [Fact]
    public void The_descriptor_names_the_adapter_and_its_options()
    {
        var descriptor = Adapter.Descriptor;

        Assert.Equal("mt940", descriptor.Id);
        Assert.Equal(RecordKind.StatementLines, descriptor.Produces);
        Assert.Contains(".940", descriptor.FileExtensions);
        Assert.Contains(".sta", descriptor.FileExtensions);
        Assert.Equal(["encoding", "account", "date"], descriptor.Options.Select(o => o.Name));
        Assert.Empty(descriptor.ValidateOptions(new Dictionary<string, string> { ["encoding"] = "gbk", ["date"] = "value" }));
    }
}
