using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data;
using ReconGrpc.Domain.Reconciliation;
using ReconGrpc.Matching;

namespace ReconGrpc.Application.Reconciliation;

/// <summary>
/// What people taught the runs by matching by hand. When a line of theirs whose counterparty (the line's
/// counterparty name, else its 摘要 normalised by <see cref="Key"/>) went with our items of one customer in
/// <see cref="TimesNeeded"/> manual matches (of any real runs), the next run takes such a line that names no
/// customer for that customer's, and a last rule, <see cref="RuleName"/>, proposes it against our items of that
/// customer: the same amount, within <see cref="WindowDays"/> days, one to one, proposed and never accepted.
/// The match says why (<see cref="RunMatch.Why"/>).
/// <para>
/// The latest decision wins, as with <see cref="CarriedDecisions"/>: a person who rejects (or undoes) a learned
/// proposal for a counterparty stops it; it is learned again only from two manual matches made after that.
/// A counterparty that people matched twice to each of two customers teaches nothing. Dry runs keep no matches
/// and teach nothing.
/// </para>
/// </summary>
public sealed class LearnedCounterparties
{
    /// <summary>The rule every run adds last when it learned something; reserved: a rule set may not use the name.</summary>
    public const string RuleName = "learned-counterparty";

    /// <summary>How many manual matches of a counterparty to one customer teach it.</summary>
    public const int TimesNeeded = 2;

    /// <summary>How far apart a learned line and our item may lie.</summary>
    public const int WindowDays = 31;

    private static readonly MatchStatus[] Refusals = [MatchStatus.Rejected, MatchStatus.Unmatched];

    private readonly Dictionary<string, Lesson> _lessons;
    private readonly Dictionary<long, Lesson> _lines = [];

    private LearnedCounterparties(Dictionary<string, Lesson> lessons) => _lessons = lessons;

    /// <summary>Nothing learned.</summary>
    public static LearnedCounterparties None => new([]);

    /// <summary>What was learned, by counterparty key.</summary>
    public IReadOnlyDictionary<string, Lesson> Lessons => _lessons;

    /// <summary>Their lines of the run taken for a learned customer, by line id.</summary>
    public IReadOnlyDictionary<long, Lesson> Lines => _lines;

    /// <summary>One thing learned: a counterparty goes with a customer, and the manual matches that taught it.</summary>
    public sealed record Lesson(string Counterparty, string CustomerCode, IReadOnlyList<(long RunId, int Sequence)> TaughtBy)
    {
        /// <summary>What a match made from it says, e.g. "learned: 上海某某贸易 matched by hand to C001 twice (run 12 match 40, run 15 match 3)".</summary>
        public string Why
        {
            get
            {
                var times = TaughtBy.Count == 2 ? "twice" : $"{TaughtBy.Count.ToString(CultureInfo.InvariantCulture)} times";
                var where = string.Join(", ", TaughtBy.Select(t => $"run {t.RunId.ToString(CultureInfo.InvariantCulture)} match {t.Sequence.ToString(CultureInfo.InvariantCulture)}"));
                return $"learned: {Counterparty} matched by hand to {CustomerCode} {times} ({where})";
            }
        }
    }

    /// <summary>
    /// The counterparty key of a line: its counterparty name, else its text, with only its letters kept (full-width
    /// folded, upper case): digits, spaces and punctuation go, so "上海某某贸易 3月货款" and "上海某某贸易 4月货款" are one
    /// counterparty. Empty when the line has neither.
    /// </summary>
    public static string Key(string? counterpartyName, string? text)
    {
        var source = !string.IsNullOrWhiteSpace(counterpartyName) ? counterpartyName : text;
        if (string.IsNullOrWhiteSpace(source))
        {
            return "";
        }

        var key = new StringBuilder(source.Length);
        foreach (var c in source.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetter(c))
            {
                key.Append(char.ToUpperInvariant(c));
            }
        }

