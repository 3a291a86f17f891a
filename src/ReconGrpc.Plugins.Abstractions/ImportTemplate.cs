namespace ReconGrpc.Plugins.Abstractions;

/// <summary>A blank import file for users to fill in.</summary>
public sealed class ImportTemplate
{
    /// <summary>Creates a template.</summary>
    /// <param name="kind">The single record kind the template is for.</param>
    /// <param name="fileName">A file name to save it under (<c>customers-template.csv</c>).</param>
    /// <param name="mediaType">The media type of the content (<c>text/csv</c>).</param>
    /// <param name="content">The file's bytes.</param>
    /// <param name="columns">The column headings, in order.</param>
    /// <exception cref="ArgumentException">A text argument is blank, or no columns are given.</exception>
    public ImportTemplate(RecordKind kind, string fileName, string mediaType, ReadOnlyMemory<byte> content, IReadOnlyList<string> columns)
    {
        Kind = kind;
        FileName = Guard.Required(fileName, nameof(fileName));
        MediaType = Guard.Required(mediaType, nameof(mediaType));
        Content = content;
        ArgumentNullException.ThrowIfNull(columns);
        Columns = columns.Count > 0 ? columns.ToArray() : throw new ArgumentException("A template has at least one column.", nameof(columns));
    }

    /// <summary>The record kind the template is for.</summary>
    public RecordKind Kind { get; }

    /// <summary>A file name to save the template under.</summary>
    public string FileName { get; }

    /// <summary>The media type of <see cref="Content"/>.</summary>
    public string MediaType { get; }

    /// <summary>The file's bytes.</summary>
    public ReadOnlyMemory<byte> Content { get; }

    /// <summary>The column headings, in order.</summary>
    public IReadOnlyList<string> Columns { get; }
}
