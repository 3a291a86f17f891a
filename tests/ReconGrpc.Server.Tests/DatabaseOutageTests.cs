using System.Data.Common;
using System.Diagnostics;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ReconGrpc.Application.Reconciliation;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Data.Changes;
using ReconGrpc.Testing;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace ReconGrpc.Server.Tests;

/// <summary>
/// A PostgreSQL cluster of the outage tests' own, which they stop and start: the suite's shared PostgreSQL must keep
/// serving the other tests. <c>RECON_TEST_POSTGRES_OUTAGE</c> names it as <c>cluster=VERSION/NAME;</c> followed by an
/// admin connection string (<c>.ci/run</c> creates it and sets the variable, and <c>RECON_REQUIRE_POSTGRES_OUTAGE=1</c>
/// so that a missing cluster fails the run instead of leaving the tests out).
/// </summary>
internal static class OutageCluster
{
    /// <summary>The theory case a run without the outage cluster gets instead of none, so the theory still has data.</summary>
    public const string Absent = "(outage cluster absent)";

    private const string Present = "postgres-outage";

    private static readonly (string Version, string Name, string ConnectionString)? Cluster = Read();

    /// <summary>The admin connection string of the cluster.</summary>
    public static string ConnectionString => Cluster?.ConnectionString ?? throw new InvalidOperationException("RECON_TEST_POSTGRES_OUTAGE is not set.");

    public static TheoryData<string> Cases => Cluster is null ? new TheoryData<string> { Absent } : new TheoryData<string> { Present };

    /// <summary>True when a test got the <see cref="Absent"/> case and has no cluster to stop.</summary>
    public static bool Skip(string cluster) => cluster == Absent;

    /// <summary>Stops the cluster the way an operator or a crash-restart does (fast: sessions are ended, the server goes).</summary>
    public static Task StopAsync() => ControlAsync("stop", "--mode", "fast");

    /// <summary>Starts the cluster and returns once it accepts connections.</summary>
    public static async Task StartAsync()
    {
        await ControlAsync("start");
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
                await connection.OpenAsync(patience.Token);
                return;
            }
            catch (NpgsqlException) when (!patience.IsCancellationRequested)
            {
                await Task.Delay(100, patience.Token);
            }
        }
    }

    private static async Task ControlAsync(string action, params string[] options)
    {
        var (version, name, _) = Cluster ?? throw new InvalidOperationException("RECON_TEST_POSTGRES_OUTAGE is not set.");
        var start = new ProcessStartInfo("pg_ctlcluster") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { version, name, action }.Concat(options))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        // Starting a running cluster (exit 2) is what a finally after a failed stop does: not an error.
        if (process.ExitCode != 0 && !(action == "start" && process.ExitCode == 2))
        {
            throw new InvalidOperationException($"pg_ctlcluster {version} {name} {action} failed ({process.ExitCode}): {await error}");
        }
    }

    private static (string, string, string)? Read()
    {
        if (Environment.GetEnvironmentVariable("RECON_TEST_POSTGRES_OUTAGE") is not { Length: > 0 } value)
        {
            if (Environment.GetEnvironmentVariable("RECON_REQUIRE_POSTGRES_OUTAGE") == "1")
            {
                throw new InvalidOperationException("RECON_REQUIRE_POSTGRES_OUTAGE=1 but RECON_TEST_POSTGRES_OUTAGE is not set.");
            }

            return null;
        }

        var parts = new DbConnectionStringBuilder { ConnectionString = value };
        if (!parts.TryGetValue("cluster", out var cluster) || cluster?.ToString()?.Split('/') is not [var version, var name])
        {
            throw new InvalidOperationException("RECON_TEST_POSTGRES_OUTAGE starts with cluster=VERSION/NAME; e.g. cluster=15/outage;Host=127.0.0.1;Port=5433;…");
        }

        parts.Remove("cluster");
        return (version, name, parts.ConnectionString);
    }
}

[CollectionDefinition(Name)]
public sealed class DatabaseOutageCollection
{
    /// <summary>The tests that stop the outage cluster run one at a time.</summary>
    public const string Name = "database outage";
}

