using ReconGrpc.Adapters.Ofx;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.Ofx;

/// <summary>
/// The OFX files written by others (<c>../shared/data/real/ofx</c>, see its SOURCES.md), read in place. OFX states
/// no opening balance, so the host cannot foot these statements; the sums below are what it reports beside the
/// closing balance.
/// </summary>
public sealed class OfxRealFilesTests
{
    private readonly OfxAdapter _adapter = new();

    public static TheoryData<string> AllFiles => RealFiles.Cases("ofx/oca-test_ofx.ofx", "ofx/ofxparse-checking.ofx", "ofx/ofxparse-bank_medium.ofx");

    public static TheoryData<string> OcaFile => RealFiles.Cases("ofx/oca-test_ofx.ofx");

    public static TheoryData<string> CheckingFile => RealFiles.Cases("ofx/ofxparse-checking.ofx");

    public static TheoryData<string> BankMediumFile => RealFiles.Cases("ofx/ofxparse-bank_medium.ofx");

    [Theory]
    [MemberData(nameof(AllFiles))]
    public async Task Every_real_file_reads_without_an_error_and_every_line_is_cash_flow_with_its_fitid(string path)
    {
        if (RealFiles.Skip(path))
        {
            return;
        }

        var rows = await Read(path);

        Assert.Empty(rows.Errors());
        var lines = rows.Records<StatementLineRecord>();
        Assert.All(lines, l => Assert.Equal(AmountConvention.CashFlow, l.Convention));
        Assert.All(lines, l => Assert.NotNull(l.SourceId));
        Assert.All(rows.Records<StatementBalanceRecord>(), b => Assert.Null(b.OpeningBalance));
        Assert.IsType<StatementBalanceRecord>(Assert.IsType<RecordRow>(rows[^1]).Record);
    }

    [Theory]
    [MemberData(nameof(OcaFile))]
    public async Task The_oca_file_reads_all_four_transaction_lists_into_one_bank_statement_and_the_empty_card_statement(string path)
    {
        if (RealFiles.Skip(path))
        {
            return;
        }

        var rows = await Read(path);

        var lines = rows.Records<StatementLineRecord>();
        Assert.Equal([-80m, -90m, -100m, -90m], lines.Select(l => l.Amount));
        Assert.Equal(["219378", "219379", "219380", "219381"], lines.Select(l => l.SourceId));
        Assert.Equal(["Agrolait", "China Export", "Axelor Scuba", "China Scuba"], lines.Select(l => l.CounterpartyName));
        Assert.All(lines, l => Assert.Equal((new DateOnly(2013, 8, 24), "USD", "123456", "POS"), (l.Date, l.Currency, l.Account, l.Text)));
        Assert.All(lines, l => Assert.Null(l.DocumentType));
        Assert.Equal([31L, 42L, 53L, 64L], rows.OfType<RecordRow>().Where(r => r.Record is StatementLineRecord).Select(r => r.Line));

        var balances = rows.Records<StatementBalanceRecord>();
        Assert.Equal(2, balances.Count);
        Assert.Equal(("123456", "USD", 2156.56m, new DateOnly(2013, 8, 31)), (balances[0].Account, balances[0].Currency, balances[0].ClosingBalance, balances[0].ClosingDate));
        Assert.Equal(("123412341234", "USD", -562.00m), (balances[1].Account, balances[1].Currency, balances[1].ClosingBalance));

        // Lines −360.00; no opening balance stated, so the host reports the closing 2,156.56 without footing it.
        Assert.Equal(-360.00m, lines.Sum(l => l.Amount));
        Assert.Equal(4, rows.TakeWhile(r => r is not RecordRow { Record: StatementBalanceRecord }).Count());
    }

