namespace ReconGrpc.Matching;

/// <summary>A worker that makes matches.</summary>
internal interface IMatchProducer
{
    MatchSink Sink { get; }
}

/// <summary>
/// A worker's matches, as member positions (ours first, then theirs), until the stage takes them in. Adding a
/// match marks its items matched: a worker only ever holds items of its own blocks, so no flag is written twice.
/// </summary>
internal sealed class MatchSink(bool[] ourMatched, bool[] theirMatched)
{
    private int[] _members = new int[256];
    private int[] _ourCounts = new int[64];
    private int[] _theirCounts = new int[64];

    public int Count { get; private set; }

    public int MemberCount { get; private set; }

    /// <summary>Matches whose totals differ (tolerance rules), with their total minus ours in units.</summary>
    public List<(int Match, Int128 Difference)> Differences { get; } = [];

    /// <summary>Cross-currency matches, with their converted total minus ours in base-currency units.</summary>
    public List<(int Match, long Difference)> Exchange { get; } = [];

    /// <summary>Member positions of all matches, each match's ours then theirs.</summary>
    public ReadOnlySpan<int> Members => _members.AsSpan(0, MemberCount);

    public ReadOnlySpan<int> OurCounts => _ourCounts.AsSpan(0, Count);

    public ReadOnlySpan<int> TheirCounts => _theirCounts.AsSpan(0, Count);

    public void Add(int ours, int theirs, long difference)
    {
        Reserve(2);
        _members[MemberCount++] = ours;
        _members[MemberCount++] = theirs;
        ourMatched[ours] = true;
        theirMatched[theirs] = true;
        if (difference != 0)
        {
            Differences.Add((Count, difference));
        }

        _ourCounts[Count] = 1;
        _theirCounts[Count++] = 1;
    }

    public void Add(ReadOnlySpan<int> ours, ReadOnlySpan<int> theirs, Int128 difference)
    {
        Reserve(ours.Length + theirs.Length);
        foreach (var i in ours)
        {
            _members[MemberCount++] = i;
            ourMatched[i] = true;
        }

        foreach (var j in theirs)
        {
            _members[MemberCount++] = j;
            theirMatched[j] = true;
        }

        if (difference != 0)
        {
            Differences.Add((Count, difference));
        }

        _ourCounts[Count] = ours.Length;
        _theirCounts[Count++] = theirs.Length;
    }

    private void Reserve(int members)
    {
        if (MemberCount + members > _members.Length)
        {
            Array.Resize(ref _members, Math.Max(_members.Length * 2, MemberCount + members));
        }

        if (Count == _ourCounts.Length)
        {
            Array.Resize(ref _ourCounts, Count * 2);
            Array.Resize(ref _theirCounts, Count * 2);
        }
    }
}
