using System.Runtime.CompilerServices;
using ReconGrpc.Adapters.Shared.Detection;
using ReconGrpc.Adapters.Shared.Tabular;
using ReconGrpc.Adapters.Shared.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Template;

/// <summary>
/// 模板导入 — reads any record kind from a CSV, tab-separated, XLSX or XLS file whose columns are found by their
/// headings (the template's, common synonyms, or a mapping given in the <c>columns</c> option).
/// </summary>
public sealed class TemplateAdapter : IImportAdapter, IImportTemplateProvider
{
    /// <summary>The adapter's id.</summary>
    public const string Id = "template";

    private const int HeaderSearchRows = 30;

    /// <inheritdoc />
    public AdapterDescriptor Descriptor { get; } = new(Id, "模板导入 (CSV / Excel template)", new Version(1, 1, 0),
        RecordKind.Categories | RecordKind.Customers | RecordKind.LedgerEntries | RecordKind.StatementLines | RecordKind.Orders)
    {
        Description = "Generic importer for CSV, tab-separated, XLSX and XLS files: columns are found by the template's headings, "
                      + "common synonyms, or a mapping in the columns option. UTF-8 (with or without BOM) and GBK/GB18030 are detected.",
        FileExtensions = [".csv", ".tsv", ".txt", ".xlsx", ".xls"],
        Options =
        [
            new AdapterOption("kind", OptionType.Choice, "What the rows are; auto decides from the headings (or from the import's target).")
            {
                DefaultValue = "auto",
                Choices = ["auto", .. TemplateSchemas.All.Select(s => s.OptionValue)],
            },
            new AdapterOption("columns", OptionType.Text,
                "Column mapping as field=heading pairs separated by semicolons, e.g. code=客户代码;name=单位名称; #N names the N-th column."),
            new AdapterOption("header-row", OptionType.Integer,
                "The 1-based row holding the headings; 0 when the file has none (map every column with #N). Default: found automatically."),
            new AdapterOption("sheet", OptionType.Text, "The workbook sheet to read, by name or 1-based number. Default: the first.") { DefaultValue = "1" },
            new AdapterOption("delimiter", OptionType.Choice, "The field delimiter of a text file.")
            {
                DefaultValue = "auto",
                Choices = ["auto", "comma", "semicolon", "tab", "pipe"],
            },
            new AdapterOption("encoding", OptionType.Choice, "The text encoding of a text file.")
            {
                DefaultValue = "auto",
                Choices = ["auto", "utf-8", "gbk", "gb18030"],
            },
            new AdapterOption("date-format", OptionType.Text, "An exact date format tried first, such as dd/MM/yyyy, for dates the usual forms cannot settle."),
            new AdapterOption("currency", OptionType.Text, "The ISO currency of amounts when the file has no 币种 column. Default: the base currency."),
            new AdapterOption("convention", OptionType.Choice,
                "Sign convention of statement amounts: our-ledger (positive raises what they owe us), counterparty-ledger (their books, mirrored) "
                + "or cash-flow (positive is money we received). auto (the default) follows the statement's kind: cash-flow for a bank "
                + "statement or platform bill, counterparty-ledger for a customer's statement, our-ledger for shop orders or no statement.")
            {
                DefaultValue = "auto",
                Choices = ["auto", "our-ledger", "counterparty-ledger", "cash-flow"],
            },
            new AdapterOption("amounts", OptionType.Choice,
                "How a ledger file's single 金额 column is signed: document (the default: each document's own amount, its type gives the "
                + "direction; a negative receipt is a reversed payment, a negative invoice a red-ink invoice; returns and credit notes always "
                + "lower the balance) or signed (signed by the effect on what the customer owes: receipts negative, whatever the type).")
            {
                DefaultValue = "document",
                Choices = ["document", "signed"],
            },
        ],
    };

    /// <inheritdoc />
    public RecordKind TemplateKinds => TemplateFiles.Kinds;

