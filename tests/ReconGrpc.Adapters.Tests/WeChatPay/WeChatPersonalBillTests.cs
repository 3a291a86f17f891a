using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Adapters.WeChatPay;
using ReconGrpc.Plugins.Abstractions;
using ReconGrpc.Plugins.Testing;

namespace ReconGrpc.Adapters.Tests.WeChatPay;

/// <summary>The personal 微信支付账单明细: 收入 in, 支出 out, / rows as moves of the holder's money, 服务费 as a fee of its own.</summary>
public sealed class WeChatPersonalBillTests
{
    private static readonly WeChatPayAdapter Adapter = new();

    [Fact]
    public async Task The_csv_bill_becomes_cash_flow_lines_and_a_fee_split_off_its_withdrawal()
    {
        var rows = await Fixture.ReadAsync(Adapter, "wechatpay-personal.csv");
        var lines = rows.Records<StatementLineRecord>();

        Assert.Empty(rows.Errors());
        Assert.All(lines, l => Assert.Equal(AmountConvention.CashFlow, l.Convention));
        Assert.Equal([128.00m, 1560.00m, -45.50m, 45.50m, -999.00m, -1.00m, 0m, -36.00m, 500.00m, 88.80m], lines.Select(l => l.Amount));
        Assert.Equal(
            [LinePurpose.Sale, LinePurpose.Sale, LinePurpose.Other, LinePurpose.Refund, LinePurpose.Payout, LinePurpose.Fee, LinePurpose.Other, LinePurpose.Other, LinePurpose.Other, LinePurpose.Sale],
            lines.Select(l => l.Purpose!.Value));

        // Line numbers are the file's: 17 preamble and header lines, the withdrawal and its fee both on line 22.
        Assert.Equal([18L, 19, 20, 21, 22, 22, 23, 24, 25, 26], rows.OfType<RecordRow>().Where(r => r.Record is StatementLineRecord).Select(r => r.Line));
    }

    [Fact]
    public async Task A_receipt_keeps_its_payer_and_the_transaction_number_the_wechat_bill_gives_it()
    {
        var rows = await Fixture.ReadAsync(Adapter, "wechatpay-personal.csv");
        var transfer = rows.Records<StatementLineRecord>()[1];

        Assert.Equal(new DateOnly(2024, 3, 3), transfer.Date);
        Assert.Equal("上海华联超市有限公司", transfer.CounterpartyName);
        Assert.Equal("1000050001202403031234567890", transfer.Reference);
        Assert.Equal("1000050001202403031234567890", transfer.SourceId);
        Assert.Null(transfer.DocumentNumber);
        Assert.Equal("转账 / 转账备注:3月货款", transfer.Text);
        Assert.Null(transfer.Currency);
    }

    [Fact]
    public async Task A_refunded_payment_stays_a_payment_and_its_refund_row_is_money_back_for_the_same_order()
    {
        var rows = await Fixture.ReadAsync(Adapter, "wechatpay-personal.csv");
        var lines = rows.Records<StatementLineRecord>();
        var payment = lines[2];
        var refund = lines[3];

        Assert.Equal(-45.50m, payment.Amount);
        Assert.Contains("已全额退款", payment.Text);
        Assert.Equal(45.50m, refund.Amount);
        Assert.Equal(LinePurpose.Refund, refund.Purpose);
        Assert.Equal("2024030512450001", payment.DocumentNumber);
        Assert.Equal(payment.DocumentNumber, refund.DocumentNumber);
        Assert.Equal("50300108562024030512345678901", refund.SourceId);
        Assert.Equal(0m, payment.Amount + refund.Amount);
    }

    [Fact]
    public async Task A_withdrawal_is_a_payout_of_what_reached_the_bank_and_its_service_fee_a_fee_line_of_nobodys()
    {
        var rows = await Fixture.ReadAsync(Adapter, "wechatpay-personal.csv");
        var lines = rows.Records<StatementLineRecord>();
        var payout = lines[4];
        var fee = lines[5];

        Assert.Equal(LinePurpose.Payout, payout.Purpose);
        Assert.Equal(-999.00m, payout.Amount);
        Assert.Equal("207240308100077140000000000001", payout.SettlementId);
        Assert.Equal("207240308100077140000000000001", payout.SourceId);
        Assert.Null(payout.CounterpartyName);

        Assert.Equal(LinePurpose.Fee, fee.Purpose);
        Assert.Equal(-1.00m, fee.Amount);
        Assert.Equal("207240308100077140000000000001/fee", fee.SourceId);
        Assert.Equal(payout.Reference, fee.Reference);
        Assert.Null(fee.CounterpartyName);
        Assert.Equal(-1000.00m, payout.Amount + fee.Amount);
    }

