using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Ofx;

/// <summary>
/// Turns the token stream of an OFX file into statement lines and one balance per bank (<c>STMTRS</c>) or
/// credit-card (<c>CCSTMTRS</c>) statement. Only the aggregates it needs are tracked; an unknown tag is a leaf
/// whose value is ignored, and an end tag of a leaf (2.x XML) or of an unknown aggregate is passed over.
/// </summary>
internal sealed class OfxStatementReader
{
    private readonly List<Aggregate> _stack = [];
    private readonly string? _account;
    private readonly Transaction _transaction = new();
    private readonly List<string> _accountsSeen = [];
    private Statement? _statement;
    private Status? _status;
    private bool _started;
    private int _statements;
    private int _statementsRead;

    /// <param name="account">Only the statements of this account (its ACCTID) are read; <see langword="null"/> reads all.</param>
    public OfxStatementReader(string? account) => _account = account;

    private enum Aggregate
    {
        Ofx,
        SignOn,
        Status,
        StatementResponse,
        Statement,
        AccountFrom,
        AccountTo,
        TransactionList,
        Transaction,
        Payee,
        LedgerBalance,
        Currency,
        OriginalCurrency,
    }

    /// <summary>The rows produced by the last token; the caller yields and clears them.</summary>
    public List<ImportRow> Pending { get; } = [];

    /// <summary>True once <c>&lt;/OFX&gt;</c> has been read.</summary>
    public bool Finished { get; private set; }

    /// <summary>Handles one token.</summary>
    /// <exception cref="ImportException">The file does not start with <c>&lt;OFX&gt;</c>, or the server reported an error.</exception>
    public void Handle(OfxToken kind, OfxTokenizer token)
    {
        if (!_started)
        {
            if (kind != OfxToken.Open || !token.Name.SequenceEqual("OFX"))
            {
                throw new ImportException(
                    $"Line {token.Line} holds <{(kind == OfxToken.Close ? "/" : string.Empty)}{token.Name}> where the OFX body must start with <OFX>: the file is not OFX or is damaged.",
                    token.Line);
            }

            _started = true;
            _stack.Add(Aggregate.Ofx);
            return;
        }

        if (kind == OfxToken.Close)
        {
            Close(token.Name, token.Line);
            return;
        }

        var name = token.Name;
        if (token.Value.IsEmpty)
        {
            if (!token.SelfClosing && AggregateOf(name) is { } aggregate)
            {
                Open(aggregate, token.Line);
            }

            return;
        }

        Leaf(name, token);
    }

    /// <summary>Checks the end of the file.</summary>
    /// <exception cref="ImportException">The file ends before <c>&lt;/OFX&gt;</c>, or holds no statement (of the account asked for).</exception>
    public void Finish(long lastLine)
    {
        if (!Finished)
        {
            var where = _stack.Contains(Aggregate.Transaction)
                ? $"inside the STMTTRN that starts on line {_transaction.Line}"
                : !_started ? "before any <OFX> element" : "without the closing </OFX>";
            throw new ImportException($"The file ends on line {lastLine} {where}: it is truncated. Download the statement again.", lastLine);
        }

        if (_statements == 0)
        {
            throw new ImportException(
                "The OFX file holds no bank or credit-card statement (STMTRS or CCSTMTRS); investment and other statements are not read by this adapter.");
        }

        if (_account is not null && _statementsRead == 0)
        {
            throw new ImportException(
                $"The file holds no statement of account '{_account}' (the account option); it holds statements of {string.Join(", ", _accountsSeen.Distinct())}.");
        }
    }

    private static Aggregate? AggregateOf(ReadOnlySpan<char> name) => name switch
    {
        "SONRS" => Aggregate.SignOn,
        "STATUS" => Aggregate.Status,
        "STMTTRNRS" or "CCSTMTTRNRS" => Aggregate.StatementResponse,
        "STMTRS" or "CCSTMTRS" => Aggregate.Statement,
        "BANKACCTFROM" or "CCACCTFROM" => Aggregate.AccountFrom,
        "BANKACCTTO" or "CCACCTTO" => Aggregate.AccountTo,
        "BANKTRANLIST" => Aggregate.TransactionList,
        "STMTTRN" => Aggregate.Transaction,
        "PAYEE" => Aggregate.Payee,
        "LEDGERBAL" => Aggregate.LedgerBalance,
        "CURRENCY" => Aggregate.Currency,
        "ORIGCURRENCY" => Aggregate.OriginalCurrency,
        "OFX" => Aggregate.Ofx,
        _ => null,
    };

