using System.Globalization;
using System.Xml.Linq;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Camt053;

/// <summary>
/// Collects what one <c>Stmt</c> says of itself (its id, account, balances and declared totals) while its entries
/// stream past, and gives its <see cref="StatementBalanceRecord"/> at its end.
/// </summary>
internal sealed class StatementBuilder(long line)
{
    private readonly List<Balance> _interim = [];
    private Balance? _opening;
    private Balance? _previousClosing;
    private Balance? _closing;
    private string? _accountCurrency;
    private string? _balanceCurrency;
    private int? _declaredCount;
    private decimal? _declaredCredits;
    private decimal? _declaredDebits;
    private int _extraLines;
    private StatementInfo? _info;

    /// <summary>The line of the <c>Stmt</c> start tag.</summary>
    public long Line { get; } = line;

    public string? Id { get; set; }

    public string? Account { get; private set; }

    public int NotBooked { get; private set; }

    /// <summary>Our account and the statement's currency, fixed once the first entry is read (camt puts them before the entries).</summary>
    public StatementInfo Info => _info ??= new StatementInfo(Account, _accountCurrency ?? _balanceCurrency);

    /// <summary><c>Acct</c>: the IBAN or other account id, and the account's currency.</summary>
    public void SetAccount(XElement account)
    {
        Account = account.Text("Id", "IBAN") ?? account.Text("Id", "Othr", "Id");
        var currency = account.Text("Ccy");
        _accountCurrency = Elements.IsCurrency(currency) ? currency!.ToUpperInvariant() : null;
    }

    /// <summary><c>Bal</c>: OPBD or PRCD opens, CLBD closes, ITBD stands in for a missing one; CLAV, FWAV and the rest are not used.</summary>
    public void AddBalance(XElement balance, List<ImportRow> output)
    {
        var type = balance.Text("Tp", "CdOrPrtry", "Cd")?.ToUpperInvariant();
        if (type is not ("OPBD" or "PRCD" or "CLBD" or "ITBD"))
        {
            return;
        }

        var balanceLine = balance.LineOf(Line);
        var amountElement = balance.Child("Amt");
        var text = amountElement?.Value.Trim();
        if (!Elements.TryAmount(text, out var amount))
        {
            output.Add(new RowError(balanceLine, "Bal/Amt", text is null
                ? $"The {type} balance has no amount (Amt); the statement is read without it."
                : $"The {type} balance's amount '{text}' is not a number; expected digits with a decimal point such as 15568.27. The statement is read without it."));
            return;
        }

        var direction = balance.Text("CdtDbtInd");
        if (direction is not ("CRDT" or "DBIT"))
        {
            output.Add(new RowError(balanceLine, "Bal/CdtDbtInd",
                $"The {type} balance's CdtDbtInd is {(direction is null ? "missing" : $"'{direction}'")}; expected CRDT (in credit) or DBIT (overdrawn). The statement is read without it."));
            return;
        }

        DateOnly? date = null;
        if (Elements.TryDate(balance.Child("Dt"), out var parsed, out var written))
        {
            date = parsed;
        }
        else if (written is not null)
        {
            output.Add(new RowError(balanceLine, "Bal/Dt", $"The {type} balance's date '{written}' is not a date; expected yyyy-MM-dd. The balance is kept without its date."));
        }

        var currency = amountElement!.Attribute("Ccy")?.Value.Trim();
        if (Elements.IsCurrency(currency))
        {
            _balanceCurrency ??= currency!.ToUpperInvariant();
        }

        var value = new Balance(date, direction == "DBIT" ? -amount : amount);
        switch (type)
        {
            case "OPBD":
                _opening ??= value;
                break;
            case "PRCD":
                _previousClosing ??= value;
                break;
            case "CLBD":
                _closing ??= value;
                break;
            default:
                _interim.Add(value);
                break;
        }
    }

    /// <summary><c>TxsSummry</c>: the number of entries and the sums of credit and debit entries.</summary>
    public void AddSummary(XElement summary, List<ImportRow> output)
    {
        var summaryLine = summary.LineOf(Line);
        if (summary.Text("TtlNtries", "NbOfNtries") is { } count)
        {
            if (int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                _declaredCount = n;
            }
            else
            {
                output.Add(new RowError(summaryLine, "TtlNtries/NbOfNtries", $"The statement's entry count '{count}' is not a whole number; it is not checked."));
            }
        }

        _declaredCredits = Sum(summary, "TtlCdtNtries", summaryLine, output);
        _declaredDebits = Sum(summary, "TtlDbtNtries", summaryLine, output);
    }

    /// <summary>Counts what an entry gave: a split entry adds lines beyond the one the summary counts it as; a pending one is left out.</summary>
    public void Add(EntryOutcome outcome)
    {
        if (outcome.NotBooked)
        {
            NotBooked++;
        }
        else if (outcome.Lines > 1)
        {
            _extraLines += outcome.Lines - 1;
        }
    }

    public StatementBalanceRecord Build()
    {
        // A statement paged over several messages opens or closes a page with an interim balance (ITBD).
        var opening = _opening ?? _previousClosing;
        var closing = _closing;
        if (opening is null && closing is null)
        {
            if (_interim.Count >= 2)
            {
                (opening, closing) = (_interim[0], _interim[^1]);
            }
        }
        else if (opening is null && _interim.Count > 0)
        {
            opening = _interim[0];
        }
        else if (closing is null && _interim.Count > 0)
        {
            closing = _interim[^1];
        }

        return new StatementBalanceRecord(AmountConvention.CashFlow)
        {
            StatementNumber = Id,
            Account = Account,
            Currency = Info.Currency,
            OpeningDate = opening?.Date,
            OpeningBalance = opening?.Amount,
            ClosingDate = closing?.Date,
            ClosingBalance = closing?.Amount,
            DeclaredCount = _declaredCount + _extraLines,
            DeclaredCredits = _declaredCredits,
            DeclaredDebits = _declaredDebits,
        };
    }

    private static decimal? Sum(XElement summary, string name, long line, List<ImportRow> output)
    {
        if (summary.Text(name, "Sum") is not { } text)
        {
            return null;
        }

        if (Elements.TryAmount(text, out var sum))
        {
            return sum;
        }

        output.Add(new RowError(line, name + "/Sum", $"The statement's {name} sum '{text}' is not a number; it is not checked."));
        return null;
    }

    private sealed record Balance(DateOnly? Date, decimal Amount);
}
