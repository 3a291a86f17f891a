using ReconGrpc.Matching.Testing;
using static ReconGrpc.Matching.Tests.Recon;

namespace ReconGrpc.Matching.Tests;

/// <summary>The default rule set against seeded synthetic data whose answer is known.</summary>
public sealed class SyntheticDataTests
{
    private static readonly Lazy<(SyntheticData Data, ReconciliationResult Result)> Small = new(() =>
    {
        var data = SyntheticGenerator.Generate(new SyntheticOptions { Size = 20_000 });
        return (data, Run(RuleSet.Default, data.Ours, data.Theirs, data.ClosingBalances, threads: 2));
    });

    [Fact]
    public void The_default_rule_set_reaches_the_target_precision_and_recall()
    {
        var (data, result) = Small.Value;

        var quality = MatchQuality.Measure(result, data.Truth);

        Assert.True(quality.Precision >= 0.995, $"precision {quality.Precision:P3} ({quality.CorrectPairs} of {quality.PredictedPairs})");
        Assert.True(quality.Recall >= 0.995, $"recall {quality.Recall:P3} ({quality.CorrectPairs} of {quality.TruePairs})");
        Assert.True(quality.ReasonAccuracy >= 0.99, $"exceptions with the expected reason {quality.ReasonAccuracy:P3}");
    }

    [Theory]
    [InlineData(20_240_601, 20_000)]
    [InlineData(7, 5_000)]
    public void The_cases_that_need_rule_conditions_are_matched_by_rules_that_use_them(int seed, int size)
    {
        var data = SyntheticGenerator.Generate(new SyntheticOptions { Size = size, Seed = seed, Mix = SyntheticMix.WithConditionCases });
        var withConditions = Run(SyntheticRules.WithConditions(), data.Ours, data.Theirs, data.ClosingBalances, threads: 2);
        var withoutConditions = Run(RuleSet.Default, data.Ours, data.Theirs, threads: 2);

        var quality = MatchQuality.Measure(withConditions, data.Truth);

        Assert.True(quality.Precision >= 0.995, $"precision {quality.Precision:P3} ({quality.CorrectPairs} of {quality.PredictedPairs})");
        Assert.True(quality.Recall >= 0.995, $"recall {quality.Recall:P3} ({quality.CorrectPairs} of {quality.TruePairs})");
        Assert.True(quality.ReasonAccuracy >= 0.99, $"exceptions with the expected reason {quality.ReasonAccuracy:P3}");
        // Each planted case is caught by its rule, and the default rules alone do worse on the same data.
        var rules = withConditions.Summary.Rules;
        Assert.All(rules.Take(3), r => Assert.True(r.Matches > 0, $"{r.RuleName} made no match"));
        Assert.True(rules[2].ToCheckMatches == rules[2].Matches && withConditions.Summary.ToCheckMatches == rules[2].Matches);
        Assert.True(MatchQuality.Measure(withoutConditions, data.Truth).Recall < quality.Recall);
        Assert.All(withConditions.Summary.Balances, b => Assert.Equal(0m, b.Unexplained));
        Assert.All(withConditions.Matches.Where(m => m.RuleIndex == 0), m => Assert.Equal("BANK-FEE", m.ReasonCode));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Precision_and_recall_hold_for_other_seeds(int seed)
    {
        var data = SyntheticGenerator.Generate(new SyntheticOptions { Size = 5_000, Seed = seed });

        var quality = MatchQuality.Measure(Run(RuleSet.Default, data.Ours, data.Theirs), data.Truth);

        Assert.True(quality.Precision >= 0.995, $"precision {quality.Precision:P3}");
        Assert.True(quality.Recall >= 0.995, $"recall {quality.Recall:P3}");
    }

    [Fact]
    public void Every_item_ends_in_exactly_one_match_or_exactly_one_exception()
    {
        var (data, result) = Small.Value;

        var matchedOurs = result.Matches.SelectMany(m => m.Ours).Select(i => i.Id).ToList();
        var matchedTheirs = result.Matches.SelectMany(m => m.Theirs).Select(i => i.Id).ToList();
        var explainedOurs = result.Exceptions.Where(e => e.Side == Side.Ours).Select(e => e.Item.Id).ToList();
        var explainedTheirs = result.Exceptions.Where(e => e.Side == Side.Theirs).Select(e => e.Item.Id).ToList();

        Assert.Equal(data.Ours.Select(i => i.Id).Order(), matchedOurs.Concat(explainedOurs).Order());
        Assert.Equal(data.Theirs.Select(i => i.Id).Order(), matchedTheirs.Concat(explainedTheirs).Order());

        var s = result.Summary;
        Assert.Equal(data.Ours.Count, s.OurItems);
        Assert.Equal(data.Theirs.Count, s.TheirItems);
        Assert.Equal(matchedOurs.Count, s.MatchedOurItems);
        Assert.Equal(matchedTheirs.Count, s.MatchedTheirItems);
        Assert.Equal(s.OurItems + s.TheirItems, s.MatchedOurItems + s.MatchedTheirItems + s.ExceptionsByReason.Values.Sum());
        Assert.Equal(s.Matches, s.AcceptedMatches + s.ProposedMatches + s.ToCheckMatches);
        Assert.Equal(s.Matches, s.Rules.Sum(r => r.Matches));
        Assert.Equal(s.MatchedOurItems, s.Rules.Sum(r => r.OurItems));
        Assert.Equal(s.MatchedTheirItems, s.Rules.Sum(r => r.TheirItems));
    }

    [Fact]
    public void Every_match_satisfies_the_rule_that_made_it()
    {
        var (_, result) = Small.Value;

        Assert.All(result.Matches, m =>
        {
            var rule = m.Rule;
            Assert.True(rule.Amount.Allows(m.OurAmount, m.TheirAmount), m.ToString());
            Assert.All(m.Ours, o => Assert.All(m.Theirs, t => Assert.True(rule.Window.Allows(o.Date, t.Date), m.ToString())));
            Assert.All(m.Ours.Concat(m.Theirs), i => Assert.Equal(m.Currency, MatchingKey.Normalize(i.Currency)));
            var (maxOurs, maxTheirs) = rule.Cardinality switch
            {
                Cardinality.OneToOne => (1, 1),
                Cardinality.OneToMany => (1, rule.MaxGroupSize),
                Cardinality.ManyToOne => (rule.MaxGroupSize, 1),
                _ => (rule.MaxGroupSize, rule.MaxGroupSize),
            };
            Assert.InRange(m.Ours.Count, 1, maxOurs);
            Assert.InRange(m.Theirs.Count, 1, maxTheirs);
            Assert.Equal(m.Ours.Select(i => i.Id).Order(), m.Ours.Select(i => i.Id));
            Assert.Equal(m.Theirs.Select(i => i.Id).Order(), m.Theirs.Select(i => i.Id));
        });
    }

    [Fact]
    public void The_generator_gives_the_same_data_for_the_same_seed()
    {
        var a = SyntheticGenerator.Generate(new SyntheticOptions { Size = 2_000, Seed = 7 });
        var b = SyntheticGenerator.Generate(new SyntheticOptions { Size = 2_000, Seed = 7 });

        Assert.Equal(a.Ours.Select(i => i.ToString()), b.Ours.Select(i => i.ToString()));
        Assert.Equal(a.Theirs.Select(i => i.ToString()), b.Theirs.Select(i => i.ToString()));
    }
}
