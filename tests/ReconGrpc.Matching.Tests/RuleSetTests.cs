using ReconGrpc.Matching.Testing;
using static ReconGrpc.Matching.Tests.Item;
using static ReconGrpc.Matching.Tests.Recon;

namespace ReconGrpc.Matching.Tests;

public sealed class RuleSetTests
{
    public static TheoryData<string, RuleSet> InvalidRuleSets => new()
    {
        { "matching.ruleset.name_missing", new RuleSet(" ", [Rule()]) },
        { "matching.ruleset.empty", new RuleSet("x", []) },
        { "matching.ruleset.too_many_rules", new RuleSet("x", Enumerable.Range(0, RuleSet.MaxRules + 1).Select(i => Rule($"r{i}")).ToArray()) },
        { "matching.rule.missing", new RuleSet("x", [Rule(), null!]) },
        { "matching.rule.name_missing", Rules(Rule(name: "")) },
        { "matching.rule.name_missing", Rules(Rule(name: new string('r', 101))) },
        { "matching.rule.name_duplicate", Rules(Rule("Exact"), Rule(" exact ")) },
        { "matching.rule.keys", Rules(Rule(keys: [Document, Document])) },
        { "matching.rule.keys", Rules(Rule(keys: [new KeyPair(KeyField.DocumentNumber, (KeyField)9)])) },
        { "matching.rule.amount", Rules(Rule(amount: new AmountCondition(AmountConditionKind.Exact, 1m))) },
        { "matching.rule.amount", Rules(Rule(amount: AmountCondition.Within(-0.01m))) },
        { "matching.rule.amount", Rules(Rule(amount: AmountCondition.Within(0.00001m))) },
        { "matching.rule.amount", Rules(Rule(amount: AmountCondition.WithinPercent(100m))) },
        { "matching.rule.amount", Rules(Rule(amount: AmountCondition.WithinPercent(0.00001m))) },
        { "matching.rule.amount", Rules(Rule(amount: new AmountCondition((AmountConditionKind)7, 0m))) },
        { "matching.rule.window", Rules(Rule(window: DateWindow.Within(-1))) },
        { "matching.rule.window", Rules(Rule(window: DateWindow.Between(0, DateWindow.MaxDays + 1))) },
        { "matching.rule.window", Rules(Rule(window: new DateWindow((DateWindowKind)5, 0, 0))) },
        { "matching.rule.cardinality", Rules(Rule(cardinality: (Cardinality)4)) },
        { "matching.rule.cardinality", Rules(Rule(decision: (MatchDecision)3)) },
        { "matching.rule.group_size", Rules(Rule(cardinality: Cardinality.OneToMany, maxGroupSize: 1)) },
        { "matching.rule.group_size", Rules(Rule(cardinality: Cardinality.ManyToMany, maxGroupSize: MatchRule.GroupSizeLimit + 1)) },
        { "matching.rule.candidates", Rules(Rule(cardinality: Cardinality.ManyToOne, maxCandidates: 1)) },
        { "matching.rule.candidates", Rules(Rule(cardinality: Cardinality.ManyToOne, maxCandidates: MatchRule.CandidateLimit + 1)) },
    };

