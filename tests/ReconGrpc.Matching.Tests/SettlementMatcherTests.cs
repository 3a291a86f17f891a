using ReconGrpc.Matching.Settlement;

namespace ReconGrpc.Matching.Tests;

/// <summary>
/// The three-way walk on its own: how each order ends by the bill's lines that name it, which bill lines stand apart,
/// and how payouts are found on the bank.
/// </summary>
public sealed class SettlementMatcherTests
{
    private static readonly SettlementPeriod March = new(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31));

    private static DateOnly Day(int month, int day) => new(2026, month, day);

    private static OrderItem Order(long id, string number, int day, decimal amount, decimal? refunded = null, int month = 3) =>
        new(id, number, Day(month, day), amount, refunded, "CNY");

    private static BillItem Line(long id, int day, decimal amount, LinePurpose purpose, string? order = null, string? settlement = null, string? text = null,
        int month = 3, string currency = "CNY") =>
        new(id, Day(month, day), amount, purpose, order, settlement, null, text, currency);

    private static BankItem Credit(long id, int day, decimal amount, string? reference = null, bool fromPlatform = true, string payer = "支付宝（中国）网络技术有限公司") =>
        new(id, Day(3, day), amount, reference, payer, fromPlatform, "CNY");

    private static SettlementItem Only(SettlementResult result, SettlementSubject subject) => Assert.Single(result.Items, i => i.Subject == subject);

    [Fact]
    public void An_order_sold_on_the_bill_is_settled_with_its_sale_and_fee_and_the_fee_counts_apart()
    {
        var result = SettlementMatcher.Match([Order(1, "T1", 2, 100m)], [Line(10, 3, 100m, LinePurpose.Sale, "T1"), Line(11, 3, -0.60m, LinePurpose.Fee, "T1")], [], March);

        var order = Only(result, SettlementSubject.Order);
        Assert.Equal((SettlementOutcome.Settled, 0m, (string?)null), (order.Outcome, order.Difference, order.Explanation));
        Assert.Equal([10L, 11L], order.Related);
        var totals = Assert.Single(result.Totals);
        Assert.Equal((1, 1, 100m, -0.60m, 1, 0), (totals.Orders, totals.Settled, totals.Sales, totals.Fees, totals.FeeLines, totals.Exceptions));
    }

    [Fact]
    public void An_order_the_bill_never_names_is_open_and_an_exception()
    {
        var result = SettlementMatcher.Match([Order(1, "T1", 2, 100m)], [], [], March);

        var order = Only(result, SettlementSubject.Order);
        Assert.Equal((SettlementOutcome.Open, -100m), (order.Outcome, order.Difference));
        Assert.Contains("T1 of 2026-03-02 for 100.00 is not settled", order.Explanation);
        Assert.Equal(1, result.Totals[0].Exceptions);
    }

    [Fact]
    public void A_partial_refund_on_both_sides_settles_the_order_net_and_a_full_one_refunds_it()
    {
        var result = SettlementMatcher.Match(
            [Order(1, "T1", 2, 100m, refunded: 30m), Order(2, "T2", 2, 50m, refunded: 50m), Order(3, "T3", 2, 40m, refunded: 40m)],
            [
                Line(10, 3, 100m, LinePurpose.Sale, "T1"), Line(11, 5, -30m, LinePurpose.Refund, "T1"),
                Line(12, 3, 50m, LinePurpose.Sale, "T2"), Line(13, 4, -50m, LinePurpose.Refund, "T2"),
            ], [], March);

        var orders = result.Items.Where(i => i.Subject == SettlementSubject.Order).ToDictionary(i => i.LineId);
        Assert.Equal(SettlementOutcome.Settled, orders[1].Outcome);
        Assert.Equal("settled net of a refund of 30.00", orders[1].Explanation);
        Assert.Equal(SettlementOutcome.Refunded, orders[2].Outcome);
        // Refunded before the platform settled it: nothing to settle, nothing open.
        Assert.Equal(SettlementOutcome.Refunded, orders[3].Outcome);
        Assert.Equal(0, result.Totals[0].Exceptions);
    }

    [Fact]
    public void A_sale_of_another_sum_differs_by_how_much()
    {
        var result = SettlementMatcher.Match([Order(1, "T1", 2, 100m)], [Line(10, 3, 90m, LinePurpose.Sale, "T1")], [], March);

        var order = Only(result, SettlementSubject.Order);
        Assert.Equal((SettlementOutcome.AmountDiffers, -10m), (order.Outcome, order.Difference));
        Assert.Contains("-10.00 apart", order.Explanation);
    }

    [Fact]
    public void A_refund_after_the_period_leaves_the_order_settled_in_it_and_stands_as_the_next_months()
    {
        var result = SettlementMatcher.Match([Order(1, "T1", 20, 100m)],
            [Line(10, 21, 100m, LinePurpose.Sale, "T1"), Line(11, 3, -100m, LinePurpose.Refund, "T1", month: 4)], [], March);

        Assert.Equal(SettlementOutcome.Settled, Only(result, SettlementSubject.Order).Outcome);
        var late = Only(result, SettlementSubject.BillLine);
        Assert.Equal((11L, SettlementOutcome.RefundAfterPeriod, -100m), (late.LineId, late.Outcome, late.Amount));
        Assert.Equal([1L], late.Related);
    }

    [Fact]
    public void A_sale_after_the_period_is_money_still_with_the_platform_not_an_exception()
    {
        var result = SettlementMatcher.Match([Order(1, "T1", 31, 100m)], [Line(10, 2, 100m, LinePurpose.Sale, "T1", month: 4)], [], March);

        var order = Only(result, SettlementSubject.Order);
        Assert.Equal(SettlementOutcome.SettledAfterPeriod, order.Outcome);
        Assert.False(order.Outcome.IsException());
        Assert.Equal(0m, result.Totals[0].Sales);
    }

    [Fact]
    public void The_same_fee_charged_twice_for_one_order_is_shown_but_two_different_fees_of_one_sum_are_not()
    {
        var result = SettlementMatcher.Match([Order(1, "T1", 2, 100m), Order(2, "T2", 2, 100m)],
            [
                Line(10, 3, 100m, LinePurpose.Sale, "T1"), Line(11, 3, -0.60m, LinePurpose.Fee, "T1", text: "交易服务费"),
                Line(12, 4, -0.60m, LinePurpose.Fee, "T1", text: "交易服务费"),
                Line(20, 3, 100m, LinePurpose.Sale, "T2"), Line(21, 3, -0.60m, LinePurpose.Fee, "T2", text: "交易服务费"),
                Line(22, 3, -0.60m, LinePurpose.Fee, "T2", text: "推广服务费"),
            ], [], March);

        var twice = Only(result, SettlementSubject.BillLine);
        Assert.Equal((12L, SettlementOutcome.DuplicateFee), (twice.LineId, twice.Outcome));
        Assert.Equal([11L], twice.Related);
        Assert.Equal((-2.40m, 4), (result.Totals[0].Fees, result.Totals[0].FeeLines));
    }

    [Fact]
    public void A_sale_of_an_order_we_do_not_hold_is_unknown_and_one_of_last_month_is_recognised()
    {
        var result = SettlementMatcher.Match([Order(1, "T0", 27, 80m, month: 2)],
            [Line(10, 1, 80m, LinePurpose.Sale, "T0"), Line(11, 2, 55m, LinePurpose.Sale, "TX"), Line(12, 3, 5m, LinePurpose.Sale)], [], March);

        var lines = result.Items.Where(i => i.Subject == SettlementSubject.BillLine).ToDictionary(i => i.LineId);
        Assert.DoesNotContain(result.Items, i => i.Subject == SettlementSubject.Order);
        Assert.Equal(SettlementOutcome.EarlierOrder, lines[10].Outcome);
        Assert.Equal(SettlementOutcome.UnknownOrder, lines[11].Outcome);
        Assert.Contains("order TX, which the shop's orders do not hold", lines[11].Explanation);
        Assert.Contains("names no order", lines[12].Explanation);
    }

    [Fact]
    public void Payouts_are_found_on_the_bank_by_reference_or_by_sum_within_their_days_and_the_rest_are_in_transit()
    {
        var result = SettlementMatcher.Match([],
            [
                Line(10, 5, -300m, LinePurpose.Payout, settlement: "P1"), Line(11, 12, -200m, LinePurpose.Payout),
                Line(12, 20, -150m, LinePurpose.Payout), Line(13, 31, -90m, LinePurpose.Payout),
            ],
            [
                Credit(100, 25, 300m, reference: "P1"), Credit(101, 13, 200m), Credit(102, 30, 150m), Credit(103, 29, 70m),
                Credit(104, 29, 70m, fromPlatform: false, payer: "杭州华联贸易有限公司"),
            ], March);

        var payouts = result.Items.Where(i => i.Subject == SettlementSubject.Payout).ToList();
        Assert.Equal([SettlementOutcome.OnBank, SettlementOutcome.OnBank, SettlementOutcome.InTransit, SettlementOutcome.InTransit], payouts.Select(p => p.Outcome));
        Assert.Equal([100L], payouts[0].Related);
        Assert.Equal([101L], payouts[1].Related);
        Assert.Contains("booked on 2026-03-30 (line 102), outside the 7 days", payouts[2].Explanation);
        Assert.Contains("runs to 2026-03-30", payouts[3].Explanation);
        // Money from the platform nothing on the bill accounts for; the stranger's credit is not the platform's.
        Assert.Equal([103L, 102L], result.Items.Where(i => i.Outcome == SettlementOutcome.NoPayout).Select(i => i.LineId));
        var totals = result.Totals[0];
        Assert.Equal((740m, 4, 500m, 240m), (totals.Payouts, totals.PayoutCount, totals.PayoutsOnBank, totals.InTransit));
    }

    [Fact]
    public void A_settlement_paid_as_one_sum_is_one_payout_and_a_payout_line_must_equal_its_settlement()
    {
        var result = SettlementMatcher.Match([Order(1, "J1", 2, 100m), Order(2, "J2", 3, 60m)],
            [
                Line(10, 10, 100m, LinePurpose.Sale, "J1", "S1"), Line(11, 10, -5m, LinePurpose.Fee, "J1", "S1"), Line(12, 11, 60m, LinePurpose.Sale, "J2", "S1"),
                Line(13, 15, 40m, LinePurpose.Other, settlement: "S2"), Line(14, 16, -45m, LinePurpose.Payout, settlement: "S2"),
            ],
            [Credit(100, 12, 155m), Credit(101, 17, 45m)], March);

        var payouts = result.Items.Where(i => i.Subject == SettlementSubject.Payout).ToList();
        Assert.Equal((10L, 155m, SettlementOutcome.OnBank), (payouts[0].LineId, payouts[0].Amount, payouts[0].Outcome));
        Assert.Contains("settlement S1 of 3 lines", payouts[0].Explanation);
        Assert.Equal(SettlementOutcome.OnBank, payouts[1].Outcome);
        var differs = Assert.Single(result.Items, i => i.Outcome == SettlementOutcome.SettlementDiffers);
        Assert.Equal((14L, -5m), (differs.LineId, differs.Difference));
    }

    [Fact]
    public void A_settlement_paid_out_after_the_period_is_next_months_payout_and_one_begun_before_it_sums_all_its_lines()
    {
        var result = SettlementMatcher.Match([],
            [
                Line(10, 25, 80m, LinePurpose.Sale, settlement: "S1"), Line(11, 31, 20m, LinePurpose.Sale, settlement: "S1"),
                Line(12, 2, -100m, LinePurpose.Payout, settlement: "S1", month: 4),
                Line(20, 27, 50m, LinePurpose.Sale, settlement: "S2", month: 2), Line(21, 3, 30m, LinePurpose.Sale, settlement: "S2"),
            ],
            [Credit(100, 3, 80m)], March);

        // S1 is April's payout, not one March invents from its lines; S2 began in February and is paid as its whole sum.
        var payout = Only(result, SettlementSubject.Payout);
        Assert.Equal((20L, 80m, SettlementOutcome.OnBank), (payout.LineId, payout.Amount, payout.Outcome));
        Assert.Equal(1, result.Totals[0].PayoutCount);
    }

    [Fact]
    public void Last_months_payout_still_on_its_way_takes_the_credit_it_reaches_this_month_without_standing_as_an_item()
    {
        var result = SettlementMatcher.Match([], [Line(10, 28, -539.74m, LinePurpose.Payout, month: 2), Line(11, 10, -100m, LinePurpose.Payout)],
            [Credit(100, 1, 539.74m), Credit(101, 11, 100m)], March);

        Assert.DoesNotContain(result.Items, i => i.Outcome == SettlementOutcome.NoPayout);
        Assert.Equal((101L, 100m), (Only(result, SettlementSubject.Payout).Related[0], result.Totals[0].Payouts));
    }

    [Fact]
    public void An_order_the_shop_says_was_refunded_after_the_period_is_settled_in_it_with_no_difference()
    {
        var result = SettlementMatcher.Match([Order(1, "T1", 15, 199m, refunded: 199m)],
            [Line(10, 16, 199m, LinePurpose.Sale, "T1"), Line(11, 3, -199m, LinePurpose.Refund, "T1", month: 4)], [], March);

        var order = Only(result, SettlementSubject.Order);
        Assert.Equal((SettlementOutcome.Settled, 0m), (order.Outcome, order.Difference));
        Assert.Equal(SettlementOutcome.RefundAfterPeriod, Only(result, SettlementSubject.BillLine).Outcome);
    }

    [Fact]
    public void A_refund_of_an_order_settled_after_the_period_goes_with_its_sale_to_the_next_month()
    {
        var result = SettlementMatcher.Match([Order(1, "T1", 31, 100m)],
            [Line(10, 2, 100m, LinePurpose.Sale, "T1", month: 4), Line(11, 5, -100m, LinePurpose.Refund, "T1", month: 4)], [], March);

        Assert.Equal(SettlementOutcome.SettledAfterPeriod, Only(result, SettlementSubject.Order).Outcome);
        Assert.DoesNotContain(result.Items, i => i.Subject == SettlementSubject.BillLine);
    }

    [Fact]
    public void The_same_lines_in_any_order_give_the_same_result()
    {
        OrderItem[] orders = [Order(1, "T1", 2, 100m), Order(2, "T2", 2, 100m, refunded: 100m), Order(3, "T3", 5, 30m)];
        BillItem[] bill =
        [
            Line(10, 3, 100m, LinePurpose.Sale, "T1"), Line(11, 3, -0.6m, LinePurpose.Fee, "T1"), Line(12, 3, -0.6m, LinePurpose.Fee, "T1"),
            Line(13, 3, 100m, LinePurpose.Sale, "T2"), Line(14, 4, -100m, LinePurpose.Refund, "T2"), Line(15, 9, -98.8m, LinePurpose.Payout),
            Line(16, 9, 30m, LinePurpose.Sale, "T3"), Line(17, 10, -30m, LinePurpose.Payout),
        ];
        BankItem[] bank = [Credit(100, 10, 98.8m), Credit(101, 10, 30m)];
        var expected = Flatten(SettlementMatcher.Match(orders, bill, bank, March));

        var random = new Random(7);
        for (var i = 0; i < 20; i++)
        {
            var actual = Flatten(SettlementMatcher.Match([.. orders.OrderBy(_ => random.Next())], [.. bill.OrderBy(_ => random.Next())],
                [.. bank.OrderBy(_ => random.Next())], March));
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Each_currency_has_its_own_figures()
    {
        var result = SettlementMatcher.Match([Order(1, "T1", 2, 100m), new OrderItem(2, "S1", Day(3, 2), 20m, null, "USD")],
            [Line(10, 3, 100m, LinePurpose.Sale, "T1"), Line(11, 3, 20m, LinePurpose.Sale, "S1", currency: "USD"), Line(12, 3, -1m, LinePurpose.Fee, "S1", currency: "USD")],
            [], March);

        Assert.Equal(["CNY", "USD"], result.Totals.Select(t => t.Currency));
        Assert.Equal((1, 20m, -1m), (result.Totals[1].Settled, result.Totals[1].Sales, result.Totals[1].Fees));
    }

    private static List<string> Flatten(SettlementResult result) =>
        [.. result.Items.Select(i => $"{i.Subject} {i.LineId} {i.Outcome} {i.Amount} {i.Difference} [{string.Join(',', i.Related)}] {i.Explanation}")];
}
