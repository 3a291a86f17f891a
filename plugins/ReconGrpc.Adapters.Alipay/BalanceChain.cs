namespace ReconGrpc.Adapters.Alipay;

/// <summary>
/// Follows the running 账户余额 of a 账务明细 in constant memory to find the opening and closing balance. Downloads list
/// lines oldest first or newest first: when every balance is the one before it plus its line's amount, the file is in
/// booking order; when every balance is the one after it plus that line's amount, in reverse. When neither chain
/// holds, the earliest and the latest line by time stand for the first and last.
/// </summary>
internal sealed class BalanceChain
{
    private Entry _fileFirst;
    private Entry _previous;
    private Entry _earliest;
    private Entry _latest;
    private bool _forward = true;
    private bool _backward = true;
    private int _count;

    public DateOnly? FirstDate => _count > 0 ? DateOnly.FromDateTime(_earliest.When) : null;

    public DateOnly? LastDate => _count > 0 ? DateOnly.FromDateTime(_latest.When) : null;

    public void Add(DateOnly date, TimeOnly time, decimal amount, decimal? balance)
    {
        var entry = new Entry(date.ToDateTime(time), amount, balance);
        if (_count == 0)
        {
            _fileFirst = _earliest = _latest = entry;
        }
        else
        {
            if (balance is not { } b || _previous.Balance is not { } p)
            {
                _forward = _backward = false;
            }
            else
            {
                _forward &= p + amount == b;
                _backward &= b + _previous.Amount == p;
            }

            if (entry.When < _earliest.When)
            {
                _earliest = entry;
            }

            if (entry.When >= _latest.When)
            {
                _latest = entry;
            }
        }

        _previous = entry;
        _count++;
    }

    /// <summary>The balance before the first line and after the last, when the lines carry balances.</summary>
    public (decimal? Opening, decimal? Closing) Balances()
    {
        if (_count == 0)
        {
            return (null, null);
        }

        var (first, last) = _forward ? (_fileFirst, _previous) : _backward ? (_previous, _fileFirst) : (_earliest, _latest);
        return (first.Balance is { } opening ? opening - first.Amount : null, last.Balance);
    }

    private readonly record struct Entry(DateTime When, decimal Amount, decimal? Balance);
}
