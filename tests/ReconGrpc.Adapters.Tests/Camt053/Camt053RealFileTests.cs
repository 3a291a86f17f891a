using ReconGrpc.Adapters.Camt053;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.Camt053;

/// <summary>camt.053 files written by others (see ../shared/data/real/SOURCES.md) read as their banks booked them.</summary>
public sealed class Camt053RealFileTests
{
    private const string Oca = "camt053/oca-test-camt053.xml";
    private const string OcaTxDtls = "camt053/oca-test-camt053-txdtls.xml";
    private const string GenkgoMulti = "camt053/genkgo-camt053.v2.multi.statement.xml";

    public static TheoryData<string> All => RealFiles.Cases(Oca, OcaTxDtls, GenkgoMulti);

    [Theory]
    [MemberData(nameof(All))]
    public async Task Every_real_file_reads_without_an_error_and_ends_each_statement_with_its_balances(string path)
    {
        if (RealFiles.Skip(path))
        {
            return;
        }

        var rows = await ReadAsync(path);

        Assert.Empty(rows.Errors());
        Assert.IsType<StatementBalanceRecord>(((RecordRow)rows[^1]).Record);
        Assert.All(rows.Records<StatementLineRecord>(), l => Assert.Equal(AmountConvention.CashFlow, l.Convention));
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task The_host_check_finds_what_the_sources_say_the_file_does(string path)
    {
        if (RealFiles.Skip(path))
        {
            return;
        }

        var rows = await ReadAsync(path);

        // Per SOURCES.md: the OCA test file does not foot (its entries sum to -12.99, its balances move by -447.15);
        // the other two foot, statement by statement.
        var differences = Statements(rows).Select(s => s.Balance.OpeningBalance!.Value + s.Lines.Sum(l => l.Amount) - s.Balance.ClosingBalance!.Value).ToList();
        var expected = path == Oca ? new[] { 434.16m } : path == OcaTxDtls ? [0m] : [0m, 0m];
        Assert.Equal(expected, differences);
    }

    [Fact]
    public async Task The_oca_file_splits_its_reversed_batch_into_its_two_returned_direct_debits()
    {
        if (RealFiles.Folder is null)
        {
            return;
        }

        var rows = await ReadAsync(Oca);
        var (balance, lines) = Assert.Single(Statements(rows));

        Assert.Equal(("1234Test/1", "NL77ABNA0574908765", "EUR"), (balance.StatementNumber, balance.Account, balance.Currency));
        Assert.Equal((15568.27m, new DateOnly(2014, 1, 5), 15121.12m, new DateOnly(2014, 1, 5)),
            (balance.OpeningBalance, balance.OpeningDate, balance.ClosingBalance, balance.ClosingDate));
        Assert.Null(balance.DeclaredCount);
        Assert.Equal([-754.25m, -564.05m, -100.00m, 1405.31m], lines.Select(l => l.Amount));
        Assert.Equal(-12.99m, lines.Sum(l => l.Amount));
        Assert.Equal([50L, 144L, 185L, 228L], rows.OfType<RecordRow>().Where(r => r.Record is StatementLineRecord).Select(r => r.Line));
        Assert.All(lines, l => Assert.Equal((new DateOnly(2014, 1, 5), "EUR", "NL77ABNA0574908765"), (l.Date, l.Currency, l.Account)));

        var insurance = lines[0];
        Assert.Equal(("INSURANCE COMPANY TESTX", "NL46ABNA0499998748"), (insurance.CounterpartyName, insurance.CounterpartyAccount));
        Assert.Equal(("435005714488-ABNO33052620", "INNDNL2U20141231000142300002844"), (insurance.Reference, insurance.VoucherNumber));
        Assert.Equal("Insurance policy 857239PERIOD 01.01.2014 - 31.12.2014; MKB Insurance 859239PERIOD 01.01.2014 - 31.12.2014; Mandate 1880000341866; [PMNT/RDDT/ESDD EI]",
            insurance.Text);
        Assert.Equal((754.25m, (decimal?)null, (DocumentType?)null), (insurance.Debit, insurance.Credit, insurance.DocumentType));
        Assert.Null(insurance.SourceId); // The file gives its entries no AcctSvcrRef.

        var returned = lines[1];
        Assert.Equal(("Test Customer", "NL46ABNA0499998748", "TESTBANK/NL/20141229/01206408"), (returned.CounterpartyName, returned.CounterpartyAccount, returned.Reference));
        Assert.StartsWith("冲正/Reversal: Direct Debit S14 0410; Direct debit S14 0410 AC07 Rek.nummer blokkade TESTBANK/NL/20141229/01206408; 退票/Return reason AC06; "
                          + "Mandate NL22ZZZ524885430000-C0125.1", returned.Text);
        Assert.Equal("TESTBANK/NL/20141229/01206407", lines[2].Reference);
        Assert.Contains("Mandate NL22ZZZ524885430000-C0125.2", lines[2].Text);

        var media = lines[3];
        Assert.Equal(("3rd party Media", "NL69ABNA0522123643", "115"), (media.CounterpartyName, media.CounterpartyAccount, media.Reference));
        Assert.Equal("#RD PARTY MEDIA CUSNO 90782 4210773; [PMNT/RCDT/ESCT ET]", media.Text);
        Assert.Equal((DocumentType.Receipt, 1405.31m), (media.DocumentType, media.Credit));
    }

    [Fact]
    public async Task The_swiss_file_splits_one_credit_of_3483_into_its_two_isr_payments()
    {
        if (RealFiles.Folder is null)
        {
            return;
        }

        var rows = await ReadAsync(OcaTxDtls);
        var (balance, lines) = Assert.Single(Statements(rows));

        Assert.Equal(("20170323123456789012345", "CH1111000000123456789", "CHF"), (balance.StatementNumber, balance.Account, balance.Currency));
        Assert.Equal((75960.15m, new DateOnly(2017, 3, 22), 79443.15m, new DateOnly(2017, 3, 23)),
            (balance.OpeningBalance, balance.OpeningDate, balance.ClosingBalance, balance.ClosingDate));
        Assert.Equal([2187.00m, 1296.00m], lines.Select(l => l.Amount));
        Assert.Equal([79L, 144L], rows.OfType<RecordRow>().Where(r => r.Record is StatementLineRecord).Select(r => r.Line));
        // Both details carry the same AcctSvcrRef, so each is told apart by its place in the entry.
        Assert.Equal(["20170323001234567891234567891234/1", "20170323001234567891234567891234/2"], lines.Select(l => l.SourceId));
        Assert.Equal(["CH2222000000123456789", "CH3333000000123456789"], lines.Select(l => l.CounterpartyAccount));
        Assert.Equal(["302388292000011111111111111", "302388292000022222222222222"], lines.Select(l => l.Reference));
        Assert.All(lines, l =>
        {
            Assert.Equal(("Banque Cantonale Vaudoise", "123456CHCAFEBABE", new DateOnly(2017, 3, 22)), (l.CounterpartyName, l.VoucherNumber, l.Date));
            Assert.Equal("?REJECT?0; CRÉDIT GROUPÉ BVR TRAITEMENT DU 22.03.2017 NUMÉRO CLIENT 01-70884-3 PAQUET ID: 123456CHCAFEBABE; [PMNT/RCDT/AUTT]", l.Text);
            Assert.Equal(DocumentType.Receipt, l.DocumentType);
        });
    }

    [Fact]
    public async Task The_genkgo_file_gives_two_statements_of_one_account_each_with_its_own_line()
    {
        if (RealFiles.Folder is null)
        {
            return;
        }

        var rows = await ReadAsync(GenkgoMulti);
        var statements = Statements(rows);

        Assert.Equal(2, statements.Count);
        Assert.Equal(["253EURNL26VAYB8060476890", "254EURNL26VAYB8060476890"], statements.Select(s => s.Balance.StatementNumber));
        Assert.All(statements, s => Assert.Equal(("NL26VAYB8060476890", "EUR"), (s.Balance.Account, s.Balance.Currency)));
        Assert.Equal([(18.15m, 27.00m), (27.00m, 20.00m)], statements.Select(s => (s.Balance.OpeningBalance!.Value, s.Balance.ClosingBalance!.Value)));
        Assert.Equal([26L, 112L], rows.OfType<RecordRow>().Where(r => r.Record is StatementBalanceRecord).Select(r => r.Line));

        var first = Assert.Single(statements[0].Lines);
        Assert.Equal((8.85m, new DateOnly(2014, 12, 31), "000000001"), (first.Amount, first.Date, first.Reference));
        // Only the creditor is named on this credit; its account is not ours, so it stands in as the counterparty.
        Assert.Equal(("Company Name 1", "NL56AGDH9619008421"), (first.CounterpartyName, first.CounterpartyAccount));
        Assert.Equal("Transaction Description 1; [544]", first.Text);

        var second = Assert.Single(statements[1].Lines);
        Assert.Equal((-7.00m, "Company Name 2", "Transaction Description 2; [544]"), (second.Amount, second.CounterpartyName, second.Text));
    }

    private static Task<List<ImportRow>> ReadAsync(string path) =>
        Fixture.ReadBytesAsync(new Camt053Adapter(), RealFiles.Bytes(path), Path.GetFileName(path));

    /// <summary>Each balance record with the lines read since the previous one.</summary>
    internal static List<(StatementBalanceRecord Balance, List<StatementLineRecord> Lines)> Statements(IEnumerable<ImportRow> rows)
    {
        var result = new List<(StatementBalanceRecord, List<StatementLineRecord>)>();
        var lines = new List<StatementLineRecord>();
        foreach (var record in rows.OfType<RecordRow>().Select(r => r.Record))
        {
            if (record is StatementLineRecord line)
            {
                lines.Add(line);
            }
            else if (record is StatementBalanceRecord balance)
            {
                result.Add((balance, lines));
                lines = [];
            }
        }

        Assert.Empty(lines);
        return result;
    }
}
