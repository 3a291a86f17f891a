using static ReconGrpc.Matching.Tests.Item;
using static ReconGrpc.Matching.Tests.Recon;

namespace ReconGrpc.Matching.Tests;

/// <summary>Allocation order, reason codes and write-off names, tiers, cross-currency rules and the JSON of every new field.</summary>
public sealed class AllocationTierCurrencyTests
{
    private static string Code(Action action) => Assert.Throws<ReconciliationInputException>(action).Rule;

    private static MatchRule ByCustomer(Allocation allocation, Cardinality cardinality = Cardinality.OneToOne) =>
        Rule("alloc", keys: [Customer], window: DateWindow.Within(31), cardinality: cardinality) with { Allocation = allocation };

    // Three invoices of one amount (days 0, 8, 20) and one payment for it on day 6.
    private static readonly ReconItem[] Invoices = [Ours(1, 100m, day: 0, customer: "C"), Ours(2, 100m, day: 8, customer: "C"), Ours(3, 100m, day: 20, customer: "C")];
    private static readonly ReconItem[] Payment = [Theirs(11, 100m, day: 6, customer: "C")];

    [Theory]
    [InlineData(Allocation.Nearest, "2|11")]
    [InlineData(Allocation.OldestFirst, "1|11")]
    [InlineData(Allocation.NewestFirst, "3|11")]
    public void One_to_one_takes_the_nearest_the_oldest_or_the_newest(Allocation allocation, string expected) =>
        Assert.Equal([expected], Pairs(Run(ByCustomer(allocation), Invoices, Payment)));

    [Fact]
    public void Oldest_first_with_equal_dates_takes_the_lowest_ids_whatever_the_input_order()
    {
        ReconItem[] ours = [Ours(3, 100m, customer: "C"), Ours(1, 100m, customer: "C"), Ours(2, 100m, customer: "C")];
        ReconItem[] theirs = [Theirs(12, 100m, day: 1, customer: "C"), Theirs(11, 100m, day: 1, customer: "C")];

        Assert.Equal(["1|11", "2|12"], Pairs(Run(ByCustomer(Allocation.OldestFirst), ours, theirs)));
        Assert.Equal(["1|11", "2|12"], Pairs(Run(Rules(ByCustomer(Allocation.OldestFirst)), ours.Reverse(), theirs.Reverse(), threads: 3)));
    }

    [Fact]
    public void Oldest_first_pairs_several_payments_with_the_oldest_invoices_in_order()
    {
        ReconItem[] theirs = [Theirs(11, 100m, day: 21, customer: "C"), Theirs(12, 100m, day: 22, customer: "C")];

        Assert.Equal(["1|11", "2|12"], Pairs(Run(ByCustomer(Allocation.OldestFirst), Invoices, theirs)));
        Assert.Equal(["2|12", "3|11"], Pairs(Run(ByCustomer(Allocation.Nearest), Invoices, theirs)).Order());
    }

    [Theory]
    [InlineData(Allocation.Nearest, "3,4|11")]
    [InlineData(Allocation.OldestFirst, "1,2|11")]
    public void A_grouped_rule_takes_the_group_of_the_nearest_or_of_the_oldest_items(Allocation allocation, string expected)
    {
        // A payment of 300 on day 30: 100 + 200 twice over, the old pair (days 1, 2) and the recent one (days 20, 25).
        ReconItem[] ours =
        [
            Ours(1, -100m, day: 1, customer: "C"), Ours(2, -200m, day: 2, customer: "C"),
            Ours(3, -100m, day: 20, customer: "C"), Ours(4, -200m, day: 25, customer: "C"),
        ];

        var result = Run(ByCustomer(allocation, Cardinality.ManyToOne), ours, [Theirs(11, -300m, day: 30, customer: "C")]);

        Assert.Equal([expected], Pairs(result));
    }

