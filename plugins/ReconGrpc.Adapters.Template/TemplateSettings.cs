using System.Globalization;
using ReconGrpc.Adapters.Shared.Tabular;
using ReconGrpc.Adapters.Shared.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Template;

/// <summary>The template adapter's options, parsed once per import.</summary>
internal sealed record TemplateSettings(
    TemplateSchema? Schema,
    ColumnMapping Mapping,
    string? MappingText,
    int? HeaderRow,
    string? DateFormat,
    string? Currency,
    AmountConvention Convention,
    LedgerAmounts LedgerAmounts,
    TabularOptions Tabular)
{
    public static TemplateSettings From(ImportContext context)
    {
        var kind = context.GetOption("kind");
        TemplateSchema? schema;
        if (kind is null || kind.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            schema = context.ExpectedKind == RecordKind.None ? null : TemplateSchemas.ForKind(context.ExpectedKind)
                ?? throw new ImportException($"The template importer cannot produce {context.ExpectedKind}.");
        }
        else
        {
            schema = TemplateSchemas.ForOption(kind)
                     ?? throw new ImportException($"The kind option '{kind}' is not one of {string.Join(", ", TemplateSchemas.All.Select(s => s.OptionValue))}.");
        }

        var mappingText = context.GetOption("columns");
        int? headerRow = null;
        if (context.GetOption("header-row") is { } headerText)
        {
            headerRow = int.TryParse(headerText, NumberStyles.None, CultureInfo.InvariantCulture, out var row)
                ? row
                : throw new ImportException($"The header-row option must be a row number (0 for none); '{headerText}' is not.");
        }

        var delimiter = context.GetOption("delimiter")?.ToLowerInvariant() switch
        {
            null or "auto" => (char?)null,
            "comma" or "," => ',',
            "semicolon" or ";" => ';',
            "tab" or "\\t" => '\t',
            "pipe" or "|" => '|',
            var other => throw new ImportException($"The delimiter option '{other}' is not one of auto, comma, semicolon, tab, pipe."),
        };
        var encoding = context.EncodingHint;
        if (context.GetOption("encoding") is { } encodingName && !encodingName.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            encoding = TextEncodings.FromName(encodingName)
                       ?? throw new ImportException($"The encoding option '{encodingName}' is not an encoding this importer knows (utf-8, gbk, gb18030).");
        }

        string? currency = null;
        if (context.GetOption("currency") is { } currencyText)
        {
            currency = ValueParser.CurrencyCode(currencyText)
                       ?? throw new ImportException($"The currency option '{currencyText}' is not a currency code such as CNY.");
        }

        var convention = context.GetOption("convention")?.ToLowerInvariant() switch
        {
            null or "auto" => DefaultConvention(context.StatementKind),
            "our-ledger" => AmountConvention.OurLedger,
            "counterparty-ledger" => AmountConvention.CounterpartyLedger,
            "cash-flow" => AmountConvention.CashFlow,
            var other => throw new ImportException($"The convention option '{other}' is not one of auto, our-ledger, counterparty-ledger, cash-flow."),
        };
        var ledgerAmounts = context.GetOption("amounts")?.ToLowerInvariant() switch
        {
            null or "document" => LedgerAmounts.Document,
            "signed" => LedgerAmounts.Signed,
            var other => throw new ImportException($"The amounts option '{other}' is not one of document, signed."),
        };
        if (headerRow == 0 && (mappingText is null || ColumnMapping.Parse(mappingText, schema).Headings.Values.Any(h => ColumnMapping.ColumnNumber(h) is null)))
        {
            throw new ImportException("Without a header row (header-row=0) every column must be mapped by number, for example columns=code=#1;name=#2.");
        }

        return new TemplateSettings(
            schema,
            ColumnMapping.Parse(mappingText, schema),
            mappingText,
            headerRow,
            context.GetOption("date-format"),
            currency,
            convention,
            ledgerAmounts,
            new TabularOptions(context.FileName, encoding, delimiter, context.GetOption("sheet")));
    }

    /// <summary>
    /// The sign convention of statement amounts when the user names none, from what the statement is: a bank
    /// statement or a payment platform's bill shows money moving on our account (money in is our receipt); a
    /// customer's own statement or payable ledger is written in its books, the mirror of ours; shop orders, and a
    /// file with no statement kind, are read as our ledger writes them (an order or invoice raises what is owed).
    /// </summary>
    internal static AmountConvention DefaultConvention(StatementKind? kind) => kind switch
    {
        StatementKind.BankStatement or StatementKind.PlatformBill => AmountConvention.CashFlow,
        StatementKind.CustomerStatement => AmountConvention.CounterpartyLedger,
        _ => AmountConvention.OurLedger,
    };
}
