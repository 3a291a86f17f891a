using System.Collections.Immutable;
using System.Reflection;
using McMaster.NETCore.Plugins;
using ReconGrpc.Application.Imports;
using ReconGrpc.Domain;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Server.Plugins;

/// <summary>
/// The adapters of the plugin folder. Each plugin folder gets its own load context sharing only the SDK with the
/// server, so two plugins may carry different versions of one library. A plugin that fails in any way is listed as
/// unavailable with the reason; nothing a plugin does at load time can stop the server.
/// </summary>
public sealed partial class AdapterCatalog(PluginOptions options, string pluginFolder, ILogger<AdapterCatalog> logger) : IDisposable, IAdapterCatalog
{
    private readonly Lock _reloadLock = new();
    private Snapshot _current = new([], []);

    /// <summary>The absolute plugin folder.</summary>
    public string Folder { get; } = pluginFolder;

    /// <summary>Every adapter, available or not, ordered by id.</summary>
    public IReadOnlyList<LoadedAdapter> Adapters => _current.Adapters;

    /// <summary>Rescans the plugin folder and swaps in the new set; imports already running keep the adapter they started with.</summary>
    public IReadOnlyList<LoadedAdapter> Reload()
    {
        lock (_reloadLock)
        {
            var loaders = new List<PluginLoader>();
            var adapters = new List<LoadedAdapter>();
            if (Directory.Exists(Folder))
            {
                foreach (var directory in Directory.GetDirectories(Folder).Order(StringComparer.Ordinal))
                {
                    adapters.AddRange(LoadPlugin(directory, loaders));
                }
            }

            var unique = adapters
                .GroupBy(a => a.Id, StringComparer.Ordinal)
                .SelectMany(g => g.Count() == 1 || g.Count(a => a.IsAvailable) <= 1
                    ? g
                    : g.Select((a, i) => i == 0 ? a : LoadedAdapter.Unavailable(a.Plugin, a.SdkVersion,
                        $"adapter id '{a.Id}' is already provided by plugin '{g.First().Plugin}'")))
                .OrderBy(a => a.Id, StringComparer.Ordinal)
                .ThenBy(a => a.Plugin, StringComparer.Ordinal)
                .ToImmutableArray();
            var previous = _current;
            _current = new Snapshot(unique, loaders);
            LogLoaded(logger, unique.Count(a => a.IsAvailable), unique.Count(a => !a.IsAvailable), Folder);
            foreach (var loader in previous.Loaders)
            {
                loader.Dispose();
            }

            return unique;
        }
    }

    /// <summary>The available adapter with this id (its <see cref="LoadedAdapter.Adapter"/> set), or a clear refusal.</summary>
    public LoadedAdapter Get(string id)
    {
        var found = Adapters.FirstOrDefault(a => a.Id == id);
        if (found is null)
        {
            throw RuleViolation.NotFound("adapter.not_found",
                $"There is no adapter '{InputText.Echo(id)}'; available: {string.Join(", ", Adapters.Where(a => a.IsAvailable).Select(a => a.Id))}.");
        }

        return found.IsAvailable ? found : throw RuleViolation.FailedPrecondition("adapter.unavailable",
            $"Adapter '{id}' is unavailable: {found.UnavailableReason}");
    }

    /// <summary>
    /// Asks every available adapter how sure it is that it can read the file, each within the detect timeout; an
    /// adapter that throws or takes too long counts as 0. Most confident first, ties by id.
    /// </summary>
    public async Task<IReadOnlyList<AdapterCandidate>> DetectAsync(string? fileName, ReadOnlyMemory<byte> head, long? length, CancellationToken cancellationToken)
    {
        var probe = new FileProbe(fileName, head.Length > FileProbe.HeadLength ? head[..FileProbe.HeadLength] : head,
            length is { } l && l >= Math.Min(head.Length, FileProbe.HeadLength) ? l : null);
        var answers = await Task.WhenAll(Adapters.Where(a => a.IsAvailable).Select(a => DetectOneAsync(a, probe, cancellationToken)));
        return [.. answers.Where(a => a.Confidence > 0).OrderByDescending(a => a.Confidence).ThenBy(a => a.AdapterId, StringComparer.Ordinal)];
    }

