using System.CommandLine;
using ReconGrpc.Cli.Infrastructure;
using ReconGrpc.Contracts.V1;

namespace ReconGrpc.Cli.Commands;

/// <summary><c>recon plugins …</c>: the adapter plugins in the server's plugin folder, and rescanning it.</summary>
public static class PluginsCommands
{
    public static Command Create(CliSessionFactory sessions)
    {
        var plugins = new Command("plugins", "The server's adapter plugins: list them, rescan the plugin folder");

        var list = new Command("list", "List every adapter by plugin folder, available or not, with its SDK version and description");
        list.SetAction(sessions.Run(async (session, _, ct) =>
        {
            var response = await new ImportService.ImportServiceClient(session.Invoker).ListAdaptersAsync(new ListAdaptersRequest(), session.Call(ct));
            await ImportCommands.WriteAdaptersAsync(session, ByPlugin(response.Adapters));
        }));

        var reload = new Command("reload", "Rescan the plugin folder now (admin); prints every adapter after the rescan");
        reload.SetAction(sessions.Run(async (session, _, ct) =>
        {
            var response = await new ImportService.ImportServiceClient(session.Invoker).ReloadPluginsAsync(new ReloadPluginsRequest(), session.Call(ct));
            if (!session.Json)
            {
                var unavailable = response.Adapters.Count(a => !a.Available);
                await session.Out.WriteLineAsync(
                    $"plugin folder rescanned: {response.Adapters.Count} adapters, {response.Adapters.Count - unavailable} available, {unavailable} unavailable");
            }

            await ImportCommands.WriteAdaptersAsync(session, ByPlugin(response.Adapters));
        }));

        plugins.Subcommands.Add(list);
        plugins.Subcommands.Add(reload);
        return plugins;
    }

    private static IEnumerable<Adapter> ByPlugin(IEnumerable<Adapter> adapters) =>
        adapters.OrderBy(a => a.Plugin, StringComparer.Ordinal).ThenBy(a => a.Id, StringComparer.Ordinal);
}