/// <summary>
/// The database away for a while: a real server on a PostgreSQL cluster that the test stops (fast shutdown) and starts
/// again. Calls fail as UNAVAILABLE within their deadline, health says NOT_SERVING, a run in flight ends interrupted
/// and restarts, an import cut off stores nothing and goes through afterwards; and the server recovers with no
/// restart. The cluster is started again in a finally whatever happens.
/// </summary>
[Collection(DatabaseOutageCollection.Name)]
public sealed class DatabaseOutageTests
{
    /// <summary>A call's deadline while the database is away: a failure slower than this shows as DeadlineExceeded.</summary>
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static readonly Date April1 = new() { Year = 2024, Month = 4, Day = 1 };
    private static readonly Date April30 = new() { Year = 2024, Month = 4, Day = 30 };

    public static TheoryData<string> Cluster => OutageCluster.Cases;

    [Theory]
    [MemberData(nameof(Cluster))]
    public async Task Calls_fail_fast_as_unavailable_and_health_says_not_serving_while_the_database_is_away_and_all_comes_back_by_itself(string cluster)
    {
        if (OutageCluster.Skip(cluster))
        {
            return;
        }

        await using var server = await StartServerAsync();
        var categories = server.Categories(server.AdminKey);
        await categories.CreateCategoryAsync(new CreateCategoryRequest { Code = "71", Name = "停机前" });
        var before = await HealthAsync(server);
        RpcException unary;
        string refusedDetail, streamDetail;
        ServingStatus away;
        await OutageCluster.StopAsync();
        try
        {
            unary = await Assert.ThrowsAsync<RpcException>(() => categories.ListCategoriesAsync(new ListCategoriesRequest(), deadline: Deadline()).ResponseAsync);
            away = await HealthUntilAsync(server, ServingStatus.NotServing);
            // Known away: refused without waiting on a connection, a change and a stream alike.
            refusedDetail = await Expect.Status(StatusCode.Unavailable,
                () => categories.CreateCategoryAsync(new CreateCategoryRequest { Code = "72", Name = "停机中" }, deadline: Deadline()).ResponseAsync);
            streamDetail = await Expect.Status(StatusCode.Unavailable, async () =>
            {
                using var stream = server.Ledger(server.AdminKey).ListLedgerEntries(new ListLedgerEntriesRequest { CustomerCode = "C7101" }, deadline: Deadline());
                await stream.ResponseStream.ReadAllAsync().CountAsync();
            });
        }
        finally
        {
            await OutageCluster.StartAsync();
        }

        var back = await HealthUntilAsync(server, ServingStatus.Serving);
        await categories.CreateCategoryAsync(new CreateCategoryRequest { Code = "72", Name = "恢复后" });
        var listed = await categories.ListCategoriesAsync(new ListCategoriesRequest());
        var audit = await server.Audit(server.AdminKey).VerifyAuditChainAsync(new VerifyAuditChainRequest());

        Assert.Equal(ServingStatus.Serving, before);
        Assert.Equal(ServingStatus.NotServing, away);
        Assert.Equal(StatusCode.Unavailable, unary.StatusCode);
        // Told apart from a server that cannot be reached, which a client also sees as UNAVAILABLE.
        Assert.Equal("database.unavailable", unary.Trailers.GetValue("recon-rule"));
        foreach (var detail in new[] { unary.Status.Detail, refusedDetail, streamDetail })
        {
            Assert.Equal("The database is not reachable; the call changed nothing. Retry in a few seconds; operators: see health.", detail);
        }

        Assert.Equal(ServingStatus.Serving, back);
        Assert.Equal(["71", "72"], listed.Categories.Select(c => c.Code).Order());
        Assert.Equal("恢复后", listed.Categories.Single(c => c.Code == "72").Name);
        Assert.True(audit.Intact, audit.Problem);
    }

