using System.Globalization;
using System.Text;

namespace ReconGrpc.Matching.Tests;

/// <summary>Small hand-built items: a day offset from <see cref="Day0"/>, an amount in our convention, and keys.</summary>
internal static class Item
{
    public static readonly DateOnly Day0 = new(2024, 3, 1);

    public static ReconItem Ours(long id, decimal amount, int day = 0, string? doc = null, string? customer = null,
        string? reference = null, string? text = null, string currency = "CNY", DocumentKind kind = DocumentKind.Unknown) => new()
    {
        Id = id,
        Side = Side.Ours,
        DocumentKind = kind,
        Date = Day0.AddDays(day),
        Amount = amount,
        Currency = currency,
        DocumentNumber = doc,
        CustomerKey = customer,
        Reference = reference,
        Text = text,
    };

    public static ReconItem Theirs(long id, decimal amount, int day = 0, string? doc = null, string? customer = null,
        string? reference = null, string? text = null, string currency = "CNY",
        SignConvention convention = SignConvention.CounterpartyLedger, DocumentKind kind = DocumentKind.Unknown) => new()
    {
        Id = id,
        Side = Side.Theirs,
        DocumentKind = kind,
        Date = Day0.AddDays(day),
        Amount = amount,
        Currency = currency,
        SourceConvention = convention,
        DocumentNumber = doc,
        CustomerKey = customer,
        Reference = reference,
        Text = text,
    };
}

/// <summary>Rules and runs, kept short so each test shows only what it is about.</summary>
internal static class Recon
{
    public static readonly KeyPair Document = KeyPair.Same(KeyField.DocumentNumber);
    public static readonly KeyPair Customer = KeyPair.Same(KeyField.Customer);
    public static readonly KeyPair Reference = KeyPair.Same(KeyField.Reference);

    public static RuleSet Rules(params MatchRule[] rules) => new("test", rules);

    public static MatchRule Rule(string name = "rule", KeyPair[]? keys = null, AmountCondition? amount = null, DateWindow? window = null,
        Cardinality cardinality = Cardinality.OneToOne, int maxGroupSize = 5, int maxCandidates = 16,
        MatchDecision decision = MatchDecision.Accepted) => new()
    {
        Name = name,
        Keys = keys ?? [],
        Amount = amount ?? AmountCondition.Exact,
        Window = window ?? DateWindow.Any,
        Cardinality = cardinality,
        MaxGroupSize = maxGroupSize,
        MaxCandidates = maxCandidates,
        Decision = decision,
    };

    public static ReconciliationResult Run(MatchRule rule, IEnumerable<ReconItem> ours, IEnumerable<ReconItem> theirs) =>
        Run(Rules(rule), ours, theirs);

    public static ReconciliationResult Run(RuleSet rules, IEnumerable<ReconItem> ours, IEnumerable<ReconItem> theirs,
        IReadOnlyList<ClosingBalance>? closingBalances = null, int threads = 1) =>
        new ReconciliationEngine(rules, new ReconcileOptions { MaxDegreeOfParallelism = threads }).Reconcile(ours, theirs, closingBalances);

    /// <summary>Each match as "ours ids | theirs ids".</summary>
    public static string[] Pairs(ReconciliationResult result) =>
        result.Matches.Select(m => $"{string.Join(",", m.Ours.Select(i => i.Id))}|{string.Join(",", m.Theirs.Select(i => i.Id))}").ToArray();

    public static ReconException ExceptionOf(ReconciliationResult result, Side side, long id) =>
        Assert.Single(result.Exceptions, e => e.Side == side && e.Item.Id == id);

    /// <summary>
    /// Everything a run decided, one line per match and per exception, in the run's order: what two runs must agree
    /// on to be called the same result.
    /// </summary>
    public static string Canonical(ReconciliationResult result) => Canonical(result.Matches, result.Exceptions);

    public static string Canonical(IEnumerable<ReconMatch> matches, IEnumerable<ReconException> exceptions)
    {
        var text = new StringBuilder();
        foreach (var m in matches)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"M{m.Sequence} r{m.RuleIndex} {m.Decision} [{string.Join(",", m.Ours.Select(i => i.Id))}] [{string.Join(",", m.Theirs.Select(i => i.Id))}] {m.Difference}\n");
        }

        foreach (var e in exceptions)
        {
            text.Append(CultureInfo.InvariantCulture, $"E {e.Side} {e.Item.Id} {e.Reason} {e.Counterpart?.Id} {e.Difference}\n");
        }

        return text.ToString();
    }

    /// <summary>The summary's figures without its timings.</summary>
    public static string Figures(ReconSummary s)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"{s.RuleSetName} {s.OurItems} {s.TheirItems} {s.Matches} {s.AcceptedMatches} {s.ProposedMatches} {s.MatchedOurItems} {s.MatchedTheirItems}\n");
        foreach (var (reason, count) in s.ExceptionsByReason.OrderBy(kv => kv.Key))
        {
            text.Append(CultureInfo.InvariantCulture, $"{reason} {count}\n");
        }

        foreach (var r in s.Rules)
        {
            text.Append(CultureInfo.InvariantCulture, $"{r.RuleIndex} {r.RuleName} {r.Matches} {r.OurItems} {r.TheirItems}\n");
        }

        foreach (var b in s.Balances)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{b.Currency} {b.OurClosingBalance} {b.TheirClosingBalance} {b.ClosingBalancesGiven} {b.AcceptedMatchDifference} {b.ProposedMatchDifference} {b.AdjustedOurs} {b.AdjustedTheirs} {b.Unexplained}\n");
            foreach (var a in b.OurAdjustments.Concat(b.TheirAdjustments))
            {
                text.Append(CultureInfo.InvariantCulture, $"  {a.Reason} {a.Direction} {a.Count} {a.Amount}\n");
            }
        }

        return text.ToString();
    }

    /// <summary>A progress sink that records reports as they come, on the reporting thread (no synchronisation context).</summary>
    public sealed class ProgressLog : IProgress<ReconProgress>
    {
        public List<ReconProgress> Reports { get; } = [];

        public void Report(ReconProgress value) => Reports.Add(value);
    }
}
