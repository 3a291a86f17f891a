namespace ReconGrpc.Application.Reports;

/// <summary>How statements look: the configured template's columns and logo, and for the PDF the font family to use.</summary>
public sealed record StatementLayout(IReadOnlyList<StatementColumn> Columns, string? LogoPath, string? FontFamily);

/// <summary>Writes one statement of account in one file format, reading its movements as it writes them.</summary>
public interface IStatementWriter
{
    string Extension { get; }

    string MediaType { get; }

    /// <summary>Writes the statement to <paramref name="output"/>, a file of its own (seekable).</summary>
    Task WriteAsync(StatementOfAccount statement, IAsyncEnumerable<StatementMovement> movements, StatementLayout layout, Stream output,
        CancellationToken cancellationToken);
}
