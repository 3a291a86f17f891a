using static ReconGrpc.Matching.Tests.Item;
using static ReconGrpc.Matching.Tests.Recon;

namespace ReconGrpc.Matching.Tests;

/// <summary>Text conditions, an amount read from text, partner conditions and the search horizon.</summary>
public sealed class RuleConditionTests
{
    private static ReconItem Line(Side side, long id, decimal amount, int day = 0, string? customer = null, string? text = null,
        string? counterparty = null, string? category = null, string? reference = null, string? doc = null, DateOnly? date = null) => new()
    {
        Id = id,
        Side = side,
        Date = date ?? Day0.AddDays(day),
        Amount = amount,
        Currency = "CNY",
        CustomerKey = customer,
        Text = text,
        CounterpartyName = counterparty,
        CustomerCategory = category,
        Reference = reference,
        DocumentNumber = doc,
    };

    private static MatchRule ByCustomer(params TextCondition[] conditions) =>
        Rule("by-customer", keys: [Customer], window: DateWindow.Within(5)) with { Conditions = conditions };

    private static ReconciliationResult RunWith(MatchRule rule, ReconItem[] ours, ReconItem[] theirs, ReconcileOptions? options = null) =>
        new ReconciliationEngine(Rules(rule), options ?? new ReconcileOptions { MaxDegreeOfParallelism = 1 }).Reconcile(ours, theirs);

    private static string Code(Action action) => Assert.Throws<ReconciliationInputException>(action).Rule;

    [Fact]
    public void Contains_takes_only_lines_whose_field_holds_the_phrase()
    {
        var rule = ByCustomer(new TextCondition(Side.Theirs, TextField.Text, TextOperator.Contains, "手续费"));

        var result = RunWith(rule,
            [Line(Side.Ours, 1, -100m, customer: "C"), Line(Side.Ours, 2, -200m, customer: "C")],
            [Line(Side.Theirs, 11, -100m, customer: "C", text: "货款 手续费0"), Line(Side.Theirs, 12, -200m, customer: "C", text: "货款")]);

        Assert.Equal(["1|11"], Pairs(result));
        Assert.Equal(ExceptionReason.MissingOnOurSide, ExceptionOf(result, Side.Theirs, 12).Reason);
    }

    [Fact]
    public void Contains_ignores_case_and_folds_full_width_forms_but_keeps_spaces()
    {
        var rule = ByCustomer(new TextCondition(Side.Theirs, TextField.Text, TextOperator.Contains, "bank fee"));

        var result = RunWith(rule,
            [Line(Side.Ours, 1, -100m, customer: "C"), Line(Side.Ours, 2, -200m, customer: "C"), Line(Side.Ours, 3, -300m, customer: "C")],
            [Line(Side.Theirs, 11, -100m, customer: "C", text: "ＢＡＮＫ　ＦＥＥ"), Line(Side.Theirs, 12, -200m, customer: "C", text: "Bank Fee incl."),
             Line(Side.Theirs, 13, -300m, customer: "C", text: "bankfee")]);

        Assert.Equal(["1|11", "2|12"], Pairs(result));
    }

    [Fact]
    public void Not_contains_refuses_lines_holding_the_phrase_and_passes_empty_fields()
    {
        var rule = ByCustomer(new TextCondition(Side.Ours, TextField.CounterpartyName, TextOperator.NotContains, "支付宝"));

        var result = RunWith(rule,
            [Line(Side.Ours, 1, -100m, customer: "C", counterparty: "支付宝(中国)网络技术有限公司"), Line(Side.Ours, 2, -200m, customer: "C")],
            [Line(Side.Theirs, 11, -100m, customer: "C"), Line(Side.Theirs, 12, -200m, customer: "C")]);

        Assert.Equal(["2|12"], Pairs(result));
    }

    [Fact]
    public void Regex_condition_matches_as_written_and_a_pattern_that_matches_nothing_takes_nothing()
    {
        var regex = ByCustomer(new TextCondition(Side.Theirs, TextField.Reference, TextOperator.Regex, @"^SO-\d{4}$"));
        var none = ByCustomer(new TextCondition(Side.Theirs, TextField.Reference, TextOperator.Regex, "^NEVER$"));
        ReconItem[] ours = [Line(Side.Ours, 1, -100m, customer: "C"), Line(Side.Ours, 2, -200m, customer: "C")];
        ReconItem[] theirs = [Line(Side.Theirs, 11, -100m, customer: "C", reference: "SO-1234"), Line(Side.Theirs, 12, -200m, customer: "C", reference: "so-1234")];

        Assert.Equal(["1|11"], Pairs(RunWith(regex, ours, theirs)));
        Assert.Empty(RunWith(none, ours, theirs).Matches);
    }

