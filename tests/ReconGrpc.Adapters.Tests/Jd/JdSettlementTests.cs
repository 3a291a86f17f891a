using ReconGrpc.Adapters.Jd;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.Jd;

/// <summary>
/// 京东商家 结算单明细 (a GBK CSV with signed 金额) and 订单结算明细对账 (an XLSX with unsigned 应结金额 and 收支方向):
/// what each line is for, from its 费用项; the settlement it was paid out in; the 合计 row declared.
/// </summary>
public sealed class JdSettlementTests
{
    [Fact]
    public async Task The_settlement_csv_gives_each_fee_item_its_purpose_and_every_line_the_settlement_number()
    {
        var rows = await Fixture.ReadAsync(new JdAdapter(), "jd-settlement-gbk.csv");
        var lines = rows.Records<StatementLineRecord>();

        Assert.Empty(rows.Errors());
        Assert.Equal(10, lines.Count);
        Assert.All(lines, l => Assert.Equal("JS20240515001", l.SettlementId));
        Assert.All(lines, l => Assert.Equal(AmountConvention.CashFlow, l.Convention));
        Assert.Equal(
            [LinePurpose.Sale, LinePurpose.Fee, LinePurpose.Fee, LinePurpose.Sale, LinePurpose.Fee, LinePurpose.Refund, LinePurpose.Fee, LinePurpose.Fee, LinePurpose.Other, LinePurpose.Payout],
            lines.Select(l => l.Purpose!.Value));
        Assert.Equal([185.00m, -14.80m, -1.85m, 300.00m, -24.00m, -59.00m, 4.72m, -50.00m, 6.00m, -346.07m], lines.Select(l => l.Amount));
        Assert.Equal(0m, lines.Sum(l => l.Amount));

        // A sale: the order's number, the buyer, dated when it was settled.
        var sale = lines[0];
        Assert.Equal("281234567801", sale.DocumentNumber);
        Assert.Equal("jd_hualian01", sale.CounterpartyName);
        Assert.Equal(new DateOnly(2024, 5, 15), sale.Date);
        Assert.Equal("货款 / 华联 不锈钢保温杯 500ml 雾蓝 等2件", sale.Text);

        // A fee of one order carries the order's number and nobody's name.
        Assert.Equal("281234567801", lines[1].DocumentNumber);
        Assert.Null(lines[1].CounterpartyName);
        Assert.Equal("佣金 / 华联 不锈钢保温杯 500ml 雾蓝 等2件 / 扣点 8%", lines[1].Text);

        // A fee of no order (广告费), the payout: no order number, nobody's.
        Assert.Null(lines[7].DocumentNumber);
        Assert.Null(lines[9].DocumentNumber);
        Assert.Null(lines[9].CounterpartyName);
        Assert.Equal("结算到银行卡 / 招商银行 尾号6688", lines[9].Text);

        // The refund: the buyer, the order.
        Assert.Equal("281234567799", lines[5].DocumentNumber);
        Assert.Equal("jd_lisi2024", lines[5].CounterpartyName);
    }

    [Fact]
    public async Task Lines_without_an_id_of_their_own_get_one_from_settlement_order_sku_and_fee_item()
    {
        var lines = (await Fixture.ReadAsync(new JdAdapter(), "jd-settlement-gbk.csv")).Records<StatementLineRecord>();

        Assert.Equal(lines.Count, lines.Select(l => l.SourceId).Distinct().Count());
        Assert.Equal("JS20240515001/281234567801/100012345678/货款", lines[0].SourceId);
        Assert.Equal("JS20240515001/281234567801/100012345678/佣金", lines[1].SourceId);
        Assert.Equal("JS20240515001/20240515020000/广告费", lines[7].SourceId);
    }

