using System.Globalization;

namespace ReconGrpc.Matching.Settlement;

/// <summary>
/// 三方对账 — a shop's orders against the payment platform's bill, and the bill's payouts against our bank statement.
/// Each of the period's orders is settled, refunded or open by the bill's sales and refunds that name it; fees are
/// totalled apart, and a fee charged twice for one order is shown; each payout is found on the bank statement or
/// said to be in transit. Keys are exact (order number, payout reference) and the walk is in date-then-id order, so
/// the same input always gives the same result.
/// </summary>
public static class SettlementMatcher
{
    public static SettlementResult Match(IReadOnlyList<OrderItem> orders, IReadOnlyList<BillItem> bill, IReadOnlyList<BankItem> bank, SettlementPeriod period,
        CancellationToken cancellationToken = default)
    {
        var walk = new Walk(InDateOrder(orders, o => o.Date, o => o.Id), InDateOrder(bill, b => b.Date, b => b.Id), InDateOrder(bank, b => b.Date, b => b.Id),
            period, cancellationToken);
        return walk.Run();
    }

    /// <summary>
    /// The items sorted by date, then id. Read from storage in that order already, so usually only checked, and then used
    /// as they are: a copy of a month's bill would be another couple of hundred megabytes.
    /// </summary>
    private static IReadOnlyList<T> InDateOrder<T>(IReadOnlyList<T> items, Func<T, DateOnly> date, Func<T, long> id)
    {
        for (var i = 1; i < items.Count; i++)
        {
            var (previous, current) = (items[i - 1], items[i]);
            if (date(previous) > date(current) || (date(previous) == date(current) && id(previous) > id(current)))
            {
                return [.. items.OrderBy(date).ThenBy(id)];
            }
        }

        return items;
    }

