namespace ReconGrpc.Plugins.Abstractions;

/// <summary>
/// Implemented by an adapter that offers blank files for users to fill in (模板下载): the host serves them, for
/// example to <c>recon import template KIND</c>. A file made from a template imports through the same adapter
/// without options.
/// </summary>
public interface IImportTemplateProvider
{
    /// <summary>The record kinds a template exists for.</summary>
    RecordKind TemplateKinds { get; }

    /// <summary>Makes the template for one record kind.</summary>
    /// <param name="kind">A single kind among <see cref="TemplateKinds"/>.</param>
    /// <returns>The template file.</returns>
    /// <exception cref="ArgumentException">No template exists for <paramref name="kind"/>.</exception>
    ImportTemplate GetTemplate(RecordKind kind);
}
