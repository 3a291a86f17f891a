using System.Globalization;
using ReconGrpc.Adapters.Shared.Tabular;
using ReconGrpc.Adapters.Shared.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.YonyouT3;

/// <summary>Whose detail ledger is being read.</summary>
internal enum LedgerSide
{
    /// <summary>Our own receivable (应收账款 / 客户往来明细账): entries of our ledger.</summary>
    OurReceivable,

    /// <summary>A customer's own payable (应付账款 / 供应商往来明细账), sent as its statement: the mirror of ours.</summary>
    TheirPayable,
}

/// <summary>
/// Reads the rows of a T3 三栏式 detail ledger below its header: the 期初余额 row becomes an opening-balance
/// record, each posting a record, and the 本月合计 / 本年累计 / 本期合计 / 小计 / 合计 rows are checked against
/// the postings before them (a disagreement is a row error on the summary's line) and never imported.
/// </summary>
internal sealed class LedgerReader
{
    private static readonly HashSet<string> OpeningLabels = ["期初余额", "上年结转", "年初余额", "上月结转", "期初"];
    private static readonly HashSet<string> MonthLabels = ["本月合计", "本月小计", "当月合计"];
    private static readonly HashSet<string> YearLabels = ["本年累计", "本年合计", "累计"];
    private static readonly HashSet<string> PeriodLabels = ["本期合计", "合计", "总计", "小计"];
    private static readonly HashSet<string> PageLabels = ["承前页", "过次页"];

    private readonly TabularReader _reader;
    private readonly Dictionary<T3Column, int> _columns;
    private readonly T3Preamble _preamble;
    private readonly LedgerSide _side;
    private readonly int? _year;
    private readonly T3Party? _defaultParty;
    private readonly Dictionary<string, PartyState> _parties = [];
    private bool _summariesSeen;

    public LedgerReader(TabularReader reader, Dictionary<T3Column, int> columns, T3Preamble preamble, LedgerSide side, int? year, T3Party? defaultParty)
    {
        _reader = reader;
        _columns = columns;
        _preamble = preamble;
        _side = side;
        _year = year;
        _defaultParty = defaultParty;
    }

    private bool HasPartyColumns => Has(T3Column.PartyCode) || Has(T3Column.PartyName) || Has(T3Column.CustomerCode) || Has(T3Column.CustomerName);

    /// <summary>Reads the current row.</summary>
    public IEnumerable<ImportRow> Read()
    {
        if (_reader.IsBlankRow)
        {
            return [];
        }

        var label = Label();
        if (label is null)
        {
            return Posting();
        }

        if (PageLabels.Contains(label))
        {
            return [];
        }

        if (OpeningLabels.Contains(label))
        {
            return Opening();
        }

        _summariesSeen |= MonthLabels.Contains(label);
        return Summary(label);
    }

    /// <summary>Checks that the file did not stop before the totals of its last month: a cut-off file is refused whole.</summary>
    public void Finish()
    {
        if (!_summariesSeen)
        {
            return;
        }

        foreach (var party in _parties.Values)
        {
            if (party.CurrentMonth is { } month && party.PostingsInMonth > 0 && party.LastSummarizedMonth != month)
            {
                throw new ImportException(
                    $"The ledger ends after the postings of {MonthName(month)}{PartyText(party)} without their 本月合计 row, although every other month has one: "
                    + "the file appears to be cut off. Export or send it again.", _reader.Line);
            }
        }
    }

