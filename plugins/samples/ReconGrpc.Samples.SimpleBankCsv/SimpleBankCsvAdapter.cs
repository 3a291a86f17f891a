using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using ReconGrpc.Plugins.Abstractions;
using Sylvan.Data.Csv;

namespace ReconGrpc.Samples.SimpleBankCsv;

/// <summary>
/// Reads a simple bank statement download — UTF-8 CSV with the columns 交易日期, 收入金额, 支出金额, 余额, 对方户名,
/// 对方账号, 流水号 and 摘要 — into statement lines: money received is positive, money paid out negative
/// (<see cref="AmountConvention.CashFlow"/>).
/// </summary>
/// <remarks>
/// The server creates one instance with the public parameterless constructor and may call it from several imports at
/// once, so all per-file state lives inside <see cref="ReadAsync"/>.
/// </remarks>
public sealed class SimpleBankCsvAdapter : IImportAdapter
{
    /// <summary>The adapter's id: prefixed with its author's name so it cannot clash with another partner's.</summary>
    public const string Id = "samples.simple-bank-csv";

    private static readonly string[] Headings = ["交易日期", "收入金额", "支出金额", "余额", "对方户名", "对方账号", "流水号", "摘要"];

    /// <inheritdoc />
    public AdapterDescriptor Descriptor { get; } = new(Id, "Sample: simple bank CSV", new Version(1, 0, 0), RecordKind.StatementLines)
    {
        Description = "A partner sample: a bank statement CSV with 交易日期, 收入金额, 支出金额, 余额, 对方户名, 对方账号, 流水号 and 摘要.",
        FileExtensions = [".csv"],
        Options =
        [
            new AdapterOption("currency", OptionType.Text, "The account's ISO currency.") { DefaultValue = "CNY" },
        ],
    };

    /// <inheritdoc />
    public DetectionResult Detect(FileProbe probe)
    {
        // Detection sees only the name and the first bytes, and must never throw.
        var head = Encoding.UTF8.GetString(probe.Head.Span);
        var firstLine = head.Split('\n', 2)[0].TrimStart('\uFEFF').Trim();
        var found = Headings.Count(h => firstLine.Contains(h, StringComparison.Ordinal));
        return found switch
        {
            8 => new DetectionResult(0.95, "The header is exactly the simple bank CSV layout.") { Kind = RecordKind.StatementLines },
            >= 5 => new DetectionResult(0.6, $"{found} of the 8 simple bank CSV headings.") { Kind = RecordKind.StatementLines },
            _ => DetectionResult.No("Not the simple bank CSV header."),
        };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ImportRow> ReadAsync(Stream content, ImportContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(context);
        var currency = context.GetOption("currency") ?? "CNY";

        // leaveOpen: the server owns the stream. Sylvan reads it record by record, so memory stays small.
        using var text = new StreamReader(content, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        await using var csv = await CsvDataReader.CreateAsync(text, new CsvDataReaderOptions { HasHeaders = true }, cancellationToken);
        var columns = new Dictionary<string, int>();
        foreach (var heading in Headings)
        {
            var ordinal = Enumerable.Range(0, csv.FieldCount).FirstOrDefault(i => csv.GetName(i).Trim() == heading, -1);
            if (ordinal < 0 && heading is "交易日期" or "收入金额" or "支出金额")
            {
                // A file the adapter cannot read at all: throw ImportException, with a message the user can act on.
                throw new ImportException($"The file has no {heading} column; it is not a simple bank CSV.", 1);
            }

            columns[heading] = ordinal;
        }

        var line = 1L;
        while (await csv.ReadAsync(cancellationToken))
        {
            line++;
            var errors = new List<RowError>();
            var date = Date(csv, columns["交易日期"], line, errors);
            var income = Amount(csv, columns["收入金额"], "收入金额", line, errors);
            var outgoing = Amount(csv, columns["支出金额"], "支出金额", line, errors);
            var balance = Amount(csv, columns["余额"], "余额", line, errors);
            if (errors.Count == 0 && income is null && outgoing is null)
            {
                errors.Add(new RowError(line, null, "The row has neither 收入金额 nor 支出金额."));
            }

            if (errors.Count > 0)
            {
                // A bad row is reported with its line and reason; reading goes on.
                foreach (var error in errors)
                {
                    yield return error;
                }

                continue;
            }

            yield return new RecordRow(line, new StatementLineRecord(date!.Value, (income ?? 0m) - (outgoing ?? 0m), AmountConvention.CashFlow)
            {
                DocumentType = income is not null ? DocumentType.Receipt : null,
                CounterpartyName = Text(csv, columns["对方户名"]),
                CounterpartyAccount = Text(csv, columns["对方账号"]),
                VoucherNumber = Text(csv, columns["流水号"]),
                Text = Text(csv, columns["摘要"]),
                Credit = income,
                Debit = outgoing,
                Balance = balance,
                Currency = currency,
            });
        }
    }

    private static string? Text(CsvDataReader csv, int ordinal) =>
        ordinal >= 0 && ordinal < csv.RowFieldCount ? csv.GetString(ordinal).Trim() : null;

    private static DateOnly? Date(CsvDataReader csv, int ordinal, long line, List<RowError> errors)
    {
        var text = Text(csv, ordinal);
        if (DateOnly.TryParseExact(text, ["yyyy-MM-dd", "yyyy/M/d", "yyyyMMdd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(new RowError(line, "交易日期", $"'{text}' is not a date such as 2024-03-08."));
        return null;
    }

    private static decimal? Amount(CsvDataReader csv, int ordinal, string heading, long line, List<RowError> errors)
    {
        var text = Text(csv, ordinal);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount))
        {
            return amount;
        }

        errors.Add(new RowError(line, heading, $"'{text}' in {heading} is not an amount."));
        return null;
    }
}
