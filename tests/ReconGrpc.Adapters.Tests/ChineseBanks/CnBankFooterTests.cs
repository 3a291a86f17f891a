using System.Text;
using ReconGrpc.Adapters.ChineseBanks;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.ChineseBanks;

/// <summary>Footers end the lines and declare their totals; they are never imported as lines.</summary>
public sealed class CnBankFooterTests
{
    private const string Header = "交易日期,摘要,支出,收入,余额,对方户名\r\n";

    [Fact]
    public async Task Totals_written_out_in_the_footer_are_declared_with_the_count_of_in_and_out_lines()
    {
        var rows = await ReadAsync(Header
                                   + "2024-03-01,货款,,\"1,000.00\",\"1,000.00\",张三\r\n"
                                   + "2024-03-02,运费,200.00,,800.00,李四\r\n"
                                   + "2024-03-03,电费,50.00,,750.00,杭州电力公司\r\n"
                                   + "\r\n"
                                   + "\"收入合计：1,000.00\",支出合计：250.00\r\n"
                                   + "收入笔数：1,支出笔数：2\r\n"
                                   + "导出时间：2024-04-01 08:00:00\r\n");

        Assert.Empty(rows.Errors());
        Assert.Equal(3, rows.Records<StatementLineRecord>().Count);
        var balance = Assert.Single(rows.Records<StatementBalanceRecord>());
        Assert.Equal((1_000.00m, 250.00m, 3), (balance.DeclaredCredits, balance.DeclaredDebits, balance.DeclaredCount));
        Assert.Equal((0m, 750.00m), (balance.OpeningBalance, balance.ClosingBalance));
    }

    [Fact]
    public async Task A_heji_row_followed_by_more_lines_was_a_subtotal_and_declares_nothing()
    {
        var rows = await ReadAsync(Header
                                   + "2024-03-01,货款,,\"1,000.00\",\"1,000.00\",张三\r\n"
                                   + "本日合计,,,\"1,000.00\",,\r\n"
                                   + "2024-03-02,运费,200.00,,800.00,李四\r\n"
                                   + "本日合计,,200.00,,,\r\n"
                                   + "2024-03-03,电费,50.00,,750.00,杭州电力公司\r\n");

        Assert.Empty(rows.Errors());
        Assert.Equal([1_000.00m, -200.00m, -50.00m], rows.Records<StatementLineRecord>().Select(l => l.Amount));
        var balance = Assert.Single(rows.Records<StatementBalanceRecord>());
        Assert.Null(balance.DeclaredCredits);
        Assert.Null(balance.DeclaredDebits);
    }

    [Fact]
    public async Task A_header_repeated_after_a_page_break_is_skipped()
    {
        var rows = await ReadAsync(Header
                                   + "2024-03-01,货款,,\"1,000.00\",\"1,000.00\",张三\r\n"
                                   + Header
                                   + "2024-03-02,运费,200.00,,800.00,李四\r\n");

        Assert.Empty(rows.Errors());
        Assert.Equal(2, rows.Records<StatementLineRecord>().Count);
    }

    [Fact]
    public async Task Two_sections_each_with_its_preamble_and_footer_give_two_statements_with_their_own_totals()
    {
        var rows = await ReadAsync("账号：1111222233334444\r\n币种：人民币\r\n" + Header
                                   + "2024-03-01,货款,,\"1,000.00\",\"1,000.00\",张三\r\n"
                                   + "合计,,0.00,\"1,000.00\",,\r\n"
                                   + "账号：5555666677778888\r\n币种：美元\r\n" + Header
                                   + "2024-03-02,Fee,5.00,,95.00,\r\n"
                                   + "合计,,5.00,0.00,,\r\n");

        var balances = rows.Records<StatementBalanceRecord>();
        Assert.Equal(2, balances.Count);
        Assert.Equal(("1111222233334444", "CNY", 1_000.00m, 0m), (balances[0].Account, balances[0].Currency, balances[0].DeclaredCredits, balances[0].DeclaredDebits));
        Assert.Equal(("5555666677778888", "USD", 0m, 5.00m), (balances[1].Account, balances[1].Currency, balances[1].DeclaredCredits, balances[1].DeclaredDebits));
        Assert.Equal("USD", rows.Records<StatementLineRecord>()[1].Currency);
    }

    private static Task<List<ImportRow>> ReadAsync(string csv) =>
        Fixture.ReadBytesAsync(new ChineseBankAdapter(), Encoding.UTF8.GetBytes(csv), "download.csv");
}
