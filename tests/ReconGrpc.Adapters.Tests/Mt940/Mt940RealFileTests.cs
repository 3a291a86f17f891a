using ReconGrpc.Adapters.Mt940;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.Mt940;

/// <summary>The MT940 files of other people's projects (../shared/data/real/mt940, see SOURCES.md) read as their banks meant.</summary>
public sealed class Mt940RealFileTests
{
    private const string Ing = "mt940/oca-test-ing.940";
    private const string AbnAmro = "mt940/mt940lib-jejik-abnamro.sta";
    private const string Betterplace = "mt940/mt940lib-betterplace-sepa_snippet.sta";
    private const string Sberbank = "mt940/mt940lib-sberbank-171011_01234945.sta";

    public static TheoryData<string> All => RealFiles.Cases(Ing, AbnAmro, Betterplace, Sberbank);

    [Theory]
    [MemberData(nameof(All))]
    public async Task Every_real_file_reads_without_an_error_into_cash_flow_lines_each_followed_by_its_balance(string file)
    {
        if (RealFiles.Skip(file))
        {
            return;
        }

        var rows = await Read(file);

        Assert.Empty(rows.Errors().Select(e => $"{e.Line} {e.Field}: {e.Reason}"));
        var statements = ReadStatement.Of(rows);
        Assert.NotEmpty(statements);
        Assert.All(statements.SelectMany(s => s.Lines), l => Assert.Equal(AmountConvention.CashFlow, l.Convention));
        Assert.All(statements, s => Assert.Equal(AmountConvention.CashFlow, s.Balance.Convention));
        Assert.All(statements, s => Assert.All(s.Lines, l => Assert.Equal(s.Balance.Account, l.Account)));
        Assert.All(statements, s => Assert.All(s.Lines, l => Assert.Equal(s.Balance.Currency, l.Currency)));
        Assert.All(statements.SelectMany(s => s.Lines), l => Assert.Equal(l.Amount > 0 ? DocumentType.Receipt : null, l.DocumentType));
    }

    [Fact]
    public async Task The_ing_statement_foots_and_its_structured_details_fill_counterparty_reference_and_text()
    {
        if (RealFiles.Folder is null)
        {
            return;
        }

        var statement = Assert.Single(ReadStatement.Of(await Read(Ing)));

        Assert.Equal("NL77INGB0574908765", statement.Balance.Account);
        Assert.Equal("EUR", statement.Balance.Currency);
        Assert.Equal("00000", statement.Balance.StatementNumber);
        Assert.Equal(new DateOnly(2014, 2, 19), statement.Balance.OpeningDate);
        Assert.Equal(662.23m, statement.Balance.OpeningBalance);
        Assert.Equal(new DateOnly(2014, 2, 20), statement.Balance.ClosingDate);
        Assert.Equal(564.35m, statement.Balance.ClosingBalance);

        // 1,56 − 1,57 + 1,57 − 1,14 + 1,45 − 12,75 + 32,00 − 119,00 = −97,88; 662,23 − 97,88 = 564,35.
        Assert.Equal([1.56m, -1.57m, 1.57m, -1.14m, 1.45m, -12.75m, 32.00m, -119.00m], statement.Lines.Select(l => l.Amount));
        Assert.Equal(0m, statement.Difference);

        // ING's /SUM/4/4/134,46/36,58/ after :62F:: four debits of 134,46 and four credits of 36,58.
        Assert.Equal(8, statement.Balance.DeclaredCount);
        Assert.Equal(134.46m, statement.Balance.DeclaredDebits);
        Assert.Equal(36.58m, statement.Balance.DeclaredCredits);

        var first = statement.Lines[0];
        Assert.Equal(new DateOnly(2014, 2, 20), first.Date);
        Assert.Equal("EV12341REP1231456T1234", first.Reference);
        Assert.Equal("NL32INGB0000012345", first.CounterpartyAccount);
        Assert.Equal("ING BANK NV INZAKE WEB", first.CounterpartyName);
        Assert.Equal("EV10001REP1000000T1000", first.Text);
        Assert.Equal(1.56m, first.Credit);
        Assert.Null(first.Debit);

        // The bank reference of the first line is wrapped onto the next line ("//00000000001" + "005").
        Assert.Equal(
            ["00000000001005", "00000000001006", "00000000001007", "00000000001009", "00000000001008", "00000000001010", "00000000001011", "00000000001012"],
            statement.Lines.Select(l => l.SourceId));
        Assert.Equal(statement.Lines.Select(l => l.SourceId), statement.Lines.Select(l => l.VoucherNumber));

        // A direct debit whose :86: is broken over short lines, one of them a lone '-' inside the mandate id.
        var debit = statement.Lines[3];
        Assert.Equal(-1.14m, debit.Amount);
        Assert.Equal(1.14m, debit.Debit);
        Assert.Equal("EV123REP123412T1234", debit.Reference);
        Assert.Equal("ING Bank N.V. inzake WeB", debit.CounterpartyName);
        Assert.Equal("EV123REP123412T1234", debit.Text);

        Assert.Equal("M000000001111111", statement.Lines[4].Reference);
        Assert.Equal("TOTAAL 1 POSTEN", statement.Lines[4].Text);
        Assert.Equal("CONTRIBUTIE FEB 2014", statement.Lines[5].Text);
        Assert.Equal("J.Janssen", statement.Lines[5].CounterpartyName);
        Assert.Equal("9001123412341234", statement.Lines[6].Text);
        Assert.Equal("15814016000676480", statement.Lines[6].Reference);
    }