    private IEnumerable<ImportRow> Opening()
    {
        var party = Party();
        var line = _reader.Line;
        var errors = new List<ImportRow>();
        var signed = SignedBalance(errors);
        if (signed is null && errors.Count == 0)
        {
            // Some exports give the opening balance as a debit or credit figure instead of 方向 and 余额.
            var debit = Amount(T3Column.Debit, errors) ?? 0m;
            var credit = Amount(T3Column.Credit, errors) ?? 0m;
            signed = debit - credit;
        }

        var date = OpeningDate();
        if (errors.Count > 0)
        {
            party.BalanceTainted = true;
            return errors;
        }

        party.Balance = signed!.Value;
        party.BalanceKnown = true;
        if (signed == 0m)
        {
            return [];
        }

        return [new RecordRow(line, MakeRecord(party, date, DocumentType.OpeningBalance, signed.Value, null, null, "期初余额", null, signed))];
    }

    private IEnumerable<ImportRow> Posting()
    {
        var party = Party();
        var line = _reader.Line;
        var errors = new List<ImportRow>();
        var (month, date) = PostingDate(party, errors);
        var debit = Amount(T3Column.Debit, errors);
        var credit = Amount(T3Column.Credit, errors);
        if (debit is null && credit is null && errors.Count == 0)
        {
            errors.Add(new RowError(line, null, "The row has neither a 借方 nor a 贷方 amount."));
        }

        var balanceAfter = SignedBalance([]);
        if (month is { } m && party.CurrentMonth != m)
        {
            party.StartMonth(m);
        }

        if (errors.Count > 0)
        {
            party.Taint();
            return errors;
        }

        var amount = (debit ?? 0m) - (credit ?? 0m);
        party.Post(debit ?? 0m, credit ?? 0m);
        var summary = Text(T3Column.Summary);
        var ourAmount = _side == LedgerSide.OurReceivable ? amount : -amount;
        var type = DocumentTypeRules.Infer(summary, ourAmount, debit < 0 || credit < 0);
        var documentNumber = Text(T3Column.Ticket) ?? DocumentTypeRules.DocumentNumberIn(summary);
        return [new RecordRow(line, MakeRecord(party, date!.Value, type, amount, debit, credit, summary, documentNumber, balanceAfter))];
    }

    private IEnumerable<ImportRow> Summary(string label)
    {
        var line = _reader.Line;
        var errors = new List<ImportRow>();
        var givenDebit = Amount(T3Column.Debit, errors) ?? 0m;
        var givenCredit = Amount(T3Column.Credit, errors) ?? 0m;
        var givenBalance = SignedBalance(errors);
        if (errors.Count > 0)
        {
            return errors;
        }

        var rowParty = RowParty();
        var grand = HasPartyColumns && rowParty is null;
        var parties = grand ? _parties.Values.ToList() : [Party()];
        decimal expectedDebit, expectedCredit;
        bool tainted;
        string scope;
        if (MonthLabels.Contains(label))
        {
            var party = parties[0];
            var month = Month() ?? party.CurrentMonth;
            var sameMonth = month is not null && month == party.CurrentMonth;
            expectedDebit = sameMonth ? party.MonthDebit : 0m;
            expectedCredit = sameMonth ? party.MonthCredit : 0m;
            tainted = sameMonth && party.MonthTainted;
            scope = month is { } m ? $"the postings of {MonthName(m)}" : "the postings of the month";
            if (month is { } summarized)
            {
                party.LastSummarizedMonth = summarized;
            }
        }
        else if (YearLabels.Contains(label))
        {
            var party = parties[0];
            if (party.YearBaseline is null)
            {
                // Without the months before the file's first, 本年累计 can only be checked from its second appearance on.
                var startsTheYear = (_preamble.FromMonth ?? party.FirstMonth) == 1;
                party.YearBaseline = startsTheYear ? (0m, 0m) : (givenDebit - party.PeriodDebit, givenCredit - party.PeriodCredit);
            }

            expectedDebit = party.YearBaseline.Value.Debit + party.PeriodDebit;
            expectedCredit = party.YearBaseline.Value.Credit + party.PeriodCredit;
            tainted = party.PeriodTainted;
            scope = "the year's postings";
        }
        else
        {
            expectedDebit = parties.Sum(p => p.PeriodDebit);
            expectedCredit = parties.Sum(p => p.PeriodCredit);
            tainted = parties.Any(p => p.PeriodTainted);
            scope = grand ? "the postings of every party" : "the period's postings";
        }

        var shownLabel = ValueParser.Clean(label);
        if (!tainted && givenDebit != expectedDebit)
        {
            errors.Add(new RowError(line, Heading(T3Column.Debit),
                $"{shownLabel} 借方 is {ValueParser.Format(givenDebit)}, but {scope} add up to {ValueParser.Format(expectedDebit)} (a difference of {ValueParser.Format(givenDebit - expectedDebit)})."));
        }

        if (!tainted && givenCredit != expectedCredit)
        {
            errors.Add(new RowError(line, Heading(T3Column.Credit),
                $"{shownLabel} 贷方 is {ValueParser.Format(givenCredit)}, but {scope} add up to {ValueParser.Format(expectedCredit)} (a difference of {ValueParser.Format(givenCredit - expectedCredit)})."));
        }

        if (givenBalance is { } balance && parties.Count > 0 && parties.All(p => p.BalanceKnown && !p.BalanceTainted))
        {
            var expectedBalance = parties.Sum(p => p.Balance);
            if (balance != expectedBalance)
            {
                errors.Add(new RowError(line, Heading(T3Column.Balance),
                    $"{shownLabel} 余额 is {Describe(balance)}, but the opening balance and the postings give {Describe(expectedBalance)}."));
            }
        }

        return errors;
    }