    [Fact]
    public async Task The_totals_row_is_declared_after_the_lines_and_not_imported()
    {
        var rows = await Fixture.ReadAsync(new JdAdapter(), "jd-settlement-gbk.csv");

        var balance = Assert.IsType<StatementBalanceRecord>(((RecordRow)rows[^1]).Record);
        Assert.Equal(16L, rows[^1].Line);
        Assert.Equal(495.72m, balance.DeclaredCredits);
        Assert.Equal(495.72m, balance.DeclaredDebits);
        Assert.Equal(10, balance.DeclaredCount);
        Assert.Equal(new DateOnly(2024, 5, 1), balance.OpeningDate);
        Assert.Equal(new DateOnly(2024, 5, 15), balance.ClosingDate);

        var lines = rows.Records<StatementLineRecord>();
        Assert.Equal(balance.DeclaredCredits, lines.Where(l => l.Amount > 0).Sum(l => l.Amount));
        Assert.Equal(balance.DeclaredDebits, -lines.Where(l => l.Amount < 0).Sum(l => l.Amount));
    }

    [Fact]
    public async Task The_workbook_signs_its_unsigned_amounts_by_their_direction_and_a_goods_payment_taken_back_is_a_refund()
    {
        var rows = await Fixture.ReadAsync(new JdAdapter(), "jd-settlement.xlsx");
        var lines = rows.Records<StatementLineRecord>();

        Assert.Empty(rows.Errors());
        Assert.Equal([89.00m, -7.12m, -0.50m, 59.00m, -0.59m, -59.00m, 300.00m, -80.79m], lines.Select(l => l.Amount));
        Assert.Equal(
            [LinePurpose.Sale, LinePurpose.Fee, LinePurpose.Other, LinePurpose.Sale, LinePurpose.Fee, LinePurpose.Refund, LinePurpose.Sale, LinePurpose.Payout],
            lines.Select(l => l.Purpose!.Value));
        Assert.All(lines, l => Assert.Equal("ZD20240601088", l.SettlementId));
        Assert.Equal(89.00m, lines[0].Credit);
        Assert.Equal(7.12m, lines[1].Debit);

        // 货款 支出 with its 售后服务单号: the refund of order 281234567802, the after-sale number as its reference.
        var refund = lines[5];
        Assert.Equal("281234567802", refund.DocumentNumber);
        Assert.Equal("1900012399", refund.Reference);

        // Dated when the money arrived (到账时间); one not yet arrived, when its bill was made (账单生成时间).
        Assert.Equal(new DateOnly(2024, 6, 1), lines[0].Date);
        Assert.Equal(new DateOnly(2024, 5, 10), lines[6].Date);
        Assert.Equal("P281234567806", lines[0].Reference);

        var balance = Assert.Single(rows.Records<StatementBalanceRecord>());
        Assert.Equal(448.00m, balance.DeclaredCredits);
        Assert.Equal(148.00m, balance.DeclaredDebits);
        Assert.Equal(8, balance.DeclaredCount);
        Assert.Equal(new DateOnly(2024, 5, 1), balance.OpeningDate);
        Assert.Equal(new DateOnly(2024, 5, 31), balance.ClosingDate);
    }

    [Fact]
    public async Task Totals_that_disagree_with_the_lines_are_declared_as_written_for_the_host_to_warn()
    {
        var rows = await Fixture.ReadAsync(new JdAdapter(), "jd-settlement-totals-disagree.csv");
        var lines = rows.Records<StatementLineRecord>();

        Assert.Empty(rows.Errors());
        Assert.Equal(5, lines.Count);
        var balance = Assert.Single(rows.Records<StatementBalanceRecord>());
        Assert.Equal(484.99m, balance.DeclaredCredits);
        Assert.Equal(485.00m, lines.Where(l => l.Amount > 0).Sum(l => l.Amount));
        Assert.Equal(40.65m, balance.DeclaredDebits);
        Assert.Equal(6, balance.DeclaredCount);
    }

