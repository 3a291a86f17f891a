namespace ReconGrpc.Domain.Ledger;

/// <summary>An opening-balance entry (期初余额) as a balance sees it.</summary>
public sealed record OpeningBalanceEntry(long Id, string CustomerCode, DateOnly Date, string Currency, decimal Amount);

/// <summary>The totals of the entries a balance counts.</summary>
public sealed record BalanceTotals(decimal Balance, decimal DebitTotal, decimal CreditTotal, long EntryCount);

/// <summary>
/// Sums ledger entries the way the books carry a balance forward. An opening-balance entry dated D states the
/// customer's balance at the start of D, in its currency: it stands for every entry before D, so a balance on or after
/// D counts it and the entries from D on, and not those before it again. That is what makes consecutive exports of the
/// same books add up: a Yonyou T3 export for April opens with the balance that its January–March export ends with,
/// and counting both that opening balance and the first quarter's entries would count the quarter twice. It also makes
/// the order of imports irrelevant. Where a customer has several opening balances in a currency up to the date, the
/// latest holds; of two on the same day, the one stored last (a corrected export imported again).
/// </summary>
/// <remarks>
/// Entries can be added in any order: the opening balances are known up front (few: one per export), so each entry
/// is counted or not as it arrives and nothing has to be held or sorted.
/// </remarks>
public sealed class BroughtForwardBalance
{
    private readonly Dictionary<(string Customer, string Currency), OpeningBalanceEntry> _holding = [];
    private readonly SortedDictionary<string, (decimal Debit, decimal Credit, long Count)> _byCurrency = new(StringComparer.Ordinal);

    /// <param name="openings">Every opening-balance entry up to the balance's date, of the customers it covers.</param>
    public BroughtForwardBalance(IEnumerable<OpeningBalanceEntry> openings)
    {
        foreach (var opening in openings)
        {
            var key = (opening.CustomerCode, opening.Currency);
            if (!_holding.TryGetValue(key, out var held) || (opening.Date, opening.Id).CompareTo((held.Date, held.Id)) > 0)
            {
                _holding[key] = opening;
            }
        }
    }

    /// <summary>The currencies of the entries counted so far, in ordinal order.</summary>
    public IReadOnlyCollection<string> Currencies => _byCurrency.Keys;

    /// <summary>Counts the entry unless an opening balance of its customer stands for it.</summary>
    public void Add(long id, string customerCode, DateOnly date, DocumentType type, decimal amount, string currency)
    {
        if (_holding.TryGetValue((customerCode, currency), out var opening)
            && (type == DocumentType.OpeningBalance ? id != opening.Id : date < opening.Date))
        {
            return;
        }

        var (debit, credit, count) = _byCurrency.GetValueOrDefault(currency);
        _byCurrency[currency] = amount >= 0 ? (Amounts.Add(debit, amount), credit, count + 1) : (debit, Amounts.Add(credit, -amount), count + 1);
    }

    public BalanceTotals TotalsIn(string currency) =>
        _byCurrency.TryGetValue(currency, out var t) ? new BalanceTotals(Amounts.Add(t.Debit, -t.Credit), t.Debit, t.Credit, t.Count) : new BalanceTotals(0m, 0m, 0m, 0);
}
