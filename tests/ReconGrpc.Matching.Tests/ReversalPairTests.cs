using static ReconGrpc.Matching.Tests.Item;
using static ReconGrpc.Matching.Tests.Recon;

namespace ReconGrpc.Matching.Tests;

/// <summary>
/// 冲销对: an item and its reversal (红字冲销) in the same books cancel there; after the rules they are matched with each
/// other instead of being reported as two items the other side lacks.
/// </summary>
public sealed class ReversalPairTests
{
    private static readonly ClosingBalance[] NoOpeningDifference = [];

    [Fact]
    public void An_invoice_reversed_in_our_books_pairs_with_its_reversal_instead_of_going_missing()
    {
        // The wrong invoice (2,000) is reversed under the same number and booked again at 2,260; they have 2,260 only.
        var ours = new[]
        {
            Ours(1, 2000m, day: 0, doc: "FP0520", customer: "C001", kind: DocumentKind.Invoice), Ours(2, -2000m, day: 19, doc: "FP0520", customer: "C001", kind: DocumentKind.Invoice),
            Ours(3, 2260m, day: 19, doc: "FP0520", customer: "C001", kind: DocumentKind.Invoice),
        };
        var theirs = new[] { Theirs(11, 2260m, day: 21, doc: "FP0520", customer: "C001") };

        var result = Run(RuleSet.Default, ours, theirs, [new ClosingBalance("CNY", 2260m, 2260m)]);

        Assert.Equal(["3|11", "1,2|"], Pairs(result));
        var reversal = result.Matches[1];
        Assert.Equal(MatchRule.ReversalPairName, reversal.Rule.Name);
        Assert.Equal(-1, reversal.RuleIndex);
        Assert.Equal(MatchDecision.Accepted, reversal.Decision);
        Assert.Equal("CNY", reversal.Currency);
        Assert.Equal(0m, reversal.Difference);
        Assert.Empty(result.Exceptions);
        var table = Assert.Single(result.Summary.Balances);
        Assert.Empty(table.OurAdjustments);
        Assert.Empty(table.TheirAdjustments);
        Assert.Equal(0m, table.Unexplained);
        Assert.Equal(3, result.Summary.MatchedOurItems);
        Assert.Equal(2, result.Summary.AcceptedMatches);
        var stage = result.Summary.Rules[^1];
        Assert.Equal((-1, MatchRule.ReversalPairName, 1, 2, 0), (stage.RuleIndex, stage.RuleName, stage.Matches, stage.OurItems, stage.TheirItems));
    }

    [Theory]
    [InlineData("FP0520-R")]
    [InlineData("fp0520-r")]
    [InlineData(" FP0520-R ")]
    public void A_reversal_numbered_with_the_R_suffix_pairs_with_the_original(string reversalNumber)
    {
        var result = Run(RuleSet.Default, [Ours(1, 2000m, doc: "FP0520", customer: "C001"), Ours(2, -2000m, day: 3, doc: reversalNumber, customer: "C001")], []);

        Assert.Equal(["1,2|"], Pairs(result));
        Assert.Empty(result.Exceptions);
    }

    [Fact]
    public void A_reversal_in_their_books_pairs_on_their_side()
    {
        var result = Run(RuleSet.Default,
            [Ours(1, 2260m, day: 19, doc: "FP0520", customer: "C001")],
            [Theirs(11, 2000m, day: 4, doc: "FP0520", customer: "C001", kind: DocumentKind.Invoice), Theirs(12, -2000m, day: 20, doc: "FP0520", customer: "C001", kind: DocumentKind.Invoice),
             Theirs(13, 2260m, day: 21, doc: "FP0520", customer: "C001")]);

        Assert.Equal(["1|13", "|11,12"], Pairs(result));
        Assert.Empty(result.Exceptions);
    }

    [Fact]
    public void The_rules_come_first_so_a_reversal_the_other_side_has_not_booked_stays_unmatched()
    {
        // They booked the original and not our reversal: the original matches theirs, and our reversal is what they lack.
        var result = Run(RuleSet.Default,
            [Ours(1, 2000m, day: 0, doc: "FP0520", customer: "C001"), Ours(2, -2000m, day: 19, doc: "FP0520-R", customer: "C001")],
            [Theirs(11, 2000m, day: 2, doc: "FP0520", customer: "C001")]);

        Assert.Equal(["1|11"], Pairs(result));
        var missing = Assert.Single(result.Exceptions);
        Assert.Equal((ExceptionReason.MissingOnTheirSide, 2L), (missing.Reason, missing.Item.Id));
    }

