using System.Globalization;
using System.Runtime.CompilerServices;
using ReconGrpc.Adapters.Shared.Detection;
using ReconGrpc.Adapters.Shared.Tabular;
using ReconGrpc.Adapters.Shared.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.ChineseBanks;

/// <summary>
/// 网银 交易明细 — reads the transaction downloads of Chinese banks' online banking (ICBC 工商银行, CMB 招商银行,
/// BOC 中国银行, CCB 建设银行, and any bank whose headings are the common ones) into statement lines of our account,
/// money in positive, with one balance record per account and currency.
/// </summary>
public sealed class ChineseBankAdapter : IImportAdapter
{
    /// <summary>The adapter's id.</summary>
    public const string Id = "cn-bank";

    /// <summary>How many rows of a section may come before its header.</summary>
    private const int HeaderSearchRows = 60;

    /// <inheritdoc />
    public AdapterDescriptor Descriptor { get; } = new(Id, "中国银行业网银交易明细 (Chinese bank downloads)", new Version(1, 0, 0), RecordKind.StatementLines)
    {
        Description = "Transaction downloads (交易明细 / 明细查询) of Chinese online banking: ICBC, CMB, BOC and CCB layouts, personal and "
                      + "corporate, and any download with the common headings (交易日期, 借方发生额/贷方发生额 or 支出/收入 or 交易金额, 余额, "
                      + "对方户名, 对方账号, 流水号). CSV, XLS, XLSX or an HTML table saved as .xls; UTF-8 or GBK. The 合计 row is checked, "
                      + "not imported.",
        FileExtensions = [".csv", ".xls", ".xlsx", ".txt"],
        Options =
        [
            new AdapterOption("profile", OptionType.Choice,
                "The bank layout: icbc, cmb, boc, ccb or generic (the common headings only); auto recognises it from the header.")
            {
                DefaultValue = "auto",
                Choices = ["auto", "icbc", "cmb", "boc", "ccb", "generic"],
            },
            new AdapterOption("account", OptionType.Text,
                "Our account number: names the account of a download that does not say it; when the download holds several accounts, only this one is read."),
            new AdapterOption("encoding", OptionType.Choice, "The text encoding of a CSV download.")
            {
                DefaultValue = "auto",
                Choices = ["auto", "utf-8", "gbk", "gb18030"],
            },
            new AdapterOption("sheet", OptionType.Text, "The workbook sheet to read, by name or 1-based number. Default: the first.") { DefaultValue = "1" },
        ],
    };

