namespace ReconGrpc.Matching;

/// <summary>
/// One side of the pool, column by column, in ascending id order: the order every stage walks, which is what
/// makes the result independent of the order the items came in.
/// </summary>
internal sealed class SideColumns
{
    /// <summary>A key hash not computed yet. <see cref="MatchingKey.Hash(ReadOnlySpan{char})"/> never returns it.</summary>
    public const ulong NotComputed = 1;

    private const int HashBatch = 64;

    // Where the touched characters go, so the loads that fetch them are not optimised away.
    private static int s_touched;

    private readonly ulong[]?[] _keys = new ulong[]?[4];
    private readonly int[] _free;
    private int _freeCount;

    public SideColumns(Side side, ReconItem[] items, int[] days, long[] units, int[] currency)
    {
        Side = side;
        Items = items;
        Days = days;
        Units = units;
        Currency = currency;
        Matched = new bool[items.Length];
        _free = GC.AllocateUninitializedArray<int>(items.Length);
        for (var i = 0; i < _free.Length; i++)
        {
            _free[i] = i;
        }

        _freeCount = items.Length;
    }

    public Side Side { get; }

    public int Count => Items.Length;

    public ReconItem[] Items { get; }

    /// <summary><see cref="DateOnly.DayNumber"/> of each item.</summary>
    public int[] Days { get; }

    /// <summary>Amount in ten-thousandths (see <see cref="MoneyUnits"/>).</summary>
    public long[] Units { get; }

    /// <summary>Index into <see cref="Pool.Currencies"/>.</summary>
    public int[] Currency { get; }

    /// <summary>
    /// Whether an item is in a match. Workers set it for the items of their own block only, so no two threads
    /// ever write the same flag; a byte an item keeps the column in the cache.
    /// </summary>
    public bool[] Matched { get; }

    /// <summary>Positions of the items not yet matched, ascending, as of the last <see cref="CompactFree"/>.</summary>
    public ReadOnlySpan<int> Free => _free.AsSpan(0, _freeCount);

    /// <summary>The array behind <see cref="Free"/> (its first <see cref="FreeCount"/> entries), for parallel loops.</summary>
    public int[] FreeArray => _free;

    public int FreeCount => _freeCount;

    /// <summary>Drops newly matched items from <see cref="Free"/>, so later stages walk only what is left.</summary>
    public void CompactFree()
    {
        var n = 0;
        for (var k = 0; k < _freeCount; k++)
        {
            var i = _free[k];
            if (!Matched[i])
            {
                _free[n++] = i;
            }
        }

        _freeCount = n;
    }

    /// <summary>
    /// The hash of <paramref name="field"/> for every free item (with <paramref name="includeMatched"/>, every
    /// item), computed once per item and kept; 0 means the field is empty. An item free now was free at every
    /// earlier stage, so after the first call for a field only the matched items can still lack it.
    /// </summary>
    public ulong[] EnsureKey(KeyField field, bool includeMatched, int parallelism, CancellationToken cancellationToken)
    {
        var keys = Column(field);
        var items = Items;
        if (includeMatched)
        {
            Work.ForItems(Count, parallelism, cancellationToken, (start, end) => HashMissing(field, items, null, start, end, keys));
            return keys;
        }

        var free = _free;
        Work.ForItems(_freeCount, parallelism, cancellationToken, (start, end) => HashMissing(field, items, free, start, end, keys));
        return keys;
    }

    /// <summary>Hashes <paramref name="field"/> of items <paramref name="start"/> to <paramref name="end"/> into <paramref name="keys"/>.</summary>
    public static void HashRange(KeyField field, ReconItem[] items, int start, int end, ulong[] keys) =>
        HashInBatches(field, items, null, start, end, keys, onlyMissing: false);

    private static void HashMissing(KeyField field, ReconItem[] items, int[]? positions, int start, int end, ulong[] keys) =>
        HashInBatches(field, items, positions, start, end, keys, onlyMissing: true);

    /// <summary>
    /// Hashes <paramref name="field"/> of the items at <paramref name="positions"/>[start..end] (at start..end when
    /// null) into <paramref name="keys"/>; with <paramref name="onlyMissing"/>, only those not hashed yet.
    /// </summary>
    /// <remarks>
    /// The key strings live apart from their items, scattered over the heap: hashed one after the other, each waits
    /// for its string to arrive from memory (a million keys: 80 ms on one core against 30 ms). So a batch of strings
    /// is first only touched — loads the processor overlaps — and then hashed from the cache.
    /// </remarks>
    private static void HashInBatches(KeyField field, ReconItem[] items, int[]? positions, int start, int end, ulong[] keys, bool onlyMissing)
    {
        var touched = 0;
        for (var batch = start; batch < end; batch += HashBatch)
        {
            var batchEnd = Math.Min(end, batch + HashBatch);
            for (var k = batch; k < batchEnd; k++)
            {
                var i = positions is null ? k : positions[k];
                if (!onlyMissing || keys[i] == NotComputed)
                {
                    touched += Touch(TextOf(field, items[i]));
                }
            }

            for (var k = batch; k < batchEnd; k++)
            {
                var i = positions is null ? k : positions[k];
                if (!onlyMissing || keys[i] == NotComputed)
                {
                    keys[i] = HashOf(field, items[i]);
                }
            }
        }

        Volatile.Write(ref s_touched, touched);
    }

    // Reads the first and last character, the cache lines a short key spans.
    private static int Touch(string? text) => text is { Length: > 0 } ? text[0] + text[^1] : 0;

    private static string? TextOf(KeyField field, ReconItem item) => field switch
    {
        KeyField.DocumentNumber => item.DocumentNumber,
        KeyField.Reference => item.Reference,
        KeyField.Customer => item.CustomerKey,
        _ => item.Text,
    };

    /// <summary>The hash of one item's field, computed now if no stage needed it before (single-threaded use only).</summary>
    public ulong KeyOf(KeyField field, int position)
    {
        var keys = Column(field);
        if (keys[position] == NotComputed)
        {
            keys[position] = HashOf(field, Items[position]);
        }

        return keys[position];
    }

    /// <summary>
    /// As <see cref="KeyOf"/>, for the few items the last stages look at: a column no rule made is not made for them
    /// (a column is a word per item of the side, a million items 8 MB), the hash is computed each time instead.
    /// </summary>
    public ulong KeyOfFew(KeyField field, int position) =>
        _keys[(int)field] is { } keys && keys[position] != NotComputed ? keys[position] : HashOf(field, Items[position]);

    /// <summary>Takes a key column computed during intake.</summary>
    public void SetKey(KeyField field, ulong[] hashes) => _keys[(int)field] = hashes;

    public static ulong HashOf(KeyField field, ReconItem item)
    {
        switch (field)
        {
            case KeyField.DocumentNumber:
                return MatchingKey.Hash(item.DocumentNumber);
            case KeyField.Reference:
                return MatchingKey.Hash(item.Reference);
            case KeyField.Customer:
                return MatchingKey.Hash(item.CustomerKey);
            default:
                if (string.IsNullOrEmpty(item.Text))
                {
                    return 0;
                }

                var (start, length) = MatchingKey.TokenRange(item.Text);
                return length == 0 ? 0 : MatchingKey.Hash(item.Text.AsSpan(start, length));
        }
    }

    private ulong[] Column(KeyField field)
    {
        var keys = _keys[(int)field];
        if (keys is null)
        {
            keys = new ulong[Count];
            Array.Fill(keys, NotComputed);
            _keys[(int)field] = keys;
        }

        return keys;
    }
}
