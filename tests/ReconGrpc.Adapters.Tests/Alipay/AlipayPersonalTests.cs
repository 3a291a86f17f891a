using ReconGrpc.Adapters.Alipay;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.Alipay;

/// <summary>The personal 交易明细 in both layouts: money in and out of the holder's Alipay, refunds, own transfers, closed trades.</summary>
public sealed class AlipayPersonalTests
{
    private static readonly AlipayAdapter Adapter = new();

    [Fact]
    public async Task The_current_layout_gives_income_spending_a_refund_and_an_own_transfer_and_passes_over_the_closed_trade()
    {
        var rows = await Fixture.ReadAsync(Adapter, "alipay-personal-utf8.csv");

        Assert.Empty(rows.Errors());
        var lines = rows.Records<StatementLineRecord>();
        Assert.Equal([19L, 20L, 21L, 22L, 24L], rows.OfType<RecordRow>().Where(r => r.Record is StatementLineRecord).Select(r => r.Line));
        Assert.Equal([5000.00m, -156.80m, 56.80m, -4000.00m, 320.00m], lines.Select(l => l.Amount));
        Assert.Equal([null, null, LinePurpose.Refund, LinePurpose.Other, null], lines.Select(l => l.Purpose));
        Assert.All(lines, l => Assert.Equal(AmountConvention.CashFlow, l.Convention));
        Assert.All(lines, l => Assert.Equal("zhang***@163.com", l.Account));

        var income = lines[0];
        Assert.Equal(new DateOnly(2024, 3, 5), income.Date);
        Assert.Equal("上海华联超市有限公司", income.CounterpartyName);
        Assert.Equal("hua***@163.com", income.CounterpartyAccount);
        Assert.Equal("货款 INV-2024-0012 / 3月货款", income.Text);
        Assert.Equal("20240305200040011100330012345678", income.Reference);
        Assert.Equal(income.Reference, income.SourceId);
        Assert.Null(income.DocumentNumber);
        Assert.Equal(DocumentType.Receipt, income.DocumentType);
        Assert.Equal(5000.00m, income.Credit);

        var purchase = lines[1];
        Assert.Equal("T200P3512345678901", purchase.DocumentNumber);
        Assert.Equal("2024030622001412340512345678", purchase.Reference);
        Assert.Equal(156.80m, purchase.Debit);
        Assert.Null(purchase.DocumentType);

        // The refund of part of that purchase carries its own id (原交易号_退款号) and the same order.
        var refund = lines[2];
        Assert.Equal("2024030622001412340512345678_2024030822001412349999", refund.SourceId);
        Assert.Equal("T200P3512345678901", refund.DocumentNumber);

        // 余额宝-自动转入 puts money aside: out of the spendable balance; 对方账号 "/" is no account.
        Assert.Null(lines[3].CounterpartyAccount);
        Assert.Equal("余额宝-自动转入", lines[3].Text);

        // 共6笔记录 less the closed trade: five lines, which is what the file holds.
        var balance = Assert.Single(rows.Records<StatementBalanceRecord>());
        Assert.IsType<StatementBalanceRecord>(((RecordRow)rows[^1]).Record);
        Assert.Equal(5, balance.DeclaredCount);
        Assert.Equal(lines.Count, balance.DeclaredCount);
        Assert.Equal("zhang***@163.com", balance.Account);
        Assert.Equal(new DateOnly(2024, 3, 1), balance.OpeningDate);
        Assert.Equal(new DateOnly(2024, 3, 31), balance.ClosingDate);
        Assert.Null(balance.DeclaredCredits);
        Assert.Null(balance.OpeningBalance);
    }

    [Fact]
    public async Task The_older_layout_in_gbk_dates_by_payment_and_splits_a_trades_fee_and_refund_into_lines_of_their_own()
    {
        var rows = await Fixture.ReadAsync(Adapter, "alipay-personal-legacy-gbk.csv");

        Assert.Empty(rows.Errors());
        var lines = rows.Records<StatementLineRecord>();
        Assert.Equal([-120.00m, 1500.00m, -236.40m, 36.40m, 500.00m, 80.00m, -0.48m], lines.Select(l => l.Amount));
        Assert.Equal([null, null, null, LinePurpose.Refund, LinePurpose.Other, null, LinePurpose.Fee], lines.Select(l => l.Purpose));
        Assert.Equal([6L, 7L, 9L, 9L, 10L, 11L, 11L], rows.OfType<RecordRow>().Where(r => r.Record is StatementLineRecord).Select(r => r.Line));

        var first = lines[0];
        Assert.Equal(new DateOnly(2019, 3, 15), first.Date);
        Assert.Equal("T200P312345678901234", first.DocumentNumber);
        Assert.Equal("2019031522001412341000123456", first.SourceId);
        Assert.Equal("杭州文具旗舰店", first.CounterpartyName);
        Assert.Equal("打印纸A4 5包", first.Text);

        // 成功退款 36.40 on a payment of 236.40 comes back in, as a refund of the same order.
        var refund = lines[3];
        Assert.Equal("2019032222001412341000777777/refund", refund.SourceId);
        Assert.Equal("T200P377777777777777", refund.DocumentNumber);
        Assert.Equal("得力办公专营店", refund.CounterpartyName);

        // 服务费 0.48 on money received: a fee line of its own, nobody's.
        var fee = lines[6];
        Assert.Equal("2019032822001400001000888888/fee", fee.SourceId);
        Assert.Equal("SO-2019-0328", fee.DocumentNumber);
        Assert.Null(fee.CounterpartyName);
        Assert.Null(fee.CounterpartyAccount);

        // 共6笔记录: one closed row passed over, two rows giving a second line.
        var balance = Assert.Single(rows.Records<StatementBalanceRecord>());
        Assert.Equal(13, ((RecordRow)rows[^1]).Line);
        Assert.Equal(7, balance.DeclaredCount);
        Assert.Equal("zhang***@163.com", balance.Account);
        Assert.Equal(new DateOnly(2019, 3, 1), balance.OpeningDate);
        Assert.Equal(new DateOnly(2019, 3, 31), balance.ClosingDate);
    }

    [Fact]
    public async Task A_count_that_disagrees_with_the_rows_is_declared_for_the_host_to_warn()
    {
        var text = Fixture.Text("alipay-personal-utf8.csv", System.Text.Encoding.UTF8).Replace("共6笔记录", "共9笔记录", StringComparison.Ordinal);

        var rows = await Fixture.ReadBytesAsync(Adapter, System.Text.Encoding.UTF8.GetBytes(text), "alipay-personal-utf8.csv");

        var balance = Assert.Single(rows.Records<StatementBalanceRecord>());
        Assert.Equal(8, balance.DeclaredCount);
        Assert.Equal(5, rows.Records<StatementLineRecord>().Count);
    }

    [Fact]
    public async Task A_direction_that_is_not_income_spending_or_neither_is_a_row_error()
    {
        var text = System.Text.RegularExpressions.Regex.Replace(
            Fixture.Text("alipay-personal-utf8.csv", System.Text.Encoding.UTF8), @"收钱码收款(\s*),收入", "收钱码收款$1,进账");
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);

        var rows = await Fixture.ReadBytesAsync(Adapter, bytes, "alipay-personal-utf8.csv");

        var error = Assert.Single(rows.Errors());
        Assert.Equal((24L, "收/支"), (error.Line, error.Field));
        Assert.Contains("'进账' is not one of 收入, 支出, 不计收支", error.Reason);
    }
}
