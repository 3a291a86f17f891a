using static ReconGrpc.Matching.Tests.Item;
using static ReconGrpc.Matching.Tests.Recon;

namespace ReconGrpc.Matching.Tests;

/// <summary>Every unmatched item gets exactly one reason, with the item it was paired with and the difference.</summary>
public sealed class ExceptionTests
{
    private static readonly MatchRule ByDocument = Rule(keys: [Document], window: DateWindow.Within(31));

    [Fact]
    public void An_item_only_we_have_is_missing_on_their_side()
    {
        var result = Run(ByDocument, [Ours(1, 500m, day: 4, doc: "INV-9")], []);

        var e = Assert.Single(result.Exceptions);
        Assert.Equal(ExceptionReason.MissingOnTheirSide, e.Reason);
        Assert.Equal(Side.Ours, e.Side);
        Assert.Null(e.Counterpart);
        Assert.Null(e.Difference);
        Assert.Null(e.DayGap);
        Assert.Equal("我方已记对方未记 — our item 1 (500.00 CNY on 2024-03-05) is not on their side.", e.Explanation);
    }

    [Fact]
    public void An_item_only_they_have_is_missing_on_our_side()
    {
        var result = Run(ByDocument, [], [Theirs(11, -75m, doc: "ADJ-1")]);

        var e = Assert.Single(result.Exceptions);
        Assert.Equal(ExceptionReason.MissingOnOurSide, e.Reason);
        Assert.Equal(Side.Theirs, e.Side);
        Assert.Null(e.Counterpart);
        Assert.Equal("对方已记我方未记 — their item 11 (-75.00 CNY on 2024-03-01) is not on our side.", e.Explanation);
    }

    [Fact]
    public void Items_sharing_a_document_with_different_amounts_differ_in_amount_both_ways()
    {
        var result = Run(ByDocument, [Ours(1, 100m, day: 0, doc: "INV-1")], [Theirs(11, 120m, day: 2, doc: "INV-1")]);

        var ours = ExceptionOf(result, Side.Ours, 1);
        var theirs = ExceptionOf(result, Side.Theirs, 11);
        Assert.Equal(ExceptionReason.AmountDiffers, ours.Reason);
        Assert.Equal(ExceptionReason.AmountDiffers, theirs.Reason);
        Assert.Equal(11, ours.Counterpart!.Id);
        Assert.Equal(1, theirs.Counterpart!.Id);
        // Always their amount minus ours and their date minus ours, whichever side the exception is on.
        Assert.Equal(20m, ours.Difference);
        Assert.Equal(20m, theirs.Difference);
        Assert.Equal(2, ours.DayGap);
        Assert.Equal(2, theirs.DayGap);
        Assert.Equal("金额不符 — our item 1 (100.00) and their item 11 (120.00) share a key but differ by 20.00 CNY.", ours.Explanation);
    }

    [Fact]
    public void Items_sharing_a_document_and_amount_too_far_apart_are_outside_the_date_window()
    {
        var result = Run(ByDocument, [Ours(1, 100m, day: 40, doc: "INV-1")], [Theirs(11, 100m, day: 0, doc: "INV-1")]);

        var e = ExceptionOf(result, Side.Ours, 1);
        Assert.Equal(ExceptionReason.DateOutsideWindow, e.Reason);
        Assert.Equal(11, e.Counterpart!.Id);
        Assert.Equal(0m, e.Difference);
        Assert.Equal(-40, e.DayGap);
        Assert.Equal("日期超窗 — our item 1 (2024-04-10) and their item 11 (2024-03-01) agree in amount (100.00 CNY) but are 40 days apart.", e.Explanation);
        Assert.Equal(ExceptionReason.DateOutsideWindow, ExceptionOf(result, Side.Theirs, 11).Reason);
    }

    [Fact]
    public void Under_a_rule_on_document_and_customer_a_shared_document_of_another_customer_is_not_paired()
    {
        // Same document number, amount and day, but the rule also asks for the customer: not the same document.
        var rule = Rule(keys: [Document, Customer], window: DateWindow.Within(31));
        var result = Run(rule, [Ours(1, 100m, day: 0, doc: "INV-1", customer: "C001")], [Theirs(11, 100m, day: 1, doc: "INV-1", customer: "C002")]);

        var ours = ExceptionOf(result, Side.Ours, 1);
        var theirs = ExceptionOf(result, Side.Theirs, 11);
        Assert.Equal(ExceptionReason.MissingOnTheirSide, ours.Reason);
        Assert.Equal(ExceptionReason.MissingOnOurSide, theirs.Reason);
        Assert.Null(ours.Counterpart);
        Assert.Null(theirs.Counterpart);
    }

