using System.Collections;

namespace ReconGrpc.Matching;

/// <summary>
/// 核销 — one match: items of ours and items of theirs that a rule found to be the same business. A lightweight
/// view onto the run's match store (a million matches cost a few dozen bytes each, not an object each).
/// </summary>
public readonly struct ReconMatch
{
    private readonly MatchStore _store;
    private readonly int _index;

    internal ReconMatch(MatchStore store, int index)
    {
        _store = store;
        _index = index;
    }

    /// <summary>The match's position in the run, from 0; stable for the same input.</summary>
    public int Sequence => _index;

    /// <summary>The position of the rule that made the match in its rule set; -1 for a reversal pair (<see cref="MatchRule.ReversalPair"/>).</summary>
    public int RuleIndex => _store.RuleOf(_index);

    /// <summary>
    /// The rule's <see cref="MatchRule.ReasonCode"/> (e.g. <c>BANK-FEE</c>); <see cref="MatchRule.ReversalReasonCode"/>
    /// for a reversal pair; null when the rule gives none.
    /// </summary>
    public string? ReasonCode => Rule.ReasonCode;

    /// <summary>Whether the match pairs items of different currencies (a rule with <see cref="CurrencyMode.Across"/>).</summary>
    public bool IsAcrossCurrencies => _store.ExchangeOf(_index) is not null;

    /// <summary>The currency of our items (normalised); null for a reversal pair on their side.</summary>
    public string? OurCurrency => Ours.Count > 0 ? MatchingKey.Normalize(Ours[0].Currency) : null;

    /// <summary>The currency of their items (normalised); null for a reversal pair on our side.</summary>
    public string? TheirCurrency => Theirs.Count > 0 ? MatchingKey.Normalize(Theirs[0].Currency) : null;

    /// <summary>
    /// 汇兑差额 — for a match across currencies, their total less ours, both converted into
    /// <see cref="ReconcileOptions.BaseCurrency"/> at the latest rate on or before each item's date (to four
    /// decimals): what an exchange gain or loss (汇兑损益) posting books. Null for matches within one currency.
    /// </summary>
    public decimal? ExchangeDifference => _store.ExchangeOf(_index) is { } units ? MoneyUnits.ToDecimal(units) : null;

    /// <summary>The rule that made the match.</summary>
    public MatchRule Rule => RuleIndex < 0 ? MatchRule.ReversalPair : _store.RuleSet.Rules[RuleIndex];

    /// <summary>
    /// The match's label: the name of its rule, except for a pair of opening balances (期初余额) on both sides, which is
    /// <see cref="MatchRule.OpeningBalancePairName"/> whichever rule paired them (the run's statistics still count it
    /// under that rule).
    /// </summary>
    public string RuleName => IsOpeningPair ? MatchRule.OpeningBalancePairName : Rule.Name;

    private bool IsOpeningPair
    {
        get
        {
            var ours = Ours;
            var theirs = Theirs;
            if (ours.Count == 0 || theirs.Count == 0)
            {
                return false;
            }

            foreach (var item in ours)
            {
                if (!item.IsOpeningBalance)
                {
                    return false;
                }
            }

            foreach (var item in theirs)
            {
                if (!item.IsOpeningBalance)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>Accepted outright, accepted but to check, or proposed for a person to confirm: the rule's tier.</summary>
    public MatchDecision Decision => Rule.Decision;

    /// <summary>Our items, in id order; none for a reversal pair on their side.</summary>
    public MatchItems Ours => _store.OursOf(_index);

    /// <summary>Their items, in id order; none for a reversal pair on our side.</summary>
    public MatchItems Theirs => _store.TheirsOf(_index);

    /// <summary>The currency all items share (normalised, e.g. <c>CNY</c>); for a match across currencies, ours.</summary>
    public string Currency => MatchingKey.Normalize((Ours.Count > 0 ? Ours[0] : Theirs[0]).Currency);

    /// <summary>The total of our items, in our convention.</summary>
    public decimal OurAmount => Sum(Ours);

    /// <summary>The total of their items, in our convention.</summary>
    public decimal TheirAmount => Sum(Theirs);

    /// <summary>
    /// Their total minus ours; zero for exact matches. The true difference even when the rule compared an amount read
    /// from text (a fee): 995.00 matched to 1,000.00 under a fee rule is −5.00 here. Zero for a match across
    /// currencies, whose totals are in different currencies: see <see cref="ExchangeDifference"/>.
    /// </summary>
    public decimal Difference => IsAcrossCurrencies ? 0m : TheirAmount - OurAmount;

    /// <summary>The largest gap in days between any item of ours and any of theirs.</summary>
    public int MaxDayGap
    {
        get
        {
            var gap = 0;
            foreach (var o in Ours)
            {
                foreach (var t in Theirs)
                {
                    gap = Math.Max(gap, Math.Abs(t.Date.DayNumber - o.Date.DayNumber));
                }
            }

            return gap;
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"#{_index} {RuleName} {Decision}: ours [{string.Join(", ", Ours.Select(i => i.Id))}] theirs [{string.Join(", ", Theirs.Select(i => i.Id))}] diff {Difference}";

    private static decimal Sum(MatchItems items)
    {
        var total = 0m;
        foreach (var item in items)
        {
            total += item.Amount;
        }

        return total;
    }
}

/// <summary>A run of consecutive matches, readable as a list (a batch streamed out, or all of a run's matches).</summary>
public sealed class MatchList : IReadOnlyList<ReconMatch>
{
    private readonly MatchStore _store;
    private readonly int _start;

    internal MatchList(MatchStore store, int start, int count)
    {
        _store = store;
        _start = start;
        Count = count;
    }

    /// <inheritdoc />
    public int Count { get; }

    /// <inheritdoc />
    public ReconMatch this[int index] =>
        (uint)index < (uint)Count ? new ReconMatch(_store, _start + index) : throw new ArgumentOutOfRangeException(nameof(index));

    /// <inheritdoc />
    public IEnumerator<ReconMatch> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return new ReconMatch(_store, _start + i);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>The items of one side of a match, in id order: a view, no copy.</summary>
public readonly struct MatchItems : IReadOnlyList<ReconItem>
{
    private readonly ReconItem[] _items;
    private readonly int[] _positions;
    private readonly int _start;

    internal MatchItems(ReconItem[] items, int[] positions, int start, int count)
    {
        _items = items;
        _positions = positions;
        _start = start;
        Count = count;
    }

    /// <inheritdoc />
    public int Count { get; }

    /// <inheritdoc />
    public ReconItem this[int index] =>
        (uint)index < (uint)Count ? _items[_positions[_start + index]] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>Enumerates without allocating.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<ReconItem> IEnumerable<ReconItem>.GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<ReconItem>)this).GetEnumerator();

    /// <summary>The enumerator of <see cref="MatchItems"/>.</summary>
    public struct Enumerator(MatchItems items)
    {
        private int _index = -1;

        /// <summary>The current item.</summary>
        public readonly ReconItem Current => items[_index];

        /// <summary>Moves to the next item.</summary>
        public bool MoveNext() => ++_index < items.Count;
    }
}

/// <summary>
/// All matches of a run, compact: the members of every match as positions in the sides' columns, one array,
/// and per match where its slice starts and how many of each side it holds.
/// </summary>
internal sealed class MatchStore
{
    private readonly ReconItem[] _ourItems;
    private readonly ReconItem[] _theirItems;
    private readonly int[] _members;
    private readonly int[] _start;
    private readonly int[] _ourCount;
    private readonly int[] _theirCount;
    private readonly short[] _rule;
    private Dictionary<int, long>? _exchange;
    private int _memberCount;

    public MatchStore(RuleSet ruleSet, ReconItem[] ourItems, ReconItem[] theirItems)
    {
        RuleSet = ruleSet;
        _ourItems = ourItems;
        _theirItems = theirItems;
        // Every item belongs to at most one match and every match holds at least two items (one of each side, or
        // an item and its reversal on one side).
        var maxMatches = Math.Max(1, (ourItems.Length + theirItems.Length) / 2);
        // Written in order as matches come in and read only below Count, so not zeroed first.
        _members = GC.AllocateUninitializedArray<int>(ourItems.Length + theirItems.Length);
        _start = GC.AllocateUninitializedArray<int>(maxMatches);
        _ourCount = GC.AllocateUninitializedArray<int>(maxMatches);
        _theirCount = GC.AllocateUninitializedArray<int>(maxMatches);
        _rule = GC.AllocateUninitializedArray<short>(maxMatches);
    }

    public RuleSet RuleSet { get; }

    public int Count { get; private set; }

    /// <summary>Takes in a worker's matches, in order; returns the index of the first.</summary>
    public int AddAll(int rule, MatchSink sink)
    {
        var first = Count;
        sink.Members.CopyTo(_members.AsSpan(_memberCount));
        sink.OurCounts.CopyTo(_ourCount.AsSpan(first));
        sink.TheirCounts.CopyTo(_theirCount.AsSpan(first));
        _rule.AsSpan(first, sink.Count).Fill((short)rule);
        var offset = _memberCount;
        for (var m = first; m < first + sink.Count; m++)
        {
            _start[m] = offset;
            offset += _ourCount[m] + _theirCount[m];
        }

        _memberCount = offset;
        Count += sink.Count;
        return first;
    }

    public int RuleOf(int match) => _rule[match];

    /// <summary>The index of the match holding each of <paramref name="items"/> (side and position) that a match holds.</summary>
    public Dictionary<(Side Side, int Position), int> MatchesHolding(IReadOnlySet<(Side Side, int Position)> items)
    {
        var found = new Dictionary<(Side Side, int Position), int>(items.Count);
        for (var m = 0; m < Count && found.Count < items.Count; m++)
        {
            var start = _start[m];
            for (var k = 0; k < _ourCount[m] + _theirCount[m]; k++)
            {
                var item = (k < _ourCount[m] ? Side.Ours : Side.Theirs, _members[start + k]);
                if (items.Contains(item))
                {
                    found.TryAdd(item, m);
                }
            }
        }

        return found;
    }

    /// <summary>Records a match across currencies with its converted difference in base units.</summary>
    public void SetExchange(int match, long difference) => (_exchange ??= [])[match] = difference;

    public long? ExchangeOf(int match) => _exchange is not null && _exchange.TryGetValue(match, out var units) ? units : null;

    /// <summary>The matches across currencies, in match order.</summary>
    public IEnumerable<int> ExchangeMatches => _exchange is null ? [] : _exchange.Keys.Order();

    /// <summary>Member positions of a match: ours, then theirs.</summary>
    public (ReadOnlyMemory<int> Ours, ReadOnlyMemory<int> Theirs) PositionsOf(int match) =>
        (_members.AsMemory(_start[match], _ourCount[match]), _members.AsMemory(_start[match] + _ourCount[match], _theirCount[match]));

    public int FirstOurPosition(int match) => _members[_start[match]];

    public MatchItems OursOf(int match) => new(_ourItems, _members, _start[match], _ourCount[match]);

    public MatchItems TheirsOf(int match) => new(_theirItems, _members, _start[match] + _ourCount[match], _theirCount[match]);
}
