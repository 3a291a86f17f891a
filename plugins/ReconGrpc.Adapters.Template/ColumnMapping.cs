using System.Globalization;
using ReconGrpc.Adapters.Shared.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Template;

/// <summary>
/// The <c>columns</c> option: <c>field=heading</c> pairs separated by semicolons, such as
/// <c>code=客户代码;name=单位名称;creditLimit=#7</c>. A heading of <c>#N</c> names the N-th column (from 1), for
/// files without a header row or with unusable headings.
/// </summary>
internal sealed class ColumnMapping
{
    private ColumnMapping(IReadOnlyDictionary<string, string> headings) => Headings = headings;

    /// <summary>Field key to the heading (or #N) the user gave.</summary>
    public IReadOnlyDictionary<string, string> Headings { get; }

    public bool IsEmpty => Headings.Count == 0;

    public static ColumnMapping Parse(string? option, TemplateSchema? schema)
    {
        var headings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(option))
        {
            return new ColumnMapping(headings);
        }

        foreach (var pair in option.Split([';', '；', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOfAny(['=', '＝']);
            if (equals <= 0 || equals == pair.Length - 1)
            {
                throw new ImportException($"The columns option has '{pair}', which is not of the form field=heading (for example code=客户编码).");
            }

            var key = pair[..equals].Trim();
            var heading = pair[(equals + 1)..].Trim();
            if (schema is not null && schema.Find(key) is null)
            {
                throw new ImportException(
                    $"The columns option maps '{key}', which is not a field of {schema.OptionValue}; its fields are {string.Join(", ", schema.Fields.Select(f => f.Key))}.");
            }

            headings[schema?.Find(key)?.Key ?? key] = heading;
        }

        return new ColumnMapping(headings);
    }

    /// <summary>Whether every field the mapping names belongs to the schema, so the schema can be tried for it.</summary>
    public static bool Fits(string? option, TemplateSchema schema)
    {
        try
        {
            Parse(option, schema);
            return true;
        }
        catch (ImportException)
        {
            return false;
        }
    }

    /// <summary>The 0-based column of an #N heading, or null when the heading is a name.</summary>
    public static int? ColumnNumber(string heading) =>
        heading.Length > 1 && heading[0] == '#' && int.TryParse(heading.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n - 1
            : null;

    /// <summary>Whether every named heading of the mapping appears among the row's cells.</summary>
    public bool AllNamedHeadingsIn(IReadOnlyList<string> keys) =>
        Headings.Values.Where(h => ColumnNumber(h) is null).All(h => keys.Contains(ValueParser.HeaderKey(h)));
}
