namespace ReconGrpc.Matching;

/// <summary>
/// Walks a sorted key column outward from a centre, nearest first (the lower side first on equal distance),
/// within [from, to]. Candidates in large blocks are taken this way, so the nearest ones are seen first and a
/// visit limit only ever drops the farthest.
/// </summary>
internal ref struct OutwardCursor
{
    private readonly ReadOnlySpan<long> _keys;
    private readonly long _center;
    private readonly long _from;
    private readonly long _to;
    private int _left;
    private int _right;

    public OutwardCursor(ReadOnlySpan<long> sortedKeys, long center, long from, long to)
    {
        _keys = sortedKeys;
        _center = center;
        _from = from;
        _to = to;
        int lo = 0, hi = sortedKeys.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sortedKeys[mid] < center) { lo = mid + 1; } else { hi = mid; }
        }

        _right = lo;
        _left = lo - 1;
    }

    public bool Next(out int position)
    {
        var canLeft = _left >= 0 && _keys[_left] >= _from;
        var canRight = _right < _keys.Length && _keys[_right] <= _to;
        if (!canLeft && !canRight)
        {
            position = -1;
            return false;
        }

        if (canLeft && (!canRight || _center - _keys[_left] <= _keys[_right] - _center))
        {
            position = _left--;
        }
        else
        {
            position = _right++;
        }

        return true;
    }
}

/// <summary>Entries of a block ordered by one key (day or amount), for outward scans.</summary>
internal sealed class SortedView
{
    public long[] Keys = new long[16];
    public int[] Positions = new int[16];
    public int Count;

    public void Build(ReadOnlySpan<Entry> entries, bool byAmount)
    {
        if (Keys.Length < entries.Length)
        {
            Keys = new long[Math.Max(entries.Length, Keys.Length * 2)];
            Positions = new int[Keys.Length];
        }

        Count = entries.Length;
        for (var i = 0; i < entries.Length; i++)
        {
            Keys[i] = byAmount ? entries[i].Units : entries[i].Day;
            Positions[i] = i;
        }

        // Entries arrive in index order and the sort is by key then position, so ties keep index order.
        Array.Sort(Keys, Positions, 0, Count, null);
        SortTies();
    }

    public ReadOnlySpan<long> KeySpan => Keys.AsSpan(0, Count);

    private void SortTies()
    {
        // Array.Sort is not stable; put equal keys back in position (hence index) order.
        var i = 0;
        while (i < Count)
        {
            var j = i + 1;
            while (j < Count && Keys[j] == Keys[i])
            {
                j++;
            }

            if (j - i > 1)
            {
                Array.Sort(Positions, i, j - i);
            }

            i = j;
        }
    }
}
