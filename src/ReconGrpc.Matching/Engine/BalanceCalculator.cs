namespace ReconGrpc.Matching;

/// <summary>Builds the 余额调节表 of each currency from the explained items and the matches' differences.</summary>
internal static class BalanceCalculator
{
    public static List<BalanceReconciliation> Build(Pool pool, byte[] ourReasons, byte[] theirReasons,
        Int128[,] matchDifferences, IReadOnlyList<ClosingBalance>? closingBalances, MatchStore store)
    {
        var currencies = pool.Currencies.Length;
        var given = new Dictionary<string, ClosingBalance>(StringComparer.Ordinal);
        foreach (var balance in closingBalances ?? [])
        {
            ArgumentNullException.ThrowIfNull(balance);
            var code = MatchingKey.Normalize(balance.Currency);
            if (code.Length == 0)
            {
                throw new ReconciliationInputException("matching.balance.currency_missing", "A closing balance has no currency; give its ISO 4217 code.");
            }

            if (!given.TryAdd(code, balance))
            {
                throw new ReconciliationInputException("matching.balance.currency_duplicate",
                    $"Two closing balances are given for {code}; give one per currency.");
            }
        }

        var totals = new Int128[2, currencies];
        // [side, currency, reason, direction] → count and sum of the unmatched items.
        var counts = new int[2, currencies, 7, 2];
        var sums = new Int128[2, currencies, 7, 2];
        Accumulate(pool.Ours, ourReasons, totals, counts, sums);
        Accumulate(pool.Theirs, theirReasons, totals, counts, sums);
        // Items matched across currencies: [target, currency, direction] as above (1: added to ours, 0: to theirs).
        var crossCounts = new int[2, currencies, 2];
        var crossSums = new Int128[2, currencies, 2];
        foreach (var match in store.ExchangeMatches)
        {
            var (ourPositions, theirPositions) = store.PositionsOf(match);
            foreach (var i in ourPositions.Span)
            {
                AddCross(0, pool.Ours, i, crossCounts, crossSums);
            }

            foreach (var j in theirPositions.Span)
            {
                AddCross(1, pool.Theirs, j, crossCounts, crossSums);
            }
        }

        var codes = pool.Currencies.Concat(given.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var statements = new List<BalanceReconciliation>();
        foreach (var code in codes)
        {
            var c = Array.IndexOf(pool.Currencies, code);
            var has = given.TryGetValue(code, out var closing);
            var ourClosing = has ? closing!.Ours : c >= 0 ? MoneyUnits.ToDecimal(totals[0, c]) : 0m;
            var theirClosing = has ? closing!.Theirs : c >= 0 ? MoneyUnits.ToDecimal(totals[1, c]) : 0m;
            // Items only they have adjust our balance, items only we have adjust theirs; pairs both have booked adjust ours
            // by their difference (see Accumulate).
            var ourAdjustments = c >= 0 ? Lines(1, c, counts, sums, crossCounts, crossSums) : [];
            var theirAdjustments = c >= 0 ? Lines(0, c, counts, sums, crossCounts, crossSums) : [];
            // Matches to check are accepted: their differences are in the accepted column (see ReconRun).
            var accepted = c >= 0 ? MoneyUnits.ToDecimal(matchDifferences[c, (int)MatchDecision.Accepted]) : 0m;
            var proposed = c >= 0 ? MoneyUnits.ToDecimal(matchDifferences[c, (int)MatchDecision.Proposed]) : 0m;
            var adjustedOurs = ourClosing + ourAdjustments.Sum(a => a.Amount) + accepted + proposed;
            var adjustedTheirs = theirClosing + theirAdjustments.Sum(a => a.Amount);
            statements.Add(new BalanceReconciliation(code, ourClosing, theirClosing, has, ourAdjustments, theirAdjustments,
                accepted, proposed, adjustedOurs, adjustedTheirs, adjustedOurs - adjustedTheirs));
        }

        return statements;
    }

    private static void Accumulate(SideColumns side, byte[] reasons, Int128[,] totals, int[,,,] counts, Int128[,,,] sums)
    {
        var s = (int)side.Side;
        for (var i = 0; i < side.Count; i++)
        {
            var c = side.Currency[i];
            var units = side.Units[i];
            totals[s, c] += units;
            if (!side.Matched[i])
            {
                // Index 1 holds the lines added to our balance, 0 those added to theirs. An item only one side has booked
                // adjusts the other side's balance by its amount. A pair booked by both sides (its amount or date
                // differs) adjusts ours by their item less ours: the difference, not twice the document.
                var reason = (ExceptionReason)reasons[i];
                var target = reason.BookedOnBothSides() ? 1 : s;
                var contribution = reason.BookedOnBothSides() && side.Side == Side.Ours ? -units : units;
                var d = units < 0 ? (int)EntryDirection.Credit : (int)EntryDirection.Debit;
                counts[target, c, reasons[i], d]++;
                sums[target, c, reasons[i], d] += contribution;
            }
        }
    }

    private static void AddCross(int target, SideColumns side, int i, int[,,] counts, Int128[,,] sums)
    {
        var units = side.Units[i];
        var d = units < 0 ? (int)EntryDirection.Credit : (int)EntryDirection.Debit;
        counts[target, side.Currency[i], d]++;
        sums[target, side.Currency[i], d] += units;
    }

    private static List<BalanceAdjustment> Lines(int side, int currency, int[,,,] counts, Int128[,,,] sums, int[,,] crossCounts, Int128[,,] crossSums)
    {
        var lines = new List<BalanceAdjustment>();
        foreach (var reason in Enum.GetValues<ExceptionReason>())
        {
            foreach (var direction in (ReadOnlySpan<EntryDirection>)[EntryDirection.Debit, EntryDirection.Credit])
            {
                var n = counts[side, currency, (int)reason, (int)direction];
                if (n > 0)
                {
                    lines.Add(new BalanceAdjustment(reason, direction, n, MoneyUnits.ToDecimal(sums[side, currency, (int)reason, (int)direction])));
                }
            }
        }

        foreach (var direction in (ReadOnlySpan<EntryDirection>)[EntryDirection.Debit, EntryDirection.Credit])
        {
            var n = crossCounts[side, currency, (int)direction];
            if (n > 0)
            {
                lines.Add(new BalanceAdjustment(ExceptionReason.CurrencyMismatch, direction, n, MoneyUnits.ToDecimal(crossSums[side, currency, (int)direction]))
                {
                    AcrossCurrencies = true,
                });
            }
        }

        return lines;
    }
}