    [Theory]
    [MemberData(nameof(Cluster))]
    public async Task A_run_the_database_went_away_under_ends_interrupted_once_it_is_back_and_restarts_whole(string cluster)
    {
        if (OutageCluster.Skip(cluster))
        {
            return;
        }

        const int items = 9000;
        await using var server = await StartServerAsync(holdableWrites: true);
        var statementId = await MatchingPairs.SeedAsync(server, "73", "停机对账", "R7301", items);
        var recon = server.Reconciliation(server.AdminKey);
        using var patience = new CancellationTokenSource(Patience);
        var (call, runId) = await StartHeldAsync(server, "R7301", statementId);
        using var _ = call;
        var held = await UntilStoredAsync(recon, runId, patience.Token);
        string whileAway;
        await OutageCluster.StopAsync();
        try
        {
            // The run's writer goes on into a database that is gone.
            Gate(server).Hold = null;
            whileAway = await Expect.Status(StatusCode.Unavailable, () => recon.GetRunAsync(new GetRunRequest { RunId = runId }, deadline: Deadline()).ResponseAsync);
        }
        finally
        {
            await OutageCluster.StartAsync();
        }

        await HealthUntilAsync(server, ServingStatus.Serving);
        var interrupted = await UntilStatusAsync(recon, runId, RunStatus.Interrupted, patience.Token);
        using var restart = recon.RestartRun(new RestartRunRequest { RunId = runId }, cancellationToken: patience.Token);
        var restarted = await restart.ResponseStream.ReadAllAsync(patience.Token).Select(r => r.Event).ToListAsync(patience.Token);
        var stored = await recon.ListMatches(new ListMatchesRequest { RunId = runId }).ResponseStream.ReadAllAsync().SelectMany(r => r.Matches.ToAsyncEnumerable()).CountAsync();

        Assert.Equal(RunStatus.Running, held.Status);
        Assert.InRange(held.StoredMatches, 1, items - 1);
        Assert.StartsWith("The database is not reachable", whileAway, StringComparison.Ordinal);
        Assert.Equal(RunStatus.Interrupted, interrupted.Status);
        Assert.Equal("The database went away while the run was going; nothing of it was kept. Restart it with RestartRun.", interrupted.Error);
        Assert.Equal((0, 0), (interrupted.StoredMatches, interrupted.StoredExceptions));
        var finished = restarted[^1].Finished;
        Assert.Equal(RunStatus.Completed, finished.Status);
        Assert.Equal(items, finished.Summary.Matches);
        Assert.Equal(items, stored);
    }