    /// <inheritdoc />
    public DetectionResult Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        try
        {
            return BankDetection.Detect(ProbeText.From(probe));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return DetectionResult.No($"The file could not be examined: {e.Message}");
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ImportRow> ReadAsync(Stream content, ImportContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(context);
        var settings = Settings.From(context);
        await using var reader = await HintedReading.OpenAsync(content, settings.Tabular, EncodingHint, cancellationToken).ConfigureAwait(false);
        var read = new DownloadState(settings, reader.Description);
        while (await HintedReading.NextAsync(reader, EncodingHint, cancellationToken).ConfigureAwait(false))
        {
            if (reader.IsBlankRow)
            {
                continue;
            }

            read.Row(reader);
            for (var i = 0; i < read.Output.Count; i++)
            {
                yield return read.Output[i];
            }

            read.Output.Clear();
        }

        read.End();
        foreach (var row in read.Output)
        {
            yield return row;
        }
    }

    private static ImportException EncodingHint(ImportException e) =>
        HintedReading.FailedAsUtf8(e)
            ? new ImportException($"{e.Message} Chinese bank downloads that are not UTF-8 are GBK: try encoding=gbk.", e.Line, e)
            : new ImportException($"{e.Message} If the download is UTF-8, try encoding=utf-8.", e.Line, e);

    /// <summary>
    /// The reading state of one download: the section being read (preamble, header, lines, footer; a file may hold
    /// several), the statement being followed and the footer's totals.
    /// </summary>
    private sealed class DownloadState(Settings settings, string description)
    {
        private ColumnMap? _map;
        private BankPreamble _preamble = new();
        private BankPreamble _pending = new();
        private BankFooter? _footer;
        private StatementTracker? _statement;
        private int _statementsInSection;
        private long _lastLine = 1;

        /// <summary>What the last row gave, for the caller to yield and clear (no collection per row).</summary>
        public List<ImportRow> Output { get; } = [];

        public void Row(TabularReader reader)
        {
            _lastLine = reader.Line;
            if (_map is null)
            {
                var texts = reader.Texts();
                _map = Header(texts);
                if (_map is null)
                {
                    _preamble.Add(texts);
                    if (reader.Line >= HeaderSearchRows)
                    {
                        throw NoHeader(reader.Line);
                    }
                }

                return;
            }

            var map = _map;
            var dateCell = reader[map[BankField.Date]];
            var dateOutcome = ParseDate(dateCell, out var date);
            if (dateOutcome != ParseOutcome.Parsed || _footer is not null)
            {
                NotALine(reader, map, dateOutcome, date, dateCell);
                return;
            }

            Line(reader, map, date);
        }

        public void End()
        {
            if (_map is null)
            {
                throw NoHeader(null);
            }

            CloseSection();
        }

        /// <summary>A row whose date cell is not a date, or any row after a footer began: a footer, another section's header, or a bad row.</summary>
        private void NotALine(TabularReader reader, ColumnMap map, ParseOutcome dateOutcome, DateOnly date, object? dateCell)
        {
            var texts = reader.Texts();
            if (_footer is not null)
            {
                if (Header(texts) is { } next)
                {
                    // The next section of the file (another account): the rows since the footer are its preamble.
                    CloseSection();
                    _preamble = _pending;
                    _pending = new BankPreamble();
                    _map = next;
                    return;
                }

                if (dateOutcome == ParseOutcome.Parsed && !BankFooter.IsFooter(texts))
                {
                    // Lines again after a 合计: it was a subtotal, not the statement's total.
                    _footer = null;
                    Line(reader, map, date);
                    return;
                }

                _footer.Add(texts, Raw(reader), map);
                _pending.Add(texts);
                return;
            }

            if (BankFooter.IsFooter(texts))
            {
                _footer = new BankFooter();
                _footer.Add(texts, Raw(reader), map);
                _pending = new BankPreamble();
                return;
            }

            if (BankHeadings.Key(texts[map[BankField.Date]]) == BankHeadings.Key(map.Heading(BankField.Date)))
            {
                // The header repeated (a page break in a spreadsheet).
                return;
            }

            var shown = BankCells.Text(dateCell);
            Output.Add(new RowError(reader.Line, map.Heading(BankField.Date), shown is null
                ? "The row has no date."
                : $"'{shown}' is not a date; expected a date such as 2024-03-05, 2024/3/5 or 20240305."));
        }

        private void Line(TabularReader reader, ColumnMap map, DateOnly date)
        {
            var line = reader.Line;
            List<ImportRow>? errors = null;

            decimal amount = 0;
            decimal? debit = null, credit = null;
            if (!ReadAmount(reader, map, line, ref errors, out amount, out debit, out credit))
            {
                errors ??= [];
                if (errors.Count == 0)
                {
                    errors.Add(new RowError(line, null, NoAmountReason(map)));
                }
            }

            decimal? balance = null;
            if (map.Has(BankField.Balance))
            {
                switch (BankCells.Amount(reader[map[BankField.Balance]], out var b, out _))
                {
                    case ParseOutcome.Parsed:
                        balance = b;
                        break;
                    case ParseOutcome.Invalid:
                        (errors ??= []).Add(BadFigure(line, map, BankField.Balance, reader));
                        break;
                }
            }

            string? currency = null;
            if (map.Has(BankField.Currency) && BankCells.Text(reader[map[BankField.Currency]]) is { } currencyText)
            {
                currency = BankCells.Currency(currencyText, out var unknown);
                if (unknown)
                {
                    (errors ??= []).Add(new RowError(line, map.Heading(BankField.Currency), $"'{currencyText}' is not a currency this adapter knows (人民币, 美元, 港币, 欧元 … or an ISO code such as CNY)."));
                }
            }

            currency ??= _preamble.Currency;

            if (errors is not null)
            {
                Output.AddRange(errors);
                return;
            }

            var account = (map.Has(BankField.Account) ? BankCells.Text(reader[map[BankField.Account]]) : null) ?? _preamble.Account;
            if (account is null)
            {
                account = settings.Account;
            }
            else if (settings.Account is { } wanted && !SameAccount(account, wanted))
            {
                return;
            }

            string? name = map.Has(BankField.CounterpartyName) ? BankCells.Text(reader[map[BankField.CounterpartyName]]) : null;
            string? counterpartyAccount = map.Has(BankField.CounterpartyAccount) ? BankCells.Text(reader[map[BankField.CounterpartyAccount]]) : null;
            if (map.Has(BankField.CounterpartyInfo) && BankCells.Text(reader[map[BankField.CounterpartyInfo]]) is { } info)
            {
                var (infoName, infoAccount) = map.Profile.Split == CounterpartySplit.AccountAtEitherEnd ? BankCells.SplitCounterparty(info) : (info, null);
                name ??= infoName;
                counterpartyAccount ??= infoAccount;
            }

            var serial = map.Has(BankField.Serial) ? BankCells.Text(reader[map[BankField.Serial]]) : null;
            var record = new StatementLineRecord(date, amount, AmountConvention.CashFlow)
            {
                DocumentType = amount > 0 ? DocumentType.Receipt : null,
                Account = account,
                Currency = currency,
                CounterpartyName = name,
                CounterpartyAccount = counterpartyAccount,
                Text = JoinText(reader, map),
                Reference = map.Has(BankField.Reference) ? BankCells.Text(reader[map[BankField.Reference]]) : null,
                VoucherNumber = serial ?? (map.Has(BankField.Voucher) ? BankCells.Text(reader[map[BankField.Voucher]]) : null),
                Debit = debit,
                Credit = credit,
                Balance = balance,
                SourceId = serial,
            };

            if (_statement is not null && (!string.Equals(_statement.Account, account, StringComparison.Ordinal) || !string.Equals(_statement.Currency, currency, StringComparison.Ordinal)))
            {
                // Another account or currency: the statement before it is complete.
                Output.Add(new RecordRow(line, _statement.Finish(null, _preamble.From, _preamble.To)));
                _statement = null;
            }

            if (_statement is null)
            {
                _statement = new StatementTracker(account, currency);
                _statementsInSection++;
            }

            _statement.Add(date, amount, balance);
            Output.Add(new RecordRow(line, record));
        }

        private static bool ReadAmount(TabularReader reader, ColumnMap map, long line, ref List<ImportRow>? errors, out decimal amount, out decimal? debit, out decimal? credit)
        {
            amount = 0;
            debit = credit = null;
            var hasDebit = false;
            var hasCredit = false;
            if (map.Has(BankField.Debit))
            {
                switch (BankCells.Amount(reader[map[BankField.Debit]], out var d, out _))
                {
                    case ParseOutcome.Parsed:
                        debit = d;
                        hasDebit = d != 0;
                        break;
                    case ParseOutcome.Invalid:
                        (errors ??= []).Add(BadFigure(line, map, BankField.Debit, reader));
                        return false;
                }
            }

            if (map.Has(BankField.Credit))
            {
                switch (BankCells.Amount(reader[map[BankField.Credit]], out var c, out _))
                {
                    case ParseOutcome.Parsed:
                        credit = c;
                        hasCredit = c != 0;
                        break;
                    case ParseOutcome.Invalid:
                        (errors ??= []).Add(BadFigure(line, map, BankField.Credit, reader));
                        return false;
                }
            }

            if (hasDebit && hasCredit)
            {
                (errors ??= []).Add(new RowError(line, null,
                    $"Both {map.Heading(BankField.Debit)} ({ValueParser.Format(debit!.Value)}) and {map.Heading(BankField.Credit)} ({ValueParser.Format(credit!.Value)}) hold an amount; a line is money either in or out."));
                return false;
            }

            if (hasDebit)
            {
                // Money out is negative whatever sign the 支出 column was written with.
                amount = -Math.Abs(debit!.Value);
                credit = null;
                return true;
            }

            if (hasCredit)
            {
                amount = Math.Abs(credit!.Value);
                debit = null;
                return true;
            }

            if ((debit is not null || credit is not null) && !map.Has(BankField.Signed))
            {
                // 0.00 written in the columns: a line of nothing, as the bank gave it.
                return true;
            }

            debit = credit = null;
            if (!map.Has(BankField.Signed))
            {
                return false;
            }

            switch (BankCells.Amount(reader[map[BankField.Signed]], out var signed, out _))
            {
                case ParseOutcome.Parsed:
                    break;
                case ParseOutcome.Invalid:
                    (errors ??= []).Add(BadFigure(line, map, BankField.Signed, reader));
                    return false;
                default:
                    return false;
            }

            if (map.Has(BankField.Direction) && BankCells.Text(reader[map[BankField.Direction]]) is { } side)
            {
                switch (Direction(side))
                {
                    case > 0:
                        credit = Math.Abs(signed);
                        amount = credit.Value;
                        return true;
                    case < 0:
                        debit = Math.Abs(signed);
                        amount = -debit.Value;
                        return true;
                    default:
                        (errors ??= []).Add(new RowError(line, map.Heading(BankField.Direction), $"'{side}' is neither 借 (out) nor 贷 (in)."));
                        return false;
                }
            }

            amount = signed;
            return true;
        }

        private static int Direction(string side) => side.Trim() switch
        {
            "贷" or "收" or "收入" or "存入" or "转入" or "C" or "CR" or "c" or "cr" or "+" => 1,
            "借" or "支" or "支出" or "支取" or "转出" or "D" or "DR" or "d" or "dr" or "-" => -1,
            _ => 0,
        };

        private static string NoAmountReason(ColumnMap map)
        {
            var columns = new List<string>();
            foreach (var field in (ReadOnlySpan<BankField>)[BankField.Debit, BankField.Credit, BankField.Signed])
            {
                if (map.Has(field))
                {
                    columns.Add(map.Heading(field));
                }
            }

            return $"The row has no amount: {string.Join(", ", columns)} {(columns.Count == 1 ? "is" : "are all")} empty.";
        }

        private static RowError BadFigure(long line, ColumnMap map, BankField field, TabularReader reader) =>
            new(line, map.Heading(field),
                $"'{BankCells.Text(reader[map[field]])}' is not an amount; expected a figure such as 1,234.56 or -13.40.");

        private static string? JoinText(TabularReader reader, ColumnMap map)
        {
            string? text = null;
            foreach (var column in map.TextColumns)
            {
                if (BankCells.Text(reader[column]) is not { } piece)
                {
                    continue;
                }

                if (text is null)
                {
                    text = piece;
                }
                else if (!text.Contains(piece, StringComparison.Ordinal))
                {
                    text = string.Concat(text, " / ", piece);
                }
            }

            return text;
        }

        private void CloseSection()
        {
            if (_statement is not null)
            {
                Output.Add(new RecordRow(_lastLine, _statement.Finish(_statementsInSection == 1 ? _footer : null, _preamble.From, _preamble.To)));
            }

            _statement = null;
            _statementsInSection = 0;
            _footer = null;
        }

        private ColumnMap? Header(string?[] texts)
        {
            var keys = BankHeadings.Keys(texts);
            if (settings.Profile is { } forced)
            {
                return forced.Map(keys, texts);
            }

            foreach (var profile in BankProfile.Banks)
            {
                if (profile.Identifies(keys) && profile.Map(keys, texts) is { } map)
                {
                    return map;
                }
            }

            return BankProfile.Generic.Map(keys, texts);
        }

        private ImportException NoHeader(long? line)
        {
            var looked = settings.Profile is { } forced
                ? $"the {forced.Name} headings"
                : "a date column (记账日期, 交易日期, 入账日期), amount columns (借方发生额 and 贷方发生额, 支出 and 收入, or a signed 交易金额) "
                  + "and at least one of 余额, 对方户名, 对方账号, 摘要, 流水号";
            var hint = _preamble.SawReplacementCharacter
                ? " The text holds replacement characters (\uFFFD): the download is probably GBK read as UTF-8; try encoding=gbk."
                : description.Contains("GBK", StringComparison.Ordinal)
                    ? " The file was read as GBK; if the download is UTF-8, try encoding=utf-8."
                    : string.Empty;
            return new ImportException(
                $"No bank statement header was found in the first {HeaderSearchRows} rows of the {description}: looked for {looked}.{hint}", line);
        }

        private static object?[] Raw(TabularReader reader)
        {
            var raw = new object?[reader.FieldCount];
            for (var i = 0; i < raw.Length; i++)
            {
                raw[i] = reader[i];
            }

            return raw;
        }

        private static bool SameAccount(string a, string b) =>
            string.Equals(a.Replace(" ", string.Empty, StringComparison.Ordinal), b.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);

        /// <summary>A date cell: text, an Excel date, or a number such as 20240305 (CCB writes dates as yyyyMMdd).</summary>
        private static ParseOutcome ParseDate(object? value, out DateOnly date)
        {
            switch (value)
            {
                case double d when d is >= 19000101 and <= 99991231 && d == Math.Floor(d):
                    return ValueParser.ParseDateText(((long)d).ToString(CultureInfo.InvariantCulture), null, out date);
                case NumericText shown:
                    return ValueParser.ParseDateText(shown.Text, null, out date);
                default:
                    return ValueParser.ParseDate(value, null, out date);
            }
        }
    }

    /// <summary>The adapter's options, parsed once per import.</summary>
    private sealed record Settings(BankProfile? Profile, string? Account, TabularOptions Tabular)
    {
        public static Settings From(ImportContext context)
        {
            BankProfile? profile = null;
            if (context.GetOption("profile") is { } name && !name.Equals("auto", StringComparison.OrdinalIgnoreCase))
            {
                profile = BankProfile.ById(name) ?? throw new ImportException($"The profile option '{name}' is not one of auto, icbc, cmb, boc, ccb, generic.");
            }

            var encoding = context.EncodingHint;
            if (context.GetOption("encoding") is { } encodingName && !encodingName.Equals("auto", StringComparison.OrdinalIgnoreCase))
            {
                encoding = TextEncodings.FromName(encodingName) ?? throw new ImportException($"The encoding option '{encodingName}' is not one of utf-8, gbk, gb18030.");
            }

            return new Settings(profile, context.GetOption("account"), new TabularOptions(context.FileName, encoding, Sheet: context.GetOption("sheet")));
        }
    }
}
