using System.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Template;

/// <summary>
/// 模板下载 — the blank CSV a user fills in for each record kind: one header row, required columns marked with *.
/// UTF-8 with a byte-order mark, so Excel opens the Chinese headings correctly by double-click.
/// </summary>
public static class TemplateFiles
{
    /// <summary>The record kinds a template exists for.</summary>
    public static RecordKind Kinds => TemplateSchemas.All.Aggregate(RecordKind.None, (all, s) => all | s.Kind);

    /// <summary>The header row of the template for a kind.</summary>
    /// <param name="kind">A single record kind.</param>
    /// <returns>The column headings, in order.</returns>
    /// <exception cref="ArgumentException">No template exists for the kind.</exception>
    public static IReadOnlyList<string> HeaderRow(RecordKind kind) =>
        Schema(kind).Fields.Select(f => f.TemplateHeading).ToArray();

    /// <summary>The template for a kind as a CSV file.</summary>
    /// <param name="kind">A single record kind.</param>
    /// <returns>The file, ready to download.</returns>
    /// <exception cref="ArgumentException">No template exists for the kind.</exception>
    public static ImportTemplate Csv(RecordKind kind)
    {
        var schema = Schema(kind);
        var headings = HeaderRow(kind);
        var text = string.Join(',', headings) + "\r\n";
        var content = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray();
        return new ImportTemplate(kind, $"{schema.FileStem}-template.csv", "text/csv", content, headings);
    }

    private static TemplateSchema Schema(RecordKind kind) =>
        TemplateSchemas.ForKind(kind)
        ?? throw new ArgumentException($"No template exists for {kind}; templates exist for {Kinds}.", nameof(kind));
}