    private async Task<AdapterCandidate> DetectOneAsync(LoadedAdapter adapter, FileProbe probe, CancellationToken cancellationToken)
    {
        try
        {
            var result = await CallPluginAsync(() => adapter.Adapter!.Detect(probe), options.DetectTimeout, cancellationToken);
            return new AdapterCandidate(adapter.Id, result.Confidence, result.Reason);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogDetectFailed(logger, ex, adapter.Id);
            return new AdapterCandidate(adapter.Id, 0, $"detection failed: {ex.GetType().Name}");
        }
    }

    /// <summary>
    /// A blank file of one record kind, from the named adapter or else from the available adapters offering one, by
    /// id. Each is asked on a thread of its own within the template timeout: one that throws, hangs or answers with
    /// nothing is passed over for the next (or, when named, refused with its name) rather than holding the call.
    /// </summary>
    public async Task<(string AdapterId, ImportTemplate Template)> GetTemplateAsync(RecordKind kind, string? adapterId, CancellationToken cancellationToken)
    {
        var candidates = adapterId is null ? Adapters.Where(a => a.IsAvailable && a.Adapter is IImportTemplateProvider).ToList() : [Get(adapterId)];
        var failures = new List<string>();
        foreach (var candidate in candidates)
        {
            if (candidate.Adapter is not IImportTemplateProvider provider)
            {
                throw RuleViolation.FailedPrecondition("import.no_template", $"Adapter '{candidate.Id}' offers no import templates.");
            }

            TemplateAnswer answer;
            try
            {
                answer = await CallPluginAsync(() => Ask(provider, kind), options.TemplateTimeout, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogTemplateFailed(logger, ex, candidate.Id);
                var cause = ex.GetBaseException();
                failures.Add(ex is TimeoutException
                    ? $"adapter '{candidate.Id}' ({candidate.Name}) took longer than {Seconds(options.TemplateTimeout)} s and was given up on"
                    : $"adapter '{candidate.Id}' ({candidate.Name}) failed ({cause.GetType().Name}: {cause.Message})");
                continue;
            }

            if (answer.Template is { } template)
            {
                return (candidate.Id, template);
            }

            if (adapterId is not null)
            {
                throw RuleViolation.FailedPrecondition("import.no_template", answer.Offered == RecordKind.None
                    ? $"Adapter '{candidate.Id}' offers no import templates."
                    : $"Adapter '{candidate.Id}' offers templates for {answer.Offered}, not for {kind}.");
            }
        }

        if (failures.Count > 0)
        {
            throw RuleViolation.FailedPrecondition("adapter.failed", $"No template for {kind}: {string.Join("; ", failures)}.");
        }

        throw RuleViolation.FailedPrecondition("import.no_template", $"No available adapter offers a template for {kind}.");
    }

    // Plugin code throughout: the kinds it offers are asked, as the template itself, off the caller's thread.
    private static TemplateAnswer Ask(IImportTemplateProvider provider, RecordKind kind)
    {
        var offered = provider.TemplateKinds;
        if (!offered.HasFlag(kind))
        {
            return new TemplateAnswer(null, offered);
        }

        var template = provider.GetTemplate(kind) ?? throw new InvalidOperationException("GetTemplate returned no template");
        return template.Kind == kind ? new TemplateAnswer(template, offered)
            : throw new InvalidOperationException($"asked for a {kind} template, it made one for {template.Kind}");
    }

    private readonly record struct TemplateAnswer(ImportTemplate? Template, RecordKind Offered);

    /// <summary>
    /// Plugin code on a pool thread of its own: a call that blocks (or never returns) cannot hold the caller past the
    /// timeout (a <see cref="TimeoutException"/>); the thread is the plugin's until it returns.
    /// </summary>
    private static Task<T> CallPluginAsync<T>(Func<T> call, TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.Run(call, cancellationToken).WaitAsync(timeout, cancellationToken);

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    private IEnumerable<LoadedAdapter> LoadPlugin(string directory, List<PluginLoader> loaders)
    {
        var plugin = Path.GetFileName(directory);
        var assemblyPath = Path.Combine(directory, plugin + ".dll");
        if (!File.Exists(assemblyPath))
        {
            return [LoadedAdapter.Unavailable(plugin, null, $"the folder has no {plugin}.dll (a plugin folder holds an assembly named after the folder)")];
        }

        PluginLoader? loader = null;
        try
        {
            loader = PluginLoader.CreateFromAssemblyFile(assemblyPath, sharedTypes: [typeof(IImportAdapter)], config =>
            {
                config.IsUnloadable = true;
                // Read into memory so that a plugin folder can be replaced while the server runs.
                config.LoadInMemory = true;
            });
            var assembly = loader.LoadDefaultAssembly();
            var compatibility = PluginSdk.CheckCompatibility(assembly);
            var sdk = compatibility.BuiltAgainst?.ToString();
            if (!compatibility.IsCompatible)
            {
                loader.Dispose();
                return [LoadedAdapter.Unavailable(plugin, sdk, compatibility.Reason)];
            }

            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(assemblyPath)));
            var adapters = CreateAdapters(assembly, plugin, sdk).Select(a => a with { AssemblySha256 = hash }).ToList();
            if (adapters.Count == 0)
            {
                loader.Dispose();
                return [LoadedAdapter.Unavailable(plugin, sdk, $"{plugin}.dll has no public class implementing IImportAdapter")];
            }

            loaders.Add(loader);
            return adapters;
        }
        catch (Exception ex)
        {
            loader?.Dispose();
            LogPluginFailed(logger, ex, plugin);
            return [LoadedAdapter.Unavailable(plugin, null, $"the plugin failed to load: {ex.GetType().Name}: {ex.Message}")];
        }
    }

