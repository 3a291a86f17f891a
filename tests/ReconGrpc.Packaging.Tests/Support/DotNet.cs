using System.Diagnostics;
using System.Text;

namespace ReconGrpc.Packaging.Tests.Support;

/// <summary>Runs the dotnet CLI as a user at a terminal would, and fails the test with its output when it fails.</summary>
internal static class DotNet
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    /// <summary>The configuration these tests were built in (Debug or Release), read from the output folder's path.</summary>
    public static string Configuration => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    /// <summary>Runs <c>dotnet ARGUMENTS</c> in <paramref name="folder"/> and returns what it printed.</summary>
    public static Task<string> RunAsync(string folder, params string[] arguments) => RunAsync(folder, new Dictionary<string, string>(), arguments);

    /// <summary>Runs <c>dotnet ARGUMENTS</c> in <paramref name="folder"/> with extra environment variables and returns what it printed.</summary>
    public static async Task<string> RunAsync(string folder, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var reading = Task.WhenAll(CopyAsync(process.StandardOutput, output), CopyAsync(process.StandardError, output));
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet {string.Join(' ', arguments)} took longer than {Limit.TotalMinutes} min:\n{output}");
        }

        await reading;
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{output}");
        return output.ToString();
    }

    private static async Task CopyAsync(StreamReader reader, StringBuilder output)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}
