using static ReconGrpc.Matching.Tests.Item;
using static ReconGrpc.Matching.Tests.Recon;

namespace ReconGrpc.Matching.Tests;

public sealed class GroupedMatchingTests
{
    private static MatchRule Grouped(Cardinality cardinality, int maxGroupSize = 5, int maxCandidates = 16, DateWindow? window = null) =>
        Rule(keys: [Customer], cardinality: cardinality, maxGroupSize: maxGroupSize, maxCandidates: maxCandidates,
            window: window ?? DateWindow.Within(5));

    [Fact]
    public void One_of_ours_paid_in_parts_is_matched_one_to_many()
    {
        var result = Run(Grouped(Cardinality.OneToMany),
            [Ours(1, -1000m, customer: "C")],
            [Theirs(11, -400m, day: 1, customer: "C"), Theirs(12, -600m, day: 2, customer: "C")]);

        var match = Assert.Single(result.Matches);
        Assert.Equal([1L], match.Ours.Select(i => i.Id));
        Assert.Equal([11L, 12L], match.Theirs.Select(i => i.Id));
        Assert.Equal(0m, match.Difference);
    }

    [Fact]
    public void One_payment_for_several_invoices_is_matched_many_to_one()
    {
        var result = Run(Grouped(Cardinality.ManyToOne),
            [Ours(1, -300m, customer: "C"), Ours(2, -200m, customer: "C"), Ours(3, -500m, day: 1, customer: "C")],
            [Theirs(11, -1000m, day: 2, customer: "C")]);

        Assert.Equal(["1,2,3|11"], Pairs(result));
        Assert.Equal(3, result.Summary.MatchedOurItems);
        Assert.Equal(1, result.Summary.MatchedTheirItems);
    }

    [Fact]
    public void Several_with_several_are_matched_many_to_many()
    {
        var result = Run(Grouped(Cardinality.ManyToMany),
            [Ours(1, 300m, customer: "C"), Ours(2, 700m, customer: "C")],
            [Theirs(11, 400m, customer: "C"), Theirs(12, 600m, day: 1, customer: "C")]);

        Assert.Equal(["1,2|11,12"], Pairs(result));
    }

    [Fact]
    public void The_subset_search_finds_the_parts_among_other_lines_of_the_customer()
    {
        // The block does not agree as a whole (an unrelated -333 is there too): the search must pick the two parts.
        var result = Run(Grouped(Cardinality.OneToMany),
            [Ours(1, -1000m, customer: "C")],
            [Theirs(11, -333m, day: 0, customer: "C"), Theirs(12, -400m, day: 1, customer: "C"), Theirs(13, -250m, day: 1, customer: "C"),
             Theirs(14, -600m, day: 2, customer: "C")]);

        Assert.Equal(["1|12,14"], Pairs(result));
        Assert.Equal(ExceptionReason.MissingOnOurSide, ExceptionOf(result, Side.Theirs, 11).Reason);
        Assert.Equal(ExceptionReason.MissingOnOurSide, ExceptionOf(result, Side.Theirs, 13).Reason);
    }

    [Fact]
    public void The_many_to_many_search_finds_the_groups_among_other_lines_of_the_customer()
    {
        var result = Run(Grouped(Cardinality.ManyToMany),
            [Ours(1, 55m, day: 0, customer: "C"), Ours(2, 300m, day: 1, customer: "C"), Ours(3, 700m, day: 1, customer: "C")],
            [Theirs(11, 400m, day: 1, customer: "C"), Theirs(12, 600m, day: 2, customer: "C"), Theirs(13, 81m, day: 2, customer: "C")]);

        Assert.Equal(["2,3|11,12"], Pairs(result));
    }

    [Fact]
    public void Each_anchor_takes_its_own_parts_when_a_customer_has_several_splits()
    {
        var result = Run(Grouped(Cardinality.OneToMany),
            [Ours(1, -100m, day: 0, customer: "C"), Ours(2, -90m, day: 10, customer: "C")],
            [Theirs(11, -60m, day: 0, customer: "C"), Theirs(12, -40m, day: 1, customer: "C"),
             Theirs(13, -50m, day: 10, customer: "C"), Theirs(14, -40m, day: 11, customer: "C")]);

        Assert.Equal(["1|11,12", "2|13,14"], Pairs(result));
    }

    [Theory]
    [InlineData(Cardinality.OneToMany)]
    [InlineData(Cardinality.ManyToOne)]
    public void A_group_one_larger_than_the_bound_is_not_matched(Cardinality cardinality)
    {
        var rule = Grouped(cardinality, maxGroupSize: 3);
        var oneOfOurs = cardinality == Cardinality.OneToMany;
        ReconItem[] Parts(int n) => Enumerable.Range(0, n)
            .Select(k => oneOfOurs ? Theirs(11 + k, -100m, customer: "C") : Ours(1 + k, -100m, customer: "C")).ToArray();
        ReconItem Whole(int n) => oneOfOurs ? Ours(100, -100m * n, customer: "C") : Theirs(100, -100m * n, customer: "C");

        var atBound = oneOfOurs ? Run(rule, [Whole(3)], Parts(3)) : Run(rule, Parts(3), [Whole(3)]);
        var beyond = oneOfOurs ? Run(rule, [Whole(4)], Parts(4)) : Run(rule, Parts(4), [Whole(4)]);

        Assert.Single(atBound.Matches);
        Assert.Empty(beyond.Matches);
        Assert.Equal(5, beyond.Exceptions.Count);
    }

