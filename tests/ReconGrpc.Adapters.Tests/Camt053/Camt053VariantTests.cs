using System.Text;
using ReconGrpc.Adapters.Camt053;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;
using static ReconGrpc.Adapters.Tests.Camt053.Camt053RealFileTests;

namespace ReconGrpc.Adapters.Tests.Camt053;

/// <summary>The forms camt.053 takes across its versions and banks, each read into the same lines and balances.</summary>
public sealed class Camt053VariantTests
{
    private static readonly Camt053Adapter Adapter = new();

    public static TheoryData<string> Versions => new() { "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13" };

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Every_message_version_from_001_02_to_001_13_reads_alike_because_only_local_names_count(string version)
    {
        var xml = Fixture.Text("camt053-v13-statement.xml", Encoding.UTF8).Replace("camt.053.001.13", $"camt.053.001.{version}");

        var rows = await Fixture.ReadBytesAsync(Adapter, Encoding.UTF8.GetBytes(xml), $"statement-{version}.xml");

        Assert.Empty(rows.Errors());
        var (balance, lines) = Assert.Single(Statements(rows));
        Assert.Equal([58360.50m, 10000.00m, -10000.00m], lines.Select(l => l.Amount));
        Assert.Equal(158360.50m, balance.ClosingBalance);
    }

    [Fact]
    public async Task The_001_08_forms_read_party_names_below_Pty_status_codes_below_Cd_and_dates_written_as_date_times()
    {
        var rows = await Fixture.ReadAsync(Adapter, "camt053-v13-statement.xml");
        var (balance, lines) = Assert.Single(Statements(rows));

        Assert.Equal([42L, 68L, 92L], rows.OfType<RecordRow>().Where(r => r.Record is StatementLineRecord).Select(r => r.Line));
        var receipt = lines[0];
        Assert.Equal((new DateOnly(2024, 4, 12), "CNY", "31050161373600001234"), (receipt.Date, receipt.Currency, receipt.Account));
        Assert.Equal(("上海华联超市有限公司", "1001 2345 6789"), (receipt.CounterpartyName, receipt.CounterpartyAccount));
        Assert.Equal(("INV-2024-0312", "CN20240412000101", "CN20240412000101"), (receipt.Reference, receipt.VoucherNumber, receipt.SourceId));
        Assert.Equal("货款 INV-2024-0312 三月份; 网银转账; [PMNT/RCDT/DMCT]", receipt.Text);
        Assert.Equal((DocumentType.Receipt, 58360.50m, (decimal?)null), (receipt.DocumentType, receipt.Credit, receipt.Debit));

        // NOTPROVIDED is no reference: the structured creditor reference takes its place; only the ultimate debtor is named.
        var second = lines[1];
        Assert.Equal(("RF18539007547034", "INV-2024-0298"), (second.Reference, second.DocumentNumber));
        Assert.Equal(("北京华联商厦股份有限公司", "6222020200112233"), (second.CounterpartyName, second.CounterpartyAccount));

        var payment = lines[2];
        Assert.Equal(("杭州供应链管理有限公司", "33050161", (string?)null), (payment.CounterpartyName, payment.CounterpartyAccount, payment.Reference));
        Assert.Equal("采购付款; 手续费另计; InstrId PAY-77", payment.Text);
        Assert.Equal((10000.00m, (DocumentType?)null), (payment.Debit, payment.DocumentType));

        // PRCD opens when there is no OPBD; CLAV is not a booked balance and is left out.
        Assert.Equal(("STMT-20240412", "31050161373600001234", "CNY"), (balance.StatementNumber, balance.Account, balance.Currency));
        Assert.Equal((100000.00m, new DateOnly(2024, 4, 11), 158360.50m, new DateOnly(2024, 4, 12)),
            (balance.OpeningBalance, balance.OpeningDate, balance.ClosingBalance, balance.ClosingDate));
        Assert.Equal((3, 68360.50m, 10000.00m), (balance.DeclaredCount, balance.DeclaredCredits, balance.DeclaredDebits));
        Assert.Equal(balance.ClosingBalance, balance.OpeningBalance + lines.Sum(l => l.Amount));
        Assert.Equal(8L, rows.OfType<RecordRow>().Single(r => r.Record is StatementBalanceRecord).Line);
    }