    [Theory]
    [MemberData(nameof(Cluster))]
    public async Task An_import_streaming_when_the_database_goes_stores_nothing_says_to_send_the_file_again_and_goes_through_afterwards(string cluster)
    {
        if (OutageCluster.Skip(cluster))
        {
            return;
        }

        await using var server = await StartServerAsync();
        await server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = "74", Name = "停机导入" });
        await server.Customers(server.AdminKey).CreateCustomerAsync(new CreateCustomerRequest
        {
            Fields = new CustomerFields { Code = "I7401", Name = "停机导入客户", CategoryCode = "74" },
        });
        var file = new StringBuilder("客户编码,日期,单据类型,单据号,金额\n");
        for (var i = 0; i < 2000; i++)
        {
            file.Append(System.Globalization.CultureInfo.InvariantCulture, $"I7401,2024-04-{1 + (i % 28):00},销售发票,FP{i},{100 + i}.00\n");
        }

        var content = Encoding.UTF8.GetBytes(file.ToString());
        var header = new ImportHeader { AdapterId = "template", FileName = "i7401.csv", Options = { ["kind"] = "ledger" } };
        var imports = server.Imports(server.AdminKey);
        string cutOff;
        using (var call = imports.Import(deadline: Deadline()))
        {
            await call.RequestStream.WriteAsync(new ImportRequest { Header = header });
            await call.RequestStream.WriteAsync(new ImportRequest { Chunk = ByteString.CopyFrom(content, 0, content.Length / 2) });
            await OutageCluster.StopAsync();
            try
            {
                await call.RequestStream.WriteAsync(new ImportRequest { Chunk = ByteString.CopyFrom(content, content.Length / 2, content.Length - (content.Length / 2)) });
                await call.RequestStream.CompleteAsync();
                cutOff = await Expect.Status(StatusCode.Unavailable, () => ImportClient.SummaryAsync(call.ResponseStream));
            }
            finally
            {
                await OutageCluster.StartAsync();
            }
        }

        await HealthUntilAsync(server, ServingStatus.Serving);
        var storedAfterOutage = (await server.LedgerEntriesAsync("I7401")).Count;
        var (again, _) = await ImportClient.UploadAsync(imports, header, content);
        var storedAfterAgain = (await server.LedgerEntriesAsync("I7401")).Count;

        Assert.Equal("The database went away during the import; nothing of the file was stored (a batch commits whole or not at all). " +
                     "Import the file again in a few seconds, once the server's health is SERVING.", cutOff);
        Assert.Equal(0, storedAfterOutage);
        Assert.True(again.Committed);
        Assert.Equal((2000L, 0L, 0L), (again.Imported, again.Duplicates, again.Rejected));
        Assert.Equal(2000, storedAfterAgain);
    }

    private static DateTime Deadline() => DateTime.UtcNow + CallDeadline;

    /// <summary>A server on a fresh database of the outage cluster, probing it every 200 ms.</summary>
    private static Task<TestServer> StartServerAsync(bool holdableWrites = false) => TestServer.StartAsync(TestDatabases.PostgreSql,
        new Dictionary<string, string?> { ["Database:ProbeInterval"] = "00:00:00.200", ["Reconciliation:MaxConcurrentRuns"] = "1" },
        holdableWrites ? HoldWrites : null, postgresServer: OutageCluster.ConnectionString);

    private static void HoldWrites(IServiceCollection services)
    {
        var gate = services.Last(d => d.ServiceType == typeof(IWriteGate));
        services.Remove(gate);
        services.AddSingleton(sp => new HoldableWriteGate((IWriteGate)ActivatorUtilities.CreateInstance(sp, gate.ImplementationType!)));
        services.AddSingleton<IWriteGate>(sp => sp.GetRequiredService<HoldableWriteGate>());
    }

    private static HoldableWriteGate Gate(TestServer server) => server.Services.GetRequiredService<HoldableWriteGate>();

    private static async Task<ServingStatus> HealthAsync(TestServer server) =>
        (await new Grpc.Health.V1.Health.HealthClient(server.Invoker(null)).CheckAsync(new HealthCheckRequest(), deadline: Deadline())).Status;

    /// <summary>Asks for health until it says <paramref name="wanted"/>; the test fails should it not within its patience.</summary>
    private static async Task<ServingStatus> HealthUntilAsync(TestServer server, ServingStatus wanted)
    {
        using var patience = new CancellationTokenSource(Patience);
        while (true)
        {
            var status = await HealthAsync(server);
            if (status == wanted)
            {
                return status;
            }

            await Task.Delay(50, patience.Token);
        }
    }

    /// <summary>
    /// Starts a run that waits as pending (the only run slot is taken) until the write gate is set to hold the run's
    /// writer once it has stored its first results.
    /// </summary>
    private static async Task<(AsyncServerStreamingCall<StartRunResponse> Call, long RunId)> StartHeldAsync(TestServer server, string code, long statementId)
    {
        var live = server.Services.GetRequiredService<LiveRuns>();
        var slot = await server.Services.GetRequiredService<RunSlots>().EnterAsync(CancellationToken.None);
        try
        {
            var call = server.Reconciliation(server.AdminKey).StartRun(new StartRunRequest
            {
                CustomerCode = code, StartDate = April1, EndDate = April30, StatementIds = { statementId },
            });
            Assert.True(await call.ResponseStream.MoveNext());
            var runId = call.ResponseStream.Current.Event.Started.Id;
            Gate(server).Hold = () => live.TryGet(runId, out var run) && run.MatchesAt(0, 1) is not null;
            return (call, runId);
        }
        finally
        {
            slot.Dispose();
        }
    }

    private static async Task<Run> UntilStoredAsync(ReconciliationService.ReconciliationServiceClient recon, long runId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var run = (await recon.GetRunAsync(new GetRunRequest { RunId = runId }, cancellationToken: cancellationToken)).Run;
            if (run.StoredMatches > 0)
            {
                return run;
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>The run once it has <paramref name="wanted"/>, or any other end.</summary>
    private static async Task<Run> UntilStatusAsync(ReconciliationService.ReconciliationServiceClient recon, long runId, RunStatus wanted,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            var run = (await recon.GetRunAsync(new GetRunRequest { RunId = runId }, cancellationToken: cancellationToken)).Run;
            if (run.Status == wanted || run.Status is not (RunStatus.Pending or RunStatus.Running))
            {
                return run;
            }

            await Task.Delay(50, cancellationToken);
        }
    }
}
