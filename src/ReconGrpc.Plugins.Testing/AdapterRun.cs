using System.Globalization;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Plugins.Testing;

/// <summary>
/// Runs an import adapter on a file the way the ReconGrpc server does, so that a plugin's tests see what the server
/// will see: the SDK compatibility check, the options checked against the descriptor, <see cref="IImportAdapter.Detect"/>
/// on the file's first <see cref="FileProbe.HeadLength"/> bytes within the detect timeout, then
/// <see cref="IImportAdapter.ReadAsync"/> on a task of its own over a stream that cannot seek, each row within the row
/// timeout, with a token that is cancelled when the run gives up on the adapter.
/// </summary>
/// <remarks>
/// What the server does with the rows afterwards — finding customers in the archive, duplicates, period locks, the
/// coding scheme, storing — needs its database and is not done here; docs/plugins.md lists those checks.
/// </remarks>
/// <example>
/// <code>
/// var result = await AdapterRun.ReadFileAsync(new AcmeBankAdapter(), "statement.csv",
///     new AdapterRunOptions { IntoStatement = StatementKind.BankStatement });
/// Assert.True(result.Detection.Confidence &gt;= 0.8);
/// Assert.Empty(result.Errors);
/// </code>
/// </example>
public static class AdapterRun
{
    /// <summary>How long an adapter is given to end once its token is cancelled, before the run reports that it did not.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(2);

    /// <summary>Reads a file through <paramref name="adapter"/>.</summary>
    /// <param name="adapter">The adapter, created as the server creates it (its public parameterless constructor).</param>
    /// <param name="path">The file; the adapter sees only its name, as the user's upload.</param>
    /// <param name="options">Options, statement target and limits; <see langword="null"/> for the server's defaults and no options.</param>
    /// <param name="cancellationToken">Cancels the run; the adapter's token is cancelled with it.</param>
    /// <returns>The detection and every row.</returns>
    /// <exception cref="ArgumentException">An option the descriptor does not accept (the server refuses the import before reading).</exception>
    /// <exception cref="ImportException">The adapter cannot read the file at all (the server rolls the import back with this message).</exception>
    /// <exception cref="AdapterContractException">The adapter broke a rule the server enforces (SDK version, detection, row timeout).</exception>
    /// <remarks>Any other exception the adapter throws comes out unchanged; the server reports it as a fault of the adapter and stores nothing.</remarks>
    public static async Task<AdapterRunResult> ReadFileAsync(IImportAdapter adapter, string path, AdapterRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        byte[] head;
        long length;
        await using (var file = File.OpenRead(path))
        {
            length = file.Length;
            head = new byte[(int)Math.Min(FileProbe.HeadLength, length)];
            await file.ReadExactlyAsync(head, cancellationToken);
        }

        return await RunAsync(adapter, Path.GetFileName(path), head, length, () => File.OpenRead(path), options, cancellationToken);
    }

    /// <summary>Reads content held in memory through <paramref name="adapter"/>, as an upload named <paramref name="fileName"/>.</summary>
    /// <param name="adapter">The adapter, created as the server creates it (its public parameterless constructor).</param>
    /// <param name="content">The file's bytes.</param>
    /// <param name="fileName">The name the user's upload has; adapters may look at its extension.</param>
    /// <param name="options">Options, statement target and limits; <see langword="null"/> for the server's defaults and no options.</param>
    /// <param name="cancellationToken">Cancels the run; the adapter's token is cancelled with it.</param>
    /// <returns>The detection and every row.</returns>
    /// <exception cref="ArgumentException">An option the descriptor does not accept (the server refuses the import before reading).</exception>
    /// <exception cref="ImportException">The adapter cannot read the file at all (the server rolls the import back with this message).</exception>
    /// <exception cref="AdapterContractException">The adapter broke a rule the server enforces (SDK version, detection, row timeout).</exception>
    /// <remarks>Any other exception the adapter throws comes out unchanged; the server reports it as a fault of the adapter and stores nothing.</remarks>
    public static Task<AdapterRunResult> ReadAsync(IImportAdapter adapter, byte[] content, string fileName, AdapterRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        return RunAsync(adapter, fileName, content.AsMemory(0, Math.Min(content.Length, FileProbe.HeadLength)), content.Length,
            () => new MemoryStream(content, writable: false), options, cancellationToken);
    }

