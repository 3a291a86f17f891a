using System.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Mt940;

/// <summary>
/// The MT940 state machine: fed one physical line at a time, it gathers each tag's field (the tag's line and the
/// lines that follow it without a tag), and turns finished fields into rows: a statement line per <c>:61:</c>
/// (with its <c>:86:</c>), a balance record per statement. Envelopes (<c>{1:…}{2:…}{4:</c>, <c>-}</c>), header
/// lines before <c>:20:</c> (ABN AMRO's <c>ABNANL2A</c>/<c>940</c>), blank lines and unknown tags (<c>:NS:</c>) are
/// passed over.
/// </summary>
internal sealed class StatementReader(Mt940Settings settings)
{
    private const int LinesBeforeGivingUp = 200;

    private readonly StringBuilder _field = new();
    private readonly List<string> _accountsSeen = [];
    private Statement? _statement;
    private Tag _tag;
    private string _tagText = string.Empty;
    private long _tagLine;
    private bool _tagHasContinuation;
    private long _pendingDash;
    private Pending? _pending;
    private bool _anyStatement;
    private bool _anyMatchingStatement;

    private enum Tag
    {
        None,
        Reference,
        Account,
        Number,
        Opening,
        Line,
        Closing,
        Available,
        Information,
        Ignored,
    }

    /// <summary>Takes one physical line.</summary>
    public void Take(ReadOnlySpan<char> line, long number, List<ImportRow> output)
    {
        if (line.IsWhiteSpace())
        {
            return;
        }

        if (_pendingDash > 0)
        {
            // A '-' line inside a field (ING wraps mandate ids as "MND\n-\nEV01") is text, unless what follows starts a
            // new statement or the envelope, in which case the statement ended there.
            var dashLine = _pendingDash;
            _pendingDash = 0;
            if (IsContinuation(line))
            {
                _field.Append('\n').Append('-');
                _tagHasContinuation = true;
            }
            else if (IsStatementStart(line))
            {
                EndStatement(dashLine, output);
            }
        }

        if (line[0] == '{')
        {
            // {1:F01…}{2:I940…}{4: — the envelope; a field may follow "{4:" on the same line.
            var body = line.IndexOf("{4:");
            if (body >= 0 && body + 3 < line.Length)
            {
                Take(line[(body + 3)..], number, output);
            }

            return;
        }

        if (line[0] == '-' && line[1..].TrimStart().IsEmpty is var onlyDash && (onlyDash || line[1] == '}'))
        {
            if (_statement is null)
            {
                return;
            }

            // Only the text of a :61: or :86: field can hold a '-' line; after any other field it ends the statement.
            if (_statement.Closed || line.Length > 1 || _tag is not (Tag.Line or Tag.Information))
            {
                EndStatement(number, output);
            }
            else
            {
                _pendingDash = number;
            }

            return;
        }

        if (TagLength(line) is var length and > 0)
        {
            StartField(line, length, number, output);
            return;
        }

        if (_tag is not (Tag.None or Tag.Ignored or Tag.Available))
        {
            _field.Append('\n').Append(line);
            _tagHasContinuation = true;
        }
        else if (!_anyStatement && number > LinesBeforeGivingUp)
        {
            throw NotMt940(number);
        }
    }

    /// <summary>Ends the file: the last statement must have closed.</summary>
    public void Finish(long lastLine, List<ImportRow> output)
    {
        CompleteField(output);
        if (_statement is { } open)
        {
            if (!open.Closed)
            {
                throw new ImportException(
                    $"The file ends on line {lastLine} inside statement {open.Name} (begun on line {open.StartLine}) before its closing balance :62F: or :62M:. "
                    + "The file is truncated; download it again.",
                    lastLine);
            }

            EndStatement(lastLine, output);
        }

        if (!_anyStatement)
        {
            throw NotMt940(null);
        }

        if (settings.Account is { } wanted && !_anyMatchingStatement)
        {
            throw new ImportException(
                $"No statement of account {wanted} is in the file; it holds statements of {string.Join(", ", _accountsSeen.Distinct())}. Correct the account option or leave it out.");
        }
    }

    private static ImportException NotMt940(long? line) =>
        new(
            line is { } l
                ? $"This is not an MT940 file: the first {l} lines hold no MT940 tag (:20:, :25:, :60F:, :61:, :62F:)."
                : "This is not an MT940 file: it holds no MT940 tag (:20:, :25:, :60F:, :61:, :62F:).",
            line);

