using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using ReconGrpc.Plugins.Abstractions;

namespace Company.ReconPlugin;

/// <summary>
/// Reads a statement CSV — UTF-8, the columns date, amount, counterparty, reference and memo, money received positive
/// and money paid out negative — into statement lines (<see cref="AmountConvention.CashFlow"/>).
/// </summary>
/// <remarks>
/// The server creates one instance with the public parameterless constructor and may read several files with it at
/// once: all per-file state lives inside <see cref="ReadAsync"/>.
/// </remarks>
public sealed class StatementCsvAdapter : IImportAdapter
{
    /// <summary>The adapter's id: lower-case parts joined by '.' or '-', prefixed with its author's name.</summary>
    public const string Id = "company.reconplugin";

    private static readonly string[] Headings = ["date", "amount", "counterparty", "reference", "memo"];

    /// <inheritdoc />
    public AdapterDescriptor Descriptor { get; } = new(Id, "Company.ReconPlugin statement CSV", new Version(1, 0, 0), RecordKind.StatementLines)
    {
        Description = "A statement CSV with date, amount (money in positive), counterparty, reference and memo.",
        FileExtensions = [".csv"],
        Options =
        [
            new AdapterOption("currency", OptionType.Text, "The statement's ISO currency.") { DefaultValue = "CNY" },
        ],
    };

    /// <inheritdoc />
    public DetectionResult Detect(FileProbe probe)
    {
        // Only the name and the first bytes; quick, and never throws (invalid UTF-8 decodes to replacement characters).
        var firstLine = Encoding.UTF8.GetString(probe.Head.Span).Split('\n', 2)[0].TrimStart('\uFEFF').Trim();
        return string.Equals(firstLine, string.Join(',', Headings), StringComparison.OrdinalIgnoreCase)
            ? new DetectionResult(0.9, "The header is this plugin's statement layout.") { Kind = RecordKind.StatementLines }
            : DetectionResult.No("Not this plugin's statement header.");
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ImportRow> ReadAsync(Stream content, ImportContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(context);
        var currency = context.GetOption("currency") ?? "CNY";

        // leaveOpen: the server owns the stream. Line by line, so memory stays small whatever the file's size.
        using var reader = new StreamReader(content, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var header = await reader.ReadLineAsync(cancellationToken);
        var columns = (header ?? "").Split(',').Select(c => c.Trim().ToLowerInvariant()).ToList();
        foreach (var required in new[] { "date", "amount" })
        {
            if (!columns.Contains(required))
            {
                // A file the adapter cannot read at all: nothing of it is stored, and the user sees this message.
                throw new ImportException($"The first line has no '{required}' column; expected {string.Join(',', Headings)}.", 1);
            }
        }

        var line = 1L;
        while (await reader.ReadLineAsync(cancellationToken) is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var cells = text.Split(',');
            string? Cell(string name)
            {
                var index = columns.IndexOf(name);
                return index >= 0 && index < cells.Length && !string.IsNullOrWhiteSpace(cells[index]) ? cells[index].Trim() : null;
            }

            // A bad cell is a row error with its line and column; reading goes on.
            if (!DateOnly.TryParseExact(Cell("date"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                yield return new RowError(line, "date", $"'{Cell("date")}' is not a date such as 2024-03-08");
                continue;
            }

            if (!decimal.TryParse(Cell("amount"), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                yield return new RowError(line, "amount", $"'{Cell("amount")}' is not an amount such as 1200.00 or -35.50");
                continue;
            }

            yield return new RecordRow(line, new StatementLineRecord(date, amount, AmountConvention.CashFlow)
            {
                CounterpartyName = Cell("counterparty"),
                Reference = Cell("reference"),
                Text = Cell("memo"),
                Currency = currency,
            });
        }
    }
}