    [Fact]
    public async Task The_abn_amro_statements_do_not_foot_by_the_differences_their_balances_state()
    {
        if (RealFiles.Folder is null)
        {
            return;
        }

        var rows = await Read(AbnAmro);
        var statements = ReadStatement.Of(rows);

        Assert.Equal(2, statements.Count);
        var first = statements[0];
        Assert.Equal("517852257", first.Balance.Account);
        Assert.Equal("19321/1", first.Balance.StatementNumber);
        Assert.Equal(3236.28m, first.Balance.OpeningBalance);
        Assert.Equal(876.84m, first.Balance.ClosingBalance);
        Assert.Equal(8, first.Lines.Count);
        Assert.Equal(-321.44m, first.Lines.Sum(l => l.Amount));

        // 3236,28 − 321,44 = 2914,84, the file closes at 876,84.
        Assert.Equal(2914.84m, first.Computed);
        Assert.Equal(-2038.00m, first.Difference);

        var second = statements[1];
        Assert.Equal("19322/1", second.Balance.StatementNumber);
        Assert.Equal(new DateOnly(2011, 5, 23), second.Balance.OpeningDate);
        Assert.Equal(2876.84m, second.Balance.OpeningBalance);
        Assert.Equal(1849.75m, second.Balance.ClosingBalance);
        Assert.Equal([-9.49m, -15.00m], second.Lines.Select(l => l.Amount));

        // 2876,84 − 24,49 = 2852,35, the file closes at 1849,75.
        Assert.Equal(-1002.60m, second.Difference);

        var giro = first.Lines[0];
        Assert.Equal(new DateOnly(2011, 5, 24), giro.Date);
        Assert.Equal(-9m, giro.Amount);
        Assert.Equal(
            "GIRO 428428 KPN - DIGITENNE BETALINGSKENM. 000000042188659 5314606715 BETREFT FACTUUR D.D. 20-05-2011 INCL. 1,44 BTW",
            giro.Text);
        Assert.Null(giro.SourceId);
        Assert.Null(giro.Reference);

        // After the blank line inside the block: "1105210523D107,N426NONREF" is booked on 23 May.
        var optician = first.Lines[6];
        Assert.Equal(new DateOnly(2011, 5, 23), optician.Date);
        Assert.Equal(-107m, optician.Amount);
        Assert.Equal("BEA NR:XXX1234 21.05.11/12.04 HANS ANDERS OPT./056 KAT,PAS999", optician.Text);

        // The :61: lines are on file lines 8 and 20 (after the ABNANL2A/940 header).
        Assert.Equal(8, rows.OfType<RecordRow>().First().Line);
    }