    [Fact]
    public void Under_a_rule_on_document_and_customer_the_same_document_and_customer_still_pair_on_the_amount()
    {
        var rule = Rule(keys: [Document, Customer], window: DateWindow.Within(31));
        var result = Run(rule, [Ours(1, 100m, day: 0, doc: "INV-1", customer: "C001")], [Theirs(11, 90m, day: 1, doc: "INV-1", customer: "C001")]);

        var ours = ExceptionOf(result, Side.Ours, 1);
        Assert.Equal(ExceptionReason.AmountDiffers, ours.Reason);
        Assert.Equal(11, ours.Counterpart!.Id);
        Assert.Equal(-10m, ours.Difference);
    }

    [Fact]
    public void A_rule_on_the_document_alone_still_pairs_across_customers()
    {
        // Rules go first use first: the document-only rule pairs what the document-and-customer rule did not.
        var rules = Rules(Rule("both", keys: [Document, Customer], window: DateWindow.Within(31)), Rule("document", keys: [Document], window: DateWindow.Within(31)));
        var result = Run(rules, [Ours(1, 100m, day: 0, doc: "INV-1", customer: "C001")], [Theirs(11, 90m, day: 1, doc: "INV-1", customer: "C002")]);

        Assert.Equal(ExceptionReason.AmountDiffers, ExceptionOf(result, Side.Ours, 1).Reason);
        Assert.Equal(ExceptionReason.AmountDiffers, ExceptionOf(result, Side.Theirs, 11).Reason);
    }

    [Fact]
    public void A_document_they_list_twice_is_a_duplicate_of_the_line_that_matched()
    {
        var result = Run(ByDocument, [Ours(1, 100m, doc: "INV-1")],
            [Theirs(11, 100m, doc: "INV-1"), Theirs(12, 100m, doc: "inv 1")]);

        Assert.Equal(["1|11"], Pairs(result));
        var e = Assert.Single(result.Exceptions);
        Assert.Equal(ExceptionReason.Duplicate, e.Reason);
        Assert.Equal(12, e.Item.Id);
        Assert.Equal(11, e.Counterpart!.Id);
        Assert.Equal(Side.Theirs, e.Counterpart.Side);
        Assert.Null(e.Difference);
        Assert.Null(e.DayGap);
        Assert.Equal("重复 — their item 12 repeats item 11 (same document number, amount 100.00 and currency), which match 0 (rule) holds with our item 1.", e.Explanation);
        Assert.Equal(0, e.OriginalMatch!.Value.Sequence);
    }

    [Fact]
    public void A_document_we_booked_twice_with_nothing_on_their_side_is_missing_once_and_a_duplicate_once()
    {
        var result = Run(ByDocument, [Ours(7, 100m, doc: "INV-1"), Ours(3, 100m, doc: "INV-1")], []);

        // The lower id is the original.
        Assert.Equal(ExceptionReason.MissingOnTheirSide, ExceptionOf(result, Side.Ours, 3).Reason);
        var duplicate = ExceptionOf(result, Side.Ours, 7);
        Assert.Equal(ExceptionReason.Duplicate, duplicate.Reason);
        Assert.Equal(3, duplicate.Counterpart!.Id);
    }

    [Fact]
    public void The_same_document_with_another_amount_is_not_a_duplicate()
    {
        var result = Run(ByDocument, [Ours(1, 100m, doc: "INV-1"), Ours(2, 60m, doc: "INV-1")], [Theirs(11, 100m, doc: "INV-1")]);

        Assert.Equal(["1|11"], Pairs(result));
        Assert.Equal(ExceptionReason.MissingOnTheirSide, Assert.Single(result.Exceptions).Reason);
    }

    [Fact]
    public void Opening_balances_that_agree_pair_under_their_own_label()
    {
        var result = Run(Rules(Rule("document-exact", keys: [Document])), [Opening(Ours(1, 900m, doc: "期初余额 C1"))], [Opening(Theirs(11, 900m, doc: "期初余额 C1"))]);

        var match = Assert.Single(result.Matches);
        Assert.Equal((MatchRule.OpeningBalancePairName, "document-exact"), (match.RuleName, match.Rule.Name));
        Assert.Equal("opening-balance", MatchRule.OpeningBalancePairName);
    }