    private ImportRecord MakeRecord(PartyState party, DateOnly date, DocumentType type, decimal amount, decimal? debit, decimal? credit, string? summary, string? documentNumber, decimal? balanceAfter)
    {
        var currency = ValueParser.CurrencyCode(Text(T3Column.Currency)) ?? _preamble.Currency;
        if (_side == LedgerSide.OurReceivable)
        {
            return new LedgerEntryRecord(party.Code, party.Name, date, type, amount)
            {
                DocumentNumber = documentNumber,
                VoucherNumber = Text(T3Column.Voucher),
                Debit = debit,
                Credit = credit,
                Currency = currency,
                DueDate = DueDate(),
                Reference = Text(T3Column.BusinessNumber),
                Memo = summary,
            };
        }

        return new StatementLineRecord(date, amount, AmountConvention.CounterpartyLedger)
        {
            DocumentType = type,
            CounterpartyCode = party.Code,
            CounterpartyName = party.Name,
            DocumentNumber = documentNumber,
            VoucherNumber = Text(T3Column.Voucher),
            Reference = Text(T3Column.BusinessNumber),
            Text = summary,
            Currency = currency,
            Debit = debit,
            Credit = credit,
            Balance = balanceAfter,
        };
    }

    /// <summary>The label of a 期初余额 or summary row, wherever in the row T3 put it; null for a posting.</summary>
    private string? Label()
    {
        if (Text(T3Column.Summary) is { } summary && IsLabel(ValueParser.HeaderKey(summary)))
        {
            return ValueParser.HeaderKey(summary);
        }

        for (var i = 0; i < _reader.FieldCount; i++)
        {
            if (_reader[i] is string text && IsLabel(ValueParser.HeaderKey(text)))
            {
                return ValueParser.HeaderKey(text);
            }
        }

        return null;

        static bool IsLabel(string key) =>
            OpeningLabels.Contains(key) || MonthLabels.Contains(key) || YearLabels.Contains(key) || PeriodLabels.Contains(key) || PageLabels.Contains(key);
    }

    private T3Party? RowParty()
    {
        var code = Text(T3Column.PartyCode) ?? Text(T3Column.CustomerCode);
        var name = Text(T3Column.PartyName) ?? Text(T3Column.CustomerName);
        if (code is null && name is null)
        {
            return null;
        }

        // A single 客户 column may hold "0101001 上海华联超市有限公司".
        return code is null ? T3Party.Parse(name) : new T3Party(code, name);
    }