    private IEnumerable<LoadedAdapter> CreateAdapters(Assembly assembly, string plugin, string? sdk)
    {
        Type[] types;
        try
        {
            types = assembly.GetExportedTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            types = [.. ex.Types.OfType<Type>()];
        }

        foreach (var type in types.Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IImportAdapter).IsAssignableFrom(t)).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            yield return Create(type, plugin, sdk);
        }
    }

    /// <summary>
    /// Creates one adapter and reads its descriptor on a task of its own, waiting at most the load timeout: a
    /// constructor or descriptor that hangs would otherwise hold up start-up, ReloadPlugins and the folder watcher
    /// (all three load under one lock). An adapter given up on is left to finish or hang on its own.
    /// </summary>
    private LoadedAdapter Create(Type type, string plugin, string? sdk)
    {
        var creating = Task.Run(() =>
        {
            var adapter = (IImportAdapter)Activator.CreateInstance(type)!;
            return (Adapter: adapter, Descriptor: adapter.Descriptor);
        });
        try
        {
            if (!creating.Wait(options.LoadTimeout))
            {
                // Should it fail after all, its exception is observed here rather than reported as unobserved.
                _ = creating.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                LogCreateTimedOut(logger, type.FullName, plugin, options.LoadTimeout);
                return LoadedAdapter.Unavailable(plugin, sdk,
                    $"{type.Name} was not created within {Seconds(options.LoadTimeout)} s " +
                    "(its constructor or Descriptor did not return; Plugins:LoadTimeout) and was given up on");
            }

            var (adapter, descriptor) = creating.Result;
            return descriptor is null
                ? LoadedAdapter.Unavailable(plugin, sdk, $"{type.Name} has no Descriptor")
                : LoadedAdapter.Available(adapter, descriptor, plugin, sdk);
        }
        catch (AggregateException ex)
        {
            var inner = ex.InnerException is TargetInvocationException { InnerException: { } cause } ? cause : ex.InnerException ?? ex;
            LogPluginFailed(logger, inner, plugin);
            return LoadedAdapter.Unavailable(plugin, sdk, $"{type.Name} could not be created: {inner.GetType().Name}: {inner.Message}");
        }
    }

    public void Dispose()
    {
        foreach (var loader in _current.Loaders)
        {
            loader.Dispose();
        }
    }

    private sealed record Snapshot(ImmutableArray<LoadedAdapter> Adapters, IReadOnlyList<PluginLoader> Loaders);

    [LoggerMessage(Level = LogLevel.Information, Message = "Plugins: {Available} adapter(s) available, {Unavailable} unavailable, from {Folder}")]
    private static partial void LogLoaded(ILogger logger, int available, int unavailable, string folder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plugin {Plugin} failed to load")]
    private static partial void LogPluginFailed(ILogger logger, Exception exception, string plugin);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Adapter {Type} of plugin {Plugin} was not created within {LoadTimeout} and was given up on")]
    private static partial void LogCreateTimedOut(ILogger logger, string? type, string plugin, TimeSpan loadTimeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Adapter {AdapterId} failed to detect a file")]
    private static partial void LogDetectFailed(ILogger logger, Exception exception, string adapterId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Adapter {AdapterId} failed to make an import template")]
    private static partial void LogTemplateFailed(ILogger logger, Exception exception, string adapterId);
}
