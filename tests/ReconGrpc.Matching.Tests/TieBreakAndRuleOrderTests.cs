using static ReconGrpc.Matching.Tests.Item;
using static ReconGrpc.Matching.Tests.Recon;

namespace ReconGrpc.Matching.Tests;

public sealed class TieBreakAndRuleOrderTests
{
    private static readonly MatchRule Loose = Rule(keys: [Customer], amount: AmountCondition.Within(5m), window: DateWindow.Within(10));

    [Fact]
    public void The_nearest_date_wins_before_the_nearest_amount()
    {
        var result = Run(Loose, [Ours(1, 100m, day: 0, customer: "C")],
            [Theirs(11, 100m, day: 2, customer: "C"), Theirs(12, 101m, day: 1, customer: "C")]);

        Assert.Equal(["1|12"], Pairs(result));
    }

    [Fact]
    public void On_the_same_date_the_nearest_amount_wins()
    {
        var result = Run(Loose, [Ours(1, 100m, day: 0, customer: "C")],
            [Theirs(11, 102m, day: 1, customer: "C"), Theirs(12, 99.5m, day: -1, customer: "C"), Theirs(13, 100.6m, day: 1, customer: "C")]);

        Assert.Equal(["1|12"], Pairs(result));
    }

    [Fact]
    public void On_the_same_date_and_amount_the_lowest_id_wins_whatever_the_input_order()
    {
        var theirs = Run(Loose, [Ours(1, 100m, customer: "C")],
            [Theirs(21, 100m, customer: "C"), Theirs(12, 100m, customer: "C"), Theirs(30, 100m, customer: "C")]);
        var ours = Run(Loose, [Ours(7, 100m, customer: "C"), Ours(3, 100m, customer: "C")], [Theirs(11, 100m, customer: "C")]);

        Assert.Equal(["1|12"], Pairs(theirs));
        Assert.Equal(["3|11"], Pairs(ours));
    }

    [Fact]
    public void Pairs_are_ranked_across_the_block_not_taken_first_come_by_our_id()
    {
        // Our item 1 would take their 11 if it chose first; their 11 is nearer to our item 2, which gets it.
        var result = Run(Loose, [Ours(1, 100m, day: 0, customer: "C"), Ours(2, 100m, day: 3, customer: "C")],
            [Theirs(11, 100m, day: 2, customer: "C"), Theirs(12, 100m, day: 9, customer: "C")]);

        Assert.Equal(["1|12", "2|11"], Pairs(result).Order());
    }

    [Fact]
    public void In_a_large_block_each_item_still_gets_its_nearest_date()
    {
        // One customer, one amount, 80 x 80 items (past the brute-force size): every item has a partner on its own day.
        var ours = Enumerable.Range(0, 80).Select(d => Ours(1 + d, 100m, day: d, customer: "C")).ToArray();
        var theirs = Enumerable.Range(0, 80).Select(d => Theirs(1000 - d, 100m, day: d, customer: "C")).ToArray();

        var result = Run(Rule(keys: [Customer], window: DateWindow.Within(5)), ours, theirs);

        Assert.Equal(80, result.Matches.Count);
        Assert.All(result.Matches, m => Assert.Equal(0, m.MaxDayGap));
    }

    [Fact]
    public void An_item_matched_by_an_earlier_rule_is_not_available_to_a_later_one()
    {
        var byDocument = Rule("by-document", keys: [Document], window: DateWindow.Within(31));
        var byAmount = Rule("by-amount-date", window: DateWindow.Within(3), decision: MatchDecision.Proposed);
        ReconItem[] ours = [Ours(1, 100m, day: 0, doc: "INV-1")];
        // Their 11 carries the document ten days later; their 12 has no document but the same day.
        ReconItem[] theirs = [Theirs(11, 100m, day: 10, doc: "INV-1"), Theirs(12, 100m, day: 0)];

        var documentFirst = Run(Rules(byDocument, byAmount), ours, theirs);
        var amountFirst = Run(Rules(byAmount, byDocument), ours, theirs);

        Assert.Equal(["1|11"], Pairs(documentFirst));
        Assert.Equal("by-document", documentFirst.Matches[0].Rule.Name);
        Assert.Equal(ExceptionReason.MissingOnOurSide, ExceptionOf(documentFirst, Side.Theirs, 12).Reason);
        Assert.Equal(["1|12"], Pairs(amountFirst));
        Assert.Equal("by-amount-date", amountFirst.Matches[0].Rule.Name);
    }

    [Fact]
    public void A_grouped_rule_only_sees_what_the_earlier_rules_left()
    {
        var exact = Rule("exact", keys: [Customer], window: DateWindow.Within(5));
        var split = Rule("split", keys: [Customer], window: DateWindow.Within(5), cardinality: Cardinality.OneToMany);
        // Their -1000 pairs exactly with our -1000 first; the split cannot then reuse it with -400 and -600.
        var result = Run(Rules(exact, split),
            [Ours(1, -1000m, customer: "C"), Ours(2, -1000m, day: 1, customer: "C")],
            [Theirs(11, -1000m, customer: "C"), Theirs(12, -400m, day: 1, customer: "C"), Theirs(13, -600m, day: 1, customer: "C")]);

        Assert.Equal(["1|11", "2|12,13"], Pairs(result));
        Assert.Equal([0, 1], result.Matches.Select(m => m.RuleIndex));
    }

    [Fact]
    public void Matches_carry_the_decision_of_the_rule_that_made_them()
    {
        var accepted = Rule("exact", keys: [Document]);
        var proposed = Rule("tolerance", keys: [Document], amount: AmountCondition.Within(1m), decision: MatchDecision.Proposed);

        var result = Run(Rules(accepted, proposed),
            [Ours(1, 100m, doc: "A"), Ours(2, 200m, doc: "B"), Ours(3, 300m, doc: "C")],
            [Theirs(11, 100m, doc: "A"), Theirs(12, 200.5m, doc: "B"), Theirs(13, 299.99m, doc: "C")]);

        Assert.Equal(["exact Accepted 1|11", "tolerance Proposed 2|12", "tolerance Proposed 3|13"],
            result.Matches.Select(m => $"{m.Rule.Name} {m.Decision} {m.Ours[0].Id}|{m.Theirs[0].Id}"));
        Assert.Equal(1, result.Summary.AcceptedMatches);
        Assert.Equal(2, result.Summary.ProposedMatches);
        // The engine's own reversal stage reports after the rules, here with nothing to pair.
        Assert.Equal([1, 2, 0], result.Summary.Rules.Select(r => r.Matches));
        Assert.Equal(["exact", "tolerance", MatchRule.ReversalPairName], result.Summary.Rules.Select(r => r.RuleName));
    }

    [Fact]
    public void Matches_are_listed_in_rule_order_with_consecutive_sequence_numbers()
    {
        var result = Run(RuleSet.Default,
            [Ours(1, 100m, doc: "INV-1"), Ours(2, -50m, customer: "C"), Ours(3, 70m, doc: "INV-3")],
            [Theirs(11, -50m, day: 1, customer: "C"), Theirs(12, 100m, doc: "INV-1"), Theirs(13, 70m, reference: "INV-3")]);

        Assert.Equal([0, 1, 2], result.Matches.Select(m => m.Sequence));
        Assert.Equal(["document-exact", "document-in-reference", "customer-amount-date"], result.Matches.Select(m => m.Rule.Name));
        Assert.True(result.Matches.Select(m => m.RuleIndex).SequenceEqual(result.Matches.Select(m => m.RuleIndex).Order()));
    }
}
