namespace ReconGrpc.Matching;

/// <summary>
/// 冲销对 — finds, among one side's items that no rule matched, an item and the item that reverses it (红字冲销) in
/// that side's own books: the same customer, currency and document at the amount negated, where either the reversing
/// item carries the document number with <see cref="ReversalSuffix"/> appended (as our ledger writes reversals), or
/// both are the same known kind of document (a red-ink invoice under the invoice's number). A receipt booked under
/// an invoice's number settles it rather than reversing it, so items of different or unknown kinds under one number
/// are left to the explanation.
/// </summary>
/// <remarks>
/// Such a pair cancels within the books that hold it; reported as two items missing on the other side, it would
/// send the accountant after the counterparty for a document that was withdrawn. It runs after the rules, so a
/// document the other side has booked is matched there first: if they booked the original and we reversed it, our
/// reversal stays unmatched and says so. Within a document and amount, the earliest original pairs with the earliest
/// reversal (by date, then id): the same input always pairs the same way.
/// </remarks>
internal static class ReversalPairing
{
    private const string ReversalSuffix = MatchRule.ReversalSuffix;

    /// <summary>Pairs the free items of <paramref name="side"/> into <paramref name="sink"/>; returns how many pairs.</summary>
    public static int Pair(SideColumns side, ulong[] currencyHashes, MatchSink sink, CancellationToken cancellationToken)
    {
        var candidates = new List<Candidate>(side.FreeCount);
        var items = side.Items;
        foreach (var i in side.Free)
        {
            var item = items[i];
            var units = side.Units[i];
            if (units == 0 || item.IsOpeningBalance)
            {
                continue;
            }

            // Keys the rules hashed already are taken from the side's columns.
            var suffixed = HasReversalSuffix(item.DocumentNumber, out var original);
            var document = suffixed ? MatchingKey.Hash(original) : side.KeyOfFew(KeyField.DocumentNumber, i);
            if (document == 0)
            {
                continue;
            }

            var customer = side.KeyOfFew(KeyField.Customer, i);
            var key = MatchingKey.Finish(MatchingKey.Combine(MatchingKey.Combine(currencyHashes[side.Currency[i]], customer), document));
            candidates.Add(new Candidate(key, Math.Abs(units), units > 0, item.DocumentKind, suffixed, side.Days[i], i));
        }

        cancellationToken.ThrowIfCancellationRequested();
        candidates.Sort();
        var pairs = 0;
        Span<int> pair = stackalloc int[2];
        for (var start = 0; start < candidates.Count;)
        {
            // One run of candidates with the same document and magnitude: its originals, then its reversals (sorted
            // by sign within the run), each in date and id order.
            var end = start;
            while (end < candidates.Count && candidates[end].Key == candidates[start].Key && candidates[end].Magnitude == candidates[start].Magnitude)
            {
                end++;
            }

            var firstPositive = start;
            while (firstPositive < end && !candidates[firstPositive].Positive)
            {
                firstPositive++;
            }

            if (firstPositive == start || firstPositive == end)
            {
                start = end;
                continue;
            }

            // Each negative takes the first positive left that it reverses, in date and id order on both sides.
            var taken = new bool[end - firstPositive];
            for (var n = start; n < firstPositive; n++)
            {
                for (var p = firstPositive; p < end; p++)
                {
                    if (taken[p - firstPositive] || !Reverses(candidates[n], candidates[p]))
                    {
                        continue;
                    }

                    taken[p - firstPositive] = true;
                    var a = candidates[n].Position;
                    var b = candidates[p].Position;
                    pair[0] = Math.Min(a, b);
                    pair[1] = Math.Max(a, b);
                    if (side.Side == Side.Ours)
                    {
                        sink.Add(pair, [], 0);
                    }
                    else
                    {
                        sink.Add([], pair, 0);
                    }

                    pairs++;
                    break;
                }
            }

            start = end;
        }

        return pairs;
    }

    /// <summary>Whether one of two items of one document, amount negated, reverses the other (see the class).</summary>
    private static bool Reverses(Candidate a, Candidate b) =>
        a.Suffixed != b.Suffixed || (a.Kind != DocumentKind.Unknown && a.Kind == b.Kind);

    /// <summary>Whether the number ends with the reversal suffix; if so, <paramref name="original"/> is the number without it.</summary>
    private static bool HasReversalSuffix(string? documentNumber, out ReadOnlySpan<char> original)
    {
        var number = documentNumber.AsSpan().Trim();
        if (number.Length > ReversalSuffix.Length && number.EndsWith(ReversalSuffix, StringComparison.OrdinalIgnoreCase))
        {
            original = number[..^ReversalSuffix.Length];
            return true;
        }

        original = default;
        return false;
    }

    private readonly record struct Candidate(ulong Key, long Magnitude, bool Positive, DocumentKind Kind, bool Suffixed, int Day, int Position) : IComparable<Candidate>
    {
        public int CompareTo(Candidate other)
        {
            var c = Key.CompareTo(other.Key);
            if (c != 0) { return c; }
            c = Magnitude.CompareTo(other.Magnitude);
            if (c != 0) { return c; }
            c = Positive.CompareTo(other.Positive);
            if (c != 0) { return c; }
            c = Day.CompareTo(other.Day);
            return c != 0 ? c : Position.CompareTo(other.Position);
        }
    }
}