    [Theory]
    [InlineData("C002", "CNY", -2000, "FP0520")]   // another customer
    [InlineData("C001", "USD", -2000, "FP0520")]   // another currency
    [InlineData("C001", "CNY", -1999.99, "FP0520")] // not the amount negated
    [InlineData("C001", "CNY", 2000, "FP0520")]    // the same sign: a duplicate, not a reversal
    [InlineData("C001", "CNY", -2000, "FP0521")]   // another document
    [InlineData("C001", "CNY", -2000, "FP0520R")]  // a different number, not the reversal suffix
    [InlineData("C001", "CNY", -2000, null)]       // no document to tie them
    public void Items_that_do_not_reverse_each_other_stay_apart(string customer, string currency, double amount, string? document)
    {
        var result = Run(RuleSet.Default,
            [Ours(1, 2000m, doc: "FP0520", customer: "C001"), Ours(2, (decimal)amount, day: 3, doc: document, customer: customer, currency: currency)], []);

        Assert.DoesNotContain(result.Matches.ToArray(), m => m.Rule.Name == MatchRule.ReversalPairName);
        Assert.Equal(2, result.Exceptions.Count);
    }

    [Fact]
    public void Opening_balances_are_never_taken_for_a_reversal()
    {
        var opening = new ReconItem
        {
            Id = 1, Side = Side.Ours, Date = Day0, Amount = 500m, Currency = "CNY", CustomerKey = "C001", DocumentNumber = "期初余额 C001", IsOpeningBalance = true,
        };

        var result = Run(RuleSet.Default, [opening, Ours(2, -500m, day: 3, doc: "期初余额 C001", customer: "C001")], []);

        Assert.Empty(result.Matches.ToArray());
    }

    [Fact]
    public void The_earliest_original_pairs_with_the_earliest_reversal_whatever_the_input_order()
    {
        var ours = new[]
        {
            Ours(1, 800m, day: 0, doc: "FP7", customer: "C001", kind: DocumentKind.Invoice), Ours(2, 800m, day: 5, doc: "FP7", customer: "C001", kind: DocumentKind.Invoice),
            Ours(3, -800m, day: 9, doc: "FP7-R", customer: "C001", kind: DocumentKind.Invoice), Ours(4, -800m, day: 2, doc: "FP7", customer: "C001", kind: DocumentKind.Invoice),
        };

        var forward = Run(RuleSet.Default, ours, []);
        var shuffled = Run(RuleSet.Default, ours.Reverse(), [], threads: 4);

        // Originals by date: 1 then 2; reversals by date: 4 then 3.
        Assert.Equal(["1,4|", "2,3|"], Pairs(forward));
        Assert.Equal(Canonical(forward), Canonical(shuffled));
    }

    [Fact]
    public async Task Streaming_hands_over_the_reversal_pairs_like_any_match()
    {
        var ours = new[] { Ours(1, 2000m, doc: "FP0520", customer: "C001"), Ours(2, -2000m, day: 3, doc: "FP0520-R", customer: "C001") };
        var engine = new ReconciliationEngine(RuleSet.Default);
        var streamed = new List<string>();
        await foreach (var e in engine.ReconcileAsync(ours, [], NoOpeningDifference))
        {
            if (e is MatchesFound found)
            {
                streamed.AddRange(found.Matches.Select(m => $"{m.Rule.Name} {string.Join(",", m.Ours.Select(i => i.Id))}"));
            }
        }

        Assert.Equal([$"{MatchRule.ReversalPairName} 1,2"], streamed);
    }

    [Theory]
    [InlineData(DocumentKind.Invoice, DocumentKind.Receipt)]   // a receipt booked under the invoice's number settles it
    [InlineData(DocumentKind.Invoice, DocumentKind.Return)]    // a return is a document of its own
    [InlineData(DocumentKind.Unknown, DocumentKind.Unknown)]   // a statement that does not say: only the -R suffix tells
    public void Items_of_one_number_that_are_not_the_same_kind_of_document_are_no_reversal(DocumentKind original, DocumentKind other)
    {
        var result = Run(RuleSet.Default,
            [Ours(1, 1000m, doc: "INV-1", customer: "C001", kind: original), Ours(2, -1000m, day: 9, doc: "INV-1", customer: "C001", kind: other)], []);

        Assert.Empty(result.Matches.ToArray());
        Assert.All(result.Exceptions, e => Assert.Equal(ExceptionReason.MissingOnTheirSide, e.Reason));
    }

    [Fact]
    public void A_rule_may_not_take_the_reversal_stage_name()
    {
        var error = Assert.Throws<ReconciliationInputException>(() => Rules(Rule(" Reversal-Pair ", keys: [Document])).Validate());

        Assert.Equal("matching.rule.name_reserved", error.Rule);
    }
}
