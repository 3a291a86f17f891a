using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Adapters.WeChatPay;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.WeChatPay;

/// <summary>The merchant downloads: the 交易账单's payments, refunds and fees; the 资金账单's movements and balances.</summary>
public sealed class WeChatMerchantBillTests
{
    private static readonly WeChatPayAdapter Adapter = new();

    [Fact]
    public async Task Each_payment_of_the_trade_bill_is_a_sale_of_its_settled_amount_and_a_fee_rounded_to_the_fen()
    {
        var rows = await Fixture.ReadAsync(Adapter, "wechatpay-trade-all.csv");
        var lines = rows.Records<StatementLineRecord>();

        Assert.Empty(rows.Errors());
        Assert.Equal([1299.00m, -7.79m, 95.00m, -0.57m, -299.00m, 1.79m, 58.80m, -0.35m], lines.Select(l => l.Amount));
        Assert.Equal(
            [LinePurpose.Sale, LinePurpose.Fee, LinePurpose.Sale, LinePurpose.Fee, LinePurpose.Refund, LinePurpose.Fee, LinePurpose.Sale, LinePurpose.Fee],
            lines.Select(l => l.Purpose!.Value));
        Assert.Equal([2L, 2, 3, 3, 4, 4, 5, 5], rows.OfType<RecordRow>().Where(r => r.Record is StatementLineRecord).Select(r => r.Line));

        var sale = lines[0];
        Assert.Equal(new DateOnly(2024, 3, 5), sale.Date);
        Assert.Equal("SO-20240305-001", sale.DocumentNumber);
        Assert.Equal("4200002001202403051234567801", sale.Reference);
        Assert.Equal("4200002001202403051234567801", sale.SourceId);
        Assert.Equal("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", sale.CounterpartyAccount);
        Assert.Equal("1900000109", sale.Account);
        Assert.Equal("华联超市订货 / JSAPI / CMB_DEBIT", sale.Text);

        // 7.79400 charged: 7.79, of that order, with no counterparty.
        var fee = lines[1];
        Assert.Equal("SO-20240305-001", fee.DocumentNumber);
        Assert.Equal("4200002001202403051234567801/fee", fee.SourceId);
        Assert.Null(fee.CounterpartyAccount);
        Assert.Null(fee.CounterpartyName);
        Assert.Equal("手续费 / 7.794 / 费率 0.60%", fee.Text);

        // A coupon of 5.00 on an order of 100.00: the sale is the 95.00 WeChat settles.
        Assert.Equal(95.00m, lines[2].Amount);
    }

    [Fact]
    public async Task A_refund_is_money_out_for_its_order_identified_by_the_wechat_refund_number_and_the_fee_it_returns_is_money_in()
    {
        var rows = await Fixture.ReadAsync(Adapter, "wechatpay-trade-all.csv");
        var lines = rows.Records<StatementLineRecord>();
        var refund = lines[4];
        var returnedFee = lines[5];

        Assert.Equal(-299.00m, refund.Amount);
        Assert.Equal("SO-20240305-001", refund.DocumentNumber);
        Assert.Equal("4200002001202403051234567801", refund.Reference);
        Assert.Equal("50300108562024030500000000001", refund.SourceId);
        Assert.Equal("50300108562024030500000000001", refund.VoucherNumber);
        Assert.Contains("商户退款单号 RF-20240305-001", refund.Text);
        Assert.Contains("退款状态 SUCCESS", refund.Text);

        Assert.Equal(1.79m, returnedFee.Amount);
        Assert.Equal(LinePurpose.Fee, returnedFee.Purpose);
        Assert.Equal("50300108562024030500000000001/fee", returnedFee.SourceId);
        Assert.StartsWith("退还手续费", returnedFee.Text);
    }

