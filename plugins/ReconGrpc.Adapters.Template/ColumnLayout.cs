using ReconGrpc.Adapters.Shared.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Template;

/// <summary>Which column holds which field, resolved once from the header row and the mapping.</summary>
internal sealed class ColumnLayout
{
    private readonly Dictionary<string, int> _columns;

    private ColumnLayout(TemplateSchema schema, Dictionary<string, int> columns, IReadOnlyList<string?> headings)
    {
        Schema = schema;
        _columns = columns;
        Headings = headings;
    }

    public TemplateSchema Schema { get; }

    /// <summary>The header row's headings as the file writes them, for messages.</summary>
    public IReadOnlyList<string?> Headings { get; }

    public int MatchedCount => _columns.Count;

    /// <summary>The 0-based column of a field, or -1 when the file has none.</summary>
    public int this[string key] => _columns.TryGetValue(key, out var column) ? column : -1;

    public bool Has(string key) => _columns.ContainsKey(key);

    /// <summary>How the file names a field's column, for row errors.</summary>
    public string HeadingOf(string key)
    {
        var column = this[key];
        return column >= 0 && column < Headings.Count && Headings[column] is { } heading ? heading : Schema.Find(key)?.Heading ?? key;
    }

    /// <summary>
    /// Lays out a header row for a schema: mapped fields where the mapping says, the others by the headings the
    /// schema knows. A named heading of the mapping that the row lacks is an error.
    /// </summary>
    public static ColumnLayout Resolve(TemplateSchema schema, ColumnMapping mapping, IReadOnlyList<string?> headings, long headerLine)
    {
        var keys = headings.Select(h => ValueParser.HeaderKey(h)).ToList();
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        var claimed = new HashSet<int>();
        foreach (var (key, heading) in mapping.Headings)
        {
            var column = ColumnMapping.ColumnNumber(heading) ?? keys.IndexOf(ValueParser.HeaderKey(heading));
            if (column < 0)
            {
                var present = string.Join(", ", headings.Where(h => h is not null));
                throw new ImportException(
                    $"The column '{heading}' that the columns option maps to {key} is not in the header row (line {headerLine}); the header has: {present}.",
                    headerLine);
            }

            columns[key] = column;
            claimed.Add(column);
        }

        foreach (var field in schema.Fields.Where(f => !columns.ContainsKey(f.Key)))
        {
            for (var column = 0; column < keys.Count; column++)
            {
                if (!claimed.Contains(column) && field.Keys.Contains(keys[column]))
                {
                    columns[field.Key] = column;
                    claimed.Add(column);
                    break;
                }
            }
        }

        return new ColumnLayout(schema, columns, headings);
    }

    /// <summary>Fields the kind cannot do without that the layout lacks, as headings for a message; empty when complete.</summary>
    public IReadOnlyList<string> Missing()
    {
        var missing = Schema.Fields.Where(f => f.Required && !Has(f.Key)).Select(f => f.Heading).ToList();
        var needsAmount = Schema.Kind is RecordKind.LedgerEntries or RecordKind.StatementLines;
        if (needsAmount && !Has("amount") && !Has("debit") && !Has("credit"))
        {
            missing.Add("金额 (or 借方 / 贷方)");
        }

        if (Schema.Kind == RecordKind.LedgerEntries && !Has("customerCode") && !Has("customerName") && !Has("customerCreditCode"))
        {
            missing.Add("客户编码, 客户名称 or 统一社会信用代码");
        }

        return missing;
    }
}
