namespace ReconGrpc.Matching.Testing;

/// <summary>Generated items with the truth about them.</summary>
public sealed class SyntheticData
{
    internal SyntheticData(List<ReconItem> ours, List<ReconItem> theirs, SyntheticTruth truth, IReadOnlyList<ClosingBalance> closingBalances)
    {
        Ours = ours;
        Theirs = theirs;
        Truth = truth;
        ClosingBalances = closingBalances;
    }

    /// <summary>Our items, in id order.</summary>
    public IReadOnlyList<ReconItem> Ours { get; }

    /// <summary>Their items, in id order, amounts in our convention.</summary>
    public IReadOnlyList<ReconItem> Theirs { get; }

    /// <summary>Which items belong together and why the others do not.</summary>
    public SyntheticTruth Truth { get; }

    /// <summary>Both sides' closing balances (same opening balance plus each side's movements).</summary>
    public IReadOnlyList<ClosingBalance> ClosingBalances { get; }
}

/// <summary>
/// The known answer: for every item the true group it belongs to (0 for none) and, for items that belong to no
/// group, the reason they should be given. Kept as arrays indexed by id, so a million items cost a few megabytes.
/// </summary>
public sealed class SyntheticTruth
{
    private readonly List<int> _ourGroup = [];
    private readonly List<int> _theirGroup = [];
    private readonly List<byte> _ourReason = [];
    private readonly List<byte> _theirReason = [];
    private readonly List<int> _groupOurs = [0];
    private readonly List<int> _groupTheirs = [0];

    internal SyntheticTruth(long theirIdBase)
    {
        TheirIdBase = theirIdBase;
    }

    /// <summary>Where their ids start.</summary>
    public long TheirIdBase { get; }

    /// <summary>True groups (matches that should be made).</summary>
    public int GroupCount => _groupOurs.Count - 1;

    /// <summary>How many (ours, theirs) pairs the true groups hold: a group of 3 of ours and 1 of theirs holds 3.</summary>
    public long PairCount
    {
        get
        {
            long pairs = 0;
            for (var g = 1; g < _groupOurs.Count; g++)
            {
                pairs += (long)_groupOurs[g] * _groupTheirs[g];
            }

            return pairs;
        }
    }

    /// <summary>The true group of an item, or 0 when it should stay unmatched.</summary>
    public int GroupOf(Side side, long id)
    {
        var list = side == Side.Ours ? _ourGroup : _theirGroup;
        var i = side == Side.Ours ? id - 1 : id - TheirIdBase - 1;
        return i >= 0 && i < list.Count ? list[(int)i] : 0;
    }

    /// <summary>The reason an unmatched item should be given, or null for an item that belongs in a match.</summary>
    public ExceptionReason? ExpectedReason(Side side, long id)
    {
        var list = side == Side.Ours ? _ourReason : _theirReason;
        var i = side == Side.Ours ? id - 1 : id - TheirIdBase - 1;
        return i >= 0 && i < list.Count && list[(int)i] != 0 ? (ExceptionReason)list[(int)i] : null;
    }

    internal int NewGroup(int ours, int theirs)
    {
        _groupOurs.Add(ours);
        _groupTheirs.Add(theirs);
        return _groupOurs.Count - 1;
    }

    internal void AddOurs(int group, ExceptionReason? reason)
    {
        _ourGroup.Add(group);
        _ourReason.Add((byte)(reason ?? 0));
    }

    internal void AddTheirs(int group, ExceptionReason? reason)
    {
        _theirGroup.Add(group);
        _theirReason.Add((byte)(reason ?? 0));
    }
}
