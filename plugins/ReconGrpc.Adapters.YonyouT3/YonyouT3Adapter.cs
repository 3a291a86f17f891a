using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using ReconGrpc.Adapters.Shared.Detection;
using ReconGrpc.Adapters.Shared.Tabular;
using ReconGrpc.Adapters.Shared.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.YonyouT3;

/// <summary>
/// 用友T3 — reads Yonyou T3's exports: 客户分类 (categories), 客户档案 (customers), our 客户往来明细账 /
/// 应收账款 detail ledger (ledger entries), and a customer's own 供应商往来明细账 / 应付账款 ledger sent as its
/// statement (statement lines in its own, mirrored convention). As .xls (BIFF8 or an HTML table saved under that
/// name), .xlsx, .csv or tab-separated text, in GBK or UTF-8.
/// </summary>
public sealed partial class YonyouT3Adapter : IImportAdapter
{
    /// <summary>The adapter's id.</summary>
    public const string Id = "yonyou-t3";

    private const int HeaderSearchRows = 40;

    /// <inheritdoc />
    public AdapterDescriptor Descriptor { get; } = new(Id, "用友T3 导出 (Yonyou T3 exports)", new Version(1, 0, 0),
        RecordKind.Categories | RecordKind.Customers | RecordKind.LedgerEntries | RecordKind.StatementLines)
    {
        Description = "Yonyou T3 exports: 客户分类, 客户档案, the 客户往来明细账 / 应收账款 detail ledger (our ledger entries) and a customer's "
                      + "供应商往来明细账 / 应付账款 ledger (its statement, in its own mirrored convention). Opening balances become opening entries; "
                      + "本月合计 / 本年累计 rows are checked against the postings, never imported.",
        FileExtensions = [".xls", ".xlsx", ".csv", ".txt", ".tsv"],
        Options =
        [
            new AdapterOption("kind", OptionType.Choice,
                "What the export is: categories, customers, ledger (our receivable ledger) or statement (a customer's payable ledger); auto decides from the file.")
            {
                DefaultValue = "auto",
                Choices = ["auto", "categories", "customers", "ledger", "statement"],
            },
            new AdapterOption("customer", OptionType.Text, "The customer (code, or code and name) of a ledger whose export names none."),
            new AdapterOption("year", OptionType.Integer, "The year of a ledger whose export names none (no 2024年 heading, no 期间)."),
            new AdapterOption("sheet", OptionType.Text, "The workbook sheet to read, by name or 1-based number. Default: the first.") { DefaultValue = "1" },
            new AdapterOption("encoding", OptionType.Choice, "The text encoding of a CSV or text export.")
            {
                DefaultValue = "auto",
                Choices = ["auto", "utf-8", "gbk", "gb18030"],
            },
        ],
    };

    /// <inheritdoc />
    public DetectionResult Detect(FileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        try
        {
            return T3Detection.Detect(ProbeText.From(probe));
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
        await using var reader = await TabularReader.OpenAsync(content, settings.Tabular, cancellationToken).ConfigureAwait(false);
        var preamble = new T3Preamble();
        Dictionary<T3Column, int>? columns = null;
        int? headingYear = null;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var texts = reader.Texts();
            var found = T3Headings.Columns(texts);
            if (IsHeader(found, reader.Line))
            {
                columns = found;
                headingYear = texts.Select(YearHeading).FirstOrDefault(y => y is not null);
                break;
            }

            preamble.Add(texts);
            if (reader.Line >= HeaderSearchRows)
            {
                break;
            }
        }

        if (columns is null)
        {
            throw new ImportException(
                $"No Yonyou T3 header row was found in the first {HeaderSearchRows} rows of the {reader.Description}: expected a ledger header "
                + "(凭证号, 摘要, 借方, 贷方, 方向, 余额), a 客户档案 header (客户编码, 客户名称) or a 客户分类 header (类别编码, 类别名称).");
        }

        var sheetKind = SheetKind(columns);
        var kind = Resolve(sheetKind, settings, context, preamble, columns);
        if (kind is RecordKind.Categories or RecordKind.Customers)
        {
            var archive = new ArchiveReader(reader, columns);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                foreach (var row in kind == RecordKind.Categories ? archive.Category() : archive.Customer())
                {
                    yield return row;
                }
            }

            yield break;
        }

        // A two-row header puts 月 and 日 under a "2024年" heading; the row after the header says whether it has one.
        var side = kind == RecordKind.LedgerEntries ? LedgerSide.OurReceivable : LedgerSide.TheirPayable;
        var year = headingYear ?? preamble.Year ?? settings.Year;
        var party = settings.Customer ?? preamble.Party;
        LedgerReader? ledger = null;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (ledger is null)
            {
                var sub = T3Headings.Columns(reader.Texts());
                if (sub.ContainsKey(T3Column.Month) || sub.ContainsKey(T3Column.Day))
                {
                    foreach (var (column, index) in sub)
                    {
                        columns.TryAdd(column, index);
                    }

                    ledger = new LedgerReader(reader, columns, preamble, side, year, party);
                    continue;
                }

                ledger = new LedgerReader(reader, columns, preamble, side, year, party);
            }

