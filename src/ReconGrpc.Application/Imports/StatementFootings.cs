using ReconGrpc.Domain.Ledger;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Application.Imports;

/// <summary>
/// Adds up the lines of each statement in a bank file as they are replayed, and closes a statement at its
/// <see cref="StatementBalanceRecord"/> (which an adapter yields after the statement's lines), so each statement's
/// opening, movements and closing can be checked, and its declared totals against its lines.
/// </summary>
internal sealed class StatementFootings
{
    private readonly List<StatementFootingDraft> _closed = [];
    private int _lines;
    private int _unread;
    private decimal _credits;
    private decimal _debits;

    public IReadOnlyList<StatementFootingDraft> Closed => _closed;

    /// <summary>
    /// The statements that do not add up, as warnings at the lines that closed them; and lines after the last statement's
    /// balances, which no statement accounts for (a file cut short, or an adapter that closed no statement after them).
    /// </summary>
    public IEnumerable<RowProblem> Problems =>
        _closed.SelectMany(f => f.Problems().Select(p => new RowProblem(f.SourceLine, "balance", p)))
            .Concat(_closed.Count > 0 && _lines + _unread > 0
                ? [new RowProblem(_closed[^1].SourceLine, "balance",
                    $"{_lines + _unread} line(s) after {_closed[^1].Name} belong to no statement's balances, so nothing checks them: is the file cut short?")]
                : []);

    /// <summary>A line of the statement being read that is stored, now or by an earlier import of the same line.</summary>
    public void Add(StatementLineRecord line)
    {
        _lines++;
        if (line.Amount >= 0)
        {
            _credits += line.Amount;
        }
        else
        {
            _debits -= line.Amount;
        }
    }

    /// <summary>A row of the statement the adapter could not read, or that was refused: the sums lack it.</summary>
    public void AddUnread() => _unread++;

    public void Close(StatementBalanceRecord balance, int line)
    {
        _closed.Add(new StatementFootingDraft(_closed.Count + 1, line, balance.StatementNumber, balance.Account, balance.Currency ?? "CNY",
            balance.OpeningDate, balance.OpeningBalance, balance.ClosingDate, balance.ClosingBalance,
            _lines, _credits, _debits, _unread, balance.DeclaredCredits, balance.DeclaredDebits, balance.DeclaredCount));
        (_lines, _unread, _credits, _debits) = (0, 0, 0m, 0m);
    }
}