    [Fact]
    public async Task Moves_between_the_holders_own_balances_count_nothing_and_a_top_up_from_a_bank_is_money_in()
    {
        var rows = await Fixture.ReadAsync(Adapter, "wechatpay-personal.csv");
        var lines = rows.Records<StatementLineRecord>();

        var intoSavings = lines[6];
        Assert.Equal(0m, intoSavings.Amount);
        Assert.Equal(LinePurpose.Other, intoSavings.Purpose);
        Assert.Contains("转入零钱通-来自零钱", intoSavings.Text);
        Assert.Contains("200.00 between 零钱 and 零钱通", intoSavings.Text);

        var topUp = lines[8];
        Assert.Equal(500.00m, topUp.Amount);
        Assert.Equal("工商银行(9876)", topUp.CounterpartyName);
    }

    [Fact]
    public async Task The_preamble_closes_the_bill_with_its_period_count_and_totals_so_the_lines_foot_against_it()
    {
        var rows = await Fixture.ReadAsync(Adapter, "wechatpay-personal.csv");
        var lines = rows.Records<StatementLineRecord>();

        Assert.IsType<StatementBalanceRecord>(((RecordRow)rows[^1]).Record);
        var balance = Assert.Single(rows.Records<StatementBalanceRecord>());
        Assert.Equal("小李水果店", balance.Account);
        Assert.Equal(new DateOnly(2024, 3, 1), balance.OpeningDate);
        Assert.Equal(new DateOnly(2024, 3, 31), balance.ClosingDate);
        Assert.Null(balance.OpeningBalance);

        // 共9笔记录 and the one fee line split off; 收入 1,822.30 with the 500.00 top-up; 支出 81.50 with the 1,000.00 withdrawal.
        Assert.Equal(10, balance.DeclaredCount);
        Assert.Equal(2322.30m, balance.DeclaredCredits);
        Assert.Equal(1081.50m, balance.DeclaredDebits);
        Assert.Equal(lines.Count, balance.DeclaredCount);
        Assert.Equal(lines.Where(l => l.Amount >= 0).Sum(l => l.Amount), balance.DeclaredCredits);
        Assert.Equal(-lines.Where(l => l.Amount < 0).Sum(l => l.Amount), balance.DeclaredDebits);
    }

    [Fact]
    public async Task The_xlsx_export_reads_as_the_csv_does_whether_an_amount_is_text_with_a_yuan_sign_or_a_number()
    {
        var rows = await Fixture.ReadAsync(Adapter, "wechatpay-personal.xlsx");
        var lines = rows.Records<StatementLineRecord>();

        Assert.Empty(rows.Errors());
        Assert.Equal([128.00m, 1560.00m, -45.50m, 45.50m, -999.00m, -1.00m, -36.00m], lines.Select(l => l.Amount));
        Assert.Equal("上海华联超市有限公司", lines[1].CounterpartyName);
        Assert.Equal("100003980124030200012345678901", lines[0].SourceId);
        Assert.Equal(new DateOnly(2024, 3, 12), lines[^1].Date);
        Assert.Equal(18L, rows.OfType<RecordRow>().First().Line);

        var balance = Assert.Single(rows.Records<StatementBalanceRecord>());
        Assert.Equal(7, balance.DeclaredCount);
        Assert.Equal(1733.50m, balance.DeclaredCredits);
        Assert.Equal(1081.50m, balance.DeclaredDebits);
        Assert.Equal(lines.Where(l => l.Amount >= 0).Sum(l => l.Amount), balance.DeclaredCredits);
        Assert.Equal(-lines.Where(l => l.Amount < 0).Sum(l => l.Amount), balance.DeclaredDebits);
    }

    [Fact]
    public async Task A_bill_saved_again_in_gbk_reads_the_same_as_the_utf8_one()
    {
        var utf8 = (await Fixture.ReadAsync(Adapter, "wechatpay-personal.csv")).Records<StatementLineRecord>();
        var gbk = await Fixture.ReadAsync(Adapter, "wechatpay-personal-gbk.csv");

        Assert.Empty(gbk.Errors());
        Assert.Equal(utf8, gbk.Records<StatementLineRecord>());
    }

    [Fact]
    public async Task Through_the_test_kit_the_bill_is_detected_and_read_into_a_platform_bill_as_the_server_would()
    {
        var result = await AdapterRun.ReadFileAsync(Adapter, Fixture.PathOf("wechatpay-personal.csv"),
            new AdapterRunOptions { IntoStatement = StatementKind.PlatformBill });

        Assert.True(result.Detection.Confidence >= 0.9, result.Detection.Reason);
        Assert.Empty(result.Errors);
        Assert.Equal(10, result.RecordsOf<StatementLineRecord>().Count);
    }
}