    /// <summary>The length of a leading tag (<c>:61:</c> is 4, <c>:60F:</c> 5), or 0 when the line does not start with one.</summary>
    private static int TagLength(ReadOnlySpan<char> line)
    {
        if (line.Length < 3 || line[0] != ':')
        {
            return 0;
        }

        for (var i = 1; i < line.Length && i <= 5; i++)
        {
            if (line[i] == ':')
            {
                return i > 1 ? i + 1 : 0;
            }

            if (!char.IsAsciiLetterOrDigit(line[i]))
            {
                return 0;
            }
        }

        return 0;
    }

    private static bool IsContinuation(ReadOnlySpan<char> line) => line[0] is not ('{' or '-') && TagLength(line) == 0;

    private static bool IsStatementStart(ReadOnlySpan<char> line) => line[0] == '{' || line.StartsWith(":20:") || line[0] == '-';

    private static Tag TagOf(ReadOnlySpan<char> name) => name switch
    {
        "20" => Tag.Reference,
        "25" or "25P" => Tag.Account,
        "28" or "28C" => Tag.Number,
        "60F" or "60M" or "60" => Tag.Opening,
        "61" => Tag.Line,
        "62F" or "62M" or "62" => Tag.Closing,
        "64" => Tag.Available,
        "86" => Tag.Information,
        _ => Tag.Ignored,
    };

    private void StartField(ReadOnlySpan<char> line, int length, long number, List<ImportRow> output)
    {
        CompleteField(output);
        var name = line[1..(length - 1)];
        var tag = TagOf(name);
        if (_statement is { } current && (tag == Tag.Reference || (current.Closed && tag is Tag.Account or Tag.Number or Tag.Opening or Tag.Line)))
        {
            // A new statement without the '-' between: the previous one ends here.
            EndStatement(number, output);
        }

        if (_statement is null && tag != Tag.Ignored)
        {
            _statement = new Statement { StartLine = number };
            _anyStatement = true;
        }

        _tag = _statement is null ? Tag.None : tag;
        _tagText = tag == Tag.Ignored ? string.Empty : line[..length].ToString();
        _tagLine = number;
        _tagHasContinuation = false;
        _field.Clear();
        if (_tag is not (Tag.None or Tag.Ignored or Tag.Available))
        {
            _field.Append(line[length..]);
        }
    }

    private void CompleteField(List<ImportRow> output)
    {
        var tag = _tag;
        _tag = Tag.None;
        if (tag is Tag.None or Tag.Ignored or Tag.Available || _statement is not { } statement)
        {
            return;
        }

        switch (tag)
        {
            case Tag.Reference:
                statement.Reference = Joined();
                break;
            case Tag.Account:
                statement.RawAccount = Joined();
                break;
            case Tag.Number:
                statement.Number = Joined();
                break;
            case Tag.Opening:
                if (Mt940Values.TryBalance(Joined() ?? string.Empty, out var opening) is { } openingProblem)
                {
                    output.Add(new RowError(_tagLine, _tagText, $"The opening balance of statement {statement.Name} cannot be read: {openingProblem}."));
                }
                else
                {
                    statement.Opening = opening;
                    CheckAccount(statement);
                }

                break;
            case Tag.Line:
                FlushPending(output);
                ReadLine(statement, output);
                break;
            case Tag.Information:
                if (_pending is { } pending)
                {
                    _pending = null;
                    Emit(pending, Details.Parse(_field.ToString()), output);
                }
                else if (statement.Closed && Details.TrySum(_field.ToString(), out var count, out var debits, out var credits))
                {
                    statement.DeclaredCount = count;
                    statement.DeclaredDebits = debits;
                    statement.DeclaredCredits = credits;
                }

                break;
            case Tag.Closing:
                FlushPending(output);
                if (Mt940Values.TryBalance(Joined() ?? string.Empty, out var closing) is { } closingProblem)
                {
                    output.Add(new RowError(_tagLine, _tagText, $"The closing balance of statement {statement.Name} cannot be read: {closingProblem}."));
                }
                else
                {
                    statement.Closing = closing;
                    statement.ClosingLine = _tagLine;
                    if (statement.Opening is { } o && !string.Equals(o.Currency, closing.Currency, StringComparison.Ordinal) && !statement.Skipped)
                    {
                        output.Add(new RowError(_tagLine, _tagText,
                            $"The closing balance of statement {statement.Name} is in {closing.Currency}, its opening balance in {o.Currency}; a statement has one currency."));
                    }
                }

                statement.Closed = true;
                break;
        }
    }