            foreach (var row in ledger.Read())
            {
                yield return row;
            }
        }

        ledger?.Finish();
    }

    /// <summary>A header row: a ledger's, an archive's or a category list's headings (a ledger lacking 借方 or 贷方 is refused here).</summary>
    private static bool IsHeader(Dictionary<T3Column, int> found, long line)
    {
        var ledgerMarkers = new[] { T3Column.Voucher, T3Column.Summary, T3Column.Debit, T3Column.Credit, T3Column.Direction, T3Column.Balance }.Count(found.ContainsKey);
        if (ledgerMarkers >= 3 && found.ContainsKey(T3Column.Summary))
        {
            if (!found.ContainsKey(T3Column.Debit) || !found.ContainsKey(T3Column.Credit))
            {
                var missing = found.ContainsKey(T3Column.Debit) ? "贷方" : found.ContainsKey(T3Column.Credit) ? "借方" : "借方 and 贷方";
                throw new ImportException(
                    $"The ledger header on line {line} has no {missing} column; a T3 detail ledger needs both 借方 and 贷方. Export the ledger in 三栏式 (three-column) form.",
                    line);
            }

            return true;
        }

        return (found.ContainsKey(T3Column.CustomerCode) && found.ContainsKey(T3Column.CustomerName))
               || (found.ContainsKey(T3Column.CategoryCode) && found.ContainsKey(T3Column.CategoryName));
    }

    private static RecordKind SheetKind(Dictionary<T3Column, int> columns) =>
        columns.ContainsKey(T3Column.Debit) ? RecordKind.LedgerEntries | RecordKind.StatementLines
        : columns.ContainsKey(T3Column.CustomerName) ? RecordKind.Customers
        : RecordKind.Categories;

    private static RecordKind Resolve(RecordKind sheetKind, Settings settings, ImportContext context, T3Preamble preamble, Dictionary<T3Column, int> columns)
    {
        var wanted = settings.Kind != RecordKind.None ? settings.Kind : context.ExpectedKind;
        if (wanted != RecordKind.None)
        {
            if ((sheetKind & wanted) == 0)
            {
                throw new ImportException($"The file is a T3 {Describe(sheetKind)} export, which cannot be imported as {Describe(wanted)}.");
            }

            return wanted;
        }

        if (sheetKind != (RecordKind.LedgerEntries | RecordKind.StatementLines))
        {
            return sheetKind;
        }

        // Our books keep 应收账款 by 客户; a customer's books keep us under 应付账款 by 供应商.
        var payable = preamble.PartyIsSupplier
                      || columns.ContainsKey(T3Column.PartyCode) && !columns.ContainsKey(T3Column.CustomerCode)
                      || preamble.AllText.Contains("应付") || preamble.AllText.Contains("供应商");
        return payable ? RecordKind.StatementLines : RecordKind.LedgerEntries;
    }

    private static string Describe(RecordKind kind) => kind switch
    {
        RecordKind.Categories => "客户分类 (categories)",
        RecordKind.Customers => "客户档案 (customers)",
        RecordKind.LedgerEntries => "ledger",
        RecordKind.StatementLines => "statement",
        _ => "detail ledger",
    };

    private static int? YearHeading(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var match = YearPattern().Match(ValueParser.HalfWidth(text));
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    [GeneratedRegex(@"^\s*(\d{4})\s*年\s*$")]
    private static partial Regex YearPattern();

    /// <summary>The adapter's options, parsed once per import.</summary>
    private sealed record Settings(RecordKind Kind, T3Party? Customer, int? Year, TabularOptions Tabular)
    {
        public static Settings From(ImportContext context)
        {
            var kind = context.GetOption("kind")?.ToLowerInvariant() switch
            {
                null or "auto" => RecordKind.None,
                "categories" => RecordKind.Categories,
                "customers" => RecordKind.Customers,
                "ledger" => RecordKind.LedgerEntries,
                "statement" => RecordKind.StatementLines,
                var other => throw new ImportException($"The kind option '{other}' is not one of auto, categories, customers, ledger, statement."),
            };
            int? year = null;
            if (context.GetOption("year") is { } yearText)
            {
                year = int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 1990 and <= 2100
                    ? y
                    : throw new ImportException($"The year option must be a year such as 2024; '{yearText}' is not.");
            }

            var encoding = context.EncodingHint;
            if (context.GetOption("encoding") is { } name && !name.Equals("auto", StringComparison.OrdinalIgnoreCase))
            {
                encoding = TextEncodings.FromName(name) ?? throw new ImportException($"The encoding option '{name}' is not one of utf-8, gbk, gb18030.");
            }

            return new Settings(kind, T3Party.Parse(context.GetOption("customer")), year,
                new TabularOptions(context.FileName, encoding, Sheet: context.GetOption("sheet")));
        }
    }
}