    private PartyState Party()
    {
        var party = RowParty() ?? _defaultParty;
        if (party is null && _side == LedgerSide.OurReceivable)
        {
            throw new ImportException(
                "The ledger names no customer: it has no 客户 filter row above the header and no 客户 column. Name the customer with the customer option.",
                _reader.Line);
        }

        var key = party?.Code ?? party?.Name ?? string.Empty;
        if (!_parties.TryGetValue(key, out var state))
        {
            state = new PartyState(party?.Code, party?.Name);
            _parties.Add(key, state);
        }

        return state;
    }

    private (int? Month, DateOnly? Date) PostingDate(PartyState party, List<ImportRow> errors)
    {
        var line = _reader.Line;
        if (Has(T3Column.Month) || Has(T3Column.Day))
        {
            var month = Month() ?? party.CurrentMonth;
            var dayValue = Has(T3Column.Day) ? _reader[_columns[T3Column.Day]] : null;
            var dayOutcome = ValueParser.ParseInteger(dayValue, out var day);
            var shown = $"{ValueParser.Text(Has(T3Column.Month) ? _reader[_columns[T3Column.Month]] : null) ?? "?"}月{ValueParser.Text(dayValue) ?? "?"}日";
            if (month is null || dayOutcome != ParseOutcome.Parsed)
            {
                errors.Add(new RowError(line, month is null ? Heading(T3Column.Month) : Heading(T3Column.Day), $"'{shown}' is not a date: the posting needs a month and a day."));
                return (month, null);
            }

            var year = Year();
            if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, Math.Clamp(month.Value, 1, 12)))
            {
                errors.Add(new RowError(line, Heading(T3Column.Day), $"'{year}年{shown}' is not a date."));
                return (month is >= 1 and <= 12 ? month : null, null);
            }