    private Aggregate Top => _stack[^1];

    private Aggregate? Parent => _stack.Count > 1 ? _stack[^2] : null;

    private void Open(Aggregate aggregate, long line)
    {
        switch (aggregate)
        {
            case Aggregate.Status:
                _status = new Status(line);
                break;
            case Aggregate.Statement:
                _statement = new Statement(line);
                _statements++;
                break;
            case Aggregate.Transaction:
                if (_stack.LastIndexOf(Aggregate.Transaction) is >= 0 and var open)
                {
                    // 1.x without </STMTTRN>: the previous transaction cannot be trusted to be whole.
                    PopTo(open, line, "<STMTTRN>");
                }

                _transaction.Reset(line);
                break;
        }

        _stack.Add(aggregate);
    }

    private void Close(ReadOnlySpan<char> name, long line)
    {
        if (AggregateOf(name) is not { } aggregate)
        {
            return;
        }

        var at = _stack.LastIndexOf(aggregate);
        if (at < 0)
        {
            return;
        }

        PopTo(at + 1, line, "</" + name.ToString() + ">");
        _stack.RemoveAt(at);
        Closed(aggregate, line, implicitly: null);
    }

    /// <summary>Closes the aggregates above <paramref name="index"/> that were never closed themselves.</summary>
    private void PopTo(int index, long line, string closedBy)
    {
        while (_stack.Count > index)
        {
            var aggregate = _stack[^1];
            _stack.RemoveAt(_stack.Count - 1);
            Closed(aggregate, line, closedBy);
        }
    }

    private void Closed(Aggregate aggregate, long line, string? implicitly)
    {
        switch (aggregate)
        {
            case Aggregate.Ofx:
                Finished = true;
                break;
            case Aggregate.Status:
                CheckStatus();
                break;
            case Aggregate.Transaction when implicitly is not null:
                Pending.Add(new RowError(_transaction.Line, "STMTTRN",
                    $"The STMTTRN that starts on line {_transaction.Line} is not closed with </STMTTRN> before {implicitly} on line {line}; it was left out as possibly incomplete."));
                break;
            case Aggregate.Transaction:
                EmitTransaction();
                break;
            case Aggregate.Statement:
                EmitBalance();
                _statement = null;
                break;
        }
    }

    private void Leaf(ReadOnlySpan<char> name, OfxTokenizer token)
    {
        switch (Top)
        {
            case Aggregate.Transaction:
                TransactionLeaf(name, token);
                break;
            case Aggregate.Payee when Parent == Aggregate.Transaction && name.SequenceEqual("NAME"):
                _transaction.PayeeName = token.ValueText();
                break;
            case Aggregate.AccountTo when Parent == Aggregate.Transaction && name.SequenceEqual("ACCTID"):
                _transaction.CounterpartyAccount = token.ValueText();
                break;
            case Aggregate.Currency or Aggregate.OriginalCurrency when Parent == Aggregate.Transaction && name.SequenceEqual("CURSYM"):
                if (Top == Aggregate.Currency)
                {
                    _transaction.Currency = (token.ValueText(), token.Line);
                }
                else
                {
                    _transaction.OriginalCurrency = token.ValueText();
                }

                break;
            case Aggregate.Statement when _statement is not null && name.SequenceEqual("CURDEF"):
                _statement.Currency = (token.ValueText(), token.Line);
                break;
            case Aggregate.AccountFrom when _statement is not null && Parent == Aggregate.Statement:
                if (name.SequenceEqual("ACCTID"))
                {
                    _statement.Account = token.ValueText();
                    _accountsSeen.Add(_statement.Account);
                }

                break;
            case Aggregate.LedgerBalance when _statement is not null && Parent == Aggregate.Statement:
                if (name.SequenceEqual("BALAMT"))
                {
                    _statement.Balance = (token.ValueText(), token.Line);
                }
                else if (name.SequenceEqual("DTASOF"))
                {
                    _statement.BalanceDate = (token.ValueText(), token.Line);
                }

                break;
            case Aggregate.Status when _status is not null:
                switch (name)
                {
                    case "CODE":
                        _status.Code = token.ValueText();
                        break;
                    case "SEVERITY":
                        _status.Severity = token.ValueText();
                        break;
                    case "MESSAGE":
                        _status.Message = token.ValueText();
                        break;
                }

                break;
        }
    }

