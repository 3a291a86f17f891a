namespace ReconGrpc.Matching;

/// <summary>
/// One-to-many and many-to-one matching: a bounded subset-sum per anchor (the "one" side).
/// </summary>
/// <remarks>
/// In each block: if the block is exactly one anchor and 2..<see cref="MatchRule.MaxGroupSize"/> members that
/// agree in total and dates, the whole block is the group (a settlement and all the lines that share its
/// reference). Otherwise each anchor, in (date, id) order, takes up to <see cref="MatchRule.MaxCandidates"/> free
/// members in its window, nearest date first, and searches their subsets by size (2, 3, … up to the group
/// bound), each size in lexicographic order of that ranking; the first subset whose total agrees wins. The
/// search prunes with the least and greatest sums still reachable and gives up after
/// <see cref="VisitBudget"/> visited nodes, so an anchor costs at most a fixed amount of work.
/// </remarks>
internal sealed class GroupWorker : BlockWorker, IMatchProducer
{
    /// <summary>The most search nodes visited for one anchor.</summary>
    public const int VisitBudget = 200_000;

    private readonly RuleContext _rule;
    private readonly bool _anchorIsOurs;
    private readonly int _maxGroup;
    private readonly int _maxCandidates;
    private readonly Allocation _allocation;
    private readonly SortedView _memberDays = new();
    private Entry[] _anchors = new Entry[16];
    private bool[] _used = new bool[16];
    private MemberCandidate[] _candidates = new MemberCandidate[64];
    private readonly long[] _amounts;
    private readonly long[] _minSums;
    private readonly long[] _maxSums;
    private readonly int[] _chosen;
    private readonly long[] _sorted;
    private int[] _members = new int[16];
    private long _lo;
    private long _hi;
    private long _target;
    private int _count;
    private int _visits;

    public GroupWorker(RuleContext rule, MatchSink sink)
    {
        Sink = sink;
        _rule = rule;
        _anchorIsOurs = rule.Rule.Cardinality == Cardinality.OneToMany;
        _maxGroup = rule.Rule.MaxGroupSize;
        _maxCandidates = rule.Rule.MaxCandidates;
        _allocation = rule.Rule.Allocation;
        var k = _maxCandidates + 1;
        _amounts = new long[k];
        _minSums = new long[k * k];
        _maxSums = new long[k * k];
        _chosen = new int[k];
        _sorted = new long[k];
    }

    public MatchSink Sink { get; }

    public override void Process(Span<Entry> ours, Span<Entry> theirs)
    {
        var anchors = _anchorIsOurs ? ours : theirs;
        var members = _anchorIsOurs ? theirs : ours;
        if (anchors.Length == 0 || members.Length < 2)
        {
            return;
        }

        if (anchors.Length == 1 && members.Length <= _maxGroup && WholeBlockAgrees(anchors[0], members))
        {
            Ensure(ref _members, members.Length);
            for (var i = 0; i < members.Length; i++)
            {
                _members[i] = members[i].Index;
            }

            Record(anchors[0], _members.AsSpan(0, members.Length), Sum(members));
            return;
        }

        Ensure(ref _anchors, anchors.Length);
        anchors.CopyTo(_anchors);
        Array.Sort(_anchors, 0, anchors.Length, _allocation == Allocation.NewestFirst ? NewestDayThenIndex.Instance : DayThenIndex.Instance);
        members.Sort(DayThenIndex.Instance);
        _memberDays.Build(members, byAmount: false);
        Ensure(ref _used, members.Length);
        _used.AsSpan(0, members.Length).Clear();

        for (var a = 0; a < anchors.Length; a++)
        {
            var anchor = _anchors[a];
            var count = CollectCandidates(anchor, members);
            if (count < 2 || !Search(anchor, count))
            {
                continue;
            }

            var size = _count;
            Ensure(ref _members, size);
            long sum = 0;
            for (var i = 0; i < size; i++)
            {
                var position = _candidates[_chosen[i]].Position;
                _used[position] = true;
                _members[i] = members[position].Index;
                sum += members[position].Units;
            }

            // Members in index order, so a match lists its items the same way whatever the search order was.
            Array.Sort(_members, 0, size);
            Record(anchor, _members.AsSpan(0, size), sum);
        }
    }

    private bool WholeBlockAgrees(in Entry anchor, Span<Entry> members)
    {
        long sum = 0;
        foreach (ref var m in members)
        {
            if (!PairWindow(anchor, m))
            {
                return false;
            }

            sum += m.Units;
        }

        return TotalsAgree(anchor.Units, sum);
    }

    private int CollectCandidates(in Entry anchor, Span<Entry> members)
    {
        var (from, to) = _rule.WindowRange(anchor.Day, _anchorIsOurs);
        var cursor = new OutwardCursor(_memberDays.KeySpan, anchor.Day, from, to);
        var found = 0;
        for (var visits = 0; visits < PairingWorker.VisitsPerItem && cursor.Next(out var k); visits++)
        {
            var position = _memberDays.Positions[k];
            ref var m = ref members[position];
            if (_used[position] || !PairWindow(anchor, m))
            {
                continue;
            }

            Ensure(ref _candidates, found + 1);
            _candidates[found++] = new MemberCandidate
            {
                // Oldest first ranks candidates by their day, newest first by their day negated; nearest by the gap.
                DayGap = _allocation switch
                {
                    Allocation.OldestFirst => m.Day,
                    Allocation.NewestFirst => -m.Day,
                    _ => Math.Abs(m.Day - anchor.Day),
                },
                AmountGap = Math.Abs(m.Units - anchor.Units),
                Index = m.Index,
                Position = position,
                Units = m.Units,
            };
        }

        Array.Sort(_candidates, 0, found);
        return Math.Min(found, _maxCandidates);
    }

