using ReconGrpc.Server.Application;
using ReconGrpc.Server.Imports;
using ReconGrpc.Server.Plugins;

namespace ReconGrpc.Server.Extensions;

public static class ImportExtensions
{
    /// <summary>
    /// The plugin catalog (<c>Plugins</c> section; a relative <c>Plugins:Path</c> is taken from the server's own
    /// folder, where the build puts the bundled adapters), its folder watcher, and the import pipeline.
    /// </summary>
    public static WebApplicationBuilder AddReconImports(this WebApplicationBuilder builder)
    {
        var plugins = builder.Configuration.GetSection("Plugins").Get<PluginOptions>() ?? new PluginOptions();
        var imports = builder.Configuration.GetSection("Imports").Get<ImportOptions>() ?? new ImportOptions();
        var folder = Path.GetFullPath(plugins.Path, AppContext.BaseDirectory);
        builder.Services.AddSingleton(plugins);
        builder.Services.AddSingleton(imports);
        builder.Services.AddSingleton<ImportSpoolFolder>();
        builder.Services.AddSingleton(sp => new AdapterCatalog(plugins, folder, sp.GetRequiredService<ILogger<AdapterCatalog>>()));
        builder.Services.AddHostedService<PluginFolderWatcher>();
        builder.Services.AddSingleton<ImportPipeline>();
        builder.Services.AddSingleton<ImportRecords>();
        builder.Services.AddSingleton<LedgerBook>();
        return builder;
    }
}