    [Fact]
    public void Newest_first_takes_the_newest_candidates_into_the_group()
    {
        // A payment of 300 on day 5: 100 + 200 from days 0 and 1, or from days 9 and 10.
        ReconItem[] ours = [Ours(1, 100m, day: 0, customer: "C"), Ours(2, 200m, day: 1, customer: "C"), Ours(3, 200m, day: 9, customer: "C"), Ours(4, 100m, day: 10, customer: "C")];
        ReconItem[] theirs = [Theirs(11, 300m, day: 5, customer: "C")];

        Assert.Equal(["3,4|11"], Pairs(Run(ByCustomer(Allocation.NewestFirst, Cardinality.ManyToOne), ours, theirs)));
        Assert.Equal(["1,2|11"], Pairs(Run(ByCustomer(Allocation.OldestFirst, Cardinality.ManyToOne), ours, theirs)));
    }

    [Fact]
    public void Many_to_many_refuses_an_allocation_order_other_than_nearest() =>
        Assert.Equal("matching.rule.allocation", Code(() => Rules(ByCustomer(Allocation.OldestFirst, Cardinality.ManyToMany)).Validate()));

    [Fact]
    public void Every_match_carries_its_rule_s_reason_code_and_reversal_pairs_carry_their_own()
    {
        var rule = Rule("doc", keys: [Document]) with { ReasonCode = "INV_MATCH-1" };

        var result = Run(rule,
            [Ours(1, 100m, doc: "INV-1"), Ours(2, 50m, doc: "INV-2", customer: "C", kind: DocumentKind.Invoice),
             Ours(3, -50m, doc: "INV-2-R", customer: "C", kind: DocumentKind.Invoice)],
            [Theirs(11, 100m, doc: "INV-1")]);

        Assert.Equal("INV_MATCH-1", result.Matches[0].ReasonCode);
        var reversal = Assert.Single(result.Matches, m => m.RuleIndex < 0);
        Assert.Equal(MatchRule.ReversalReasonCode, reversal.ReasonCode);
        Assert.Null(Run(Rule("plain", keys: [Document]), [Ours(1, 1m, doc: "A")], [Theirs(11, 1m, doc: "A")]).Matches[0].ReasonCode);
    }

    [Theory]
    [InlineData("BANK FEE")]
    [InlineData("")]
    [InlineData("手续费")]
    [InlineData("A1234567890123456789012345678901234567890")]
    public void A_reason_code_of_the_wrong_shape_is_refused(string code) =>
        Assert.Equal("matching.rule.reason_code", Code(() => Rules(Rule() with { ReasonCode = code }).Validate()));