    [Theory]
    [MemberData(nameof(CheckingFile))]
    public async Task The_tab_indented_sgml_checking_file_gives_three_lines_and_a_closing_balance_of_100_99(string path)
    {
        if (RealFiles.Skip(path))
        {
            return;
        }

        var rows = await Read(path);

        var lines = rows.Records<StatementLineRecord>();
        Assert.Equal([0.01m, -34.51m, -25.00m], lines.Select(l => l.Amount));
        Assert.Equal([new DateOnly(2011, 3, 31), new DateOnly(2011, 4, 5), new DateOnly(2011, 4, 7)], lines.Select(l => l.Date));
        Assert.Equal([46L, 54L, 62L], rows.OfType<RecordRow>().Where(r => r.Record is StatementLineRecord).Select(r => r.Line));
        Assert.All(lines, l => Assert.Equal(("1452687~7", "USD"), (l.Account, l.Currency)));

        Assert.Equal(DocumentType.Receipt, lines[0].DocumentType);
        Assert.Equal("DIVIDEND EARNED FOR PERIOD OF 03", lines[0].CounterpartyName);
        Assert.Equal("CREDIT: DIVIDEND EARNED FOR PERIOD OF 03/01/2011 THROUGH 03/31/2011 ANNUAL PERCENTAGE YIELD EARNED IS 0.05%", lines[0].Text);
        Assert.Equal("0000486", lines[0].SourceId);

        Assert.Equal("DEBIT: AUTOMATIC WITHDRAWAL, ELECTRIC BILL WEB(S )", lines[1].Text);
        Assert.Null(lines[1].DocumentType);

        Assert.Equal("CHECK 319: RETURNED CHECK FEE, CHECK # 319 FOR $45.33 ON 04/07/11", lines[2].Text);
        Assert.Equal("319", lines[2].Reference);
        Assert.Equal("0000488", lines[2].VoucherNumber);

        var balance = Assert.Single(rows.Records<StatementBalanceRecord>());
        Assert.Equal(("1452687~7", "USD", 100.99m, new DateOnly(2013, 5, 25)), (balance.Account, balance.Currency, balance.ClosingBalance, balance.ClosingDate));
        Assert.Equal(36L, rows.OfType<RecordRow>().Single(r => r.Record is StatementBalanceRecord).Line);

        // 0.01 − 34.51 − 25.00 = −59.50; AVAILBAL (75.99) is not the ledger balance and is not read.
        Assert.Equal(-59.50m, lines.Sum(l => l.Amount));
    }

    [Theory]
    [MemberData(nameof(BankMediumFile))]
    public async Task The_sgml_file_on_few_long_lines_reads_cad_lines_on_their_own_lines_with_est_dates_as_written(string path)
    {
        if (RealFiles.Skip(path))
        {
            return;
        }

        var rows = await Read(path);

        var lines = rows.Records<StatementLineRecord>();
        Assert.Equal([-6.60m, -316.67m, -22.00m], lines.Select(l => l.Amount));
        Assert.Equal([new DateOnly(2009, 4, 1), new DateOnly(2009, 4, 2), new DateOnly(2009, 4, 3)], lines.Select(l => l.Date));
        Assert.Equal([15L, 16L, 17L], rows.OfType<RecordRow>().Where(r => r.Record is StatementLineRecord).Select(r => r.Line));
        Assert.All(lines, l => Assert.Equal(("12300 000012345678", "CAD"), (l.Account, l.Currency)));
        Assert.Equal("MCDONALD'S #112", lines[0].CounterpartyName);
        Assert.Equal("POS: POS MERCHANDISE;MCDONALD'S #112", lines[0].Text);
        Assert.Equal("0000123456782009040100001", lines[0].SourceId);

        // CHECKNUM 0 is no cheque number: it is neither a reference nor part of the text.
        Assert.Equal("Joe's Bald Hairstyles", lines[1].CounterpartyName);
        Assert.Equal("CHECK: MISCELLANEOUS PAYMENTS;Joe's Bald Hairstyles", lines[1].Text);
        Assert.Null(lines[1].Reference);

        var balance = Assert.Single(rows.Records<StatementBalanceRecord>());
        Assert.Equal(("12300 000012345678", "CAD", 382.34m, new DateOnly(2009, 5, 23)), (balance.Account, balance.Currency, balance.ClosingBalance, balance.ClosingDate));

        // −6.60 − 316.67 − 22.00 = −345.27.
        Assert.Equal(-345.27m, lines.Sum(l => l.Amount));
    }

    private async Task<List<ImportRow>> Read(string path) =>
        await Fixture.ReadBytesAsync(_adapter, RealFiles.Bytes(path), Path.GetFileName(path));
}
