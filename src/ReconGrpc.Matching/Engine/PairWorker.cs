namespace ReconGrpc.Matching;

/// <summary>A possible pair, ranked by the tie-break order: nearest date, nearest amount, then ids.</summary>
internal struct PairCandidate : IComparable<PairCandidate>
{
    public int Rank;
    public int DayGap;
    public long AmountGap;
    public int OurIndex;
    public int TheirIndex;
    public int OurPosition;
    public int TheirPosition;

    public readonly int CompareTo(PairCandidate other)
    {
        var c = Rank.CompareTo(other.Rank);
        if (c != 0) { return c; }
        c = DayGap.CompareTo(other.DayGap);
        if (c != 0) { return c; }
        c = AmountGap.CompareTo(other.AmountGap);
        if (c != 0) { return c; }
        c = OurIndex.CompareTo(other.OurIndex);
        return c != 0 ? c : TheirIndex.CompareTo(other.TheirIndex);
    }
}

/// <summary>
/// Pairs items one to one inside a block. All allowed pairs are ranked by the tie-break order and taken greedily,
/// each item at most once; the ranking depends only on the block's content, so it is deterministic.
/// </summary>
internal abstract class PairingWorker : BlockWorker
{
    /// <summary>Blocks up to this many possible pairs are checked pair by pair.</summary>
    private const int BruteForcePairs = 4096;

    /// <summary>In larger blocks each item of ours keeps at most this many candidates, nearest first.</summary>
    public const int CandidatesPerItem = 64;

    /// <summary>In larger blocks each item of ours looks at most at this many items of theirs, nearest first.</summary>
    public const int VisitsPerItem = 4096;

    private readonly SortedView _view = new();
    private PairCandidate[] _candidates = new PairCandidate[64];
    private PairCandidate[] _perItem = new PairCandidate[CandidatesPerItem];
    private bool[] _usedOurs = new bool[16];
    private bool[] _usedTheirs = new bool[16];

    protected abstract bool Allowed(in Entry ours, in Entry theirs, out int rank);

    /// <summary>Whether large blocks are scanned along the amount (tolerance rules) rather than the date.</summary>
    protected abstract bool ScanByAmount { get; }

    /// <summary>The centre and range of the scan for one of ours in a large block, in the scanned dimension.</summary>
    protected abstract (long Center, long From, long To) ScanWindow(in Entry ours);

    protected abstract void Accept(in Entry ours, in Entry theirs);

    public override void Process(Span<Entry> ours, Span<Entry> theirs)
    {
        if (ours.Length == 1 && theirs.Length == 1)
        {
            if (Allowed(ours[0], theirs[0], out _))
            {
                Accept(ours[0], theirs[0]);
            }

            return;
        }

        var count = (long)ours.Length * theirs.Length <= BruteForcePairs
            ? CollectAll(ours, theirs)
            : CollectNearest(ours, theirs);
        if (count == 0)
        {
            return;
        }

        Array.Sort(_candidates, 0, count);
        Ensure(ref _usedOurs, ours.Length);
        Ensure(ref _usedTheirs, theirs.Length);
        _usedOurs.AsSpan(0, ours.Length).Clear();
        _usedTheirs.AsSpan(0, theirs.Length).Clear();
        for (var k = 0; k < count; k++)
        {
            ref var c = ref _candidates[k];
            if (_usedOurs[c.OurPosition] || _usedTheirs[c.TheirPosition])
            {
                continue;
            }

            _usedOurs[c.OurPosition] = true;
            _usedTheirs[c.TheirPosition] = true;
            Accept(ours[c.OurPosition], theirs[c.TheirPosition]);
        }
    }

    private int CollectAll(Span<Entry> ours, Span<Entry> theirs)
    {
        var n = 0;
        for (var i = 0; i < ours.Length; i++)
        {
            for (var j = 0; j < theirs.Length; j++)
            {
                if (Allowed(ours[i], theirs[j], out var rank))
                {
                    Ensure(ref _candidates, n + 1);
                    _candidates[n++] = Candidate(ours, theirs, i, j, rank);
                }
            }
        }

        return n;
    }

    // Large blocks (many items under one key): each of ours walks theirs outward from its own date (or amount),
    // nearest first, and keeps its nearest candidates, so the work stays linear in the block's size.
    private int CollectNearest(Span<Entry> ours, Span<Entry> theirs)
    {
        _view.Build(theirs, ScanByAmount);
        var keys = _view.KeySpan;
        var n = 0;
        for (var i = 0; i < ours.Length; i++)
        {
            var (center, from, to) = ScanWindow(ours[i]);
            var cursor = new OutwardCursor(keys, center, from, to);
            var found = 0;
            for (var visits = 0; visits < VisitsPerItem && found < CandidatesPerItem && cursor.Next(out var k); visits++)
            {
                var j = _view.Positions[k];
                if (Allowed(ours[i], theirs[j], out var rank))
                {
                    _perItem[found++] = Candidate(ours, theirs, i, j, rank);
                }
            }

            Ensure(ref _candidates, n + found);
            Array.Copy(_perItem, 0, _candidates, n, found);
            n += found;
        }

        return n;
    }

    private static PairCandidate Candidate(Span<Entry> ours, Span<Entry> theirs, int i, int j, int rank) => new()
    {
        Rank = rank,
        DayGap = Math.Abs(theirs[j].Day - ours[i].Day),
        AmountGap = Math.Abs(theirs[j].Units - ours[i].Units),
        OurIndex = ours[i].Index,
        TheirIndex = theirs[j].Index,
        OurPosition = i,
        TheirPosition = j,
    };

    protected static void Ensure<T>(ref T[] array, int length)
    {
        if (array.Length < length)
        {
            Array.Resize(ref array, Math.Max(length, array.Length * 2));
        }
    }
}

/// <summary>One-to-one matching under a rule.</summary>
internal sealed class PairWorker(RuleContext rule, MatchSink sink) : PairingWorker, IMatchProducer
{
    private readonly Allocation _allocation = rule.Rule.Allocation;

    public MatchSink Sink { get; } = sink;

    protected override bool ScanByAmount => rule.Amount.Kind != AmountConditionKind.Exact;

    protected override bool Allowed(in Entry ours, in Entry theirs, out int rank)
    {
        rank = _allocation == Allocation.Nearest ? 0 : AllocationRank(_allocation, ours.Day, theirs.Day);
        return rule.PairAllowed(ours, theirs);
    }

    /// <summary>
    /// The rank of a pair under an allocation order, compared before the day gap: the earlier of the two days for
    /// oldest first (then the smaller gap: the earlier later day), the later day negated for newest first.
    /// </summary>
    public static int AllocationRank(Allocation allocation, int ourDay, int theirDay) => allocation switch
    {
        Allocation.OldestFirst => Math.Min(ourDay, theirDay),
        Allocation.NewestFirst => -Math.Max(ourDay, theirDay),
        _ => 0,
    };

    protected override (long Center, long From, long To) ScanWindow(in Entry ours)
    {
        if (ScanByAmount)
        {
            var bound = rule.ToleranceBound(ours.Units);
            return (ours.Units, ours.Units - bound, ours.Units + bound);
        }

        var (from, to) = rule.WindowRange(ours.Day, anchorIsOurs: true);
        return (ours.Day, from, to);
    }

    protected override void Accept(in Entry ours, in Entry theirs) => Sink.Add(ours.Index, theirs.Index, theirs.Units - ours.Units);
}