        return key.ToString();
    }

    /// <summary>How a line names its counterparty to a reader: the counterparty name, else the text, as written.</summary>
    public static string Shown(string? counterpartyName, string? text) =>
        (!string.IsNullOrWhiteSpace(counterpartyName) ? counterpartyName : text ?? "").Trim();

    /// <summary>Reads what people's manual matches in real runs teach, their later refusals of learned proposals taken into account.</summary>
    public static async Task<LearnedCounterparties> ReadAsync(IDbContextFactory<ReconDbContext> contexts, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var realRuns = db.Runs.Where(r => !r.DryRun).Select(r => r.Id);
        // People's decisions only (the filtered index of decided matches): manual matches standing, and learned matches
        // refused (a match that took a learned line says why, whichever rule made it).
        var decided = await db.RunMatches.AsNoTracking()
            .Where(m => m.DecidedAt != null && realRuns.Contains(m.RunId)
                && ((m.RuleName == RunMatch.ManualRuleName && m.Status == MatchStatus.Manual) || ((m.RuleName == RuleName || m.Why != null) && Refusals.Contains(m.Status))))
            .Select(m => new { m.RunId, m.Sequence, m.RuleName, m.OurIds, m.TheirIds, m.DecidedAt })
            .ToListAsync(cancellationToken);
        if (!decided.Any(d => d.RuleName == RunMatch.ManualRuleName))
        {
            return None;
        }

        var lineIds = decided.SelectMany(d => IdList.Parse(d.TheirIds)).Distinct().ToList();
        var entryIds = decided.Where(d => d.RuleName == RunMatch.ManualRuleName).SelectMany(d => IdList.Parse(d.OurIds)).Where(id => id > 0).Distinct().ToList();
        var lines = new Dictionary<long, (string Key, string Shown)>();
        foreach (var chunk in lineIds.Chunk(500))
        {
            foreach (var l in await db.StatementLines.AsNoTracking().Where(l => chunk.Contains(l.Id)).Select(l => new { l.Id, l.CounterpartyName, l.Text }).ToListAsync(cancellationToken))
            {
                lines[l.Id] = (Key(l.CounterpartyName, l.Text), Shown(l.CounterpartyName, l.Text));
            }
        }

        var customers = new Dictionary<long, string>();
        foreach (var chunk in entryIds.Chunk(500))
        {
            foreach (var e in await db.LedgerEntries.AsNoTracking().Where(e => chunk.Contains(e.Id)).Select(e => new { e.Id, e.CustomerCode }).ToListAsync(cancellationToken))
            {
                customers[e.Id] = e.CustomerCode;
            }
        }

        // Per counterparty, in the order people decided: a manual match adds to what it teaches, a refusal wipes it.
        var taught = new Dictionary<string, List<(string Customer, long RunId, int Sequence, string Shown)>>(StringComparer.Ordinal);
        foreach (var d in decided.OrderBy(d => d.DecidedAt).ThenBy(d => d.RunId).ThenBy(d => d.Sequence))
        {
            var keys = IdList.Parse(d.TheirIds).Where(lines.ContainsKey).Select(id => lines[id]).Where(l => l.Key.Length > 0)
                .DistinctBy(l => l.Key).ToList();
            if (d.RuleName != RunMatch.ManualRuleName)
            {
                keys.ForEach(k => taught.Remove(k.Key));
                continue;
            }

            // Our items of one customer only: a match spanning customers says nothing of whose the counterparty is.
            var matchCustomers = IdList.Parse(d.OurIds).Where(customers.ContainsKey).Select(id => customers[id]).Distinct(StringComparer.Ordinal).ToList();
            if (matchCustomers.Count != 1)
            {
                continue;
            }

            foreach (var (key, shown) in keys)
            {
                if (!taught.TryGetValue(key, out var list))
                {
                    taught[key] = list = [];
                }

                list.Add((matchCustomers[0], d.RunId, d.Sequence, shown));
            }
        }

        var lessons = new Dictionary<string, Lesson>(StringComparer.Ordinal);
        foreach (var (key, list) in taught)
        {
            var learned = list.GroupBy(t => t.Customer, StringComparer.Ordinal).Where(g => g.Count() >= TimesNeeded).ToList();
            if (learned.Count == 1)
            {
                var matches = learned[0].ToList();
                lessons[key] = new Lesson(matches[^1].Shown, learned[0].Key, [.. matches.Select(m => (m.RunId, m.Sequence))]);
            }
        }

        return new LearnedCounterparties(lessons);
    }

    /// <summary>
    /// Takes the run's lines that name no customer and whose counterparty was learned for that customer's, and adds
    /// the learned rule last to the rules. Returns the rules the run goes by: as given when nothing applies.
    /// </summary>
    public async Task<RuleSet> ApplyAsync(IDbContextFactory<ReconDbContext> contexts, ReconciliationRun run, List<ReconItem> theirs, RuleSet rules,
        CancellationToken cancellationToken)
    {
        if (_lessons.Count == 0 || rules.Rules.Count >= RuleSet.MaxRules)
        {
            return rules;
        }

        var free = new Dictionary<long, int>();
        for (var i = 0; i < theirs.Count; i++)
        {
            if (string.IsNullOrEmpty(theirs[i].CustomerKey))
            {
                free[theirs[i].Id] = i;
            }
        }

        if (free.Count == 0)
        {
            return rules;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var statementIds = run.StatementIdList.ToList();
        var named = db.StatementLines.AsNoTracking().Where(l => statementIds.Contains(l.StatementId) && l.CustomerCode == null)
            .Select(l => new { l.Id, l.CounterpartyName, l.Text }).AsAsyncEnumerable();
        await foreach (var line in named.WithCancellation(cancellationToken))
        {
            if (free.TryGetValue(line.Id, out var index) && _lessons.TryGetValue(Key(line.CounterpartyName, line.Text), out var lesson))
            {
                theirs[index] = WithCustomer(theirs[index], lesson.CustomerCode);
                _lines[line.Id] = lesson;
            }
        }

        return _lines.Count == 0 ? rules : new RuleSet(rules.Name, [.. rules.Rules, Rule]);
    }

    /// <summary>The lesson behind a match, when it takes a line the run learned.</summary>
    public Lesson? Behind(IReadOnlyList<long> theirIds)
    {
        if (_lines.Count == 0)
        {
            return null;
        }

        foreach (var id in theirIds)
        {
            if (_lines.TryGetValue(id, out var lesson))
            {
                return lesson;
            }
        }

        return null;
    }

    /// <summary>The learned rule: the learned customer, the same amount, within a month, one to one, only proposed.</summary>
    public static MatchRule Rule { get; } = new()
    {
        Name = RuleName, Keys = [KeyPair.Same(KeyField.Customer)], Amount = AmountCondition.Exact, Window = DateWindow.Within(WindowDays),
        Cardinality = Cardinality.OneToOne, Decision = MatchDecision.Proposed,
    };

    /// <summary>The item as the learned customer's; every other field as it was.</summary>
    private static ReconItem WithCustomer(ReconItem item, string customer) =>
        // The party fields are set only where the item has them: an item without them holds no room for them.
        item.CounterpartyName is null && item.CustomerCategory is null
            ? new ReconItem
            {
                Id = item.Id, Side = item.Side, Date = item.Date, Amount = item.Amount, Currency = item.Currency, SourceConvention = item.SourceConvention,
                CustomerKey = customer, DocumentNumber = item.DocumentNumber, Reference = item.Reference, Text = item.Text,
                IsOpeningBalance = item.IsOpeningBalance, DocumentKind = item.DocumentKind,
            }
            : new ReconItem
            {
                Id = item.Id, Side = item.Side, Date = item.Date, Amount = item.Amount, Currency = item.Currency, SourceConvention = item.SourceConvention,
                CustomerKey = customer, DocumentNumber = item.DocumentNumber, Reference = item.Reference, Text = item.Text,
                IsOpeningBalance = item.IsOpeningBalance, DocumentKind = item.DocumentKind,
                CounterpartyName = item.CounterpartyName, CustomerCategory = item.CustomerCategory,
            };
}