    private void TransactionLeaf(ReadOnlySpan<char> name, OfxTokenizer token)
    {
        var t = _transaction;
        switch (name)
        {
            case "TRNTYPE":
                t.Type = token.ValueText();
                break;
            case "DTPOSTED":
                t.Posted = (token.ValueText(), token.Line);
                break;
            case "TRNAMT":
                t.Amount = (token.ValueText(), token.Line);
                break;
            case "FITID":
                t.FitId = token.ValueText();
                break;
            case "CHECKNUM":
                t.CheckNumber = token.ValueText();
                break;
            case "REFNUM":
                t.ReferenceNumber = token.ValueText();
                break;
            case "NAME":
                t.Name = token.ValueText();
                break;
            case "MEMO":
                t.Memo = token.ValueText();
                break;
        }
    }

    private void CheckStatus()
    {
        if (_status is not { } status)
        {
            return;
        }

        _status = null;
        var code = status.Code?.Trim();
        if (code is null or "0")
        {
            return;
        }

        var said = $"code {code}{(status.Severity is { } severity ? " (" + severity + ")" : string.Empty)}"
                   + (status.Message is { } message ? $": \"{message}\"" : " and no message");
        // The STATUS has left the stack: its parent is on top.
        var parent = _stack.Count > 0 ? Top : (Aggregate?)null;
        if (parent == Aggregate.SignOn)
        {
            throw new ImportException(
                $"The bank's server refused the download (SONRS STATUS on line {status.Line}, {said}); the file holds no statement. Download it again.",
                status.Line);
        }

        if (parent == Aggregate.StatementResponse && string.Equals(status.Severity, "ERROR", StringComparison.OrdinalIgnoreCase))
        {
            Pending.Add(new RowError(status.Line, "STATUS",
                $"The bank's server could not give this statement (STATUS on line {status.Line}, {said}); its lines are missing from the file."));
        }
    }

    private bool StatementIncluded =>
        _statement is not null && (_account is null || string.Equals(_statement.Account, _account, StringComparison.OrdinalIgnoreCase));

    private void EmitTransaction()
    {
        var t = _transaction;
        if (_statement is null || !StatementIncluded)
        {
            return;
        }

        var errors = Pending.Count;
        decimal amount = 0;
        DateOnly date = default;
        if (t.Amount is not { } amountText)
        {
            Pending.Add(new RowError(t.Line, "TRNAMT", $"The STMTTRN{Fit(t)} that starts on line {t.Line} has no TRNAMT (its amount); it was left out."));
        }
        else if (!OfxValues.TryAmount(amountText.Text, out amount))
        {
            Pending.Add(new RowError(amountText.Line, "TRNAMT",
                $"TRNAMT '{amountText.Text}'{Fit(t)} is not an amount; expected a signed number such as -34.51 or 100,00."));
        }

        if (t.Posted is not { } postedText)
        {
            Pending.Add(new RowError(t.Line, "DTPOSTED", $"The STMTTRN{Fit(t)} that starts on line {t.Line} has no DTPOSTED (its booking date); it was left out."));
        }
        else if (!OfxValues.TryDate(postedText.Text, out date))
        {
            Pending.Add(new RowError(postedText.Line, "DTPOSTED",
                $"DTPOSTED '{postedText.Text}'{Fit(t)} is not an OFX date; expected YYYYMMDD, optionally followed by HHMMSS.XXX and a zone such as [-5:EST]."));
        }

        var currency = _statement.ValidCurrency;
        if (t.Currency is { } symbol)
        {
            if (IsCurrencyCode(symbol.Text))
            {
                currency = symbol.Text;
            }
            else
            {
                Pending.Add(new RowError(symbol.Line, "CURSYM", $"CURRENCY/CURSYM '{symbol.Text}'{Fit(t)} is not an ISO 4217 currency code such as USD."));
            }
        }

        if (Pending.Count > errors)
        {
            return;
        }

        var record = new StatementLineRecord(date, amount, AmountConvention.CashFlow)
        {
            Account = _statement.Account,
            Currency = currency,
            CounterpartyName = t.Name ?? t.PayeeName,
            CounterpartyAccount = t.CounterpartyAccount,
            Text = t.Text(),
            Reference = t.ReferenceNumber ?? (IsZeroOrBlank(t.CheckNumber) ? null : t.CheckNumber),
            VoucherNumber = t.FitId,
            SourceId = t.FitId,
            DocumentType = amount > 0 ? DocumentType.Receipt : null,
        };
        Pending.Add(new RecordRow(t.Line, record));
    }