    [Fact]
    public void No_rule_may_take_the_opening_balance_label()
    {
        var e = Assert.Throws<ReconciliationInputException>(() => Rules(Rule(MatchRule.OpeningBalancePairName)).Validate());
        Assert.Equal("matching.rule.name_reserved", e.Rule);
    }

    private static ReconItem Opening(ReconItem item) => new()
    {
        Id = item.Id, Side = item.Side, Date = item.Date, Amount = item.Amount, Currency = item.Currency, DocumentNumber = item.DocumentNumber, IsOpeningBalance = true,
    };

    [Fact]
    public void Opening_balances_that_differ_are_explained_as_the_opening_difference()
    {
        var ours = Ours(1, 1_100m, doc: "期初余额 C1");
        var theirs = Theirs(11, 800m, doc: "期初余额 C1");
        var result = Run(ByDocument, [Opening(ours)], [Opening(theirs)]);

        var e = ExceptionOf(result, Side.Ours, 1);
        Assert.Equal(ExceptionReason.AmountDiffers, e.Reason);
        Assert.Equal("期初差异 — our opening balance (item 1, 1100.00) and theirs (item 11, 800.00) differ by -300.00 CNY.", e.Explanation);
    }

    [Fact]
    public void Items_sharing_a_document_in_different_currencies_are_a_currency_mismatch()
    {
        var result = Run(ByDocument, [Ours(1, 710m, day: 0, doc: "INV-1", currency: "CNY")],
            [Theirs(11, 100m, day: 1, doc: "INV-1", currency: "USD")]);

        var e = ExceptionOf(result, Side.Ours, 1);
        Assert.Equal(ExceptionReason.CurrencyMismatch, e.Reason);
        Assert.Equal(11, e.Counterpart!.Id);
        Assert.Null(e.Difference);
        Assert.Equal(1, e.DayGap);
        Assert.Equal("币种不符 — our item 1 is in CNY (710.00), their item 11 in USD (100.00).", e.Explanation);
        Assert.Equal(ExceptionReason.CurrencyMismatch, ExceptionOf(result, Side.Theirs, 11).Reason);
    }

    [Fact]
    public void A_key_pair_prefers_the_counterpart_in_the_same_currency()
    {
        var result = Run(ByDocument, [Ours(1, 100m, day: 0, doc: "INV-1")],
            [Theirs(11, 14m, day: 0, doc: "INV-1", currency: "USD"), Theirs(12, 90m, day: 9, doc: "INV-1")]);

        Assert.Equal(ExceptionReason.AmountDiffers, ExceptionOf(result, Side.Ours, 1).Reason);
        Assert.Equal(12, ExceptionOf(result, Side.Ours, 1).Counterpart!.Id);
        // Their USD line, left without a partner, is simply missing on our side.
        Assert.Equal(ExceptionReason.MissingOnOurSide, ExceptionOf(result, Side.Theirs, 11).Reason);
    }

    [Fact]
    public void A_shared_customer_alone_does_not_pair_items_for_an_explanation()
    {
        // The customer rule cannot match 100 with 130; a customer is no document, so both are simply missing.
        var result = Run(Rule(keys: [Customer], window: DateWindow.Within(3)),
            [Ours(1, 100m, customer: "C1")], [Theirs(11, 130m, customer: "C1")]);

        Assert.Equal(ExceptionReason.MissingOnTheirSide, ExceptionOf(result, Side.Ours, 1).Reason);
        Assert.Equal(ExceptionReason.MissingOnOurSide, ExceptionOf(result, Side.Theirs, 11).Reason);
    }

    [Fact]
    public void Exceptions_come_ours_first_each_side_in_id_order_and_are_counted_by_reason()
    {
        var result = Run(ByDocument,
            [Ours(5, 1m, doc: "A"), Ours(2, 2m, doc: "B"), Ours(9, 3m, doc: "C", currency: "USD")],
            [Theirs(30, 4m, doc: "D"), Theirs(20, 3m, doc: "C"), Theirs(10, 2.5m, doc: "B")]);

        Assert.Equal(["Ours 2", "Ours 5", "Ours 9", "Theirs 10", "Theirs 20", "Theirs 30"],
            result.Exceptions.Select(e => $"{e.Side} {e.Item.Id}"));
        var byReason = result.Summary.ExceptionsByReason;
        Assert.Equal(1, byReason[ExceptionReason.MissingOnTheirSide]);
        Assert.Equal(1, byReason[ExceptionReason.MissingOnOurSide]);
        Assert.Equal(2, byReason[ExceptionReason.AmountDiffers]);
        Assert.Equal(2, byReason[ExceptionReason.CurrencyMismatch]);
        Assert.Equal(0, byReason[ExceptionReason.Duplicate]);
        Assert.Equal(0, byReason[ExceptionReason.DateOutsideWindow]);
    }