    [Fact]
    public void A_many_to_many_group_one_larger_than_the_bound_on_either_side_is_not_matched()
    {
        var rule = Grouped(Cardinality.ManyToMany, maxGroupSize: 2);

        var atBound = Run(rule, [Ours(1, 50m, customer: "C"), Ours(2, 50m, customer: "C")],
            [Theirs(11, 30m, customer: "C"), Theirs(12, 70m, customer: "C")]);
        // 10 + 20 + 70 against 45 + 55: no part of either side agrees with a part of the other.
        var threeOfOurs = Run(rule, [Ours(1, 10m, customer: "C"), Ours(2, 20m, customer: "C"), Ours(3, 70m, customer: "C")],
            [Theirs(11, 45m, customer: "C"), Theirs(12, 55m, customer: "C")]);
        var threeOfTheirs = Run(rule, [Ours(1, 45m, customer: "C"), Ours(2, 55m, customer: "C")],
            [Theirs(11, 10m, customer: "C"), Theirs(12, 20m, customer: "C"), Theirs(13, 70m, customer: "C")]);
        var threeOfOursAllowed = Run(Grouped(Cardinality.ManyToMany, maxGroupSize: 3),
            [Ours(1, 10m, customer: "C"), Ours(2, 20m, customer: "C"), Ours(3, 70m, customer: "C")],
            [Theirs(11, 45m, customer: "C"), Theirs(12, 55m, customer: "C")]);

        Assert.Single(atBound.Matches);
        Assert.Equal(["1,2,3|11,12"], Pairs(threeOfOursAllowed));
        Assert.Empty(threeOfOurs.Matches);
        Assert.Empty(threeOfTheirs.Matches);
    }

    [Fact]
    public void The_subset_search_looks_only_at_the_nearest_candidates()
    {
        // The true parts are the third and fourth nearest lines: found among four candidates, not among two.
        ReconItem[] theirs =
        [
            Theirs(11, -1m, day: 0, customer: "C"), Theirs(12, -2m, day: 0, customer: "C"),
            Theirs(13, -400m, day: 2, customer: "C"), Theirs(14, -600m, day: 2, customer: "C"),
        ];
        ReconItem[] ours = [Ours(1, -1000m, day: 0, customer: "C")];

        var four = Run(Grouped(Cardinality.OneToMany, maxGroupSize: 2, maxCandidates: 4), ours, theirs);
        var two = Run(Grouped(Cardinality.OneToMany, maxGroupSize: 2, maxCandidates: 2), ours, theirs);

        Assert.Equal(["1|13,14"], Pairs(four));
        Assert.Empty(two.Matches);
    }

    [Fact]
    public void The_smallest_agreeing_group_wins()
    {
        // -1000 is -400 + -600 and also -100 + -300 + -600: the pair is preferred.
        var result = Run(Grouped(Cardinality.OneToMany),
            [Ours(1, -1000m, customer: "C")],
            [Theirs(11, -100m, customer: "C"), Theirs(12, -300m, customer: "C"), Theirs(13, -400m, day: 1, customer: "C"),
             Theirs(14, -600m, day: 1, customer: "C")]);

        Assert.Equal(["1|13,14"], Pairs(result));
    }

    [Fact]
    public void Grouped_members_must_each_be_within_the_window_of_the_one()
    {
        var result = Run(Grouped(Cardinality.OneToMany, window: DateWindow.Within(2)),
            [Ours(1, -1000m, day: 0, customer: "C")],
            [Theirs(11, -400m, day: 2, customer: "C"), Theirs(12, -600m, day: 3, customer: "C")]);

        Assert.Empty(result.Matches);
    }

    [Fact]
    public void A_settlement_nets_orders_refunds_and_a_fee_under_one_reference()
    {
        var settlement = Rule(keys: [Reference], cardinality: Cardinality.ManyToOne, maxGroupSize: 200, window: DateWindow.Within(31));
        var orders = Enumerable.Range(1, 40).Select(k => Ours(k, 10m * k, day: k % 5, reference: "STL001")).ToList();
        orders.Add(Ours(41, -55m, day: 2, reference: "STL001"));     // a refund
        orders.Add(Ours(42, -49.20m, day: 3, reference: "STL001"));  // the platform's fee
        var net = orders.Sum(o => o.Amount);

        var result = Run(settlement, orders, [Theirs(100, net, day: 6, reference: "STL001")]);

        var match = Assert.Single(result.Matches);
        Assert.Equal(42, match.Ours.Count);
        Assert.Equal(Enumerable.Range(1, 42).Select(k => (long)k), match.Ours.Select(i => i.Id));
    }
}
