using System.Collections.Concurrent;
using System.Text;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.DependencyInjection;
using ReconGrpc.Application.Reconciliation;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Data.Changes;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests;

/// <summary>
/// The server's write gate with a hold the test sets: while <see cref="Hold"/> says so, every writer waits before the
/// gate (and gives up when its own token is cancelled). Every change goes through the gate, a run's stored batches
/// included, so a test can stop a run at a chosen point of its storing — deterministically, on every provider.
/// </summary>
public sealed class HoldableWriteGate(IWriteGate inner) : IWriteGate
{
    private volatile Func<bool>? _hold;

    public Func<bool>? Hold
    {
        get => _hold;
        set => _hold = value;
    }

    public async ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        while (_hold?.Invoke() == true)
        {
            await Task.Delay(10, cancellationToken);
        }

        return await inner.EnterAsync(cancellationToken);
    }
}

/// <summary>Tells the test when the server has finished handling a call of a given method (e.g. after the client cancelled it).</summary>
public sealed class ServerCallEnds : Interceptor
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new();

    /// <summary>Completes when the server next finishes a call whose method ends with <paramref name="method"/>.</summary>
    public Task Next(string method) => _waiting.GetOrAdd(method, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        finally
        {
            foreach (var method in _waiting.Keys.Where(m => context.Method.EndsWith(m, StringComparison.Ordinal)))
            {
                if (_waiting.TryRemove(method, out var ended))
                {
                    ended.TrySetResult();
                }
            }
        }
    }
}

/// <summary>One server per provider with a holdable write gate, one run at a time and a call-end probe.</summary>
public sealed class HoldableServers : ServerPool
{
    protected override Task<TestServer> StartAsync(string provider) =>
        TestServer.StartAsync(provider, new Dictionary<string, string?> { ["Reconciliation:MaxConcurrentRuns"] = "1" }, services =>
        {
            var gate = services.Last(d => d.ServiceType == typeof(IWriteGate));
            services.Remove(gate);
            services.AddSingleton(sp => new HoldableWriteGate((IWriteGate)ActivatorUtilities.CreateInstance(sp, gate.ImplementationType!)));
            services.AddSingleton<IWriteGate>(sp => sp.GetRequiredService<HoldableWriteGate>());
            services.AddSingleton<ServerCallEnds>();
            services.Configure<GrpcServiceOptions>(o => o.Interceptors.Add<ServerCallEnds>());
        });
}

/// <summary>
/// Runs cancelled while they execute: by CancelRun (the run ends cancelled and keeps nothing) and by the client that
/// started it going away (the run goes on, for the client to re-attach). Each run is held — deterministically, by the
/// write gate — after its first results are stored and before the next, so it is certainly executing, with partial
/// results in storage, when it is cancelled.
/// </summary>
public sealed class RunCancellationTests(HoldableServers servers) : IClassFixture<HoldableServers>
{
    /// <summary>Nine batches of matches: the writer stores at most eight in one transaction, so it stores at least twice.</summary>
    private const int Items = 9000;

