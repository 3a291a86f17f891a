using ReconGrpc.Adapters.ChineseBanks;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.ChineseBanks;

/// <summary>The real downloads in ../shared/data/real/cn-bank (see SOURCES.md), figures checked by hand against the files.</summary>
public sealed class CnBankRealFileTests
{
    private const string Icbc = "cn-bank/deg-icbc-debit-v2.csv";
    private const string Cmb = "cn-bank/deg-cmb-debit.csv";
    private const string Boc = "cn-bank/deg-boc-debit.csv";

    public static TheoryData<string> All => RealFiles.Cases(Icbc, Cmb, Boc);

    public static TheoryData<string> IcbcFile => RealFiles.Cases(Icbc);

    public static TheoryData<string> CmbFile => RealFiles.Cases(Cmb);

    public static TheoryData<string> BocFile => RealFiles.Cases(Boc);

    [Theory]
    [MemberData(nameof(All))]
    public async Task Every_real_download_reads_without_errors_into_lines_and_one_balance_record_after_them(string path)
    {
        if (RealFiles.Skip(path))
        {
            return;
        }

        var rows = await ReadAsync(path);

        Assert.Empty(rows.Errors());
        Assert.IsType<StatementBalanceRecord>(((RecordRow)rows[^1]).Record);
        Assert.Single(rows.Records<StatementBalanceRecord>());
        Assert.All(rows.Records<StatementLineRecord>(), l => Assert.Equal(AmountConvention.CashFlow, l.Convention));
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Every_real_download_is_recognised_as_a_bank_download(string path)
    {
        if (RealFiles.Skip(path))
        {
            return;
        }

        var bytes = RealFiles.Bytes(path);
        var result = new ChineseBankAdapter().Detect(new FileProbe(Path.GetFileName(path), bytes, bytes.Length));

        Assert.True(result.Confidence >= 0.8, result.Reason);
        Assert.Equal(RecordKind.StatementLines, result.Kind);
    }

    [Theory]
    [MemberData(nameof(IcbcFile))]
    public async Task The_icbc_download_has_eleven_padded_lines_in_the_booked_amount_columns_and_its_footer_is_declared_not_imported(string path)
    {
        if (RealFiles.Skip(path))
        {
            return;
        }

        var rows = await ReadAsync(path);
        var lines = rows.Records<StatementLineRecord>();

        Assert.Equal(11, lines.Count);
        Assert.All(lines, l => Assert.Equal("CNY", l.Currency));
        Assert.All(lines, l => Assert.Equal("1234****9876", l.Account));
        Assert.All(lines, l => Assert.Null(l.SourceId));
        Assert.All(lines, l => Assert.Null(l.Balance));

        // 2023-05-02 消费 at 广东三元麦当劳食品有, 13.40 out, to 深圳市财付通支付科技有限公司.
        var first = lines[0];
        Assert.Equal(new DateOnly(2023, 5, 2), first.Date);
        Assert.Equal(-13.40m, first.Amount);
        Assert.Equal(13.40m, first.Debit);
        Assert.Null(first.Credit);
        Assert.Null(first.DocumentType);
        Assert.Equal("消费 / 广东三元麦当劳食品有", first.Text);
        Assert.Equal("深圳市财付通支付科技有限公司", first.CounterpartyName);
        Assert.Equal("1234****9876", first.CounterpartyAccount);

        // 2023-04-22 他行汇入 1,234.56 in from 李四.
        var third = lines[2];
        Assert.Equal(1234.56m, third.Amount);
        Assert.Equal(1234.56m, third.Credit);
        Assert.Equal(DocumentType.Receipt, third.DocumentType);
        Assert.Equal("李四", third.CounterpartyName);

        Assert.Equal("蚂蚁基金赎回到银行 / 支付宝", lines[6].Text);
        Assert.Equal("支付宝（中国）网络技术有限公司", lines[6].CounterpartyName);

        // In: 1,234.56 ×2 + 341.58 + 30.00 + 1.04; out: 13.40 + 1,234.56 ×3 + 500.00 + 24.00.
        Assert.Equal(2841.74m, lines.Where(l => l.Amount > 0).Sum(l => l.Amount));
        Assert.Equal(-4241.08m, lines.Where(l => l.Amount < 0).Sum(l => l.Amount));

        // The 人民币合计 row says 1,234.56 in and 9,876.54 out (anonymised figures): declared for the host to compare.
        var balance = Assert.Single(rows.Records<StatementBalanceRecord>());
        Assert.Equal(1234.56m, balance.DeclaredCredits);
        Assert.Equal(9876.54m, balance.DeclaredDebits);
        Assert.Null(balance.DeclaredCount);
        Assert.Equal("1234****9876", balance.Account);
        Assert.Equal("CNY", balance.Currency);

        // Balances are masked (xx,yyyy.zz): none, and no error.
        Assert.Null(balance.OpeningBalance);
        Assert.Null(balance.ClosingBalance);
        Assert.Equal(new DateOnly(2023, 2, 8), balance.OpeningDate);
        Assert.Equal(new DateOnly(2023, 5, 2), balance.ClosingDate);
    }

    [Theory]
    [MemberData(nameof(CmbFile))]
    public async Task The_cmb_download_splits_the_counterparty_from_its_account_and_orders_its_lines_by_date_because_the_balance_chain_breaks(string path)
    {
        if (RealFiles.Skip(path))
        {
            return;
        }

        var rows = await ReadAsync(path);
        var lines = rows.Records<StatementLineRecord>();

        Assert.Equal(5, lines.Count);
        Assert.Equal([1234.00m, -1000.00m, -3.00m, -1000.00m, -10.14m], lines.Select(l => l.Amount));
        Assert.Equal([1271.66m, 271.66m, 81.22m, 123.45m, 1218.24m], lines.Select(l => l.Balance!.Value));
        Assert.All(lines, l => Assert.Equal("CNY", l.Currency));
        Assert.All(lines, l => Assert.Null(l.Debit));

        Assert.Equal("北京住房公积金管理中心", lines[0].CounterpartyName);
        Assert.Equal("1111111111", lines[0].CounterpartyAccount);
        Assert.Equal("代发住房公积金 / 01月01日约定提取", lines[0].Text);
        Assert.Equal("张三", lines[1].CounterpartyName);
        Assert.Equal("66666666666666", lines[1].CounterpartyAccount);
        Assert.Null(lines[3].CounterpartyName);
        Assert.Equal("银联ATM取款 / 银联 ATM 取款，中国银行", lines[3].Text);

        // The chain holds for the two lines of 1 January only; by date the first line is 1 January's +1,234.00 after
        // 37.66, the last 27 January's −3.00 leaving 81.22. 37.66 − 779.14 = −741.48: does not foot by 822.70.
        var balance = Assert.Single(rows.Records<StatementBalanceRecord>());
        Assert.Equal(37.66m, balance.OpeningBalance);
        Assert.Equal(81.22m, balance.ClosingBalance);
        Assert.Equal(new DateOnly(2024, 1, 1), balance.OpeningDate);
        Assert.Equal(new DateOnly(2024, 1, 27), balance.ClosingDate);
        Assert.Equal(822.70m, balance.ClosingBalance - (balance.OpeningBalance + lines.Sum(l => l.Amount)));
        Assert.Null(balance.DeclaredCredits);
        Assert.Null(balance.DeclaredCount);
    }

    [Theory]
    [MemberData(nameof(BocFile))]
    public async Task The_boc_download_is_newest_first_and_its_balance_chain_gives_opening_and_closing_that_foot(string path)
    {
        if (RealFiles.Skip(path))
        {
            return;
        }

        var rows = await ReadAsync(path);
        var lines = rows.Records<StatementLineRecord>();

        Assert.Equal(17, lines.Count);
        Assert.All(lines, l => Assert.Equal("3167", l.Account));
        Assert.All(lines, l => Assert.Equal("CNY", l.Currency));
        Assert.Equal(426.70m, lines.Sum(l => l.Amount));
        Assert.Equal(9821.00m, lines.Where(l => l.Amount > 0).Sum(l => l.Amount));

        // 2025-08-12 跨行转账 −2,600.00 to 上海十企业管理顾问有限公司 3101******6787, balance 3,973.11.
        var transfer = lines.Single(l => l.Amount == -2600.00m);
        Assert.Equal(new DateOnly(2025, 8, 12), transfer.Date);
        Assert.Equal("上海十企业管理顾问有限公司", transfer.CounterpartyName);
        Assert.Equal("3101******6787", transfer.CounterpartyAccount);
        Assert.Equal("跨行转账 / 数据有限公司", transfer.Text);
        Assert.Equal(3973.11m, transfer.Balance);

        // Placeholder dashes in 附言 leave the text at 交易名称.
        Assert.Equal("无卡支付", lines[0].Text);
        Assert.Equal("张三", lines[0].CounterpartyName);

        var salary = lines.Single(l => l.Amount == 5771.00m);
        Assert.Equal("美金数据有限公司", salary.CounterpartyName);
        Assert.Equal(DocumentType.Receipt, salary.DocumentType);

        // Oldest line (last in the file): +1,000.00 leaving 3,813.58, so 2,813.58 before it; newest leaves 3,240.28.
        var balance = Assert.Single(rows.Records<StatementBalanceRecord>());
        Assert.Equal(2813.58m, balance.OpeningBalance);
        Assert.Equal(3240.28m, balance.ClosingBalance);
        Assert.Equal(balance.ClosingBalance, balance.OpeningBalance + lines.Sum(l => l.Amount));
        Assert.Equal(new DateOnly(2025, 8, 1), balance.OpeningDate);
        Assert.Equal(new DateOnly(2025, 8, 22), balance.ClosingDate);
        Assert.Equal("3167", balance.Account);
    }

    private static Task<List<ImportRow>> ReadAsync(string path) =>
        Fixture.ReadBytesAsync(new ChineseBankAdapter(), RealFiles.Bytes(path), Path.GetFileName(path));
}
