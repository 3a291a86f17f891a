using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.ChineseBanks;

/// <summary>
/// Follows the lines of one statement (one account and currency of a download) in constant memory, to say which
/// line came first and which last in booking order, and so the opening and closing balance.
/// </summary>
/// <remarks>
/// Downloads list lines oldest first or newest first, and some (CMB's) in neither order. The running balance says
/// which: when every line's balance is the one before it plus the line's amount, the file is in booking order;
/// when every line's balance is the one after it plus that line's amount, it is in reverse. When neither chain
/// holds (or a balance is missing), the first line is the earliest date's and the last the latest date's, lines of
/// one date taken in file order — read backwards when the file's dates run newest first.
/// </remarks>
internal sealed class StatementTracker(string? account, string? currency)
{
    private Entry _fileFirst;
    private Entry _previous;
    private Entry _earliestFirst;
    private Entry _earliestLast;
    private Entry _latestFirst;
    private Entry _latestLast;
    private bool _forward = true;
    private bool _backward = true;

    public string? Account { get; } = account;

    public string? Currency { get; } = currency;

    public int Count { get; private set; }

    public void Add(DateOnly date, decimal amount, decimal? balance)
    {
        var entry = new Entry(date, amount, balance);
        if (Count == 0)
        {
            _fileFirst = _earliestFirst = _earliestLast = _latestFirst = _latestLast = entry;
        }
        else
        {
            // Forward: this balance = previous balance + this amount. Backward: previous balance = this balance + previous amount.
            if (balance is not { } b || _previous.Balance is not { } p)
            {
                _forward = _backward = false;
            }
            else
            {
                _forward &= p + amount == b;
                _backward &= b + _previous.Amount == p;
            }

            if (date < _earliestFirst.Date)
            {
                _earliestFirst = _earliestLast = entry;
            }
            else if (date == _earliestFirst.Date)
            {
                _earliestLast = entry;
            }

            if (date > _latestFirst.Date)
            {
                _latestFirst = _latestLast = entry;
            }
            else if (date == _latestFirst.Date)
            {
                _latestLast = entry;
            }
        }

        _previous = entry;
        Count++;
    }

    /// <summary>The balance record of the statement, with the totals its footer declared.</summary>
    public StatementBalanceRecord Finish(BankFooter? footer, DateOnly? from, DateOnly? to)
    {
        Entry first, last;
        if (Count == 0)
        {
            first = last = default;
        }
        else if (_forward)
        {
            (first, last) = (_fileFirst, _previous);
        }
        else if (_backward)
        {
            (first, last) = (_previous, _fileFirst);
        }
        else if (_fileFirst.Date > _previous.Date)
        {
            (first, last) = (_earliestLast, _latestFirst);
        }
        else
        {
            (first, last) = (_earliestFirst, _latestLast);
        }

        return new StatementBalanceRecord(AmountConvention.CashFlow)
        {
            Account = Account,
            Currency = Currency,
            OpeningDate = from ?? (Count > 0 ? _earliestFirst.Date : null),
            ClosingDate = to ?? (Count > 0 ? _latestFirst.Date : null),
            OpeningBalance = Count > 0 && first.Balance is { } opening ? opening - first.Amount : null,
            ClosingBalance = Count > 0 ? last.Balance : null,
            DeclaredCredits = footer?.Credits,
            DeclaredDebits = footer?.Debits,
            DeclaredCount = footer?.Count,
        };
    }

    private readonly record struct Entry(DateOnly Date, decimal Amount, decimal? Balance);
}
