using ReconGrpc.Application.Imports;
using ReconGrpc.Server.Plugins;

namespace ReconGrpc.Server.Extensions;

public static class PluginExtensions
{
    /// <summary>
    /// The plugin catalog imports read through, and its folder watcher. A relative <c>Plugins:Path</c> is taken from
    /// the server's own folder, where the build puts the bundled adapters.
    /// </summary>
    public static WebApplicationBuilder AddReconPlugins(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<PluginOptions>();
            var folder = Path.GetFullPath(options.Path, AppContext.BaseDirectory);
            return new AdapterCatalog(options, folder, sp.GetRequiredService<ILogger<AdapterCatalog>>());
        });
        builder.Services.AddSingleton<IAdapterCatalog>(sp => sp.GetRequiredService<AdapterCatalog>());
        builder.Services.AddHostedService<PluginFolderWatcher>();
        return builder;
    }
}