    private static readonly Date April1 = new() { Year = 2024, Month = 4, Day = 1 };
    private static readonly Date April30 = new() { Year = 2024, Month = 4, Day = 30 };
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_run_cancelled_while_it_stores_its_results_keeps_nothing_ends_cancelled_for_its_watchers_and_restarts_whole(string provider)
    {
        var server = await servers.For(provider);
        var statementId = await MatchingPairs.SeedAsync(server, "96", "取消测试", "R9601", Items);
        var recon = server.Reconciliation(server.AdminKey);
        using var patience = new CancellationTokenSource(Patience);
        var (call, runId) = await StartHeldAsync(server, "R9601", statementId, CancellationToken.None, () => false);
        using var _ = call;
        using var watch = recon.WatchRun(new WatchRunRequest { RunId = runId }, cancellationToken: patience.Token);

        // Both streams see the run executing and its first stored results.
        var early = await UntilMatchesAsync(call.ResponseStream, r => r.Event, patience.Token);
        var watchedEarly = await UntilMatchesAsync(watch.ResponseStream, r => r.Event, patience.Token);
        var running = (await recon.GetRunAsync(new GetRunRequest { RunId = runId })).Run;
        var cancelled = (await recon.CancelRunAsync(new CancelRunRequest { RunId = runId }, cancellationToken: patience.Token)).Run;
        var late = await ReadAllAsync(call.ResponseStream, r => r.Event, patience.Token);
        var watchedLate = await ReadAllAsync(watch.ResponseStream, r => r.Event, patience.Token);
        var afterCancel = (await recon.GetRunAsync(new GetRunRequest { RunId = runId })).Run;
        var matchesAfterCancel = await recon.ListMatches(new ListMatchesRequest { RunId = runId }).ResponseStream.ReadAllAsync().SelectMany(r => r.Matches.ToAsyncEnumerable()).CountAsync();
        var exceptionsAfterCancel = await recon.ListExceptions(new ListExceptionsRequest { RunId = runId, IncludeResolved = true }).ResponseStream.ReadAllAsync()
            .SelectMany(r => r.Exceptions.ToAsyncEnumerable()).CountAsync();
        Gate(server).Hold = null;
        using var restart = recon.RestartRun(new RestartRunRequest { RunId = runId }, cancellationToken: patience.Token);
        var restarted = await ReadAllAsync(restart.ResponseStream, r => r.Event, patience.Token);
        var storedAfterRestart = await recon.ListMatches(new ListMatchesRequest { RunId = runId }).ResponseStream.ReadAllAsync().SelectMany(r => r.Matches.ToAsyncEnumerable()).CountAsync();

        Assert.Equal(RunStatus.Running, running.Status);
        Assert.InRange(running.StoredMatches, 1, Items - 1);
        Assert.Contains(early, e => e.EventCase == RunEvent.EventOneofCase.Progress);
        Assert.Contains(watchedEarly, e => e.EventCase == RunEvent.EventOneofCase.Matches);
        Assert.Equal(RunStatus.Cancelled, cancelled.Status);
        Assert.Equal((0, 0), (cancelled.StoredMatches, cancelled.StoredExceptions));
        Assert.Equal(RunStatus.Cancelled, afterCancel.Status);
        Assert.Equal((0, 0), (matchesAfterCancel, exceptionsAfterCancel));
        // The starting client and the watcher both see the run end cancelled.
        foreach (var ended in new[] { late[^1], watchedLate[^1] })
        {
            Assert.Equal(RunEvent.EventOneofCase.Finished, ended.EventCase);
            Assert.Equal(RunStatus.Cancelled, ended.Finished.Status);
        }

        var finished = restarted[^1].Finished;
        Assert.Equal(RunStatus.Completed, finished.Status);
        Assert.Equal(Items, finished.Summary.Matches);
        Assert.Equal(Enumerable.Range(0, Items), restarted.Where(e => e.EventCase == RunEvent.EventOneofCase.Matches).SelectMany(e => e.Matches.Matches).Select(m => m.Sequence));
        Assert.Equal(Items, storedAfterRestart);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_client_that_cancels_its_StartRun_call_leaves_the_run_going_and_re_attaches_to_all_of_it(string provider)
    {
        var server = await servers.For(provider);
        var statementId = await MatchingPairs.SeedAsync(server, "96", "取消测试", "R9602", Items);
        var recon = server.Reconciliation(server.AdminKey);
        using var patience = new CancellationTokenSource(Patience);
        using var client = CancellationTokenSource.CreateLinkedTokenSource(patience.Token);
        var released = false;
        var (call, runId) = await StartHeldAsync(server, "R9602", statementId, client.Token, () => Volatile.Read(ref released));
        using var _ = call;
        var live = server.Services.GetRequiredService<LiveRuns>();

        var early = await UntilMatchesAsync(call.ResponseStream, r => r.Event, patience.Token);
        var callEnded = server.Services.GetRequiredService<ServerCallEnds>().Next("/StartRun");
        await client.CancelAsync();
        var cut = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        // The server has handled the cancelled call (its stream is over) while the run is still held mid-way.
        await callEnded.WaitAsync(patience.Token);
        var stillRunning = (await recon.GetRunAsync(new GetRunRequest { RunId = runId })).Run;
        var executing = live.TryGet(runId, out var liveRun) && !liveRun.Token.IsCancellationRequested;
        Volatile.Write(ref released, true);
        var resumeAt = early[^1].Offset + early[^1].Matches.Matches.Count;
        using var watch = recon.WatchRun(new WatchRunRequest { RunId = runId, Offset = resumeAt }, cancellationToken: patience.Token);
        var rest = await ReadAllAsync(watch.ResponseStream, r => r.Event, patience.Token);

        Assert.Equal(StatusCode.Cancelled, cut.StatusCode);
        Assert.Equal(RunStatus.Running, stillRunning.Status);
        Assert.True(executing, "the run stopped executing when the client that started it went away");
        var finished = rest[^1].Finished;
        Assert.Equal(RunStatus.Completed, finished.Status);
        Assert.Equal(Items, finished.Summary.Matches);
        Assert.Equal(Enumerable.Range(0, Items), early.Concat(rest).Where(e => e.EventCase == RunEvent.EventOneofCase.Matches)
            .SelectMany(e => e.Matches.Matches).Select(m => m.Sequence));
    }

    private static HoldableWriteGate Gate(TestServer server) => server.Services.GetRequiredService<HoldableWriteGate>();

    /// <summary>
    /// Starts a run that waits as pending (the only run slot is taken) until the write gate is set to hold the run's
    /// writer once the run has stored its first results, unless <paramref name="released"/> or the run was cancelled.
    /// </summary>
    private static async Task<(AsyncServerStreamingCall<StartRunResponse> Call, long RunId)> StartHeldAsync(TestServer server, string code, long statementId,
        CancellationToken callToken, Func<bool> released)
    {
        var live = server.Services.GetRequiredService<LiveRuns>();
        var slot = await server.Services.GetRequiredService<RunSlots>().EnterAsync(CancellationToken.None);
        try
        {
            var call = server.Reconciliation(server.AdminKey).StartRun(new StartRunRequest
            {
                CustomerCode = code, StartDate = April1, EndDate = April30, StatementIds = { statementId },
            }, cancellationToken: callToken);
            Assert.True(await call.ResponseStream.MoveNext());
            var started = call.ResponseStream.Current.Event;
            Assert.Equal(RunStatus.Pending, started.Started.Status);
            var runId = started.Started.Id;
            Gate(server).Hold = () => !released() && live.TryGet(runId, out var run) && !run.CancelledByUser && run.MatchesAt(0, 1) is not null;
            return (call, runId);
        }
        finally
        {
            slot.Dispose();
        }
    }

    private static async Task<List<RunEvent>> UntilMatchesAsync<T>(IAsyncStreamReader<T> stream, Func<T, RunEvent> select, CancellationToken cancellationToken)
    {
        var events = new List<RunEvent>();
        while (await stream.MoveNext(cancellationToken))
        {
            events.Add(select(stream.Current));
            if (events[^1].EventCase == RunEvent.EventOneofCase.Matches)
            {
                return events;
            }

            Assert.NotEqual(RunEvent.EventOneofCase.Finished, events[^1].EventCase);
        }

        throw new InvalidOperationException("the stream ended before any matches");
    }

    private static async Task<List<RunEvent>> ReadAllAsync<T>(IAsyncStreamReader<T> stream, Func<T, RunEvent> select, CancellationToken cancellationToken)
    {
        var events = new List<RunEvent>();
        while (await stream.MoveNext(cancellationToken))
        {
            events.Add(select(stream.Current));
        }

        return events;
    }
}
