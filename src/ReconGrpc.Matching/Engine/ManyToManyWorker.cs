using System.Numerics;

namespace ReconGrpc.Matching;

/// <summary>
/// Bounded many-to-many matching. A block whose items all fit the group bound on both sides and agree as a whole
/// is one match. Otherwise each free item of ours, in (date, id) order, anchors a search over itself plus up to
/// <see cref="CandidatesPerSide"/> − 1 nearby items of ours and <see cref="CandidatesPerSide"/> items of theirs
/// in its window: every subset of ours holding the anchor is summed, sorted, and looked up from every subset of
/// theirs (meet in the middle), and the agreeing pair of subsets with the fewest items wins (then the nearest).
/// </summary>
internal sealed class ManyToManyWorker : BlockWorker, IMatchProducer
{
    /// <summary>The most candidates per side: 2¹⁰ subsets a side keeps each anchor's search small.</summary>
    public const int CandidatesPerSide = 10;

    private readonly RuleContext _rule;
    private readonly int _maxGroup;
    private readonly int _perSide;
    private readonly SortedView _ourDays = new();
    private readonly SortedView _theirDays = new();
    private bool[] _usedOurs = new bool[16];
    private bool[] _usedTheirs = new bool[16];
    private readonly Candidate[] _ourCandidates;
    private readonly Candidate[] _theirCandidates;
    private Subset[] _subsets = new Subset[1 << CandidatesPerSide];
    private int[] _ourMembers = new int[16];
    private int[] _theirMembers = new int[16];

    public ManyToManyWorker(RuleContext rule, MatchSink sink)
    {
        Sink = sink;
        _rule = rule;
        _maxGroup = rule.Rule.MaxGroupSize;
        _perSide = Math.Min(rule.Rule.MaxCandidates, CandidatesPerSide);
        _ourCandidates = new Candidate[_perSide];
        _theirCandidates = new Candidate[_perSide];
    }

    public MatchSink Sink { get; }

    public override void Process(Span<Entry> ours, Span<Entry> theirs)
    {
        if (ours.Length + theirs.Length < 3)
        {
            return;
        }

        if (ours.Length <= _maxGroup && theirs.Length <= _maxGroup && WholeBlockAgrees(ours, theirs))
        {
            Ensure(ref _ourMembers, ours.Length);
            Ensure(ref _theirMembers, theirs.Length);
            Int128 difference = 0;
            for (var i = 0; i < ours.Length; i++) { _ourMembers[i] = ours[i].Index; difference -= ours[i].Units; }
            for (var j = 0; j < theirs.Length; j++) { _theirMembers[j] = theirs[j].Index; difference += theirs[j].Units; }
            Sink.Add(_ourMembers.AsSpan(0, ours.Length), _theirMembers.AsSpan(0, theirs.Length), difference);
            return;
        }

        ours.Sort(DayThenIndex.Instance);
        theirs.Sort(DayThenIndex.Instance);
        _ourDays.Build(ours, byAmount: false);
        _theirDays.Build(theirs, byAmount: false);
        Ensure(ref _usedOurs, ours.Length);
        Ensure(ref _usedTheirs, theirs.Length);
        _usedOurs.AsSpan(0, ours.Length).Clear();
        _usedTheirs.AsSpan(0, theirs.Length).Clear();

        for (var a = 0; a < ours.Length; a++)
        {
            if (_usedOurs[a])
            {
                continue;
            }

            var ourCount = CollectOurs(ours, a);
            var theirCount = CollectTheirs(ours[a], theirs);
            if (theirCount == 0 || ourCount + theirCount < 3)
            {
                continue;
            }

            if (!Search(ourCount, theirCount, out var ourMask, out var theirMask))
            {
                continue;
            }

            var no = 0;
            var nt = 0;
            Int128 difference = 0;
            Ensure(ref _ourMembers, ourCount);
            Ensure(ref _theirMembers, theirCount);
            for (var i = 0; i < ourCount; i++)
            {
                if ((ourMask & (1 << i)) != 0)
                {
                    _usedOurs[_ourCandidates[i].Position] = true;
                    _ourMembers[no++] = _ourCandidates[i].Index;
                    difference -= _ourCandidates[i].Units;
                }
            }

            for (var j = 0; j < theirCount; j++)
            {
                if ((theirMask & (1 << j)) != 0)
                {
                    _usedTheirs[_theirCandidates[j].Position] = true;
                    _theirMembers[nt++] = _theirCandidates[j].Index;
                    difference += _theirCandidates[j].Units;
                }
            }

            Array.Sort(_ourMembers, 0, no);
            Array.Sort(_theirMembers, 0, nt);
            Sink.Add(_ourMembers.AsSpan(0, no), _theirMembers.AsSpan(0, nt), difference);
        }
    }

    private bool WholeBlockAgrees(Span<Entry> ours, Span<Entry> theirs)
    {
        long ourSum = 0, theirSum = 0;
        int minO = int.MaxValue, maxO = int.MinValue, minT = int.MaxValue, maxT = int.MinValue;
        foreach (ref var o in ours)
        {
            ourSum += o.Units;
            minO = Math.Min(minO, o.Day);
            maxO = Math.Max(maxO, o.Day);
        }

        foreach (ref var t in theirs)
        {
            theirSum += t.Units;
            minT = Math.Min(minT, t.Day);
            maxT = Math.Max(maxT, t.Day);
        }

        return _rule.GroupWindowAllows(minO, maxO, minT, maxT) && _rule.AmountAllows(ourSum, theirSum);
    }

