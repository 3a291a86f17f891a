using ReconGrpc.Adapters.Alipay;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.Alipay;

/// <summary>The merchant downloads: 账务明细 (movements with balances) and 业务明细 (trades and refunds with their fees).</summary>
public sealed class AlipayMerchantTests
{
    private static readonly AlipayAdapter Adapter = new();

    [Fact]
    public async Task The_account_detail_says_what_each_movement_is_for_and_declares_its_footer_and_balances()
    {
        var rows = await Fixture.ReadAsync(Adapter, "alipay-account-gbk.csv");

        Assert.Empty(rows.Errors());
        var lines = rows.Records<StatementLineRecord>();
        Assert.Equal([1299.00m, -7.79m, 358.00m, -358.00m, -10000.00m, 5000.00m], lines.Select(l => l.Amount));
        Assert.Equal([LinePurpose.Sale, LinePurpose.Fee, LinePurpose.Sale, LinePurpose.Refund, LinePurpose.Payout, LinePurpose.Other], lines.Select(l => l.Purpose!.Value));
        Assert.Equal([6L, 7L, 8L, 9L, 10L, 11L], rows.OfType<RecordRow>().Where(r => r.Record is StatementLineRecord).Select(r => r.Line));
        Assert.All(lines, l => Assert.Equal("20881234567890120156", l.Account));
        Assert.All(lines, l => Assert.Equal(l.VoucherNumber, l.SourceId));

        var sale = lines[0];
        Assert.Equal(new DateOnly(2024, 3, 1), sale.Date);
        Assert.Equal("SO-2024-0301", sale.DocumentNumber);
        Assert.Equal("2024030122001488950500000001", sale.Reference);
        Assert.Equal("300012345601", sale.SourceId);
        Assert.Equal("王芳", sale.CounterpartyName);
        Assert.Equal("wang***@163.com", sale.CounterpartyAccount);
        Assert.Equal(11299.00m, sale.Balance);
        Assert.Equal("办公椅 / 在线支付", sale.Text);
        Assert.Equal(DocumentType.Receipt, sale.DocumentType);

        // The fee of that order: its order number, nobody's, though the file names Alipay as the other party.
        var fee = lines[1];
        Assert.Equal("SO-2024-0301", fee.DocumentNumber);
        Assert.Null(fee.CounterpartyName);
        Assert.Null(fee.CounterpartyAccount);
        Assert.Equal(7.79m, fee.Debit);

        var refund = lines[3];
        Assert.Equal("SO-2024-0302", refund.DocumentNumber);
        Assert.Equal("李强", refund.CounterpartyName);
        Assert.Equal("138****5678", refund.CounterpartyAccount);

        // The payout to our bank: its 业务流水号 is its settlement id; nobody's.
        var payout = lines[4];
        Assert.Equal("20240301200040011100500000009", payout.SettlementId);
        Assert.Null(payout.DocumentNumber);
        Assert.Null(payout.CounterpartyName);

        Assert.Equal("上海华联超市有限公司", lines[5].CounterpartyName);
        Assert.Equal("转账 / 货款 INV-2024-0012", lines[5].Text);

        var balance = Assert.Single(rows.Records<StatementBalanceRecord>());
        Assert.Equal(14, ((RecordRow)rows[^1]).Line);
        Assert.Equal(6657.00m, balance.DeclaredCredits);
        Assert.Equal(10365.79m, balance.DeclaredDebits);
        Assert.Equal(6, balance.DeclaredCount);
        Assert.Equal(10000.00m, balance.OpeningBalance);
        Assert.Equal(6291.21m, balance.ClosingBalance);
        Assert.Equal(balance.ClosingBalance, balance.OpeningBalance + lines.Sum(l => l.Amount));
        Assert.Equal(balance.DeclaredCredits, lines.Where(l => l.Amount >= 0).Sum(l => l.Amount));
        Assert.Equal(new DateOnly(2024, 3, 1), balance.OpeningDate);
        Assert.Equal(new DateOnly(2024, 3, 1), balance.ClosingDate);
        Assert.Equal("20881234567890120156", balance.Account);
    }

    [Fact]
    public async Task An_account_detail_listed_newest_first_takes_its_opening_balance_from_the_last_row()
    {
        var text = Fixture.Text("alipay-account-gbk.csv", Fixture.Gbk).Split("\r\n");
        var reversed = text[..5].Concat(text[5..11].Reverse()).Concat(text[11..]);

        var rows = await Fixture.ReadBytesAsync(Adapter, Fixture.Gbk.GetBytes(string.Join("\r\n", reversed)), "newest-first.csv");

        var balance = Assert.Single(rows.Records<StatementBalanceRecord>());
        Assert.Equal(10000.00m, balance.OpeningBalance);
        Assert.Equal(6291.21m, balance.ClosingBalance);
    }

    [Fact]
    public async Task The_business_detail_gives_a_sale_of_what_settled_to_us_and_a_fee_line_for_each_trade_and_a_refund_with_its_fee_given_back()
    {
        var rows = await Fixture.ReadAsync(Adapter, "alipay-business-gbk.csv");

        Assert.Empty(rows.Errors());
        Assert.Empty(rows.Records<StatementBalanceRecord>());
        var lines = rows.Records<StatementLineRecord>();
        Assert.Equal([1299.00m, -7.79m, 338.00m, -2.03m, 880.00m, -5.28m, -338.00m, 2.03m], lines.Select(l => l.Amount));
        Assert.Equal(
            [LinePurpose.Sale, LinePurpose.Fee, LinePurpose.Sale, LinePurpose.Fee, LinePurpose.Sale, LinePurpose.Fee, LinePurpose.Refund, LinePurpose.Fee],
            lines.Select(l => l.Purpose!.Value));
        Assert.Equal([6L, 6L, 7L, 7L, 8L, 8L, 9L, 9L], rows.OfType<RecordRow>().Select(r => r.Line));
        Assert.Equal(lines.Count, lines.Select(l => l.SourceId).Distinct().Count());

        var sale = lines[0];
        Assert.Equal("SO-2024-0301", sale.DocumentNumber);
        Assert.Equal("2024030122001488950500000001", sale.Reference);
        Assert.Equal("2024030122001488950500000001", sale.SourceId);
        Assert.Equal("王芳", sale.CounterpartyName);
        Assert.Equal("wang***@163.com", sale.CounterpartyAccount);
        Assert.Equal(new DateOnly(2024, 3, 1), sale.Date);
        Assert.Equal("20881234567890120156", sale.Account);

        var fee = lines[1];
        Assert.Equal("SO-2024-0301", fee.DocumentNumber);
        Assert.Equal("2024030122001488950500000001/fee", fee.SourceId);
        Assert.Null(fee.CounterpartyName);
        Assert.Null(fee.CounterpartyAccount);

        // 订单金额 358.00 less our 商家优惠 20.00: 338.00 settled to us, and the text says what the order was.
        Assert.Equal("台灯 / 订单金额 358.00", lines[2].Text);
        Assert.Equal("文件柜 / 门店自提", lines[4].Text);

        var refund = lines[6];
        Assert.Equal("SO-2024-0302", refund.DocumentNumber);
        Assert.Equal("2024030122001488950500000002/refund/RF-SO-2024-0302-1", refund.SourceId);
        Assert.Equal("RF-SO-2024-0302-1", refund.VoucherNumber);
        Assert.Equal("李强", refund.CounterpartyName);
        Assert.Equal("退还服务费 / 台灯", lines[7].Text);
    }
}