    /// <inheritdoc />
    public ImportTemplate GetTemplate(RecordKind kind) => TemplateFiles.Csv(kind);

    /// <inheritdoc />
    public DetectionResult Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        try
        {
            return DetectCore(probe);
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
        var settings = TemplateSettings.From(context);
        await using var reader = await TabularReader.OpenAsync(content, settings.Tabular, cancellationToken).ConfigureAwait(false);
        var layout = await FindHeaderAsync(reader, settings, cancellationToken).ConfigureAwait(false);
        var row = new RowFields(reader, layout, settings.DateFormat);
        var build = new BuildSettings(settings.Currency, settings.Convention, settings.LedgerAmounts);
        // A statement's opening line given only by its balance waits for the next line, whose balance tells its sign.
        (long Line, StatementLineRecord Record)? opening = null;
        var openingSeen = false;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (reader.IsBlankRow)
            {
                continue;
            }

            row.Reset();
            var record = RecordBuilders.Build(layout.Schema.Kind, row, build);
            if (record is StatementLineRecord && row.IsBalanceOnlyOpening && openingSeen)
            {
                // A later page's carry-forward (承前页) or a month's restated 期初余额: the running balance again, no movement.
                continue;
            }

            if (opening is { } held)
            {
                // Rows go out in file order: a row that is not a statement line settles the opening without it.
                yield return new RecordRow(held.Line, OpeningBalanceSign.Settle(held.Record, record as StatementLineRecord, settings.Convention));
                opening = null;
            }

            if (record is StatementLineRecord line && row.IsBalanceOnlyOpening)
            {
                openingSeen = true;
                opening = (reader.Line, line);
                continue;
            }

            if (record is not null)
            {
                yield return new RecordRow(reader.Line, record);
                continue;
            }

            foreach (var error in row.Errors)
            {
                yield return error;
            }
        }

