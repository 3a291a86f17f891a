using System.Runtime.InteropServices;

namespace ReconGrpc.Matching;

/// <summary>
/// An item as a stage sees it: its block key and the few fields the checks read, copied together so a block is
/// processed from cache rather than by chasing the item objects.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Entry
{
    public ulong Hash;
    public long Units;
    /// <summary>Position in the side's columns; ascending position is ascending id.</summary>
    public int Index;
    public int Day;

    public Entry(ulong hash, long units, int index, int day)
    {
        Hash = hash;
        Units = units;
        Index = index;
        Day = day;
    }
}

/// <summary>Builds the entries of one side for one stage: the given items whose keys are all present.</summary>
internal static class EntryBuilder
{
    /// <param name="side">The side's columns.</param>
    /// <param name="positions">Which items (ascending positions): usually <see cref="SideColumns.FreeArray"/>.</param>
    /// <param name="count">How many of <paramref name="positions"/>.</param>
    /// <param name="keys">Hash columns of the key fields this side contributes, in key order.</param>
    /// <param name="currencyHashes">Hash per currency index.</param>
    /// <param name="withAmount">Put the amount in the block key (exact one-to-one rules: equal amounts only).</param>
    /// <param name="withCurrency">Put the currency in the block key (always, except when explaining a currency mismatch and for cross-currency rules).</param>
    /// <param name="buffer">Receives the entries; at least <paramref name="positions"/> long.</param>
    /// <param name="parallelism">Threads to use.</param>
    /// <param name="cancellationToken">Stops the build.</param>
    /// <param name="units">The amounts as the rule compares them, by position; null: the side's own.</param>
    /// <returns>The number of entries written, in the order of <paramref name="positions"/>.</returns>
    public static int Build(SideColumns side, int[] positions, int count, ulong[][] keys, ulong[] currencyHashes, bool withAmount,
        bool withCurrency, Entry[] buffer, int parallelism, CancellationToken cancellationToken, long[]? units = null)
    {
        var ranges = Work.RangeCount(count, parallelism);
        var written = new int[ranges];
        Work.ForRanges(ranges, parallelism, cancellationToken, r =>
        {
            var (start, end) = Work.Range(count, ranges, r);
            written[r] = BuildRange(side, positions.AsSpan(start, end - start), keys, currencyHashes, withAmount, withCurrency, buffer, start, units);
        });

        // Ranges wrote in place; close the gaps between them, keeping the order.
        var total = written[0];
        for (var r = 1; r < ranges; r++)
        {
            var (start, _) = Work.Range(count, ranges, r);
            Array.Copy(buffer, start, buffer, total, written[r]);
            total += written[r];
        }

        return total;
    }

    private static int BuildRange(SideColumns side, ReadOnlySpan<int> positions, ulong[][] keys, ulong[] currencyHashes,
        bool withAmount, bool withCurrency, Entry[] buffer, int offset, long[]? unitsOverride)
    {
        // A rule that reads amounts differently (an amount from text, a conversion) gives its own column.
        var units = unitsOverride ?? side.Units;
        var days = side.Days;
        var currency = side.Currency;
        var n = offset;
        foreach (var i in positions)
        {
            var h = withCurrency ? currencyHashes[currency[i]] : 0x2545F4914F6CDD1DUL;
            var present = true;
            for (var k = 0; k < keys.Length; k++)
            {
                var key = keys[k][i];
                if (key == 0)
                {
                    present = false;
                    break;
                }

                h = MatchingKey.Combine(h, key);
            }

            if (!present)
            {
                continue;
            }

            if (withAmount)
            {
                h = MatchingKey.Combine(h, (ulong)units[i]);
            }

            buffer[n++] = new Entry(MatchingKey.Finish(h), units[i], i, days[i]);
        }

        return n - offset;
    }
}
