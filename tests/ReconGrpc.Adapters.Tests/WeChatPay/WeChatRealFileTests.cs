using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Adapters.WeChatPay;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.WeChatPay;

/// <summary>The real personal bill in ../shared/data/real/cn-pay (see SOURCES.md), figures checked by hand against the file.</summary>
public sealed class WeChatRealFileTests
{
    private const string Personal = "cn-pay/deg-wechat-personal.csv";

    public static TheoryData<string> PersonalFile => RealFiles.Cases(Personal);

    [Theory]
    [MemberData(nameof(PersonalFile))]
    public async Task The_real_bill_reads_its_27_rows_with_three_withdrawal_fees_split_off_despite_its_mixed_quoting_and_tab_padding(string path)
    {
        if (RealFiles.Skip(path))
        {
            return;
        }

        var rows = await ReadAsync(path);
        var lines = rows.Records<StatementLineRecord>();

        Assert.Equal(30, lines.Count);
        Assert.Equal(27, rows.OfType<RecordRow>().Where(r => r.Record is StatementLineRecord).Select(r => r.Line).Distinct().Count());
        Assert.Equal(3, lines.Count(l => l.Purpose == LinePurpose.Fee));
        Assert.All(lines, l => Assert.Equal(AmountConvention.CashFlow, l.Convention));

        // Line 18: "商户消费" at 云膳过桥米线, "支出", ¥28.16, quoted cells with a tab after the closing quote.
        var first = lines[0];
        Assert.Equal(new DateOnly(2019, 9, 26), first.Date);
        Assert.Equal(-28.16m, first.Amount);
        Assert.Equal("云膳过桥米线(传奇广场店)", first.CounterpartyName);
        Assert.Equal("3985734", first.SourceId);
        Assert.Equal("129847129", first.DocumentNumber);
        Assert.Equal("商户消费 / 总共消费:28.16", first.Text);

        // Line 22: 二维码收款 of ¥23.00 from 用户A, a receipt; its 商户单号 is "/" followed by a tab.
        var receipt = lines.Single(l => l.Amount == 23.00m);
        Assert.Equal(LinePurpose.Sale, receipt.Purpose);
        Assert.Equal("用户A", receipt.CounterpartyName);
        Assert.Null(receipt.DocumentNumber);

        // Line 26: 零钱提现 of ¥1001.10 with 服务费¥1.00: 1,000.10 reached the bank.
        var payout = lines.Single(l => l.SourceId == "207210711100077147832088993175");
        Assert.Equal(-1000.10m, payout.Amount);
        Assert.Equal(LinePurpose.Payout, payout.Purpose);
        var fee = lines.Single(l => l.SourceId == "207210711100077147832088993175/fee");
        Assert.Equal(-1.00m, fee.Amount);

        // 零钱通转出-到工商银行 is a payout too; 零钱通转出-到零钱 moves nothing; 零钱充值 is money in.
        Assert.Equal(LinePurpose.Payout, lines.Single(l => l.SourceId == "18000070282007060048243102923587").Purpose);
        Assert.Equal(0m, lines.Single(l => l.SourceId == "18000070012002140012244807617587").Amount);
        Assert.Equal(1300.00m, lines.Single(l => l.SourceId == "110190416100031243293946287587").Amount);

        // Ids padded with spaces rather than tabs are trimmed; ¥50.0 has one decimal.
        Assert.Equal("XSFF-SD2021101916055813620", lines.Single(l => l.Amount == -2243.46m).DocumentNumber);
        Assert.Contains(lines, l => l.Amount == -50.00m);
        Assert.Equal(3328.49m, lines.Where(l => l.Amount > 0).Sum(l => l.Amount));
        Assert.Equal(-23069.41m, lines.Where(l => l.Amount < 0).Sum(l => l.Amount));
    }

    [Theory]
    [MemberData(nameof(PersonalFile))]
    public async Task The_real_bills_preamble_disagrees_with_its_rows_and_is_declared_so_the_host_warns(string path)
    {
        if (RealFiles.Skip(path))
        {
            return;
        }

        var rows = await ReadAsync(path);

        // 中性交易：0笔 0.00元, but the / rows hold ¥26,100.89: said on the preamble's line 10.
        var error = Assert.Single(rows.Errors());
        Assert.Equal((10L, "中性交易"), (error.Line, error.Field));
        Assert.Contains("¥26,100.89", error.Reason);

        // 共43笔记录 (and the three fees) against 30 lines; 收入 0.35 and 支出 28.16 with what the / rows moved.
        var balance = Assert.Single(rows.Records<StatementBalanceRecord>());
        Assert.Equal(46, balance.DeclaredCount);
        Assert.Equal(3300.35m, balance.DeclaredCredits);
        Assert.Equal(20193.04m, balance.DeclaredDebits);
        Assert.Equal("测试", balance.Account);
        Assert.Equal(new DateOnly(2019, 8, 1), balance.OpeningDate);
        Assert.Equal(new DateOnly(2019, 9, 30), balance.ClosingDate);
    }

    private static Task<List<ImportRow>> ReadAsync(string path) =>
        Fixture.ReadBytesAsync(new WeChatPayAdapter(), RealFiles.Bytes(path), Path.GetFileName(path));
}