    [Fact]
    public async Task Two_statements_of_two_accounts_each_give_their_lines_and_then_their_balances()
    {
        var rows = await Fixture.ReadAsync(Adapter, "camt053-two-accounts.xml");
        var statements = Statements(rows);

        Assert.Empty(rows.Errors());
        Assert.Equal(2, statements.Count);
        var (euro, euroLines) = statements[0];
        Assert.Equal(("A-2024-091", "DE89370400440532013000", "EUR"), (euro.StatementNumber, euro.Account, euro.Currency));
        // An overdrawn opening balance (DBIT) is negative; the ITBD beside OPBD and CLBD and the FWAV are not used.
        Assert.Equal((-1000.00m, 250.00m), (euro.OpeningBalance, euro.ClosingBalance));
        var muller = Assert.Single(euroLines);
        Assert.Equal((1250.00m, "Müller GmbH", "DE02120300000000202051", "RE 4711"), (muller.Amount, muller.CounterpartyName, muller.CounterpartyAccount, muller.Text));
        Assert.Equal(("DE89370400440532013000", "A-0001"), (muller.Account, muller.SourceId));

        var (dollar, dollarLines) = statements[1];
        Assert.Equal(("B-2024-091", "0123456789", "USD"), (dollar.StatementNumber, dollar.Account, dollar.Currency));
        // Without OPBD and CLBD, the first interim balance opens the page and the last closes it.
        Assert.Equal((40.00m, new DateOnly(2024, 3, 31), 15.50m, new DateOnly(2024, 4, 1)),
            (dollar.OpeningBalance, dollar.OpeningDate, dollar.ClosingBalance, dollar.ClosingDate));
        var aws = Assert.Single(dollarLines);
        Assert.Equal((-24.50m, "USD", "0123456789"), (aws.Amount, aws.Currency, aws.Account));
        Assert.Equal(("AWS EMEA SARL", "LU-998877"), (aws.CounterpartyName, aws.CounterpartyAccount));
        // Each balance record follows its statement's lines and carries the line of its Stmt start tag.
        Assert.Equal([37L, 8L, 72L, 55L], rows.OfType<RecordRow>().Select(r => r.Line));
    }

    [Fact]
    public async Task The_account_option_reads_only_that_accounts_statements_whatever_its_spacing()
    {
        var rows = await Fixture.ReadAsync(Adapter, "camt053-two-accounts.xml", ("account", "0123 456789"));

        var (balance, lines) = Assert.Single(Statements(rows));
        Assert.Equal("B-2024-091", balance.StatementNumber);
        Assert.Equal(-24.50m, Assert.Single(lines).Amount);
    }

    [Fact]
    public async Task An_account_option_naming_no_account_in_the_file_is_refused_with_the_accounts_it_holds()
    {
        var error = await Assert.ThrowsAsync<ImportException>(() => Fixture.ReadAsync(Adapter, "camt053-two-accounts.xml", ("account", "CN000")));

        Assert.Contains("DE89370400440532013000, 0123456789", error.Message);
    }