    private bool Search(in Entry anchor, int k)
    {
        for (var i = 0; i < k; i++)
        {
            _amounts[i] = _candidates[i].Units;
        }

        PrepareBounds(k);
        _target = anchor.Units;
        var bound = _rule.ToleranceBound(_target);
        _lo = _target - bound;
        _hi = _target + bound;
        _visits = 0;
        var largest = Math.Min(_maxGroup, k);
        for (var size = 2; size <= largest; size++)
        {
            _count = size;
            if (Dfs(0, 0, 0))
            {
                return true;
            }

            if (_visits > VisitBudget)
            {
                return false;
            }
        }

        return false;
    }

    private bool Dfs(int start, int depth, long sum)
    {
        var remaining = _count - depth;
        var k = _maxCandidates + 1;
        for (var i = start; i <= _amountsLength - remaining; i++)
        {
            if (++_visits > VisitBudget)
            {
                return false;
            }

            var next = sum + _amounts[i];
            var rest = remaining - 1;
            if (rest == 0)
            {
                if (next >= _lo && next <= _hi && TotalsAgree(_target, next))
                {
                    _chosen[depth] = i;
                    return true;
                }

                continue;
            }

            if (next + _minSums[(i + 1) * k + rest] > _hi || next + _maxSums[(i + 1) * k + rest] < _lo)
            {
                continue;
            }

            _chosen[depth] = i;
            if (Dfs(i + 1, depth + 1, next))
            {
                return true;
            }

            if (_visits > VisitBudget)
            {
                return false;
            }
        }

        return false;
    }

    private int _amountsLength;

    // minSums[j, r] / maxSums[j, r]: the least / greatest total of r amounts chosen from positions j and later.
    private void PrepareBounds(int k)
    {
        _amountsLength = k;
        var stride = _maxCandidates + 1;
        var length = 0;
        for (var j = k; j >= 0; j--)
        {
            if (j < k)
            {
                // Insert amounts[j] into the sorted suffix.
                var value = _amounts[j];
                var p = length++;
                while (p > 0 && _sorted[p - 1] > value)
                {
                    _sorted[p] = _sorted[p - 1];
                    p--;
                }

                _sorted[p] = value;
            }

            long low = 0, high = 0;
            _minSums[j * stride] = 0;
            _maxSums[j * stride] = 0;
            for (var r = 1; r <= length && r < stride; r++)
            {
                low += _sorted[r - 1];
                high += _sorted[length - r];
                _minSums[j * stride + r] = low;
                _maxSums[j * stride + r] = high;
            }
        }
    }

    private bool PairWindow(in Entry anchor, in Entry member) =>
        _anchorIsOurs ? _rule.WindowAllows(anchor.Day, member.Day) : _rule.WindowAllows(member.Day, anchor.Day);

    private bool TotalsAgree(long anchorUnits, long memberSum) =>
        _anchorIsOurs ? _rule.AmountAllows(anchorUnits, memberSum) : _rule.AmountAllows(memberSum, anchorUnits);

    private void Record(in Entry anchor, ReadOnlySpan<int> members, long memberSum)
    {
        if (_anchorIsOurs)
        {
            Sink.Add([anchor.Index], members, memberSum - anchor.Units);
        }
        else
        {
            Sink.Add(members, [anchor.Index], anchor.Units - memberSum);
        }
    }

    private static long Sum(Span<Entry> entries)
    {
        long sum = 0;
        foreach (ref var e in entries)
        {
            sum += e.Units;
        }

        return sum;
    }

    private static void Ensure<T>(ref T[] array, int length)
    {
        if (array.Length < length)
        {
            Array.Resize(ref array, Math.Max(length, array.Length * 2));
        }
    }

    private struct MemberCandidate : IComparable<MemberCandidate>
    {
        public int DayGap;
        public long AmountGap;
        public int Index;
        public int Position;
        public long Units;

        public readonly int CompareTo(MemberCandidate other)
        {
            var c = DayGap.CompareTo(other.DayGap);
            if (c != 0) { return c; }
            c = AmountGap.CompareTo(other.AmountGap);
            return c != 0 ? c : Index.CompareTo(other.Index);
        }
    }
}

/// <summary>Orders entries by day, newest first, then by index (id).</summary>
internal sealed class NewestDayThenIndex : IComparer<Entry>
{
    public static readonly NewestDayThenIndex Instance = new();

    public int Compare(Entry x, Entry y)
    {
        var c = y.Day.CompareTo(x.Day);
        return c != 0 ? c : x.Index.CompareTo(y.Index);
    }
}

/// <summary>Orders entries by day, then by index (id).</summary>
internal sealed class DayThenIndex : IComparer<Entry>
{
    public static readonly DayThenIndex Instance = new();

    public int Compare(Entry x, Entry y)
    {
        var c = x.Day.CompareTo(y.Day);
        return c != 0 ? c : x.Index.CompareTo(y.Index);
    }
}