    [Fact]
    public async Task The_betterplace_statements_read_german_sub_fields_and_the_second_misses_by_300_08()
    {
        if (RealFiles.Folder is null)
        {
            return;
        }

        var statements = ReadStatement.Of(await Read(Betterplace));

        Assert.Equal(2, statements.Count);
        var first = statements[0];
        Assert.Equal("50880050/0194787400888", first.Balance.Account);
        Assert.Equal("00004/00001", first.Balance.StatementNumber);
        Assert.Equal(766656.49m, first.Balance.OpeningBalance);
        Assert.Equal(1125250.40m, first.Balance.ClosingBalance);

        // 50990,05 + 154551,93 + 154551,93 − 1500,00 = 358593,91; 766656,49 + 358593,91 = 1125250,40.
        Assert.Equal([50990.05m, 154551.93m, 154551.93m, -1500.00m], first.Lines.Select(l => l.Amount));
        Assert.Equal(0m, first.Difference);

        var karl = first.Lines[0];
        Assert.Equal(new DateOnly(2007, 9, 4), karl.Date);
        Assert.Equal("KARL KAUFMANN", karl.CounterpartyName);
        Assert.Equal("DE14508800500194785000", karl.CounterpartyAccount);
        Assert.Equal("EndToEndId TFNR 22 004 00001", karl.Reference);
        Assert.Equal("Verw CTSc-01 BC-PPP TFNr 22 004", karl.Text);
        Assert.Equal("0724710333343453", karl.SourceId);
        Assert.Equal("Quentin Quast", first.Lines[1].CounterpartyName);
        Assert.Equal("Strukturierter Verwendungszweck 30030004 DE", first.Lines[1].Text);
        Assert.Equal("536D80EFEC56ACF8", first.Lines[3].SourceId);

        var second = statements[1];
        Assert.Equal("50880050/0194791600888", second.Balance.Account);

        // A debit opening balance: D 1970431,87.
        Assert.Equal(-1970431.87m, second.Balance.OpeningBalance);
        Assert.Equal(-4472049.09m, second.Balance.ClosingBalance);
        Assert.Equal([-0.08m, 335.33m, 15000m, 15000.05m, 125004.88m, 915311.55m, -3572569.03m], second.Lines.Select(l => l.Amount));

        // −1970431,87 − 2501917,30 = −4472349,17; the file closes at −4472049,09, 300,08 higher.
        Assert.Equal(-4472349.17m, second.Computed);
        Assert.Equal(300.08m, second.Difference);

        var collector = second.Lines[6];
        Assert.Null(collector.SourceId);
        Assert.Equal("0904059001", collector.Text);
    }

    [Fact]
    public async Task The_sberbank_statement_with_crlf_and_ns_fields_foots()
    {
        if (RealFiles.Folder is null)
        {
            return;
        }

        var statement = Assert.Single(ReadStatement.Of(await Read(Sberbank)));

        Assert.Equal("1966315302010001", statement.Balance.Account);
        Assert.Equal("HUF", statement.Balance.Currency);
        Assert.Equal("00046", statement.Balance.StatementNumber);
        Assert.Equal(627311.30m, statement.Balance.OpeningBalance);
        Assert.Equal(617874.30m, statement.Balance.ClosingBalance);
        Assert.Equal([-2402m, -3460m, -3575m], statement.Lines.Select(l => l.Amount));
        Assert.Equal(0m, statement.Difference);
        Assert.All(statement.Lines, l => Assert.Equal(new DateOnly(2017, 10, 11), l.Date));
        Assert.All(statement.Lines, l => Assert.Null(l.SourceId));
        Assert.All(statement.Lines, l => Assert.Equal("X", l.Reference));
    }

    private static Task<List<ImportRow>> Read(string file) =>
        Fixture.ReadBytesAsync(new Mt940Adapter(), RealFiles.Bytes(file), Path.GetFileName(file));
}