    [Fact]
    public async Task The_trade_bills_summary_closes_it_with_the_settled_and_refunded_totals_and_the_fees_the_rows_charged_and_returned()
    {
        var rows = await Fixture.ReadAsync(Adapter, "wechatpay-trade-all.csv");
        var lines = rows.Records<StatementLineRecord>();

        Assert.IsType<StatementBalanceRecord>(((RecordRow)rows[^1]).Record);
        var balance = Assert.Single(rows.Records<StatementBalanceRecord>());

        // 应结订单总金额 1,452.80 + 1.79 returned; 退款总金额 299.00 + 8.71 charged. No count: the lines are not the rows.
        Assert.Equal(1454.59m, balance.DeclaredCredits);
        Assert.Equal(307.71m, balance.DeclaredDebits);
        Assert.Null(balance.DeclaredCount);
        Assert.Equal(lines.Where(l => l.Amount >= 0).Sum(l => l.Amount), balance.DeclaredCredits);
        Assert.Equal(-lines.Where(l => l.Amount < 0).Sum(l => l.Amount), balance.DeclaredDebits);
        Assert.Equal("1900000109", balance.Account);
        Assert.Equal(new DateOnly(2024, 3, 5), balance.OpeningDate);
        Assert.Equal(new DateOnly(2024, 3, 5), balance.ClosingDate);
        Assert.Equal(7L, ((RecordRow)rows[^1]).Line);
    }

    [Fact]
    public async Task The_fund_flow_bill_names_each_movement_by_its_business_and_carries_the_account_balance()
    {
        var rows = await Fixture.ReadAsync(Adapter, "wechatpay-fundflow.csv");
        var lines = rows.Records<StatementLineRecord>();

        Assert.Empty(rows.Errors());
        Assert.Equal([1299.00m, -7.79m, 95.00m, -0.57m, -299.00m, 1.79m, -9000.00m, -200.00m], lines.Select(l => l.Amount));
        Assert.Equal(
            [LinePurpose.Sale, LinePurpose.Fee, LinePurpose.Sale, LinePurpose.Fee, LinePurpose.Refund, LinePurpose.Fee, LinePurpose.Payout, LinePurpose.Other],
            lines.Select(l => l.Purpose!.Value));
        Assert.Equal([11299.00m, 11291.21m, 11386.21m, 11385.64m, 11086.64m, 11088.43m, 2088.43m, 1888.43m], lines.Select(l => l.Balance!.Value));

        var sale = lines[0];
        Assert.Equal(new DateOnly(2024, 3, 6), sale.Date);
        Assert.Equal("SO-20240305-001", sale.DocumentNumber);
        Assert.Equal("4200002001202403051234567801", sale.Reference);
        Assert.Equal("1900000109202403060000000001", sale.SourceId);
        Assert.Equal("1900000109202403060000000001", sale.VoucherNumber);

        var payout = lines[6];
        Assert.Equal("1330000109202403061000000001", payout.SettlementId);
        Assert.Null(payout.DocumentNumber);
        Assert.Null(payout.CounterpartyName);
        Assert.Equal("提现", payout.Text);

        Assert.Equal("企业付款 / 活动奖励 / 申请人 1900000109@1900000109", lines[7].Text);
    }

    [Fact]
    public async Task The_fund_flow_summary_and_balance_chain_close_the_bill_for_the_host_to_foot()
    {
        var rows = await Fixture.ReadAsync(Adapter, "wechatpay-fundflow.csv");
        var lines = rows.Records<StatementLineRecord>();

        var balance = Assert.Single(rows.Records<StatementBalanceRecord>());
        Assert.Equal(8, balance.DeclaredCount);
        Assert.Equal(1395.79m, balance.DeclaredCredits);
        Assert.Equal(9507.36m, balance.DeclaredDebits);
        Assert.Equal(10000.00m, balance.OpeningBalance);
        Assert.Equal(1888.43m, balance.ClosingBalance);
        Assert.Equal(balance.ClosingBalance, balance.OpeningBalance + lines.Sum(l => l.Amount));
        Assert.Equal(new DateOnly(2024, 3, 6), balance.OpeningDate);
        Assert.Equal(new DateOnly(2024, 3, 6), balance.ClosingDate);
        Assert.Equal(lines.Count, balance.DeclaredCount);
    }
}
