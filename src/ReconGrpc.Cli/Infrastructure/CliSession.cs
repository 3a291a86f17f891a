using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Spectre.Console;

namespace ReconGrpc.Cli.Infrastructure;

/// <summary>Makes a <see cref="CliSession"/> for a parsed command line.</summary>
public sealed class CliSessionFactory(GlobalOptions options, TextWriter stdout, TextWriter stderr)
{
    /// <summary>
    /// Wraps a command's body: opens the channel, runs it, and turns a failed call into a message on stderr and
    /// exit code 1.
    /// </summary>
    public Func<ParseResult, CancellationToken, Task<int>> Run(Func<CliSession, ParseResult, CancellationToken, Task> body) =>
        async (parsed, cancellationToken) =>
        {
            var server = parsed.GetValue(options.Server) ?? GlobalOptions.DefaultServer;
            var json = parsed.GetValue(options.Json);
            if (!Uri.TryCreate(server, UriKind.Absolute, out var address) || (address.Scheme != "http" && address.Scheme != "https"))
            {
                await stderr.WriteLineAsync($"error: --server '{server}' is not an http:// or https:// address.");
                return ReconCli.UsageError;
            }

            CliTls tls;
            try
            {
                tls = options.TlsOf(parsed);
            }
            catch (CliUsageException ex)
            {
                await stderr.WriteLineAsync(json
                    ? JsonSerializer.Serialize(new { error = new { code = "Usage", message = ex.Message } })
                    : $"error: {ex.Message}");
                return ReconCli.UsageError;
            }

            using var tlsFiles = tls;
            using var session = new CliSession(address, options.ApiKeyOf(parsed), options.PersonOf(parsed), json, stdout, stderr, tls);
            try
            {
                await body(session, parsed, cancellationToken);
                return session.ExitCode;
            }
            catch (RpcException ex)
            {
                await session.ReportAsync(ex);
                return ReconCli.CallFailed;
            }
            catch (CliUsageException ex)
            {
                await session.ReportUsageAsync(ex.Message);
                return ReconCli.UsageError;
            }
        };
}

/// <summary>A command's wrong input found after parsing (e.g. a malformed scheme).</summary>
public sealed class CliUsageException(string message) : Exception(message);