    private void EmitBalance()
    {
        var s = _statement!;
        if (!StatementIncluded)
        {
            return;
        }

        _statementsRead++;
        if (s.Currency is { } curdef && !IsCurrencyCode(curdef.Text))
        {
            Pending.Add(new RowError(curdef.Line, "CURDEF", $"CURDEF '{curdef.Text}' is not an ISO 4217 currency code such as USD; the statement's currency is left unknown."));
        }

        decimal? balance = null;
        if (s.Balance is { } balanceText)
        {
            if (OfxValues.TryAmount(balanceText.Text, out var value))
            {
                balance = value;
            }
            else
            {
                Pending.Add(new RowError(balanceText.Line, "BALAMT", $"LEDGERBAL/BALAMT '{balanceText.Text}' is not an amount; the statement's closing balance is left unknown."));
            }
        }

        DateOnly? balanceDate = null;
        if (s.BalanceDate is { } dateText)
        {
            if (OfxValues.TryDate(dateText.Text, out var value))
            {
                balanceDate = value;
            }
            else
            {
                Pending.Add(new RowError(dateText.Line, "DTASOF", $"LEDGERBAL/DTASOF '{dateText.Text}' is not an OFX date; the closing balance's date is left unknown."));
            }
        }

        Pending.Add(new RecordRow(s.Line, new StatementBalanceRecord(AmountConvention.CashFlow)
        {
            Account = s.Account,
            Currency = s.ValidCurrency,
            ClosingBalance = balance,
            ClosingDate = balanceDate,
        }));
    }

    private static string Fit(Transaction t) => t.FitId is null ? string.Empty : $" (FITID {t.FitId})";

    private static bool IsZeroOrBlank(string? text) => string.IsNullOrWhiteSpace(text) || text.AsSpan().Trim().IndexOfAnyExcept('0') < 0;

    internal static bool IsCurrencyCode(string text) => text.Length == 3 && char.IsAsciiLetter(text[0]) && char.IsAsciiLetter(text[1]) && char.IsAsciiLetter(text[2]);

    private sealed class Status(long line)
    {
        public long Line { get; } = line;

        public string? Code { get; set; }

        public string? Severity { get; set; }

        public string? Message { get; set; }
    }

    private sealed class Statement(long line)
    {
        public long Line { get; } = line;

        public string? Account { get; set; }

        public (string Text, long Line)? Currency { get; set; }

        public string? ValidCurrency => Currency is { } c && IsCurrencyCode(c.Text) ? c.Text : null;

        public (string Text, long Line)? Balance { get; set; }

        public (string Text, long Line)? BalanceDate { get; set; }
    }

    private sealed class Transaction
    {
        public long Line { get; private set; }

        public string? Type { get; set; }

        public (string Text, long Line)? Posted { get; set; }

        public (string Text, long Line)? Amount { get; set; }

        public string? FitId { get; set; }

        public string? CheckNumber { get; set; }

        public string? ReferenceNumber { get; set; }

        public string? Name { get; set; }

        public string? PayeeName { get; set; }

        public string? Memo { get; set; }

        public string? CounterpartyAccount { get; set; }

        public (string Text, long Line)? Currency { get; set; }

        public string? OriginalCurrency { get; set; }

        public void Reset(long line)
        {
            Line = line;
            Type = FitId = CheckNumber = ReferenceNumber = Name = PayeeName = Memo = CounterpartyAccount = OriginalCurrency = null;
            Posted = Amount = Currency = null;
        }

        /// <summary>
        /// The line's text: the transaction type and cheque number, then the memo, then the original currency of a
        /// converted amount: <c>CHECK 319: RETURNED CHECK FEE</c>, <c>POS: POS MERCHANDISE;MCDONALD'S #112</c>.
        /// </summary>
        public string? Text()
        {
            var kind = Type;
            if (!IsZeroOrBlank(CheckNumber))
            {
                kind = string.Equals(Type, "CHECK", StringComparison.OrdinalIgnoreCase) || Type is null
                    ? "CHECK " + CheckNumber
                    : $"{Type}, CHECK {CheckNumber}";
            }

            var text = (kind, Memo) switch
            {
                (null, null) => null,
                (null, _) => Memo,
                (_, null) => kind,
                _ => kind + ": " + Memo,
            };
            return OriginalCurrency is null ? text : $"{text} (originally in {OriginalCurrency})".TrimStart();
        }
    }
}