    [Fact]
    public async Task A_batch_is_split_into_its_transactions_when_their_amounts_add_up_to_the_entry()
    {
        var rows = await Fixture.ReadAsync(Adapter, "camt053-batch.xml");
        var (balance, lines) = Assert.Single(Statements(rows));

        Assert.Equal([200.00m, 150.00m, -50.00m, -90.00m, 75.00m, -12.00m, -8.00m], lines.Select(l => l.Amount));
        Assert.Equal([37L, 44L, 50L, 58L, 77L, 95L, 99L], rows.OfType<RecordRow>().Where(r => r.Record is StatementLineRecord).Select(r => r.Line));
        Assert.Equal(["B-100/B-100-1", "B-100/B-100-2", "B-100/B-100-3", "B-200", "B-300", "B-400/1", "B-400/2"], lines.Select(l => l.SourceId));
        Assert.Equal([("Alpha BV", "E2E-A"), ("Beta BV", "E2E-B")], lines.Take(2).Select(l => (l.CounterpartyName!, l.Reference!)));
        Assert.Equal(("Collection fee", 50.00m), (lines[2].Text, lines[2].Debit));
        Assert.Equal(["Epsilon SA", "Zeta SA"], lines.Skip(5).Select(l => l.CounterpartyName));

        // The entry of 4 counts 7 lines: the batch of 3 adds 2, the batch of 2 adds 1.
        Assert.Equal(7, balance.DeclaredCount);
        Assert.Equal(balance.ClosingBalance, balance.OpeningBalance + lines.Sum(l => l.Amount));
    }

    [Fact]
    public async Task A_batch_whose_details_do_not_add_up_is_reported_and_kept_whole_as_the_bank_booked_it()
    {
        var rows = await Fixture.ReadAsync(Adapter, "camt053-batch.xml");

        var error = Assert.Single(rows.Errors());
        Assert.Equal((58L, "TxDtls"), (error.Line, error.Field));
        Assert.Contains("add up to -80.00, not to the entry's -90.00", error.Reason);
        var whole = rows.Records<StatementLineRecord>().Single(l => l.SourceId == "B-200");
        Assert.Equal((-90.00m, "Salary batch June; Batch of 2 transactions"), (whole.Amount, whole.Text));
    }

    [Fact]
    public async Task A_batch_whose_details_carry_no_amounts_stays_one_line_without_an_error()
    {
        var rows = await Fixture.ReadAsync(Adapter, "camt053-batch.xml");

        var line = rows.Records<StatementLineRecord>().Single(l => l.SourceId == "B-300");
        Assert.Equal((75.00m, "Batch of 2 transactions"), (line.Amount, line.Text));
        Assert.DoesNotContain(rows.Errors(), e => e.Line == 77);
    }

    [Fact]
    public async Task Pending_entries_are_left_out_and_a_reversal_keeps_its_booked_sign_and_says_so()
    {
        var rows = await Fixture.ReadAsync(Adapter, "camt053-pending-reversal.xml");
        var (balance, lines) = Assert.Single(Statements(rows));

        Assert.Empty(rows.Errors());
        Assert.Equal([-80.00m, 80.00m, 120.00m], lines.Select(l => l.Amount));
        Assert.Equal(["R-2", "R-3", "R-4"], lines.Select(l => l.SourceId));
        Assert.Equal(balance.ClosingBalance, balance.OpeningBalance + lines.Sum(l => l.Amount));

        var payment = lines[0];
        Assert.Equal(("Acme Supplies Ltd", "GB33BUKB20201555555555", "PO-5531"), (payment.CounterpartyName, payment.CounterpartyAccount, payment.Reference));
        Assert.Equal("PO 5531; InstrId INSTR-5531", payment.Text);

        // The reversal's parties are the undone payment's: the creditor is still the counterparty, though money came in.
        var reversal = lines[1];
        Assert.Equal(("Acme Supplies Ltd", "GB33BUKB20201555555555"), (reversal.CounterpartyName, reversal.CounterpartyAccount));
        Assert.Equal("冲正/Reversal: PO 5531; 退票/Return reason AC04 Account closed; InstrId INSTR-5531", reversal.Text);
        Assert.Equal((80.00m, (DocumentType?)null), (reversal.Credit, reversal.DocumentType));

        var collection = lines[2];
        Assert.Equal(("Customer Ltd", "DD-2024-05", "May subscription; Mandate MNDT-0042"), (collection.CounterpartyName, collection.Reference, collection.Text));
        Assert.Equal(DocumentType.Receipt, collection.DocumentType);
    }
}