/// <summary>One command's connection to the server and its output.</summary>
public sealed class CliSession : IDisposable
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>How long a unary call may take before the CLI gives up.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Where a server started from the repository writes its first admin key (Auth:BootstrapKeyFile's default).</summary>
    public const string DefaultBootstrapKeyFile = "src/ReconGrpc.Server/data/bootstrap-admin.key";

    private readonly GrpcChannel _channel;
    private readonly Uri _address;
    private readonly TextWriter _stderr;
    private readonly bool _keyGiven;
    private readonly bool _caGiven;

    /// <summary>The header that names the person a call acts for (see <see cref="EncodePerson"/>).</summary>
    public const string PersonHeader = "x-recon-user";

    public CliSession(Uri address, string? apiKey, string? person, bool json, TextWriter stdout, TextWriter stderr, CliTls? tls = null)
    {
        _address = address;
        _stderr = stderr;
        _keyGiven = !string.IsNullOrEmpty(apiKey);
        _caGiven = tls?.Authorities is not null;
        Json = json;
        Out = stdout;
        _channel = tls is null || tls.IsDefault
            ? GrpcChannel.ForAddress(address)
            : GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = tls.CreateHandler(), DisposeHttpClient = true });
        var personHeader = person is null ? null : EncodePerson(person);
        Invoker = string.IsNullOrEmpty(apiKey) && personHeader is null
            ? _channel.CreateCallInvoker()
            : _channel.Intercept(metadata =>
            {
                if (!string.IsNullOrEmpty(apiKey))
                {
                    metadata.Add("authorization", "Bearer " + apiKey);
                }

                if (personHeader is not null)
                {
                    metadata.Add(PersonHeader, personHeader);
                }

                return metadata;
            });
        var interactive = ReferenceEquals(stdout, System.Console.Out) && !System.Console.IsOutputRedirected;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!interactive)
        {
            // Piped or captured output has no terminal width; 80 columns would wrap wide tables (runs, matches) mid-word.
            Console.Profile.Width = 200;
        }
    }

    /// <summary>
    /// A person's name as the x-recon-user header carries it: UTF-8, percent-encoded as RFC 3986 does (every byte
    /// outside the unreserved A–Z a–z 0–9 - . _ ~ as %XX, upper-case hex; a space is %20, never +). HTTP/2 header
    /// values must be ASCII and names are often Chinese: 王芳 is %E7%8E%8B%E8%8A%B3. The server decodes it with
    /// Uri.UnescapeDataString.
    /// </summary>
    public static string EncodePerson(string person) => Uri.EscapeDataString(person);

    /// <summary>The exit code when the call succeeded; a check that found a problem sets it non-zero.</summary>
    public int ExitCode { get; set; } = ReconCli.Ok;

    /// <summary>True with <c>--json</c>.</summary>
    public bool Json { get; }

    public TextWriter Out { get; }

    /// <summary>Where notices and errors go (stderr).</summary>
    public TextWriter Error => _stderr;

    /// <summary>Rich output (tables, trees) for people; plain when not on a terminal.</summary>
    public IAnsiConsole Console { get; }

    public CallInvoker Invoker { get; }

    /// <summary>Options for a unary call: the deadline and the command's cancellation.</summary>
    public CallOptions Call(CancellationToken cancellationToken) => new(deadline: DateTime.UtcNow + CallTimeout, cancellationToken: cancellationToken);

    public Task WriteJsonAsync<T>(T value) => Out.WriteLineAsync(JsonSerializer.Serialize(value, JsonOptions));

    public async Task ReportAsync(RpcException ex)
    {
        var message = ex.StatusCode switch
        {
            // The gRPC client reports a refused certificate as INTERNAL (or UNAVAILABLE) with the TLS error in the detail.
            _ when UntrustedServerCertificate(ex) => $"the server at {_address} showed a certificate that is not trusted ({ex.Status.Detail}). " +
                (_caGiven ? "It was not issued by the authority in --ca-file (RECON_CA_FILE)." : "If a private CA issued it, give that CA's PEM file with --ca-file or RECON_CA_FILE."),
            // The server answered: it is its database that is away, and the server's message says what to do.
            StatusCode.Unavailable when ex.Trailers.GetValue("recon-rule") == "database.unavailable" => ex.Status.Detail,
            StatusCode.Unavailable => $"cannot reach the server at {_address} ({ex.Status.Detail}). Is it running? Set --server or RECON_SERVER.",
            // The server can only name the header; the person at the command line needs the option and the variable.
            StatusCode.Unauthenticated when !_keyGiven =>
                "this command needs an API key: give it with --api-key KEY or the environment variable RECON_API_KEY. " +
                $"A new server writes its first admin key to {DefaultBootstrapKeyFile} (by default; the path is also in its log).",
            _ => ex.Status.Detail,
        };
        if (Json)
        {
            await _stderr.WriteLineAsync(JsonSerializer.Serialize(new { error = new { code = ex.StatusCode.ToString(), message } }, JsonOptions));
        }
        else
        {
            await _stderr.WriteLineAsync($"error: {ex.StatusCode}: {message}");
        }
    }

    private static bool UntrustedServerCertificate(RpcException ex) =>
        ex.StatusCode is StatusCode.Internal or StatusCode.Unavailable
        && ex.Status.Detail.Contains("The remote certificate is invalid", StringComparison.Ordinal);

    public async Task ReportUsageAsync(string message)
    {
        if (Json)
        {
            await _stderr.WriteLineAsync(JsonSerializer.Serialize(new { error = new { code = "Usage", message } }, JsonOptions));
        }
        else
        {
            await _stderr.WriteLineAsync($"error: {message}");
        }
    }

    public void Dispose() => _channel.Dispose();
}