    [Fact]
    public void Every_condition_of_a_rule_must_hold()
    {
        var rule = ByCustomer(
            new TextCondition(Side.Theirs, TextField.Text, TextOperator.Contains, "货款"),
            new TextCondition(Side.Theirs, TextField.Text, TextOperator.NotContains, "冲销"));

        var result = RunWith(rule,
            [Line(Side.Ours, 1, -100m, customer: "C"), Line(Side.Ours, 2, -200m, customer: "C")],
            [Line(Side.Theirs, 11, -100m, customer: "C", text: "货款"), Line(Side.Theirs, 12, -200m, customer: "C", text: "货款 冲销")]);

        Assert.Equal(["1|11"], Pairs(result));
    }

    [Theory]
    [InlineData(TextOperator.Regex, "(unclosed", "matching.rule.condition")]
    [InlineData(TextOperator.Contains, "", "matching.rule.condition")]
    public void A_bad_text_condition_is_refused(TextOperator op, string pattern, string code)
    {
        var rule = ByCustomer(new TextCondition(Side.Theirs, TextField.Text, op, pattern));
        var e = Assert.Throws<ReconciliationInputException>(() => Rules(rule).Validate());
        Assert.Equal(code, e.Rule);
        Assert.Contains("by-customer", e.Message);
    }

    private static MatchRule FeeRule(string pattern = @"手续费\s*(?<amount>[\d,.，．０-９]+)") =>
        Rule("bank-fee", keys: [Customer], window: DateWindow.Within(5)) with
        {
            AmountFromText = new TextAmount(Side.Theirs, TextField.Text, pattern),
            ReasonCode = "BANK-FEE",
            WriteOff = "bank charges",
        };

    [Fact]
    public void A_fee_written_in_the_memo_is_added_back_and_the_match_keeps_the_true_difference()
    {
        var result = RunWith(FeeRule(),
            [Line(Side.Ours, 1, -1000m, customer: "C")],
            [Line(Side.Theirs, 11, -995m, day: 1, customer: "C", text: "货款 手续费5.00")]);

        var match = Assert.Single(result.Matches);
        Assert.Equal(5m, match.Difference);
        Assert.Equal("BANK-FEE", match.ReasonCode);
        Assert.Equal("bank charges", match.Rule.WriteOff);
        var balance = Assert.Single(result.Summary.Balances);
        Assert.Equal(5m, balance.AcceptedMatchDifference);
        Assert.Equal(0m, balance.Unexplained);
    }

    [Fact]
    public void A_fee_with_thousands_separators_or_full_width_digits_is_read()
    {
        var result = RunWith(FeeRule(),
            [Line(Side.Ours, 1, -100_000m, customer: "C"), Line(Side.Ours, 2, 50_000m, customer: "C")],
            [Line(Side.Theirs, 11, -98_765.43m, customer: "C", text: "手续费1,234.57"),
             Line(Side.Theirs, 12, 49_990m, customer: "C", text: "退款 手续费１０．００")]);

        Assert.Equal(["1|11", "2|12"], Pairs(result).Order());
        Assert.Equal([1234.57m, -10m], result.Matches.OrderBy(m => m.Ours[0].Id).Select(m => m.Difference));
    }

    [Fact]
    public void A_line_without_a_readable_amount_does_not_match_under_the_rule()
    {
        var result = RunWith(FeeRule(),
            [Line(Side.Ours, 1, -1000m, customer: "C"), Line(Side.Ours, 2, -500m, customer: "C")],
            [Line(Side.Theirs, 11, -1000m, customer: "C", text: "货款"), Line(Side.Theirs, 12, -495m, customer: "C", text: "手续费 five")]);

        Assert.Empty(result.Matches);
    }

    [Fact]
    public void The_first_group_is_the_amount_when_none_is_named()
    {
        var result = RunWith(FeeRule(@"(?i)fee\s+([\d.]+)"),
            [Line(Side.Ours, 1, -1000m, customer: "C")],
            [Line(Side.Theirs, 11, -987.5m, customer: "C", text: "Wire FEE 12.50")]);

        Assert.Equal(12.5m, Assert.Single(result.Matches).Difference);
    }

    [Fact]
    public void A_pattern_that_captures_nothing_or_does_not_compile_is_refused()
    {
        Assert.Equal("matching.rule.amount_from_text", Code(() => Rules(FeeRule(@"手续费\d+")).Validate()));
        Assert.Equal("matching.rule.amount_from_text", Code(() => Rules(FeeRule(@"手续费(\d+")).Validate()));
    }