    [Fact]
    public void Every_reason_of_the_enumeration_is_produced_by_some_input()
    {
        var result = Run(ByDocument,
            [
                Ours(1, 10m, doc: "MISSING"),
                Ours(2, 10m, doc: "AMOUNT"),
                Ours(3, 10m, day: 0, doc: "DATE"),
                Ours(4, 10m, doc: "DUP"), Ours(5, 10m, doc: "DUP"),
                Ours(6, 10m, doc: "FX", currency: "USD"),
            ],
            [
                Theirs(11, 10m, doc: "THEIRS-ONLY"),
                Theirs(12, 11m, doc: "AMOUNT"),
                Theirs(13, 10m, day: 32, doc: "DATE"),
                Theirs(14, 10m, doc: "DUP"),
                Theirs(16, 10m, doc: "FX"),
            ]);

        Assert.Equal(Enum.GetValues<ExceptionReason>().Order(), result.Exceptions.Select(e => e.Reason).Distinct().Order());
        Assert.All(result.Exceptions, e => Assert.False(string.IsNullOrWhiteSpace(e.Explanation)));
    }

    [Fact]
    public void An_item_missing_on_both_sides_points_to_the_closest_unmatched_item_of_the_other()
    {
        // A payment short by a bank charge, booked under no shared number: each side's line is missing on the other.
        var result = Run(ByDocument, [Ours(1, -9345m, day: 24, doc: "RC-0524", customer: "C001")], [Theirs(11, -9360m, day: 23, doc: "BANK-778", customer: "C001")]);

        var ours = ExceptionOf(result, Side.Ours, 1);
        var theirs = ExceptionOf(result, Side.Theirs, 11);
        Assert.Equal((ExceptionReason.MissingOnTheirSide, 11L), (ours.Reason, ours.Closest?.Id));
        Assert.Equal((ExceptionReason.MissingOnOurSide, 1L), (theirs.Reason, theirs.Closest?.Id));
        Assert.EndsWith("is not on their side. Closest unmatched item of theirs: 11 (-9360.00 CNY on 2024-03-24, 15.00 apart) — if it is the same business, match them by hand.",
            ours.Explanation);
        // A hint only: the 余额调节表 takes each as missing, as before.
        Assert.Null(ours.Difference);
    }

    [Theory]
    [InlineData(-9000, 23, "C001", "CNY")]  // more than 2 % apart
    [InlineData(9360, 23, "C001", "CNY")]   // the other sign
    [InlineData(-9360, 60, "C001", "CNY")]  // more than 31 days apart
    [InlineData(-9360, 23, "C002", "CNY")]  // another customer
    [InlineData(-9360, 23, "C001", "USD")]  // another currency
    public void No_item_is_pointed_to_that_could_hardly_be_the_same_business(double amount, int day, string customer, string currency)
    {
        var result = Run(ByDocument, [Ours(1, -9345m, day: 24, doc: "RC-0524", customer: "C001")],
            [Theirs(11, (decimal)amount, day: day, doc: "BANK-778", customer: customer, currency: currency)]);

        Assert.All(result.Exceptions, e => Assert.Null(e.Closest));
    }

    [Fact]
    public void The_closest_item_is_found_however_many_lower_amounts_lie_within_the_tolerance()
    {
        // Seventy lines of theirs a little below ours, and one at exactly our amount: the hint is that one.
        var theirs = Enumerable.Range(0, 70).Select(k => Theirs(100 + k, 980m + k / 10m, doc: $"X-{k}", customer: "C001"))
            .Append(Theirs(500, 1000m, doc: "X-500", customer: "C001"));

        var result = Run(ByDocument, [Ours(1, 1000m, doc: "INV-1", customer: "C001")], theirs);

        Assert.Equal(500L, ExceptionOf(result, Side.Ours, 1).Closest?.Id);
    }
}