    [Theory]
    [MemberData(nameof(InvalidRuleSets))]
    public void An_invalid_rule_set_is_refused_with_the_code_of_its_first_problem(string code, RuleSet rules)
    {
        var error = Assert.Throws<ReconciliationInputException>(rules.Validate);
        Assert.Equal(code, error.Rule);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));

        // The engine refuses it too, before any item is read.
        Assert.Equal(code, Assert.Throws<ReconciliationInputException>(() => new ReconciliationEngine(rules)).Rule);
    }

    [Fact]
    public void Tolerances_and_windows_at_their_limits_are_valid()
    {
        Rules(
            Rule("a", amount: AmountCondition.Within(0m)),
            Rule("b", amount: AmountCondition.Within(0.0001m)),
            Rule("c", amount: AmountCondition.WithinPercent(99.9999m)),
            Rule("d", window: DateWindow.Within(DateWindow.MaxDays)),
            Rule("e", cardinality: Cardinality.ManyToMany, maxGroupSize: 2, maxCandidates: 2),
            Rule("f", cardinality: Cardinality.OneToMany, maxGroupSize: MatchRule.GroupSizeLimit, maxCandidates: MatchRule.CandidateLimit),
            // A one-to-one rule ignores the group bounds.
            Rule("g", maxGroupSize: 0, maxCandidates: 0)).Validate();
    }

    [Fact]
    public void The_default_rule_set_is_valid_and_runs_strong_keys_first()
    {
        var rules = RuleSet.Default;

        rules.Validate();
        Assert.Equal(DefaultRuleSet.Name, rules.Name);
        Assert.Equal("document-exact", rules.Rules[0].Name);
        Assert.Equal("amount-date", rules.Rules[^1].Name);
        Assert.Empty(rules.Rules[^1].Keys);
        // Accepted rules need a shared document or reference and an exact amount; everything weaker is only proposed.
        Assert.All(rules.Rules.Where(r => r.Decision == MatchDecision.Accepted), r => Assert.Equal(AmountCondition.Exact, r.Amount));
        Assert.All(rules.Rules.Where(r => r.Amount.Kind != AmountConditionKind.Exact), r => Assert.Equal(MatchDecision.Proposed, r.Decision));
    }

    [Fact]
    public void A_rule_set_survives_a_json_round_trip()
    {
        var json = RuleSet.Default.ToJson();

        var back = RuleSet.FromJson(json);

        Assert.Equal(json, back.ToJson());
        Assert.Equal(RuleSet.Default.Rules.Count, back.Rules.Count);
        for (var i = 0; i < back.Rules.Count; i++)
        {
            var (a, b) = (RuleSet.Default.Rules[i], back.Rules[i]);
            Assert.Equal(a.Name, b.Name);
            Assert.Equal(a.Keys, b.Keys);
            Assert.Equal(a.Amount, b.Amount);
            Assert.Equal(a.Window, b.Window);
            Assert.Equal(a.Cardinality, b.Cardinality);
            Assert.Equal(a.Decision, b.Decision);
            Assert.Equal(a.MaxGroupSize, b.MaxGroupSize);
            Assert.Equal(a.MaxCandidates, b.MaxCandidates);
        }

        // Enums are written by name, so the JSON can be read and edited by a person.
        Assert.Contains("\"ManyToOne\"", json);
        Assert.Contains("\"Proposed\"", json);
        Assert.Contains("\"DocumentNumber\"", json);
        Assert.DoesNotContain("isGrouped", json);
    }

    [Fact]
    public void A_rule_set_read_from_json_matches_like_the_original()
    {
        var data = SyntheticGenerator.Generate(new SyntheticOptions { Size = 3_000, Seed = 3 });

        var original = Run(RuleSet.Default, data.Ours, data.Theirs);
        var reread = Run(RuleSet.FromJson(RuleSet.Default.ToJson()), data.Ours, data.Theirs);

        Assert.Equal(Canonical(original), Canonical(reread));
    }

    [Fact]
    public void A_hand_written_rule_set_with_defaults_left_out_is_read()
    {
        var rules = RuleSet.FromJson("""
            {
              "name": "bank",
              "rules": [
                { "name": "serial", "keys": [ { "ours": "DocumentNumber", "theirs": "Reference" } ] },
                { "name": "split", "keys": [ { "ours": "Customer", "theirs": "Customer" } ], "cardinality": "ManyToOne",
                  "amount": { "kind": "Absolute", "tolerance": 0.5 }, "window": { "kind": "Days", "daysBefore": 1, "daysAfter": 4 } }
              ]
            }
            """);

        Assert.Equal("bank", rules.Name);
        Assert.Equal(AmountCondition.Exact, rules.Rules[0].Amount);
        Assert.Equal(DateWindow.Any, rules.Rules[0].Window);
        Assert.Equal(MatchDecision.Accepted, rules.Rules[0].Decision);
        Assert.Equal(AmountCondition.Within(0.5m), rules.Rules[1].Amount);
        Assert.Equal(DateWindow.Between(1, 4), rules.Rules[1].Window);
        Assert.Equal(5, rules.Rules[1].MaxGroupSize);
    }

    [Theory]
    [InlineData("not json", "matching.ruleset.json")]
    [InlineData("null", "matching.ruleset.json")]
    [InlineData("""{ "name": "x", "rules": [ { "name": "r", "cardinality": "Sideways" } ] }""", "matching.ruleset.json")]
    [InlineData("""{ "name": "x", "rules": [] }""", "matching.ruleset.empty")]
    [InlineData("""{ "name": "x", "rules": [ { "name": "r", "amount": { "kind": "Percentage", "tolerance": 150 } } ] }""", "matching.rule.amount")]
    public void Json_that_is_not_a_valid_rule_set_is_refused_with_a_code(string json, string code)
    {
        Assert.Equal(code, Assert.Throws<ReconciliationInputException>(() => RuleSet.FromJson(json)).Rule);
    }

    [Fact]
    public void Invalid_options_are_refused()
    {
        Assert.Equal("matching.options.parallelism",
            Assert.Throws<ReconciliationInputException>(() => new ReconciliationEngine(RuleSet.Default, new ReconcileOptions { MaxDegreeOfParallelism = 0 })).Rule);
        Assert.Equal("matching.options.batch_size",
            Assert.Throws<ReconciliationInputException>(() => new ReconciliationEngine(RuleSet.Default, new ReconcileOptions { BatchSize = 0 })).Rule);
    }

    public static TheoryData<string, ReconItem[], ReconItem[]> InvalidItems => new()
    {
        { "matching.item.id_duplicate", [Ours(1, 1m), Ours(1, 2m)], [] },
        { "matching.item.id_duplicate", [], [Theirs(5, 1m), Theirs(2, 1m), Theirs(5, 1m)] },
        { "matching.item.side", [Theirs(1, 1m)], [] },
        { "matching.item.currency_missing", [Ours(1, 1m, currency: " ")], [] },
        { "matching.item.currency_missing", [], [Theirs(1, 1m, currency: "-")] },
        { "matching.item.currency_missing", [Ours(1, 1m, currency: null!)], [] },
        { "matching.item.currency_missing", [Ours(1, 1m), Ours(2, 1m, currency: null!)], [] },
        { "matching.item.amount_precision", [Ours(1, 1.00001m)], [] },
        { "matching.item.amount_precision", [], [Theirs(1, 900_000_000_000.0001m)] },
        { "matching.item.missing", [Ours(1, 1m), null!], [] },
    };

    [Theory]
    [MemberData(nameof(InvalidItems))]
    public void Invalid_items_are_refused_with_a_code(string code, ReconItem[] ours, ReconItem[] theirs)
    {
        Assert.Equal(code, Assert.Throws<ReconciliationInputException>(() => Run(RuleSet.Default, ours, theirs)).Rule);
    }

    [Fact]
    public void Amounts_with_four_decimals_up_to_the_limit_are_taken()
    {
        var result = Run(RuleSet.Default, [Ours(1, 900_000_000_000m, doc: "BIG"), Ours(2, 0.0001m, doc: "SMALL")],
            [Theirs(11, 900_000_000_000.0000m, doc: "BIG"), Theirs(12, 0.00010m, doc: "SMALL")]);

        Assert.Equal(["1|11", "2|12"], Pairs(result).Order());
    }
}
