namespace ReconGrpc.Matching;

/// <summary>
/// For an item missing on the other side, the other side's closest item that is missing too: the same customer and
/// currency, the same sign, an amount within <see cref="TolerancePercent"/> % and a date within
/// <see cref="MaxDayGap"/> days. Not a match — no rule made it, and it may be wrong — but the line an accountant would
/// look at first: a payment short by a bank charge, a line booked under no document number, a cut-off a few days out.
/// </summary>
internal static class ClosestUnmatched
{
    public const int TolerancePercent = 2;
    public const int MaxDayGap = 31;

    // Candidates looked at per item at most, nearest amounts first: a bound on the work where many lines are alike.
    private const int MaxLooks = 64;

    /// <summary>
    /// For each position of <paramref name="side"/> listed in <paramref name="missing"/>, the closest position of
    /// <paramref name="other"/> among <paramref name="otherMissing"/>, or -1; in the order of <paramref name="missing"/>.
    /// </summary>
    public static int[] Find(SideColumns side, IReadOnlyList<int> missing, SideColumns other, IReadOnlyList<int> otherMissing)
    {
        var closest = new int[missing.Count];
        Array.Fill(closest, -1);
        if (missing.Count == 0 || otherMissing.Count == 0)
        {
            return closest;
        }

        // One sorted array (by customer and currency, then amount) rather than a list per customer: a run leaves
        // tens of thousands of items missing, spread over as many customers.
        var candidates = new Candidate[otherMissing.Count];
        for (var k = 0; k < candidates.Length; k++)
        {
            var j = otherMissing[k];
            candidates[k] = new Candidate(GroupOf(other, j), other.Units[j], j);
        }

        Array.Sort(candidates);
        for (var m = 0; m < missing.Count; m++)
        {
            var i = missing[m];
            var group = GroupOf(side, i);
            var units = side.Units[i];
            var tolerance = Math.Abs(units) / 100 * TolerancePercent;
            (long Gap, int Days, int Position) best = (long.MaxValue, int.MaxValue, -1);
            // Outward from the item's own amount, the nearer side first at each step, so the looks bound the work
            // without passing over a nearer amount.
            var up = LowerBound(candidates, new Candidate(group, units, int.MinValue));
            var down = up - 1;
            for (var looks = 0; looks < MaxLooks; looks++)
            {
                var upOpen = up < candidates.Length && candidates[up].Group == group && candidates[up].Units <= units + tolerance;
                var downOpen = down >= 0 && candidates[down].Group == group && candidates[down].Units >= units - tolerance;
                if (!upOpen && !downOpen)
                {
                    break;
                }

                var k = upOpen && (!downOpen || candidates[up].Units - units <= units - candidates[down].Units) ? up++ : down--;
                var c = candidates[k];
                var days = Math.Abs(other.Days[c.Position] - side.Days[i]);
                if (Math.Sign(c.Units) != Math.Sign(units) || days > MaxDayGap)
                {
                    continue;
                }

                var candidate = (Math.Abs(c.Units - units), days, c.Position);
                if (candidate.CompareTo(best) < 0)
                {
                    best = candidate;
                }
            }

            closest[m] = best.Position;
        }

        return closest;
    }

    private static ulong GroupOf(SideColumns side, int position) =>
        MatchingKey.Combine((ulong)side.Currency[position], side.KeyOfFew(KeyField.Customer, position));

    private static int LowerBound(Candidate[] sorted, Candidate value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (sorted[mid].CompareTo(value) < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    private readonly record struct Candidate(ulong Group, long Units, int Position) : IComparable<Candidate>
    {
        public int CompareTo(Candidate other)
        {
            var c = Group.CompareTo(other.Group);
            if (c != 0) { return c; }
            c = Units.CompareTo(other.Units);
            return c != 0 ? c : Position.CompareTo(other.Position);
        }
    }
}