    [Fact]
    public void A_grouped_rule_adds_back_each_line_s_own_fee()
    {
        var rule = FeeRule() with { Cardinality = Cardinality.OneToMany };

        var result = RunWith(rule,
            [Line(Side.Ours, 1, -1000m, customer: "C")],
            [Line(Side.Theirs, 11, -598m, customer: "C", text: "手续费2"), Line(Side.Theirs, 12, -397m, customer: "C", text: "手续费3")]);

        Assert.Equal(["1|11,12"], Pairs(result));
        Assert.Equal(5m, result.Matches[0].Difference);
        Assert.Equal(5m, result.Summary.Balances[0].AcceptedMatchDifference);
    }

    private static MatchRule PartnerRule(string[]? customers = null, string[]? categories = null) =>
        Rule("partners", window: DateWindow.Within(5)) with
        {
            Partners = new PartnerCondition { Customers = customers ?? [], Categories = categories ?? [] },
        };

    [Fact]
    public void A_listed_customer_matches_and_another_does_not()
    {
        var result = RunWith(PartnerRule(customers: ["c-001"]),
            [Line(Side.Ours, 1, -100m, customer: "C001"), Line(Side.Ours, 2, -200m, customer: "C002")],
            [Line(Side.Theirs, 11, -100m, customer: "C001"), Line(Side.Theirs, 12, -200m, customer: "C002")]);

        Assert.Equal(["1|11"], Pairs(result));
    }

    [Fact]
    public void A_category_holds_its_descendants_by_code_and_nothing_else()
    {
        var result = RunWith(PartnerRule(categories: ["01"]),
            [Line(Side.Ours, 1, -100m, customer: "A", category: "0102"), Line(Side.Ours, 2, -200m, customer: "B", category: "02"),
             Line(Side.Ours, 3, -300m, customer: "D", category: "01")],
            [Line(Side.Theirs, 11, -100m, customer: "A", category: "0102"), Line(Side.Theirs, 12, -200m, customer: "B", category: "02"),
             Line(Side.Theirs, 13, -300m, customer: "D", category: "01")]);

        Assert.Equal(["1|11", "3|13"], Pairs(result).Order());
    }

    [Fact]
    public void Their_line_without_a_customer_is_decided_by_our_item()
    {
        var result = RunWith(PartnerRule(customers: ["C001"]),
            [Line(Side.Ours, 1, -100m, customer: "C001"), Line(Side.Ours, 2, -200m, customer: "C002")],
            [Line(Side.Theirs, 11, -100m), Line(Side.Theirs, 12, -200m)]);

        Assert.Equal(["1|11"], Pairs(result));
    }

    [Fact]
    public void An_empty_partner_condition_is_refused()
    {
        Assert.Equal("matching.rule.partners", Code(() => Rules(PartnerRule()).Validate()));
        Assert.Equal("matching.rule.partners", Code(() => Rules(PartnerRule(customers: ["--"])).Validate()));
    }

    private static MatchRule HorizonRule(int months) => Rule("horizon", keys: [Customer]) with { HorizonMonths = months };

    [Fact]
    public void The_horizon_counts_back_from_the_period_end_and_keeps_an_item_exactly_n_months_back()
    {
        var options = new ReconcileOptions { MaxDegreeOfParallelism = 1, PeriodEnd = new DateOnly(2024, 6, 30) };
        var result = RunWith(HorizonRule(3),
            [Line(Side.Ours, 1, -100m, customer: "C", date: new DateOnly(2024, 3, 30)), Line(Side.Ours, 2, -200m, customer: "C", date: new DateOnly(2024, 3, 29))],
            [Line(Side.Theirs, 11, -100m, customer: "C", date: new DateOnly(2024, 6, 1)), Line(Side.Theirs, 12, -200m, customer: "C", date: new DateOnly(2024, 6, 1))],
            options);

        Assert.Equal(["1|11"], Pairs(result));
        Assert.Equal(ExceptionReason.MissingOnTheirSide, ExceptionOf(result, Side.Ours, 2).Reason);
    }

    [Fact]
    public void Without_a_period_end_the_horizon_counts_back_from_the_latest_date_of_either_side()
    {
        var result = RunWith(HorizonRule(1),
            [Line(Side.Ours, 1, -100m, customer: "C", date: new DateOnly(2024, 2, 10)), Line(Side.Ours, 2, -200m, customer: "C", date: new DateOnly(2024, 2, 9))],
            [Line(Side.Theirs, 11, -100m, customer: "C", date: new DateOnly(2024, 3, 10)), Line(Side.Theirs, 12, -200m, customer: "C", date: new DateOnly(2024, 3, 1))]);

        Assert.Equal(["1|11"], Pairs(result));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(121)]
    public void A_horizon_out_of_range_is_refused(int months) =>
        Assert.Equal("matching.rule.horizon", Code(() => Rules(HorizonRule(months)).Validate()));
}