            return (month, new DateOnly(year, month.Value, day));
        }

        if (Has(T3Column.Date))
        {
            var value = _reader[_columns[T3Column.Date]];
            switch (ValueParser.ParseDate(value, _year, out var date))
            {
                case ParseOutcome.Parsed:
                    return (date.Month, date);
                case ParseOutcome.Blank:
                    errors.Add(new RowError(line, Heading(T3Column.Date), "The posting has no date."));
                    return (null, null);
                default:
                    errors.Add(new RowError(line, Heading(T3Column.Date), $"'{ValueParser.Text(value)}' is not a date (expected 2024-01-05, 2024.01.05, 2024年1月5日 or 01-05)."));
                    return (null, null);
            }
        }

        throw new ImportException("The ledger header has no date columns (月 and 日, or 日期).", _reader.Line);
    }

    private DateOnly OpeningDate()
    {
        if (Has(T3Column.Date) && ValueParser.ParseDate(_reader[_columns[T3Column.Date]], _year, out var given) == ParseOutcome.Parsed)
        {
            return given;
        }

        return new DateOnly(Year(), _preamble.FromMonth ?? 1, 1);
    }

    private int Year() =>
        _year ?? throw new ImportException(
            "The ledger names no year (no 2024年 heading and no 期间 filter row); name it with the year option.", _reader.Line);

    private int? Month()
    {
        if (!Has(T3Column.Month))
        {
            return null;
        }

        return ValueParser.ParseInteger(_reader[_columns[T3Column.Month]], out var month) == ParseOutcome.Parsed ? month : null;
    }

    private DateOnly? DueDate() =>
        Has(T3Column.DueDate) && ValueParser.ParseDate(_reader[_columns[T3Column.DueDate]], _year, out var due) == ParseOutcome.Parsed ? due : null;

    private decimal? Amount(T3Column column, List<ImportRow> errors)
    {
        if (!Has(column))
        {
            return null;
        }

        var value = _reader[_columns[column]];
        switch (ValueParser.ParseAmount(value, out var amount))
        {
            case ParseOutcome.Parsed:
                return amount;
            case ParseOutcome.Invalid:
                errors.Add(new RowError(_reader.Line, Heading(column),
                    $"'{ValueParser.Text(value)}' in {Heading(column)} is not an amount (expected a number such as 23,400.00 or -2,340.00)."));
                return null;
            default:
                return null;
        }
    }

    /// <summary>The row's 余额 signed by its 方向 (借 positive, 贷 negative, 平 zero), or null when it has none.</summary>
    private decimal? SignedBalance(List<ImportRow> errors)
    {
        var balance = Amount(T3Column.Balance, errors);
        var direction = Text(T3Column.Direction);
        if (direction is null)
        {
            return balance;
        }

        switch (ValueParser.HalfWidth(direction))
        {
            case "平":
                return 0m;
            case "借":
                return balance is null ? null : Math.Abs(balance.Value);
            case "贷":
                return balance is null ? null : -Math.Abs(balance.Value);
            default:
                errors.Add(new RowError(_reader.Line, Heading(T3Column.Direction), $"'{direction}' in {Heading(T3Column.Direction)} is not 借, 贷 or 平."));
                return null;
        }
    }

    private string? Text(T3Column column) => Has(column) ? _reader.Text(_columns[column]) : null;

    private bool Has(T3Column column) => _columns.ContainsKey(column);

    private string Heading(T3Column column) => column switch
    {
        T3Column.Debit => "借方",
        T3Column.Credit => "贷方",
        T3Column.Balance => "余额",
        T3Column.Direction => "方向",
        T3Column.Month => "月",
        T3Column.Day => "日",
        T3Column.Date => "日期",
        _ => column.ToString(),
    };

    private string MonthName(int month) =>
        _year is { } year ? $"{year}-{month:00}" : string.Create(CultureInfo.InvariantCulture, $"month {month}");

    private static string PartyText(PartyState party) =>
        party.Code is null && party.Name is null ? string.Empty : $" of {string.Join(' ', new[] { party.Code, party.Name }.Where(s => s is not null))}";

    private static string Describe(decimal signed) => signed switch
    {
        > 0 => $"借 {ValueParser.Format(signed)}",
        < 0 => $"贷 {ValueParser.Format(-signed)}",
        _ => "平 0.00",
    };

    /// <summary>Running figures of one party's ledger, for checking its summary rows.</summary>
    private sealed class PartyState(string? code, string? name)
    {
        public string? Code { get; } = code;

        public string? Name { get; } = name;

        public decimal Balance { get; set; }

        public bool BalanceKnown { get; set; }

        public bool BalanceTainted { get; set; }

        public int? FirstMonth { get; private set; }

        public int? CurrentMonth { get; private set; }

        public int PostingsInMonth { get; private set; }

        public decimal MonthDebit { get; private set; }

        public decimal MonthCredit { get; private set; }

        public bool MonthTainted { get; private set; }

        public decimal PeriodDebit { get; private set; }

        public decimal PeriodCredit { get; private set; }

        public bool PeriodTainted { get; private set; }

        public (decimal Debit, decimal Credit)? YearBaseline { get; set; }

        public int? LastSummarizedMonth { get; set; }

        public void StartMonth(int month)
        {
            FirstMonth ??= month;
            CurrentMonth = month;
            PostingsInMonth = 0;
            MonthDebit = 0m;
            MonthCredit = 0m;
            MonthTainted = false;
        }

        public void Post(decimal debit, decimal credit)
        {
            PostingsInMonth++;
            MonthDebit += debit;
            MonthCredit += credit;
            PeriodDebit += debit;
            PeriodCredit += credit;
            Balance += debit - credit;
        }

        /// <summary>A posting could not be read: totals that include it can no longer be checked.</summary>
        public void Taint()
        {
            PostingsInMonth++;
            MonthTainted = true;
            PeriodTainted = true;
            BalanceTainted = true;
        }
    }
}
