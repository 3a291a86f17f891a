using ReconGrpc.Application.Imports;

namespace ReconGrpc.Server.Plugins;

/// <summary>
/// Reloads the catalog when something in the plugin folder changes (a plugin dropped in, replaced or removed).
/// Copying a plugin raises many events; a reload waits for a quiet second so it sees the whole folder.
/// </summary>
public sealed partial class PluginFolderWatcher(AdapterCatalog catalog, PluginOptions options, ILogger<PluginFolderWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Watch)
        {
            return;
        }

        Directory.CreateDirectory(catalog.Folder);
        var changed = new SemaphoreSlim(0);
        using var watcher = new FileSystemWatcher(catalog.Folder) { IncludeSubdirectories = true, EnableRaisingEvents = true };
        void OnChange(object? sender, EventArgs e) => changed.Release();
        watcher.Created += OnChange;
        watcher.Changed += OnChange;
        watcher.Deleted += OnChange;
        watcher.Renamed += OnChange;

        while (!stoppingToken.IsCancellationRequested)
        {
            await changed.WaitAsync(stoppingToken);
            // Swallow the burst: keep waiting while events keep coming.
            while (await changed.WaitAsync(Quiet, stoppingToken))
            {
            }

            try
            {
                catalog.Reload();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogReloadFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Reloading plugins after a change in the plugin folder failed")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception);
}