    private sealed class Walk(IReadOnlyList<OrderItem> orders, IReadOnlyList<BillItem> bill, IReadOnlyList<BankItem> bank, SettlementPeriod period,
        CancellationToken cancellationToken)
    {
        private readonly Dictionary<string, SettlementTotals> _totals = new(StringComparer.Ordinal);
        private readonly List<(DateOnly Date, SettlementItem Item)> _billItems = [];
        private readonly List<SettlementItem> _items = new(orders.Count + 16);

        // Each order's bill lines as a chain through the bill: first, last and next line by index (-1 ends it).
        private readonly int[] _first = Filled(orders.Count);
        private readonly int[] _last = Filled(orders.Count);
        private readonly int[] _next = Filled(bill.Count);

        public SettlementResult Run()
        {
            var byNumber = new Dictionary<string, int>(orders.Count, StringComparer.Ordinal);
            var repeated = new HashSet<int>();
            for (var o = 0; o < orders.Count; o++)
            {
                if (!byNumber.TryAdd(orders[o].OrderNumber, o))
                {
                    repeated.Add(o);
                }
            }

            var payouts = ReadBill(byNumber);
            for (var o = 0; o < orders.Count; o++)
            {
                CheckCancelled(o);
                if (period.Contains(orders[o].Date))
                {
                    _items.Add(SettleOrder(o, repeated.Contains(o)));
                }
            }

            _items.AddRange(_billItems.OrderBy(i => i.Date).ThenBy(i => i.Item.LineId).Select(i => i.Item));
            FindPayouts(payouts);
            foreach (var item in _items.Where(i => i.Outcome.IsException()))
            {
                TotalsOf(item.Currency).Exceptions++;
            }

            return new SettlementResult(_items, [.. _totals.Values.OrderBy(t => t.Currency, StringComparer.Ordinal)]);
        }

        /// <summary>
        /// Chains each line of a sale, refund or fee to its order; totals the period's; says which lines name no order of
        /// ours or an order of an earlier period; and gathers the payouts, explicit or as settlements paid as one sum.
        /// </summary>
        private List<Payout> ReadBill(Dictionary<string, int> byNumber)
        {
            var payoutLines = new List<int>();
            var settlements = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            for (var b = 0; b < bill.Count; b++)
            {
                CheckCancelled(b);
                var line = bill[b];
                var inPeriod = period.Contains(line.Date);
                if (line.Purpose is LinePurpose.Payout)
                {
                    payoutLines.Add(b);
                    continue;
                }

                if (line.SettlementId is { } settlement && line.Purpose is not null)
                {
                    (settlements.TryGetValue(settlement, out var members) ? members : settlements[settlement] = []).Add(b);
                }

                if (line.Purpose is not (LinePurpose.Sale or LinePurpose.Refund or LinePurpose.Fee))
                {
                    continue;
                }

                if (inPeriod)
                {
                    var totals = TotalsOf(line.Currency);
                    switch (line.Purpose)
                    {
                        case LinePurpose.Sale: totals.Sales += line.Amount; break;
                        case LinePurpose.Refund: totals.Refunds += line.Amount; break;
                        default: totals.Fees += line.Amount; totals.FeeLines++; break;
                    }
                }

                if (line.OrderNumber is { } number && byNumber.TryGetValue(number, out var o))
                {
                    if (period.Contains(orders[o].Date))
                    {
                        Chain(o, b);
                    }
                    else if (inPeriod && line.Purpose is not LinePurpose.Fee && orders[o].Date < period.Start)
                    {
                        AddBillItem(line, new SettlementItem(SettlementSubject.BillLine, line.Id, SettlementOutcome.EarlierOrder, line.Currency, line.Amount, 0,
                            [orders[o].Id], $"{Describe(line)} is of order {number} of {Day(orders[o].Date)}, before the period"));
                    }
                }
                else if (inPeriod && line.Purpose is not LinePurpose.Fee)
                {
                    AddBillItem(line, new SettlementItem(SettlementSubject.BillLine, line.Id, SettlementOutcome.UnknownOrder, line.Currency, line.Amount, line.Amount, [],
                        line.OrderNumber is { } unknown
                            ? $"{Describe(line)} is of order {unknown}, which the shop's orders do not hold"
                            : $"{Describe(line)} names no order"));
                }
            }

            return Payouts(payoutLines, settlements);
        }

        private SettlementItem SettleOrder(int o, bool repeated)
        {
            var order = orders[o];
            var totals = TotalsOf(order.Currency);
            totals.Orders++;
            totals.OrderAmount += order.Amount;
            decimal saleIn = 0, saleAll = 0, refundIn = 0, refundAll = 0;
            DateOnly? firstSale = null;
            var sold = false;
            var count = 0;
            for (var b = _first[o]; b >= 0; b = _next[b])
            {
                count++;
            }

            // One array per order, sized once: a million orders make no list each.
            var related = count == 0 ? [] : new long[count];
            var at = 0;
            List<int>? fees = null;
            List<int>? lateRefunds = null;
            for (var b = _first[o]; b >= 0; b = _next[b])
            {
                var line = bill[b];
                var inPeriod = line.Date <= period.End;
                related[at++] = line.Id;
                switch (line.Purpose)
                {
                    case LinePurpose.Sale:
                        sold = true;
                        firstSale ??= line.Date;
                        saleAll += line.Amount;
                        saleIn += inPeriod ? line.Amount : 0;
                        break;
                    case LinePurpose.Refund:
                        refundAll += line.Amount;
                        refundIn += inPeriod ? line.Amount : 0;
                        if (!inPeriod)
                        {
                            (lateRefunds ??= []).Add(b);
                        }

                        break;
                    case LinePurpose.Fee:
                        FindRepeatedFee(order, b, fees ??= []);
                        break;
                }
            }

            // A refund after the period is next month's only where the sale is this month's: with a late sale both are next month's.
            foreach (var late in saleIn != 0 ? lateRefunds ?? [] : [])
            {
                var line = bill[late];
                AddBillItem(line, new SettlementItem(SettlementSubject.BillLine, line.Id, SettlementOutcome.RefundAfterPeriod, line.Currency, line.Amount, line.Amount,
                    [order.Id], $"{Describe(line)} of order {order.OrderNumber} is after the period's end on {Day(period.End)}: the order counts as settled "
                                + "in this period and the refund in the next"));
            }

            var expected = order.Amount - (order.Refunded ?? 0);
            SettlementOutcome outcome;
            decimal difference;
            string? explanation = null;
            if (!sold)
            {
                (outcome, difference) = order.Refunded is not null && expected == 0 && refundAll == 0
                    ? (SettlementOutcome.Refunded, 0m)
                    : (SettlementOutcome.Open, refundAll - expected);
                explanation = outcome == SettlementOutcome.Refunded
                    ? "refunded in full before the platform settled it"
                    : $"order {order.OrderNumber} of {Day(order.Date)} for {Money(order.Amount)} is not settled on the bill"
                      + (refundAll != 0 ? $", which only refunds {Money(-refundAll)} of it" : "")
                      + (repeated ? "; its number appears twice in the orders, and the bill's lines went to the first" : "");
            }
            else
            {
                var agrees = order.Refunded is null
                    ? saleAll == order.Amount
                    : saleIn + refundIn == expected || saleAll + refundAll == expected;
                difference = agrees ? 0 : order.Refunded is null ? saleAll - order.Amount : saleAll + refundAll - expected;
                if (!agrees)
                {
                    outcome = SettlementOutcome.AmountDiffers;
                    explanation = $"the bill settles {Money(saleAll)}" + (refundAll != 0 ? $" less refunds of {Money(-refundAll)}" : "")
                        + $" for order {order.OrderNumber}, which is for {Money(order.Amount)}"
                        + (order.Refunded is { } refunded and not 0 ? $" with {Money(refunded)} refunded" : "") + $": {Money(difference)} apart";
                }
                else if (saleIn == 0)
                {
                    outcome = SettlementOutcome.SettledAfterPeriod;
                    explanation = $"settled on {Day(firstSale!.Value)}, after the period: the money was still with the platform at its end";
                }
                else
                {
                    var net = saleIn + refundIn;
                    // Refunded by what happened in the period: an export pulled after a refund of next month's still settles this month.
                    outcome = net == 0 ? SettlementOutcome.Refunded : SettlementOutcome.Settled;
                    explanation = outcome == SettlementOutcome.Settled && refundIn != 0 ? $"settled net of a refund of {Money(-refundIn)}" : null;
                }
            }

            switch (outcome)
            {
                case SettlementOutcome.Settled: totals.Settled++; break;
                case SettlementOutcome.Refunded: totals.Refunded++; break;
                case SettlementOutcome.Open: totals.Open++; break;
                case SettlementOutcome.SettledAfterPeriod: totals.SettledAfterPeriod++; break;
                default: totals.AmountDiffers++; break;
            }

            return new SettlementItem(SettlementSubject.Order, order.Id, outcome, order.Currency, order.Amount, difference, related, explanation);
        }

        /// <summary>A fee of the same kind and sum as one the order was already charged is charged twice.</summary>
        private void FindRepeatedFee(OrderItem order, int b, List<int> earlier)
        {
            var line = bill[b];
            foreach (var e in earlier)
            {
                var first = bill[e];
                if (first.Amount == line.Amount && string.Equals(first.Text, line.Text, StringComparison.Ordinal) && first.Currency == line.Currency)
                {
                    AddBillItem(line, new SettlementItem(SettlementSubject.BillLine, line.Id, SettlementOutcome.DuplicateFee, line.Currency, line.Amount, line.Amount,
                        [first.Id], $"{Describe(line)} charges order {order.OrderNumber} again: the same fee was charged on {Day(first.Date)} "
                                    + $"(line {first.Id}); claim it back from the platform"));
                    return;
                }
            }

            earlier.Add(b);
        }

        /// <summary>
        /// The payouts the bill shows: each payout line, and each settlement no payout line names, whose lines the platform
        /// paid as one sum on the day of its last line. Those of the period are the run's; those of the month before it
        /// only take the bank credits they reached (last month's payout in transit is no stranger's money this month);
        /// those after it are next month's. A payout line of the period that names a settlement must equal its lines.
        /// </summary>
        private List<Payout> Payouts(List<int> payoutLines, Dictionary<string, List<int>> settlements)
        {
            var payouts = new List<Payout>(payoutLines.Count + settlements.Count);
            var paidSettlements = payoutLines.Select(b => bill[b].SettlementId).OfType<string>().ToHashSet(StringComparer.Ordinal);
            foreach (var b in payoutLines.Where(b => bill[b].Date <= period.End))
            {
                var line = bill[b];
                payouts.Add(new Payout(line.Id, line.Date, -line.Amount, line.Currency, line.SettlementId, line.Reference, [line.Id]));
                if (line.Date >= period.Start && line.SettlementId is { } id && settlements.TryGetValue(id, out var members))
                {
                    var sum = members.Sum(m => bill[m].Amount);
                    if (sum != -line.Amount)
                    {
                        AddBillItem(line, new SettlementItem(SettlementSubject.BillLine, line.Id, SettlementOutcome.SettlementDiffers, line.Currency, line.Amount,
                            sum + line.Amount, [.. members.Select(m => bill[m].Id)],
                            $"payout {id} of {Money(-line.Amount)} on {Day(line.Date)} pays out a settlement whose {members.Count} lines add up to {Money(sum)}: "
                            + $"{Money(sum + line.Amount)} apart"));
                    }
                }
            }

            foreach (var (id, members) in settlements.Where(s => !paidSettlements.Contains(s.Key)))
            {
                var lines = members.Select(m => bill[m]).ToList();
                var day = lines.Max(l => l.Date);
                if (day <= period.End && lines.Select(l => l.Currency).Distinct().Count() == 1)
                {
                    payouts.Add(new Payout(lines.Min(l => l.Id), day, lines.Sum(l => l.Amount), lines[0].Currency, id, null, [.. lines.Select(l => l.Id).Order()]));
                }
            }

            return [.. payouts.OrderBy(p => p.Date).ThenBy(p => p.LineId)];
        }

        /// <summary>
        /// Each payout on the bank statement: first a credit that quotes its settlement or reference, then the first credit of
        /// its sum booked on its day or within the days a payout takes. What is left is in transit; money from the platform
        /// that no payout accounts for is shown too.
        /// </summary>
        private void FindPayouts(List<Payout> payouts)
        {
            var used = new bool[bank.Count];
            var byAmount = new Dictionary<(string, decimal), List<int>>();
            var byReference = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            for (var k = 0; k < bank.Count; k++)
            {
                var line = bank[k];
                if (line.Amount <= 0)
                {
                    continue;
                }

                (byAmount.TryGetValue((line.Currency, line.Amount), out var same) ? same : byAmount[(line.Currency, line.Amount)] = []).Add(k);
                if (line.Reference is { } reference)
                {
                    (byReference.TryGetValue(reference, out var quoted) ? quoted : byReference[reference] = []).Add(k);
                }
            }

            var bankEnd = bank.Count > 0 ? bank[^1].Date : (DateOnly?)null;
            var platformNames = new HashSet<string>(StringComparer.Ordinal);
            foreach (var payout in payouts)
            {
                var found = Quoting(payout, payout.SettlementId, byReference, used) ?? Quoting(payout, payout.Reference, byReference, used)
                    ?? Within(payout, byAmount, used);
                if (payout.Date < period.Start)
                {
                    if (found is { } earlier)
                    {
                        used[earlier] = true;
                    }

                    continue;
                }

                var totals = TotalsOf(payout.Currency);
                totals.Payouts += payout.Amount;
                totals.PayoutCount++;
                if (found is { } k)
                {
                    used[k] = true;
                    totals.PayoutsOnBank += payout.Amount;
                    if (bank[k].CounterpartyName is { } name)
                    {
                        platformNames.Add(name);
                    }

                    _items.Add(new SettlementItem(SettlementSubject.Payout, payout.LineId, SettlementOutcome.OnBank, payout.Currency, payout.Amount, 0, [bank[k].Id],
                        payout.Lines.Length > 1 ? $"settlement {payout.SettlementId} of {payout.Lines.Length} lines, paid as one sum" : null));
                    continue;
                }

                totals.InTransit += payout.Amount;
                var elsewhere = byAmount.TryGetValue((payout.Currency, payout.Amount), out var same) ? same.FirstOrDefault(c => !used[c], -1) : -1;
                _items.Add(new SettlementItem(SettlementSubject.Payout, payout.LineId, SettlementOutcome.InTransit, payout.Currency, payout.Amount, -payout.Amount,
                    payout.Lines.Length > 1 ? payout.Lines : [],
                    $"payout of {Money(payout.Amount)} on {Day(payout.Date)}"
                    + (payout.SettlementId is { } settlement ? $" (settlement {settlement})" : "")
                    + (bankEnd is { } end ? $" is not on the bank statement, which runs to {Day(end)}" : " is not on the bank statement, which has no lines")
                    + (elsewhere >= 0 ? $"; a credit of the same sum was booked on {Day(bank[elsewhere].Date)} (line {bank[elsewhere].Id}), outside the {period.PayoutDays} days a payout takes"
                        : ": in transit, or ask the platform where it went")));
            }

            for (var k = 0; k < bank.Count; k++)
            {
                CheckCancelled(k);
                var line = bank[k];
                if (!used[k] && line.Amount > 0 && period.Contains(line.Date)
                    && (line.FromPlatform || (line.CounterpartyName is { } name && platformNames.Contains(name))))
                {
                    _items.Add(new SettlementItem(SettlementSubject.BankLine, line.Id, SettlementOutcome.NoPayout, line.Currency, line.Amount, line.Amount, [],
                        $"{Money(line.Amount)} from {line.CounterpartyName ?? "the platform"} on {Day(line.Date)} that no payout on the bill accounts for"));
                }
            }
        }

        private int? Quoting(Payout payout, string? key, Dictionary<string, List<int>> byReference, bool[] used) =>
            key is not null && byReference.TryGetValue(key, out var quoted)
                ? quoted.Where(k => !used[k] && bank[k].Amount == payout.Amount && bank[k].Currency == payout.Currency).Select(k => (int?)k).FirstOrDefault()
                : null;

        private int? Within(Payout payout, Dictionary<(string, decimal), List<int>> byAmount, bool[] used)
        {
            if (!byAmount.TryGetValue((payout.Currency, payout.Amount), out var same))
            {
                return null;
            }

            var last = payout.Date.AddDays(period.PayoutDays);
            foreach (var k in same)
            {
                if (!used[k] && bank[k].Date >= payout.Date && bank[k].Date <= last)
                {
                    return k;
                }
            }

            return null;
        }

        private void CheckCancelled(int index)
        {
            if ((index & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        private void Chain(int o, int b)
        {
            if (_last[o] < 0)
            {
                _first[o] = b;
            }
            else
            {
                _next[_last[o]] = b;
            }

            _last[o] = b;
        }

        private SettlementTotals TotalsOf(string currency) =>
            _totals.TryGetValue(currency, out var totals) ? totals : _totals[currency] = new SettlementTotals(currency);

        private void AddBillItem(BillItem line, SettlementItem item) => _billItems.Add((line.Date, item));

        private static int[] Filled(int length)
        {
            var array = new int[length];
            Array.Fill(array, -1);
            return array;
        }
    }

    private sealed record Payout(long LineId, DateOnly Date, decimal Amount, string Currency, string? SettlementId, string? Reference, long[] Lines);

    private static string Describe(BillItem line) => line.Purpose switch
    {
        LinePurpose.Sale => $"the sale of {Money(line.Amount)} on {Day(line.Date)}",
        LinePurpose.Refund => $"the refund of {Money(-line.Amount)} on {Day(line.Date)}",
        LinePurpose.Fee => $"the fee of {Money(-line.Amount)}{(line.Text is { } kind ? $" ({kind})" : "")} on {Day(line.Date)}",
        _ => $"the line of {Money(line.Amount)} on {Day(line.Date)}",
    };

    private static string Money(decimal amount) => amount.ToString("#,##0.00", CultureInfo.InvariantCulture);

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