    [Theory]
    [InlineData("")]
    [InlineData(" fees")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890")]
    public void A_write_off_name_of_the_wrong_shape_is_refused(string name) =>
        Assert.Equal("matching.rule.write_off", Code(() => Rules(Rule() with { WriteOff = name }).Validate()));

    [Fact]
    public void Matches_to_check_are_counted_apart_and_balance_as_accepted()
    {
        var rules = Rules(
            Rule("exact", keys: [Document]),
            Rule("check", keys: [Customer], amount: AmountCondition.Within(1m), decision: MatchDecision.ToCheck),
            Rule("propose", amount: AmountCondition.Within(5m), decision: MatchDecision.Proposed));

        var result = Run(rules,
            [Ours(1, 100m, doc: "A"), Ours(2, 200m, customer: "C"), Ours(3, 300m)],
            [Theirs(11, 100m, doc: "A"), Theirs(12, 199.5m, customer: "C"), Theirs(13, 297m)],
            [new ClosingBalance("CNY", 600m, 596.5m)]);

        var s = result.Summary;
        Assert.Equal((3, 1, 1, 1), (s.Matches, s.AcceptedMatches, s.ToCheckMatches, s.ProposedMatches));
        Assert.Equal([MatchDecision.Accepted, MatchDecision.ToCheck, MatchDecision.Proposed], result.Matches.Select(m => m.Decision));
        Assert.Equal([1, 0, 0], s.Rules.Take(3).Select(r => r.AcceptedMatches));
        Assert.Equal([0, 1, 0], s.Rules.Take(3).Select(r => r.ToCheckMatches));
        Assert.Equal([0, 0, 1], s.Rules.Take(3).Select(r => r.ProposedMatches));
        var b = Assert.Single(s.Balances);
        Assert.Equal(-0.5m, b.AcceptedMatchDifference);
        Assert.Equal(-3m, b.ProposedMatchDifference);
        Assert.Equal(0m, b.Unexplained);
    }

    private static readonly DateOnly March = new(2024, 3, 1);

    private static MatchRule Across(decimal percent = 1m) =>
        Rule("fx", keys: [Document], window: DateWindow.Within(10)) with { Currency = CurrencyCondition.Across(percent), ReasonCode = "FX" };

    private static ReconcileOptions Fx => new()
    {
        MaxDegreeOfParallelism = 1,
        BaseCurrency = "CNY",
        ExchangeRates = [new ExchangeRate("USD", March, 7.10m), new ExchangeRate("usd", March.AddDays(5), 7.20m), new ExchangeRate("EUR", March.AddDays(20), 7.8m)],
    };

    [Fact]
    public void An_invoice_in_dollars_paid_in_yuan_matches_across_currencies_with_its_exchange_difference()
    {
        // 100 USD on day 0 at 7.10 = 710.00 CNY; they paid 712.00 CNY on day 6.
        var result = new ReconciliationEngine(Rules(Across()), Fx).Reconcile(
            [Ours(1, 100m, doc: "INV-1", currency: "USD")],
            [Theirs(11, 712m, day: 6, doc: "INV-1", currency: "CNY")],
            [new ClosingBalance("CNY", 0m, 712m), new ClosingBalance("USD", 100m, 0m)]);

        var match = Assert.Single(result.Matches);
        Assert.True(match.IsAcrossCurrencies);
        Assert.Equal(("USD", "CNY"), (match.OurCurrency, match.TheirCurrency));
        Assert.Equal(2m, match.ExchangeDifference);
        Assert.Equal(0m, match.Difference);
        Assert.Equal("FX", match.ReasonCode);
        Assert.Empty(result.Exceptions);

        // Each currency's table balances on its own, through the explicit cross-currency lines.
        var cny = result.Summary.Balances.Single(b => b.Currency == "CNY");
        var usd = result.Summary.Balances.Single(b => b.Currency == "USD");
        var cnyLine = Assert.Single(cny.OurAdjustments);
        Assert.True(cnyLine.AcrossCurrencies);
        Assert.Equal((1, 712m), (cnyLine.Count, cnyLine.Amount));
        var usdLine = Assert.Single(usd.TheirAdjustments);
        Assert.True(usdLine.AcrossCurrencies);
        Assert.Equal((1, 100m), (usdLine.Count, usdLine.Amount));
        Assert.Equal((0m, 0m), (cny.Unexplained, usd.Unexplained));
        Assert.Equal(0m, cny.AcceptedMatchDifference);
    }

    [Fact]
    public void Each_item_is_converted_at_the_latest_rate_on_or_before_its_date()
    {
        // Day 5's rate (7.20) applies to an item of day 5: 100 USD = 720.00; a line of 710 is 1.4 % off.
        var engine = new ReconciliationEngine(Rules(Across(1m)), Fx);
        Assert.Empty(engine.Reconcile([Ours(1, 100m, day: 5, doc: "A", currency: "USD")], [Theirs(11, 710m, day: 5, doc: "A")]).Matches);
        Assert.Equal(0m, Assert.Single(engine.Reconcile([Ours(1, 100m, day: 5, doc: "A", currency: "USD")], [Theirs(11, 720m, day: 5, doc: "A")]).Matches).ExchangeDifference);
    }

    [Fact]
    public void Outside_the_rate_tolerance_without_a_rate_or_in_one_currency_nothing_matches_across()
    {
        var engine = new ReconciliationEngine(Rules(Across(1m)), Fx);

        // 2 % apart.
        Assert.Empty(engine.Reconcile([Ours(1, 100m, doc: "A", currency: "USD")], [Theirs(11, 724.2m, doc: "A")]).Matches);
        // EUR's first rate is of day 20: an item of day 3 has none.
        Assert.Empty(engine.Reconcile([Ours(1, 100m, day: 3, doc: "A", currency: "EUR")], [Theirs(11, 780m, day: 3, doc: "A")]).Matches);
        // A currency without any rate.
        Assert.Empty(engine.Reconcile([Ours(1, 100m, doc: "A", currency: "JPY")], [Theirs(11, 5m, doc: "A")]).Matches);
        // The same currency on both sides is left to same-currency rules.
        Assert.Empty(engine.Reconcile([Ours(1, 100m, doc: "A")], [Theirs(11, 100m, doc: "A")]).Matches);
    }

    [Fact]
    public void A_cross_currency_rule_is_refused_when_grouped_with_a_tolerance_or_without_a_base_currency()
    {
        Assert.Equal("matching.rule.currency", Code(() => Rules(Across() with { Cardinality = Cardinality.ManyToOne }).Validate()));
        Assert.Equal("matching.rule.currency", Code(() => Rules(Across() with { Amount = AmountCondition.Within(1m) }).Validate()));
        Assert.Equal("matching.rule.currency", Code(() => Rules(Across(100m)).Validate()));
        Assert.Equal("matching.rule.currency", Code(() => Rules(Rule() with { Currency = new CurrencyCondition(CurrencyMode.SameOnly, 1m) }).Validate()));
        Assert.Equal("matching.options.base_currency", Code(() => _ = new ReconciliationEngine(Rules(Across()), new ReconcileOptions())));
    }

    [Fact]
    public void Every_new_field_survives_the_json_round_trip()
    {
        var rule = Rule("everything", keys: [Customer], decision: MatchDecision.ToCheck) with
        {
            Conditions = [new TextCondition(Side.Theirs, TextField.CounterpartyName, TextOperator.Regex, "^支付宝"),
                          new TextCondition(Side.Ours, TextField.DocumentNumber, TextOperator.NotContains, "CN-")],
            AmountFromText = new TextAmount(Side.Theirs, TextField.Text, @"手续费(?<amount>[\d.]+)"),
            Partners = new PartnerCondition { Customers = ["C1"], Categories = ["01", "0203"] },
            HorizonMonths = 6,
            Allocation = Allocation.OldestFirst,
            ReasonCode = "BANK-FEE",
            WriteOff = "bank charges",
        };
        var fx = Across(0.5m);
        var json = Rules(rule, fx).ToJson();

        var back = RuleSet.FromJson(json);

        Assert.Equal(json, back.ToJson());
        var r = back.Rules[0];
        Assert.Equal(rule.Conditions, r.Conditions);
        Assert.Equal(rule.AmountFromText, r.AmountFromText);
        Assert.Equal(rule.Partners.Customers, r.Partners!.Customers);
        Assert.Equal(rule.Partners.Categories, r.Partners.Categories);
        Assert.Equal((6, Allocation.OldestFirst, "BANK-FEE", "bank charges", MatchDecision.ToCheck), (r.HorizonMonths, r.Allocation, r.ReasonCode, r.WriteOff, r.Decision));
        Assert.Equal(CurrencyCondition.SameOnly, r.Currency);
        Assert.Equal(CurrencyCondition.Across(0.5m), back.Rules[1].Currency);
        Assert.Contains("\"OldestFirst\"", json);
        Assert.Contains("\"ToCheck\"", json);
        Assert.DoesNotContain("hasItemConditions", json);
    }

    [Fact]
    public void A_stored_rule_set_from_before_the_new_fields_reads_with_today_s_behaviour()
    {
        var rules = RuleSet.FromJson("""
            {
              "name": "stored",
              "rules": [
                { "name": "doc", "keys": [ { "ours": "DocumentNumber", "theirs": "DocumentNumber" } ],
                  "amount": { "kind": "Exact", "tolerance": 0 }, "window": { "kind": "Days", "daysBefore": 31, "daysAfter": 31 },
                  "cardinality": "OneToOne", "decision": "Accepted", "maxGroupSize": 5, "maxCandidates": 16 }
              ]
            }
            """);

        var r = Assert.Single(rules.Rules);
        Assert.Empty(r.Conditions);
        Assert.Null(r.AmountFromText);
        Assert.Null(r.Partners);
        Assert.Equal(CurrencyCondition.SameOnly, r.Currency);
        Assert.Null(r.HorizonMonths);
        Assert.Equal(Allocation.Nearest, r.Allocation);
        Assert.Null(r.ReasonCode);
        Assert.Null(r.WriteOff);
        Assert.False(r.HasItemConditions);
    }
}