    [Fact]
    public async Task A_totals_row_of_the_net_figure_alone_is_checked_by_the_adapter_for_the_host_cannot_compare_it()
    {
        const string csv = "结算单号,订单编号,费用项,金额,结算时间\r\n"
                           + "JS1,1001,货款,100.00,2024-05-15\r\n"
                           + "JS1,1001,佣金,-8.00,2024-05-15\r\n"
                           + "合计,,,90.00,\r\n";

        var rows = await Fixture.ReadBytesAsync(new JdAdapter(), System.Text.Encoding.UTF8.GetBytes(csv), "net.csv");

        var error = Assert.Single(rows.Errors());
        Assert.Equal((4L, "金额"), (error.Line, error.Field));
        Assert.Contains("says the lines come to 90.00, but they come to 92.00", error.Reason);
        var balance = Assert.Single(rows.Records<StatementBalanceRecord>());
        Assert.Null(balance.DeclaredCredits);
    }

    [Fact]
    public async Task A_wallet_detail_with_income_and_expense_columns_reads_money_in_and_out_and_the_settlement_number_from_above_the_header()
    {
        const string csv = "京东钱包资金明细\r\n结算单号：JS77\r\n"
                           + "日期,订单编号,费用名称,收入,支出,账户余额,备注\r\n"
                           + "2024-05-15 02:00:00,1001,货款,100.00,,100.00,\r\n"
                           + "2024-05-15 02:00:00,1001,技术服务费,,1.00,99.00,\r\n"
                           + "2024-05-16 09:00:00,,提现,,99.00,0.00,提现到银行卡\r\n"
                           + "合计,,,100.00,100.00,,共3笔\r\n";

        var rows = await Fixture.ReadBytesAsync(new JdAdapter(), System.Text.Encoding.UTF8.GetBytes(csv), "wallet.csv");
        var lines = rows.Records<StatementLineRecord>();

        Assert.Empty(rows.Errors());
        Assert.Equal([100.00m, -1.00m, -99.00m], lines.Select(l => l.Amount));
        Assert.Equal([LinePurpose.Sale, LinePurpose.Fee, LinePurpose.Payout], lines.Select(l => l.Purpose!.Value));
        Assert.Equal([100.00m, 99.00m, 0.00m], lines.Select(l => l.Balance!.Value));
        Assert.All(lines, l => Assert.Equal("JS77", l.SettlementId));
        var balance = Assert.Single(rows.Records<StatementBalanceRecord>());
        Assert.Equal((100.00m, 100.00m, 3), (balance.DeclaredCredits!.Value, balance.DeclaredDebits!.Value, balance.DeclaredCount!.Value));
        Assert.Equal("JS77", balance.StatementNumber);
    }

    [Theory]
    [InlineData("货款", "100.00", LinePurpose.Sale)]
    [InlineData("货款", "-100.00", LinePurpose.Refund)]
    [InlineData("退货款", "-100.00", LinePurpose.Refund)]
    [InlineData("售后退款", "-100.00", LinePurpose.Refund)]
    [InlineData("佣金", "-8.00", LinePurpose.Fee)]
    [InlineData("退货返还佣金", "8.00", LinePurpose.Fee)]
    [InlineData("平台使用费", "-1.00", LinePurpose.Fee)]
    [InlineData("技术服务费", "-1.00", LinePurpose.Fee)]
    [InlineData("京准通广告费", "-50.00", LinePurpose.Fee)]
    [InlineData("退款手续费", "-0.60", LinePurpose.Fee)]
    [InlineData("提现", "-90.00", LinePurpose.Payout)]
    [InlineData("打款", "-90.00", LinePurpose.Payout)]
    [InlineData("运费补贴", "6.00", LinePurpose.Other)]
    [InlineData("京豆", "-0.50", LinePurpose.Other)]
    public async Task A_fee_item_says_what_its_line_is_for(string fee, string amount, LinePurpose purpose)
    {
        var csv = $"结算单号,订单编号,费用项,金额,结算时间\r\nJS1,1001,{fee},{amount},2024-05-15\r\n";

        var rows = await Fixture.ReadBytesAsync(new JdAdapter(), System.Text.Encoding.UTF8.GetBytes(csv), "fee.csv");

        var line = Assert.Single(rows.Records<StatementLineRecord>());
        Assert.Equal(purpose, line.Purpose);
        Assert.Equal(purpose == LinePurpose.Payout ? null : "1001", line.DocumentNumber);
    }
}