    private static async Task<AdapterRunResult> RunAsync(IImportAdapter adapter, string fileName, ReadOnlyMemory<byte> head, long length,
        Func<Stream> open, AdapterRunOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        options ??= new AdapterRunOptions();

        // Before any plugin code runs, the server checks the SDK the plugin was built against.
        var compatibility = PluginSdk.CheckCompatibility(adapter.GetType().Assembly);
        if (!compatibility.IsCompatible)
        {
            throw new AdapterContractException($"The server would not load this plugin: {compatibility.Reason}");
        }

        var descriptor = adapter.Descriptor;
        var problems = descriptor.ValidateOptions(options.Options);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        var probe = new FileProbe(fileName, head, length);
        var detection = await DetectAsync(adapter, probe, options.DetectTimeout, cancellationToken);
        var context = new ImportContext(options.Options)
        {
            FileName = fileName,
            ExpectedKind = options.IntoStatement is null ? RecordKind.None : RecordKind.StatementLines,
            StatementKind = options.IntoStatement,
        };

        var rows = await ReadRowsAsync(adapter, open, context, options, cancellationToken);
        return new AdapterRunResult(probe, detection, context, rows);
    }

    private static async Task<DetectionResult> DetectAsync(IImportAdapter adapter, FileProbe probe, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var id = adapter.Descriptor.Id;
        var detecting = Task.Run(() => adapter.Detect(probe), CancellationToken.None);
        try
        {
            return await detecting.WaitAsync(timeout, cancellationToken) ?? throw new AdapterContractException(
                $"Adapter '{id}' answered Detect with null; return DetectionResult.No(reason) for a file it cannot read.");
        }
        catch (TimeoutException)
        {
            throw new AdapterContractException(
                $"Adapter '{id}' took longer than {Seconds(timeout)} s to Detect; the server counts that as 'cannot read' (0). Detection must be quick.");
        }
        catch (Exception ex) when (ex is not AdapterContractException and not OperationCanceledException)
        {
            throw new AdapterContractException(
                $"Adapter '{id}' threw from Detect ({ex.GetType().Name}: {ex.Message}); the server counts that as 'cannot read' (0). Detect must never throw.", ex);
        }
    }

    private static async Task<List<ImportRow>> ReadRowsAsync(IImportAdapter adapter, Func<Stream> open, ImportContext context, AdapterRunOptions options,
        CancellationToken cancellationToken)
    {
        var id = adapter.Descriptor.Id;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = stop.Token;
        await using var content = new UploadStream(open(), options.ReadSize);
        var rows = new List<ImportRow>();

        // Off the caller's flow, as the server does: even the call to ReadAsync may block before its first row.
        var enumerator = await Task.Run(() => adapter.ReadAsync(content, context, token).GetAsyncEnumerator(token), CancellationToken.None);
        try
        {
            while (true)
            {
                var next = Task.Run(async () => await enumerator.MoveNextAsync(), CancellationToken.None);
                try
                {
                    await next.WaitAsync(options.RowTimeout, cancellationToken);
                }
                catch (TimeoutException) when (!next.IsCompleted)
                {
                    await stop.CancelAsync();
                    var ended = await Task.WhenAny(next, Task.Delay(StopGrace, CancellationToken.None)) == next;
                    throw new AdapterContractException(
                        $"Adapter '{id}' produced no row for {Seconds(options.RowTimeout)} s (after {rows.Count} rows); the server fails the import naming the " +
                        "adapter, rolls it back and cancels the adapter's token. " + (ended
                            ? "After the cancellation the adapter ended, as it should."
                            : $"The adapter had not ended {Seconds(StopGrace)} s after its token was cancelled: honour the token, so an abandoned read does not hold its thread."));
                }
                catch (Exception) when (!next.IsCompleted)
                {
                    // The caller cancelled while the adapter was still reading: tell the adapter too.
                    await stop.CancelAsync();
                    throw;
                }

                // The adapter's own exceptions come out here unchanged (ImportException, or a fault).
                if (!await next)
                {
                    return rows;
                }

                rows.Add(enumerator.Current ?? throw new AdapterContractException($"Adapter '{id}' yielded a null row after {rows.Count} rows."));
            }
        }
        finally
        {
            // An adapter given up on may still be inside MoveNextAsync, where disposing it is not allowed: it ends on its token.
            if (!stop.IsCancellationRequested)
            {
                await enumerator.DisposeAsync();
            }
        }
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
