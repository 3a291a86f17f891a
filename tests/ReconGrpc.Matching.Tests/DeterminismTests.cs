using ReconGrpc.Matching.Testing;
using static ReconGrpc.Matching.Tests.Recon;

namespace ReconGrpc.Matching.Tests;

/// <summary>The same input gives the same result, match for match and in the same order, whatever the input order and thread count.</summary>
public sealed class DeterminismTests
{
    // Large enough that intake splits each side into ranges and the joins into many partitions (several threads really work).
    private static readonly Lazy<SyntheticData> Data = new(() => SyntheticGenerator.Generate(new SyntheticOptions { Size = 40_000, Seed = 11 }));

    private static readonly Lazy<string> InOrderOnOneThread = new(() =>
    {
        var data = Data.Value;
        return Canonical(Run(RuleSet.Default, data.Ours, data.Theirs, threads: 1));
    });

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 4)]
    [InlineData(3, 4)]
    [InlineData(4, 3)]
    public void Shuffled_input_on_any_number_of_threads_gives_the_same_matches_and_exceptions(int seed, int threads)
    {
        var data = Data.Value;
        var random = new Random(seed);
        var ours = data.Ours.ToArray();
        var theirs = data.Theirs.ToArray();
        random.Shuffle(ours);
        random.Shuffle(theirs);

        var result = Run(RuleSet.Default, ours, theirs, threads: threads);

        var expected = InOrderOnOneThread.Value;
        var actual = Canonical(result);
        Assert.True(expected == actual, FirstDifference(expected, actual));
    }

    [Theory]
    [InlineData(5, 1)]
    [InlineData(6, 4)]
    public void Rules_with_conditions_and_allocation_orders_give_the_same_result_for_any_input_order_and_thread_count(int seed, int threads)
    {
        var data = ConditionData.Value;
        var rules = ConditionRules();
        var expected = Canonical(Run(rules, data.Ours, data.Theirs, threads: 1));
        var random = new Random(seed);
        var ours = data.Ours.ToArray();
        var theirs = data.Theirs.ToArray();
        random.Shuffle(ours);
        random.Shuffle(theirs);

        var actual = Canonical(Run(rules, ours, theirs, threads: threads));

        Assert.True(expected == actual, FirstDifference(expected, actual));
    }

    private static readonly Lazy<SyntheticData> ConditionData = new(() =>
        SyntheticGenerator.Generate(new SyntheticOptions { Size = 30_000, Seed = 12, Mix = SyntheticMix.WithConditionCases }));

    // The conditions rule set, with the default set's grouped customer rules oldest and newest first, and a horizon.
    private static RuleSet ConditionRules()
    {
        var rules = SyntheticRules.WithConditions().Rules.Select(r => r.Name switch
        {
            "customer-split-many-to-one" => r with { Allocation = Allocation.OldestFirst },
            "customer-split-one-to-many" => r with { Allocation = Allocation.NewestFirst },
            "customer-amount-date" => r with { Allocation = Allocation.OldestFirst, HorizonMonths = 6 },
            _ => r,
        });
        return new RuleSet("conditions", rules.ToArray());
    }

    [Fact]
    public void The_summary_and_the_balance_statement_do_not_depend_on_the_thread_count()
    {
        var data = Data.Value;

        var one = Run(RuleSet.Default, data.Ours, data.Theirs, data.ClosingBalances, threads: 1);
        var four = Run(RuleSet.Default, data.Ours.Reverse(), data.Theirs.Reverse(), data.ClosingBalances, threads: 4);

        Assert.Equal(Figures(one.Summary), Figures(four.Summary));
    }

    [Fact]
    public void Ties_in_a_small_hand_built_block_break_the_same_way_for_every_input_order()
    {
        // Four identical lines on each side: which pairs is decided by id alone.
        var ours = Enumerable.Range(1, 4).Select(i => Item.Ours(i * 10, 50m, customer: "C")).ToArray();
        var theirs = Enumerable.Range(1, 4).Select(i => Item.Theirs(100 + i, 50m, customer: "C")).ToArray();
        var rule = Rule(keys: [Customer]);
        var expected = Canonical(Run(rule, ours, theirs));

        for (var seed = 0; seed < 20; seed++)
        {
            var random = new Random(seed);
            var o = ours.ToArray();
            var t = theirs.ToArray();
            random.Shuffle(o);
            random.Shuffle(t);
            Assert.Equal(expected, Canonical(Run(Rules(rule), o, t, threads: 1 + seed % 4)));
        }

        Assert.Equal(["10|101", "20|102", "30|103", "40|104"], Pairs(Run(rule, ours, theirs)).Order());
    }

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Min(e.Length, a.Length); i++)
        {
            if (e[i] != a[i])
            {
                return $"line {i}: expected '{e[i]}', got '{a[i]}'";
            }
        }

        return $"expected {e.Length} lines, got {a.Length}";
    }
}
