using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReconGrpc.Application.Reconciliation;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Server.Streaming;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests;

/// <summary>
/// Streaming clients that stop reading or vanish: what the server holds for them stays bounded while a run stores
/// far more than that, a stalled stream is reset (RESOURCE_EXHAUSTED) for the client to re-attach, a client whose connection
/// went silent is found by keep-alive pings, and what a watch held is let go when its call ends.
/// </summary>
public sealed class StalledStreamTests
{
    /// <summary>Nine stored pages of matches: a watcher that takes none of them is far behind the run.</summary>
    private const int Items = 9000;

    private static readonly Date April1 = new() { Year = 2024, Month = 4, Day = 1 };
    private static readonly Date April30 = new() { Year = 2024, Month = 4, Day = 30 };
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_watcher_that_stops_reading_holds_at_most_two_pages_while_the_run_stores_all_of_them_and_cancelling_it_lets_them_go(string provider)
    {
        // Stalled streams are not ended here: the watcher stays stalled for as long as the test looks at it.
        await using var server = await TestServer.StartAsync(provider, new Dictionary<string, string?> { ["Streaming:StalledReaderTimeout"] = "00:00:00" });
        var statementId = await MatchingPairs.SeedAsync(server, "97", "停读测试", "R9701", Items);
        var recon = server.Reconciliation(server.AdminKey);
        var watches = server.Services.GetRequiredService<RunWatches>();
        using var patience = new CancellationTokenSource(Patience);
        using var stalledClient = CancellationTokenSource.CreateLinkedTokenSource(patience.Token);

        using var start = recon.StartRun(Request("R9701", statementId), cancellationToken: patience.Token);
        Assert.True(await start.ResponseStream.MoveNext(patience.Token));
        var runId = start.ResponseStream.Current.Event.RunId;
        var others = watches.Open.Select(w => w.Id).ToHashSet();
        using var stalled = recon.WatchRun(new WatchRunRequest { RunId = runId }, cancellationToken: stalledClient.Token);
        // The stalled client takes the run's first event, and nothing more.
        Assert.True(await stalled.ResponseStream.MoveNext(patience.Token));
        var first = stalled.ResponseStream.Current.Event;
        var started = await ReadAllAsync(start.ResponseStream, patience.Token);
        var completed = (await recon.GetRunAsync(new GetRunRequest { RunId = runId })).Run;
        var behind = watches.Open.Single(w => w.RunId == runId && !others.Contains(w.Id));
        var held = (behind.Offset, behind.RowsHeld, behind.MostRowsHeld);

        var closed = watches.NextClosed;
        await stalledClient.CancelAsync();
        while (watches.Open.Any(w => w.Id == behind.Id))
        {
            await closed.WaitAsync(patience.Token);
            closed = watches.NextClosed;
        }

        Assert.Equal(RunEvent.EventOneofCase.Started, first.EventCase);
        Assert.Equal(RunStatus.Completed, started[^1].Finished.Status);
        Assert.Equal(Items, completed.StoredMatches);
        // At most the page being written and the page read ahead, out of nine stored: the rest waits in storage.
        Assert.InRange(held.MostRowsHeld, 1, 2 * RunCoordinator.BatchSize);
        Assert.InRange(held.RowsHeld, 1, 2 * RunCoordinator.BatchSize);
        Assert.InRange(held.Offset, 0, 2 * RunCoordinator.BatchSize);
        Assert.DoesNotContain(watches.Open, w => w.Id == behind.Id);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_watcher_that_reads_nothing_past_the_stalled_reader_timeout_is_reset_as_resource_exhausted_and_re_attaching_gets_the_rest(string provider)
    {
        var log = new CapturedLog();
        await using var server = await TestServer.StartAsync(provider, new Dictionary<string, string?> { ["Streaming:StalledReaderTimeout"] = "00:00:02" },
            services => services.AddSingleton<ILoggerProvider>(log));
        var statementId = await MatchingPairs.SeedAsync(server, "97", "停读测试", "R9702", Items);
        var recon = server.Reconciliation(server.AdminKey);
        var watches = server.Services.GetRequiredService<RunWatches>();
        using var patience = new CancellationTokenSource(Patience);

        using var start = recon.StartRun(Request("R9702", statementId), cancellationToken: patience.Token);
        Assert.True(await start.ResponseStream.MoveNext(patience.Token));
        var runId = start.ResponseStream.Current.Event.RunId;
        var others = watches.Open.Select(w => w.Id).ToHashSet();
        using var stalled = recon.WatchRun(new WatchRunRequest { RunId = runId }, cancellationToken: patience.Token);
        Assert.True(await stalled.ResponseStream.MoveNext(patience.Token));
        var closed = watches.NextClosed;
        var watch = watches.Open.Single(w => w.RunId == runId && !others.Contains(w.Id));
        await ReadAllAsync(start.ResponseStream, patience.Token);
        // The server ends the stalled watch by itself: the client still has not read.
        while (watches.Open.Any(w => w.Id == watch.Id))
        {
            await closed.WaitAsync(patience.Token);
            closed = watches.NextClosed;
        }

        // Reading again, the client learns its stream was ended.
        var received = new List<RunEvent>();
        var ended = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await stalled.ResponseStream.MoveNext(patience.Token))
            {
                received.Add(stalled.ResponseStream.Current.Event);
            }
        });
        var resumeAt = received.Where(e => e.EventCase == RunEvent.EventOneofCase.Matches).Select(e => e.Offset + e.Matches.Matches.Count).DefaultIfEmpty(0).Max();
        using var again = recon.WatchRun(new WatchRunRequest { RunId = runId, Offset = resumeAt }, cancellationToken: patience.Token);
        var rest = await ReadAllAsync(again.ResponseStream, patience.Token);

        // Nothing can follow the message the client did not take, a status included: the stream is reset with
        // HTTP/2's ENHANCE_YOUR_CALM, which the client reports as RESOURCE_EXHAUSTED.
        Assert.Equal(StatusCode.ResourceExhausted, ended.StatusCode);
        Assert.Contains("ENHANCE_YOUR_CALM", ended.Status.Detail, StringComparison.Ordinal);
        // The status cannot say where to go on; the server's log does.
        Assert.Contains(log.Warnings, l => l.Contains("WatchRun stream", StringComparison.Ordinal) && l.Contains("ended as stalled", StringComparison.Ordinal)
            && l.Contains($"Watch it again with WatchRun (run_id {runId}) from the offset after the last result you received", StringComparison.Ordinal));
        Assert.InRange(resumeAt, 0, Items - 1);
        Assert.Equal(RunStatus.Completed, rest[^1].Finished.Status);
        Assert.Equal(Enumerable.Range(0, Items), received.Concat(rest).Where(e => e.EventCase == RunEvent.EventOneofCase.Matches)
            .SelectMany(e => e.Matches.Matches).Select(m => m.Sequence));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_client_whose_connection_goes_silent_is_found_by_keep_alive_pings_and_its_watch_is_let_go(string provider)
    {
        // No stalled-reader timeout: only the pings can end this call.
        await using var server = await TestServer.StartAsync(provider, new Dictionary<string, string?>
        {
            ["Streaming:StalledReaderTimeout"] = "00:00:00",
            ["Kestrel:Limits:Http2:KeepAlivePingDelay"] = "00:00:01",
            ["Kestrel:Limits:Http2:KeepAlivePingTimeout"] = "00:00:01",
        });
        var statementId = await MatchingPairs.SeedAsync(server, "97", "停读测试", "R9703", Items);
        var recon = server.Reconciliation(server.AdminKey);
        var watches = server.Services.GetRequiredService<RunWatches>();
        using var patience = new CancellationTokenSource(Patience);
        using var start = recon.StartRun(Request("R9703", statementId), cancellationToken: patience.Token);
        Assert.True(await start.ResponseStream.MoveNext(patience.Token));
        var runId = start.ResponseStream.Current.Event.RunId;
        await ReadAllAsync(start.ResponseStream, patience.Token);

        // The client reaches the server through a relay that, once frozen, passes nothing either way and closes
        // nothing: as if the client's machine went away.
        await using var relay = SilentRelay.To(new Uri(server.Address));
        using var channel = GrpcChannel.ForAddress(relay.Address);
        var vanishing = new ReconciliationService.ReconciliationServiceClient(channel.Intercept(metadata =>
        {
            metadata.Add("authorization", "Bearer " + server.AdminKey);
            return metadata;
        }));
        var others = watches.Open.Select(w => w.Id).ToHashSet();
        using var watched = vanishing.WatchRun(new WatchRunRequest { RunId = runId }, cancellationToken: patience.Token);
        Assert.True(await watched.ResponseStream.MoveNext(patience.Token));
        var watch = watches.Open.Single(w => w.RunId == runId && !others.Contains(w.Id));
        var closed = watches.NextClosed;
        relay.Freeze();
        while (watches.Open.Any(w => w.Id == watch.Id))
        {
            await closed.WaitAsync(patience.Token);
            closed = watches.NextClosed;
        }

        var kestrel = server.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits.Http2;
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)), (kestrel.KeepAlivePingDelay, kestrel.KeepAlivePingTimeout));
        Assert.DoesNotContain(watches.Open, w => w.Id == watch.Id);
    }

    [Fact]
    public async Task Keep_alive_pings_are_on_by_default_and_the_configured_ones_apply()
    {
        await using var byDefault = await TestServer.StartAsync(TestDatabases.Sqlite);
        await using var configured = await TestServer.StartAsync(TestDatabases.Sqlite, new Dictionary<string, string?>
        {
            ["Kestrel:Limits:Http2:KeepAlivePingDelay"] = "00:01:10",
            ["Kestrel:Limits:Http2:KeepAlivePingTimeout"] = "00:00:45",
            ["Streaming:StalledReaderTimeout"] = "00:12:00",
        });

        static (TimeSpan Delay, TimeSpan Timeout, TimeSpan Stalled) Settings(TestServer server)
        {
            var http2 = server.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits.Http2;
            return (http2.KeepAlivePingDelay, http2.KeepAlivePingTimeout, server.Services.GetRequiredService<StreamingOptions>().StalledReaderTimeout);
        }

        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(5)), Settings(byDefault));
        Assert.Equal((TimeSpan.FromSeconds(70), TimeSpan.FromSeconds(45), TimeSpan.FromMinutes(12)), Settings(configured));
    }

    [Fact]
    public async Task A_negative_stalled_reader_timeout_is_refused_at_start_saying_what_to_set()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            TestServer.StartAsync(TestDatabases.Sqlite, new Dictionary<string, string?> { ["Streaming:StalledReaderTimeout"] = "-00:00:05" }));

        Assert.Contains("Streaming:StalledReaderTimeout", refused.Message, StringComparison.Ordinal);
        Assert.Contains("00:00:00", refused.Message, StringComparison.Ordinal);
    }

    private static StartRunRequest Request(string code, long statementId) => new()
    {
        CustomerCode = code, StartDate = April1, EndDate = April30, StatementIds = { statementId },
    };

    private static async Task<List<RunEvent>> ReadAllAsync<T>(IAsyncStreamReader<T> stream, CancellationToken cancellationToken)
        where T : class
    {
        var events = new List<RunEvent>();
        while (await stream.MoveNext(cancellationToken))
        {
            events.Add(stream.Current switch
            {
                StartRunResponse s => s.Event,
                WatchRunResponse w => w.Event,
                _ => throw new InvalidOperationException(typeof(T).Name),
            });
        }

        return events;
    }

    /// <summary>The warnings the server logs.</summary>
    private sealed class CapturedLog : ILoggerProvider, ILogger
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _warnings = new();

        public IReadOnlyCollection<string> Warnings => _warnings;

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                _warnings.Enqueue(formatter(state, exception));
            }
        }

        public void Dispose()
        {
        }
    }

    /// <summary>
    /// A TCP relay on 127.0.0.1 in front of the server for one client connection. <see cref="Freeze"/> stops it
    /// passing bytes either way while keeping both sockets open, as a network does when the client's machine is
    /// switched off: no reset, no close, just silence.
    /// </summary>
    private sealed class SilentRelay : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly Uri _target;
        private readonly CancellationTokenSource _frozen = new();
        private readonly List<Socket> _sockets = [];
        private readonly Task _relaying;

        private SilentRelay(Uri target)
        {
            _target = target;
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            _relaying = RelayAsync();
        }

        public string Address => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

        public static SilentRelay To(Uri target) => new(target);

        public void Freeze() => _frozen.Cancel();

        private async Task RelayAsync()
        {
            try
            {
                var client = await _listener.AcceptSocketAsync(_frozen.Token);
                var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                lock (_sockets)
                {
                    _sockets.Add(client);
                    _sockets.Add(server);
                }

                await server.ConnectAsync(_target.Host, _target.Port, _frozen.Token);
                await Task.WhenAll(PumpAsync(client, server), PumpAsync(server, client));
            }
            catch (OperationCanceledException)
            {
                // Frozen: the sockets stay open and silent until the relay is disposed.
            }
            catch (SocketException)
            {
                // A side closed its connection.
            }
        }

        private async Task PumpAsync(Socket from, Socket to)
        {
            var buffer = new byte[16 * 1024];
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _frozen.Token);
                if (read == 0)
                {
                    return;
                }

                // Bytes read before the freeze are passed on; nothing after it.
                if (_frozen.IsCancellationRequested)
                {
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _frozen.Token);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _frozen.CancelAsync();
            _listener.Stop();
            lock (_sockets)
            {
                foreach (var socket in _sockets)
                {
                    socket.Dispose();
                }
            }

            await _relaying;
            _frozen.Dispose();
        }
    }
}
