using System.Globalization;
using ReconGrpc.Matching;
using ReconGrpc.Matching.Testing;

namespace ReconGrpc.Benchmarks;

/// <summary>
/// <c>matching --conditions</c>: the rule conditions on data that plants the cases needing them
/// (<see cref="SyntheticMix.WithConditionCases"/>): precision and recall of <see cref="SyntheticRules.WithConditions"/>,
/// and what each condition costs — the default set's <c>customer-amount-date</c> rule (after <c>document-exact</c>, as in
/// the default set) with and without each condition, on the same data in the same invocation, runs interleaved, each
/// rule's own time (the condition's check over the free items included), medians and their ratio.
/// </summary>
internal static class MatchingConditionsBenchmark
{
    public static int Run(MatchingBenchmarkOptions options, TextWriter output)
    {
        var engineOptions = new ReconcileOptions { MaxDegreeOfParallelism = options.Threads, BaseCurrency = "CNY", ExchangeRates = [new ExchangeRate("USD", new DateOnly(2023, 1, 1), 7.1m)] };
        output.WriteLine($"ReconGrpc matching benchmark, rule conditions — .NET {Environment.Version}, {Environment.ProcessorCount} cores, engine threads {options.Threads}");
        var data = SyntheticGenerator.Generate(new SyntheticOptions { Size = options.Size, Seed = options.Seed, Mix = SyntheticMix.WithConditionCases });
        output.WriteLine($"generated {data.Ours.Count:N0} ours x {data.Theirs.Count:N0} theirs (seed {options.Seed}, with the condition cases)");

        var rules = SyntheticRules.WithConditions();
        var engine = new ReconciliationEngine(rules, engineOptions);
        engine.Reconcile(data.Ours, data.Theirs, data.ClosingBalances);
        var result = engine.Reconcile(data.Ours, data.Theirs, data.ClosingBalances);
        var quality = MatchQuality.Measure(result, data.Truth);
        var s = result.Summary;
        output.WriteLine();
        output.WriteLine("| measure | value |");
        output.WriteLine("|---|---|");
        output.WriteLine($"| rule set {rules.Name} ({rules.Rules.Count} rules) | {Ms(s.Elapsed.TotalSeconds)} |");
        output.WriteLine($"| precision / recall (pairs) | {quality.Precision:P3} / {quality.Recall:P3} ({quality.CorrectPairs:N0} of {quality.PredictedPairs:N0} predicted, {quality.TruePairs:N0} true) |");
        output.WriteLine($"| exceptions with the expected reason | {quality.ReasonAccuracy:P3} ({quality.ExceptionsWithExpectedReason:N0} of {quality.Exceptions:N0}) |");
        output.WriteLine($"| matches accepted / proposed / to check | {s.AcceptedMatches:N0} / {s.ProposedMatches:N0} / {s.ToCheckMatches:N0} |");
        foreach (var rule in s.Rules.Take(3))
        {
            output.WriteLine($"| rule {rule.RuleName} | {rule.Matches:N0} matches ({rule.Decision}), {Ms(rule.Elapsed.TotalSeconds)} |");
        }

        foreach (var balance in s.Balances)
        {
            output.WriteLine($"| 余额调节表 {balance.Currency} | unexplained {balance.Unexplained} |");
        }

        result = null;

        var exact = RuleSet.Default.Rules[0];
        var baseRule = RuleSet.Default.Rules.Single(r => r.Name == "customer-amount-date");
        var customers = data.Ours.Select(i => i.CustomerKey).OfType<string>().Distinct().ToArray();
        (string Name, MatchRule Rule)[] variants =
        [
            ("without conditions", baseRule),
            ("text contains '转账' (theirs)", baseRule with { Conditions = [new TextCondition(Side.Theirs, TextField.Text, TextOperator.Contains, "转账")] }),
            ("text not-contains '冲销' (theirs)", baseRule with { Conditions = [new TextCondition(Side.Theirs, TextField.Text, TextOperator.NotContains, "冲销")] }),
            ("text regex (?i)^(?!.*(冲销|reversal)) (theirs)", baseRule with { Conditions = [new TextCondition(Side.Theirs, TextField.Text, TextOperator.Regex, "(?i)^(?!.*(冲销|reversal))")] }),
            ("amount from text 手续费 (theirs)", baseRule with { AmountFromText = new TextAmount(Side.Theirs, TextField.Text, @"手续费\s*(?<amount>[\d,.]+)") }),
            ($"partners: {customers.Length:N0} customers listed", baseRule with { Partners = new PartnerCondition { Customers = customers } }),
            ("partners: category 09", baseRule with { Partners = new PartnerCondition { Categories = [SyntheticRules.MarketplaceCategory] } }),
            ("horizon 12 months", baseRule with { HorizonMonths = 12 }),
            ("allocation oldest first", baseRule with { Allocation = Allocation.OldestFirst }),
            ("across currencies within 1 %", baseRule with { Currency = CurrencyCondition.Across(1m) }),
        ];
        var engines = variants.Select(v => new ReconciliationEngine(new RuleSet("cost", [exact, v.Rule with { Name = "measured" }]), engineOptions)).ToArray();
        foreach (var e in engines)
        {
            e.Reconcile(data.Ours, data.Theirs);
        }

        var times = variants.Select(_ => new List<double>()).ToArray();
        var matches = new int[variants.Length];
        for (var r = 0; r < options.Runs; r++)
        {
            for (var v = 0; v < variants.Length; v++)
            {
                var run = engines[v].Reconcile(data.Ours, data.Theirs).Summary.Rules[1];
                times[v].Add(run.Elapsed.TotalSeconds);
                matches[v] = run.Matches;
            }
        }

        output.WriteLine();
        output.WriteLine($"cost of each condition on customer-amount-date (after document-exact), medians of {options.Runs} interleaved runs:");
        output.WriteLine();
        output.WriteLine("| rule | time | ratio | matches |");
        output.WriteLine("|---|---|---|---|");
        var baseline = Median(times[0]);
        for (var v = 0; v < variants.Length; v++)
        {
            var median = Median(times[v]);
            output.WriteLine($"| {variants[v].Name} | {Ms(median)} | {(median / baseline).ToString("F2", CultureInfo.InvariantCulture)} | {matches[v]:N0} |");
        }

        return 0;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Ms(double seconds) => (seconds * 1000).ToString("N1", CultureInfo.InvariantCulture) + " ms";
}
