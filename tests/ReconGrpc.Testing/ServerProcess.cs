using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
namespace ReconGrpc.Testing;

/// <summary>The built server started as a process of its own, configured by environment variables, as an operator starts an instance.</summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log;
    private readonly GrpcChannel _channel;

    private ServerProcess(Process process, StringBuilder log, string address)
    {
        _process = process;
        _log = log;
        Address = address;
        _channel = GrpcChannel.ForAddress(address);
    }

    public string Address { get; }

    public int ProcessId => _process.Id;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>The server as the solution built it, beside the tests' own build (bin/&lt;configuration&gt;/net10.0), run from its folder.</summary>
    public static Task<ServerProcess> StartBuiltAsync(IReadOnlyDictionary<string, string> environment)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var dll = Path.Combine(RepositoryRoot.Path, "src", "ReconGrpc.Server", "bin", configuration, "net10.0", "ReconGrpc.Server.dll");
        Assert.True(File.Exists(dll), $"{dll} is not built");
        return StartAsync(dll, Path.GetDirectoryName(dll)!, environment);
    }

    /// <summary>Starts <paramref name="serverDll"/> on a free loopback port and waits until it listens.</summary>
    public static async Task<ServerProcess> StartAsync(string serverDll, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var dll = serverDll;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(dll);
        start.Environment["Urls"] = "http://127.0.0.1:0";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        var log = new StringBuilder();
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = ReadAsync(process.StandardOutput, log, listening);
        _ = ReadAsync(process.StandardError, log, listening);
        var ready = await Task.WhenAny(listening.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(120)));
        if (ready != listening.Task)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"the server did not start listening:\n{log}");
        }

        return new ServerProcess(process, log, await listening.Task);
    }

    /// <summary>Whether the process has ended (on its own: a server that stops by itself).</summary>
    public bool HasExited => _process.HasExited;

    public CallInvoker Invoker(string apiKey) => _channel.Intercept(metadata =>
    {
        metadata.Add("authorization", "Bearer " + apiKey);
        metadata.Add("x-recon-user", Uri.EscapeDataString(TestServer.Person));
        return metadata;
    });

    /// <summary>SIGKILL: the process ends at once, with no shutdown of any kind.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static async Task ReadAsync(StreamReader reader, StringBuilder log, TaskCompletionSource<string> listening)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (log)
            {
                log.AppendLine(line);
            }

            if (ListeningOn().Match(line) is { Success: true } match)
            {
                listening.TrySetResult(match.Groups[1].Value);
            }
        }
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningOn();
}