    /// <summary>The field's lines joined without a separator (SWIFT wraps a value where the line is full).</summary>
    private string? Joined()
    {
        var text = _tagHasContinuation ? _field.ToString().Replace("\n", string.Empty, StringComparison.Ordinal) : _field.ToString();
        return Details.Clean(text);
    }

    private void CheckAccount(Statement statement)
    {
        if (settings.Account is not { } wanted || statement.Checked)
        {
            return;
        }

        statement.Checked = true;
        var account = statement.Account ?? "(none)";
        _accountsSeen.Add(account);
        statement.Skipped = !Mt940Settings.SameAccount(wanted, account) && !Mt940Settings.SameAccount(wanted, statement.RawAccount);
        _anyMatchingStatement |= !statement.Skipped;
    }

    private void ReadLine(Statement statement, List<ImportRow> output)
    {
        CheckAccount(statement);
        if (statement.Skipped)
        {
            return;
        }

        if (TransactionLine.TryParse(_field.ToString(), out var line) is { } problem)
        {
            output.Add(new RowError(_tagLine, _tagText, $"The statement line cannot be read: {problem}."));
            return;
        }

        if (statement.Opening is null && !statement.MissingOpeningReported)
        {
            statement.MissingOpeningReported = true;
            output.Add(new RowError(_tagLine, ":60F:",
                $"Statement {statement.Name} has no readable opening balance (:60F: or :60M:) before its first line; its lines are read without a currency."));
        }

        _pending = new Pending(line!, _tagLine, statement);
    }

    private void FlushPending(List<ImportRow> output)
    {
        if (_pending is { } pending)
        {
            _pending = null;
            Emit(pending, Details.None, output);
        }
    }

    private void Emit(Pending pending, Details details, List<ImportRow> output)
    {
        var line = pending.Line;
        var statement = pending.Statement;
        var amount = line.SignedAmount;
        var record = new StatementLineRecord(settings.UseValueDate ? line.ValueDate : line.EntryDate ?? line.ValueDate, amount, AmountConvention.CashFlow)
        {
            Account = statement.Account,
            Currency = statement.Opening?.Currency,
            CounterpartyName = details.CounterpartyName,
            CounterpartyAccount = details.CounterpartyAccount,
            Text = details.Text ?? details.BookingText ?? line.Supplementary,
            Reference = details.EndToEnd ?? line.CustomerReference ?? details.OtherReference,
            VoucherNumber = line.BankReference,
            SourceId = line.BankReference,
            Debit = line.IsMoneyIn ? null : line.Amount,
            Credit = line.IsMoneyIn ? line.Amount : null,
            DocumentType = line.IsMoneyIn ? DocumentType.Receipt : null,
        };
        output.Add(new RecordRow(pending.LineNumber, record));
    }

    private void EndStatement(long line, List<ImportRow> output)
    {
        CompleteField(output);
        FlushPending(output);
        var statement = _statement!;
        _statement = null;
        _tag = Tag.None;
        if (!statement.Closed)
        {
            output.Add(new RowError(statement.StartLine, ":62F:",
                $"Statement {statement.Name} (begun on line {statement.StartLine}) has no closing balance :62F: or :62M: before it ends on line {line}; "
                + "its lines are read, its balance cannot be checked. The file may be truncated or two files joined."));
        }

        CheckAccount(statement);
        if (statement.Skipped)
        {
            return;
        }

        var balance = new StatementBalanceRecord(AmountConvention.CashFlow)
        {
            StatementNumber = statement.Number,
            Account = statement.Account,
            Currency = statement.Opening?.Currency ?? statement.Closing?.Currency,
            OpeningDate = statement.Opening?.Date,
            OpeningBalance = statement.Opening?.Amount,
            ClosingDate = statement.Closing?.Date,
            ClosingBalance = statement.Closing?.Amount,
            DeclaredCount = statement.DeclaredCount,
            DeclaredDebits = statement.DeclaredDebits,
            DeclaredCredits = statement.DeclaredCredits,
        };
        output.Add(new RecordRow(statement.ClosingLine ?? line, balance));
    }

    private sealed record Pending(TransactionLine Line, long LineNumber, Statement Statement);
}