    private int CollectOurs(Span<Entry> ours, int anchor)
    {
        // The anchor is candidate 0; others must be able to share a window with it.
        _ourCandidates[0] = Candidate.Of(ours[anchor], ours[anchor], anchor);
        var (from, to) = _rule.Window.PeerRange(ours[anchor].Day);
        var cursor = new OutwardCursor(_ourDays.KeySpan, ours[anchor].Day, from, to);
        var found = 1;
        for (var visits = 0; visits < PairingWorker.VisitsPerItem && found < _perSide && cursor.Next(out var k); visits++)
        {
            var position = _ourDays.Positions[k];
            if (position == anchor || _usedOurs[position])
            {
                continue;
            }

            _ourCandidates[found++] = Candidate.Of(ours[position], ours[anchor], position);
        }

        Array.Sort(_ourCandidates, 1, found - 1);
        return found;
    }

    private int CollectTheirs(in Entry anchor, Span<Entry> theirs)
    {
        var (from, to) = _rule.WindowRange(anchor.Day, anchorIsOurs: true);
        var cursor = new OutwardCursor(_theirDays.KeySpan, anchor.Day, from, to);
        var found = 0;
        for (var visits = 0; visits < PairingWorker.VisitsPerItem && found < _perSide && cursor.Next(out var k); visits++)
        {
            var position = _theirDays.Positions[k];
            if (_usedTheirs[position] || !_rule.WindowAllows(anchor.Day, theirs[position].Day))
            {
                continue;
            }

            _theirCandidates[found++] = Candidate.Of(theirs[position], anchor, position);
        }

        Array.Sort(_theirCandidates, 0, found);
        return found;
    }

    private bool Search(int ourCount, int theirCount, out int bestOurs, out int bestTheirs)
    {
        // Every subset of ours that holds the anchor (bit 0), within the group bound.
        var n = 0;
        for (var mask = 1; mask < 1 << ourCount; mask += 2)
        {
            if (BitOperations.PopCount((uint)mask) > _maxGroup)
            {
                continue;
            }

            _subsets[n++] = Summarise(_ourCandidates, mask);
        }

        Array.Sort(_subsets, 0, n);
        bestOurs = bestTheirs = 0;
        var bestSize = int.MaxValue;
        for (var theirMask = 1; theirMask < 1 << theirCount; theirMask++)
        {
            var theirSize = BitOperations.PopCount((uint)theirMask);
            if (theirSize > _maxGroup || theirSize + 1 > bestSize)
            {
                continue;
            }

            var t = Summarise(_theirCandidates, theirMask);
            var bound = _rule.ToleranceBound(t.Sum);
            var k = LowerBound(n, t.Sum - bound);
            for (; k < n && _subsets[k].Sum <= t.Sum + bound; k++)
            {
                ref var o = ref _subsets[k];
                var size = o.Size + theirSize;
                if (size < 3 || size > bestSize)
                {
                    continue;
                }

                if (!_rule.AmountAllows(o.Sum, t.Sum) || !_rule.GroupWindowAllows(o.MinDay, o.MaxDay, t.MinDay, t.MaxDay))
                {
                    continue;
                }

                if (size < bestSize || (size == bestSize && (o.Mask < bestOurs || (o.Mask == bestOurs && theirMask < bestTheirs))))
                {
                    bestSize = size;
                    bestOurs = o.Mask;
                    bestTheirs = theirMask;
                }
            }
        }

        return bestSize != int.MaxValue;
    }

    private int LowerBound(int count, long value)
    {
        int lo = 0, hi = count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_subsets[mid].Sum < value) { lo = mid + 1; } else { hi = mid; }
        }

        return lo;
    }

    private static Subset Summarise(Candidate[] candidates, int mask)
    {
        var s = new Subset { Mask = mask, MinDay = int.MaxValue, MaxDay = int.MinValue };
        for (var i = 0; mask >> i != 0; i++)
        {
            if ((mask & (1 << i)) == 0)
            {
                continue;
            }

            s.Sum += candidates[i].Units;
            s.Size++;
            s.MinDay = Math.Min(s.MinDay, candidates[i].Day);
            s.MaxDay = Math.Max(s.MaxDay, candidates[i].Day);
        }

        return s;
    }

    private static void Ensure<T>(ref T[] array, int length)
    {
        if (array.Length < length)
        {
            Array.Resize(ref array, Math.Max(length, array.Length * 2));
        }
    }

    private struct Candidate : IComparable<Candidate>
    {
        public int DayGap;
        public long AmountGap;
        public int Index;
        public int Position;
        public long Units;
        public int Day;

        public static Candidate Of(in Entry e, in Entry anchor, int position) => new()
        {
            DayGap = Math.Abs(e.Day - anchor.Day),
            AmountGap = Math.Abs(e.Units - anchor.Units),
            Index = e.Index,
            Position = position,
            Units = e.Units,
            Day = e.Day,
        };

        public readonly int CompareTo(Candidate other)
        {
            var c = DayGap.CompareTo(other.DayGap);
            if (c != 0) { return c; }
            c = AmountGap.CompareTo(other.AmountGap);
            return c != 0 ? c : Index.CompareTo(other.Index);
        }
    }

    private struct Subset : IComparable<Subset>
    {
        public long Sum;
        public int Mask;
        public int Size;
        public int MinDay;
        public int MaxDay;

        public readonly int CompareTo(Subset other)
        {
            var c = Sum.CompareTo(other.Sum);
            return c != 0 ? c : Mask.CompareTo(other.Mask);
        }
    }
}