        if (opening is { } last)
        {
            yield return new RecordRow(last.Line, OpeningBalanceSign.Settle(last.Record, null, settings.Convention));
        }
    }

    private static async Task<ColumnLayout> FindHeaderAsync(TabularReader reader, TemplateSettings settings, CancellationToken cancellationToken)
    {
        if (settings.HeaderRow == 0)
        {
            var schema = settings.Schema ?? throw new ImportException("A file without a header row needs the kind option (customers, ledger …).");
            return Complete(ColumnLayout.Resolve(schema, settings.Mapping, [], 1), reader.Description, 1);
        }

        ColumnLayout? best = null;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (settings.HeaderRow is { } wanted)
            {
                if (reader.Line < wanted)
                {
                    continue;
                }

                return Complete(Choose(settings, reader.Texts(), reader.Line, required: true)!, reader.Description, reader.Line);
            }

            if (reader.IsBlankRow)
            {
                continue;
            }

            var candidate = Choose(settings, reader.Texts(), reader.Line, required: false);
            if (candidate is not null && candidate.Missing().Count == 0)
            {
                return candidate;
            }

            if (candidate is not null && (best is null || candidate.MatchedCount > best.MatchedCount))
            {
                best = candidate;
            }

            if (reader.Line >= HeaderSearchRows)
            {
                break;
            }
        }

        if (settings.HeaderRow is { } missingRow)
        {
            throw new ImportException($"The file ends before row {missingRow}, which the header-row option names as the header.");
        }

        if (best is not null)
        {
            return Complete(best, reader.Description, null);
        }

        if (!settings.Mapping.IsEmpty)
        {
            var named = settings.Mapping.Headings.Values.Where(h => ColumnMapping.ColumnNumber(h) is null);
            throw new ImportException(
                $"None of the first {HeaderSearchRows} rows of the {reader.Description} holds every heading the columns option names "
                + $"({string.Join(", ", named)}); check their spelling, or give the header row with header-row.");
        }

        var expected = settings.Schema is { } s
            ? string.Join(", ", s.Fields.Take(4).Select(f => f.Heading))
            : "客户编码, 客户名称 (customers), 日期, 金额 (ledger or statement)";
        throw new ImportException(
            $"No header row was found in the first {HeaderSearchRows} rows of the {reader.Description}: expected headings such as {expected}. "
            + "Name the columns with the columns option (for example code=客户代码;name=单位名称) or the header row with header-row.");
    }

    /// <summary>The layout of a header row for the chosen kind, or for the kind its headings fit best.</summary>
    private static ColumnLayout? Choose(TemplateSettings settings, string?[] headings, long line, bool required)
    {
        var keys = headings.Select(h => ValueParser.HeaderKey(h)).ToList();
        if (!settings.Mapping.IsEmpty && !settings.Mapping.AllNamedHeadingsIn(keys) && !required)
        {
            return null;
        }

        if (settings.Schema is { } schema)
        {
            var layout = ColumnLayout.Resolve(schema, settings.Mapping, headings, line);
            return layout.MatchedCount >= 2 || required ? layout : null;
        }

        var fits = TemplateSchemas.All
            .Where(s => ColumnMapping.Fits(settings.MappingText, s))
            .Select(s => ColumnLayout.Resolve(s, ColumnMapping.Parse(settings.MappingText, s), headings, line))
            .Where(l => l.Missing().Count == 0)
            .OrderByDescending(l => l.MatchedCount)
            .ThenBy(l => Preference(l.Schema.Kind))
            .ToList();
        if (fits.Count == 0)
        {
            return required
                ? throw new ImportException($"The headings on line {line} fit no record kind; name it with the kind option.", line)
                : null;
        }

        if (fits.Count > 1 && fits[0].MatchedCount == fits[1].MatchedCount && Preference(fits[0].Schema.Kind) == Preference(fits[1].Schema.Kind))
        {
            throw new ImportException(
                $"The headings on line {line} fit both {fits[0].Schema.OptionValue} and {fits[1].Schema.OptionValue}; name the kind with the kind option.", line);
        }

        return fits[0];
    }

    /// <summary>
    /// Ledger entries before statement lines when headings fit both equally: customer columns with dates and amounts
    /// are what our own books look like; a statement import names its target, which settles it.
    /// </summary>
    private static int Preference(RecordKind kind) => kind switch
    {
        RecordKind.LedgerEntries => 0,
        RecordKind.StatementLines => 1,
        _ => 2,
    };

    private static ColumnLayout Complete(ColumnLayout layout, string description, long? line)
    {
        var missing = layout.Missing();
        if (missing.Count > 0)
        {
            throw new ImportException(
                $"The {description} has no column for {string.Join(", ", missing)}, which {layout.Schema.OptionValue} need"
                + (line is { } l ? $" (header on line {l})" : string.Empty)
                + ". Add the column or map it with the columns option.", line);
        }

        return layout;
    }

    private static DetectionResult DetectCore(FileProbe probe)
    {
        var text = ProbeText.From(probe);
        var extension = probe.Extension;
        var tabularExtension = extension is ".csv" or ".tsv" or ".txt" or ".xlsx" or ".xls";
        var best = TemplateSchemas.All
            .Select(s => (Schema: s, Found: s.Fields.Count(f => text.Contains(f.Heading)), Template: s.Fields.All(f => text.Contains(f.Heading))))
            .OrderByDescending(x => x.Template)
            .ThenByDescending(x => x.Found)
            .First();
        if (best.Template)
        {
            return new DetectionResult(0.8, $"The headings are those of the {best.Schema.OptionValue} template.") { Kind = best.Schema.Kind };
        }

        if (best.Found >= 2)
        {
            return new DetectionResult(0.5, $"{best.Found} headings of the {best.Schema.OptionValue} template were found; other columns can be mapped.")
            {
                Kind = best.Schema.Kind,
            };
        }

        if (tabularExtension || text.Format != TabularFormat.Delimited)
        {
            return new DetectionResult(0.2, "A table the template importer can read once its columns are mapped.");
        }

        return new DetectionResult(0.05, "Text that may be delimited; the template importer can try with a column mapping.");
    }
}
