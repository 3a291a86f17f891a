namespace ReconGrpc.Application.Imports;

/// <summary>Where plugins live and how long they may take (<c>Plugins</c> section).</summary>
public sealed class PluginOptions
{
    /// <summary>The plugin folder, one sub-folder per plugin; relative paths are from the server's own folder.</summary>
    public string Path { get; set; } = "plugins";

    /// <summary>Watch the folder and reload when a plugin is added, replaced or removed.</summary>
    public bool Watch { get; set; } = true;

    /// <summary>
    /// How long creating an adapter (its constructor) and reading its descriptor may take when its plugin is loaded;
    /// an adapter that takes longer is listed as unavailable, so that it cannot hold up start-up or a reload.
    /// </summary>
    public TimeSpan LoadTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an adapter may take to say whether it can read a file.</summary>
    public TimeSpan DetectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long an adapter may take to make an import template (<c>GetImportTemplate</c>).</summary>
    public TimeSpan TemplateTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an adapter may take to produce its next row before the import fails.</summary>
    public TimeSpan RowTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
