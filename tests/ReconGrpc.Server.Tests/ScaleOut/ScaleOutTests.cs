using System.Globalization;
using System.Text;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ReconGrpc.Application.Reconciliation;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests.ScaleOut;

/// <summary>
/// Several instances on one PostgreSQL database: any instance executes a run, serves it, cancels it; the run limit
/// holds across them; and a run whose instance is killed completes on another with the result one instance gives.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed class ScaleOutTests
{
    private static readonly Date April1 = new() { Year = 2024, Month = 4, Day = 1 };
    private static readonly Date April30 = new() { Year = 2024, Month = 4, Day = 30 };
    private static readonly string AuditKey = "scale-out-test-audit-key-" + new string('k', 32);

    public static TheoryData<string> Shared
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var provider in TestDatabases.Providers)
            {
                if (provider != TestDatabases.Sqlite)
                {
                    data.Add(provider);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Shared))]
    public async Task A_run_killed_with_its_instance_completes_on_the_other_with_the_result_one_instance_gives(string provider)
    {
        Assert.Equal(TestDatabases.PostgreSql, provider);
        var database = "recon_scale_" + Guid.NewGuid().ToString("N");
        var connectionString = await TestDatabases.CreatePostgresDatabaseAsync(database);
        var root = Directory.CreateTempSubdirectory("recon-scale-").FullName;
        var adminKey = "rk_scale_admin_" + Guid.NewGuid().ToString("N");
        var instances = new List<ServerProcess>();
        try
        {
            Dictionary<string, string> Environment(string name) => new()
            {
                ["Database__Provider"] = "PostgreSql",
                ["ConnectionStrings__Recon"] = connectionString,
                ["Storage__DataDirectory"] = Path.Combine(root, name),
                ["Auth__BootstrapAdminKey"] = adminKey,
                ["Audit__Key"] = AuditKey,
                ["RateLimits__PermitsPerSecond"] = "0",
                ["Jobs__InvisibilityTimeout"] = "00:00:10",
                ["Jobs__InstanceName"] = name,
            };

            // One after the other: the first creates the schema and the admin key.
            instances.Add(await ServerProcess.StartBuiltAsync(Environment("a")));
            instances.Add(await ServerProcess.StartBuiltAsync(Environment("b")));
            var statements = await SeedAsync(instances[0].Invoker(adminKey), customers: 40, pairsEach: 2500);

            var recon = new ReconciliationService.ReconciliationServiceClient(instances[0].Invoker(adminKey));
            var request = new StartRunRequest { StartDate = April1, EndDate = April30, StatementIds = { statements } };
            long runId;
            using (var call = recon.StartRun(request))
            {
                Assert.True(await call.ResponseStream.MoveNext());
                runId = call.ResponseStream.Current.Event.Started.Id;
            }

            // Mid-run: running, with part of its results stored. Then the instance executing it goes, at once.
            var executing = await ExecutingInstanceAsync(connectionString, instances, recon, runId);
            executing.Kill();
            var survivor = instances.Single(i => i != executing);
            var watched = new ReconciliationService.ReconciliationServiceClient(survivor.Invoker(adminKey));
            var taken = await ReadRunAsync(watched.WatchRun(new WatchRunRequest { RunId = runId, MatchItems = MatchItemDetail.Ids }, deadline: DateTime.UtcNow.AddMinutes(5)));

            // The same run by one instance alone (the survivor, now the only one).
            using var again = watched.StartRun(request, deadline: DateTime.UtcNow.AddMinutes(5));
            Assert.True(await again.ResponseStream.MoveNext());
            var aloneId = again.ResponseStream.Current.Event.Started.Id;
            var alone = await ReadRunAsync(watched.WatchRun(new WatchRunRequest { RunId = aloneId, MatchItems = MatchItemDetail.Ids }, deadline: DateTime.UtcNow.AddMinutes(5)));

            Assert.Equal(RunStatus.Completed, taken.Finished.Status);
            Assert.Equal(100_000, taken.Finished.Summary.Matches);
            Assert.Equal(alone.Matches, taken.Matches);
            Assert.Equal(alone.Exceptions, taken.Exceptions);
            // Nothing lost, nothing matched twice.
            var ours = taken.Matches.SelectMany(m => m.OursIds).ToList();
            Assert.Equal(ours.Count, ours.Distinct().Count());
            Assert.Equal(100_000, ours.Count);

            var audit = new AuditService.AuditServiceClient(survivor.Invoker(adminKey));
            var verified = await audit.VerifyAuditChainAsync(new VerifyAuditChainRequest());
            Assert.True(verified.Intact, verified.Problem);
            var takeOvers = await audit.ListAuditEntriesAsync(new ListAuditEntriesRequest { ActionPrefix = "run.take_over" });
            Assert.Equal([runId.ToString(CultureInfo.InvariantCulture)], takeOvers.Entries.Select(e => e.EntityId));
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }

            await TestDatabases.DropPostgresDatabaseAsync(database);
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(Shared))]
    public async Task Two_instances_share_the_run_limit_and_either_serves_and_cancels_a_run_the_other_started(string provider)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Reconciliation:MaxConcurrentRuns"] = "1",
            ["Audit:Key"] = AuditKey,
            ["Jobs:InvisibilityTimeout"] = "00:00:05",
        };
        await using var first = await TestServer.StartAsync(provider, settings);
        settings["ConnectionStrings:Recon"] = first.Services.GetRequiredService<ReconGrpc.Data.DatabaseTarget>().ConnectionString;
        settings["Auth:BootstrapAdminKey"] = first.AdminKey;
        await using var second = await TestServer.StartAsync(provider, settings);
        var statementId = await MatchingPairs.SeedAsync(first, "91", "多实例", "S9101", 3000);
        var onFirst = first.Reconciliation(first.AdminKey);
        var onSecond = second.Reconciliation(second.AdminKey);
        var request = new StartRunRequest { CustomerCode = "S9101", StartDate = April1, EndDate = April30, StatementIds = { statementId } };

        // The only slot, taken through the first instance, is the database's: a run started on the second waits.
        long waitingId;
        await using (await first.Services.GetRequiredService<RunSlots>().EnterAsync(CancellationToken.None))
        {
            using (var call = onSecond.StartRun(request))
            {
                Assert.True(await call.ResponseStream.MoveNext());
                waitingId = call.ResponseStream.Current.Event.Started.Id;
            }

            // Still pending on both instances' view, while whichever instance took its job waits for the slot.
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Equal(RunStatus.Pending, (await onFirst.GetRunAsync(new GetRunRequest { RunId = waitingId })).Run.Status);

            // Cancelled through the other instance than the one holding it.
            var cancelled = await onFirst.CancelRunAsync(new CancelRunRequest { RunId = waitingId });
            Assert.Equal(RunStatus.Cancelled, cancelled.Run.Status);
        }

        // Started on the first, watched on the second from the start and, after the first page, again from its offset.
        long runId;
        using (var call = onFirst.StartRun(request))
        {
            Assert.True(await call.ResponseStream.MoveNext());
            runId = call.ResponseStream.Current.Event.Started.Id;
        }

        var whole = await ReadRunAsync(onSecond.WatchRun(new WatchRunRequest { RunId = runId, MatchItems = MatchItemDetail.Ids }));
        var head = new List<RunMatchRow>();
        long offset = 0;
        using (var partial = onSecond.WatchRun(new WatchRunRequest { RunId = runId, MatchItems = MatchItemDetail.Ids }))
        {
            while (head.Count == 0 && await partial.ResponseStream.MoveNext())
            {
                if (partial.ResponseStream.Current.Event is { EventCase: RunEvent.EventOneofCase.Matches } page)
                {
                    head.AddRange(page.Matches.Matches.Select(RunMatchRow.Of));
                    offset = page.Matches.Matches.Count;
                }
            }
        }

        var rest = await ReadRunAsync(onFirst.WatchRun(new WatchRunRequest { RunId = runId, Offset = offset, MatchItems = MatchItemDetail.Ids }));

        Assert.Equal(RunStatus.Completed, whole.Finished.Status);
        Assert.Equal(3000, whole.Matches.Count);
        Assert.Equal(whole.Matches, [.. head, .. rest.Matches]);
        Assert.Equal(RunStatus.Cancelled, (await onSecond.GetRunAsync(new GetRunRequest { RunId = waitingId })).Run.Status);

        // A period locked through one instance is locked for the other.
        await onFirst.LockPeriodAsync(new LockPeriodRequest { CustomerCode = "S9101", StartDate = April1, EndDate = April30, Reason = "4月已结账" });
        var refused = await Expect.Status(StatusCode.FailedPrecondition, () => second.Ledger(second.AdminKey).PostLedgerEntryAsync(new PostLedgerEntryRequest
        {
            CustomerCode = "S9101", Date = April1, DocumentType = DocumentType.SalesInvoice, DocumentNumber = "LATE-1", Amount = new DecimalValue { Value = "10.00" }, Reason = "补记",
        }).ResponseAsync);
        Assert.Contains("lock", refused, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Waits until the run is running with results stored, and names the instance holding its lock in the database.</summary>
    private static async Task<ServerProcess> ExecutingInstanceAsync(string connectionString, List<ServerProcess> instances,
        ReconciliationService.ReconciliationServiceClient recon, long runId)
    {
        var until = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < until)
        {
            var run = (await recon.GetRunAsync(new GetRunRequest { RunId = runId })).Run;
            Assert.True(run.Status is RunStatus.Pending or RunStatus.Running, $"the run ended ({run.Status}) before an instance could be killed mid-run");
            if (run.Status == RunStatus.Running && run.StoredMatches > 0)
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync();
                // The run's own lock: advisory, in the run namespace ("REC" and kind 1), keyed by the run id.
                await using var command = new NpgsqlCommand(
                    "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid " +
                    "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = @space::oid AND l.objid = @key::oid AND l.objsubid = 2", connection);
                command.Parameters.AddWithValue("space", (long)0x5245_4301);
                command.Parameters.AddWithValue("key", runId);
                var holder = (string?)await command.ExecuteScalarAsync();
                Assert.NotNull(holder);
                return instances.Single(i => holder.EndsWith(" " + i.ProcessId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("the run did not start running");
    }

    /// <summary>Customers with April invoices in one ledger file, and each one's statement with the same lines.</summary>
    private static async Task<List<long>> SeedAsync(CallInvoker invoker, int customers, int pairsEach)
    {
        await new CategoryService.CategoryServiceClient(invoker).CreateCategoryAsync(new CreateCategoryRequest { Code = "92", Name = "多实例客户" });
        var customerClient = new CustomerService.CustomerServiceClient(invoker);
        var imports = new ImportService.ImportServiceClient(invoker);
        var ledger = new StringBuilder("客户编码,客户名称,日期,单据类型,单据号,金额,摘要\n");
        var statements = new List<long>();
        for (var c = 0; c < customers; c++)
        {
            var code = $"K{c:000}";
            await customerClient.CreateCustomerAsync(new CreateCustomerRequest { Fields = new CustomerFields { Code = code, Name = "多实例客户" + code, CategoryCode = "92" } });
            var statement = new StringBuilder("日期,借方,贷方,摘要,单据号\n");
            for (var i = 0; i < pairsEach; i++)
            {
                var day = 1 + (i % 28);
                var amount = (100 + (i % 997)).ToString(CultureInfo.InvariantCulture) + ".00";
                ledger.Append(CultureInfo.InvariantCulture, $"{code},,2024-04-{day:00},销售发票,{code}-INV-{i},{amount},销售\n");
                statement.Append(CultureInfo.InvariantCulture, $"2024-04-{day:00},,{amount},购货,{code}-INV-{i}\n");
            }

            var (summary, _) = await ImportClient.UploadAsync(imports, new ImportHeader
            {
                AdapterId = "template",
                FileName = $"statement-{code}.csv",
                Options = { ["kind"] = "statement", ["convention"] = "counterparty-ledger" },
                Target = new ImportTarget { StatementName = $"{code} 2024-04", StatementKind = StatementKind.CustomerStatement, CustomerCode = code },
            }, Encoding.UTF8.GetBytes(statement.ToString()));
            statements.Add(summary.StatementId);
        }

        var (ledgerSummary, _) = await ImportClient.UploadAsync(imports, new ImportHeader { AdapterId = "template", FileName = "ledger.csv", Options = { ["kind"] = "ledger" } },
            Encoding.UTF8.GetBytes(ledger.ToString()));
        Assert.Equal(customers * pairsEach, ledgerSummary.Imported);
        return statements;
    }

    private static async Task<WatchedRun> ReadRunAsync(AsyncServerStreamingCall<WatchRunResponse> call)
    {
        using (call)
        {
            var matches = new List<RunMatchRow>();
            var exceptions = new List<string>();
            Run? finished = null;
            await foreach (var response in call.ResponseStream.ReadAllAsync())
            {
                switch (response.Event.EventCase)
                {
                    case RunEvent.EventOneofCase.Matches:
                        matches.AddRange(response.Event.Matches.Matches.Select(RunMatchRow.Of));
                        break;
                    case RunEvent.EventOneofCase.Exceptions:
                        exceptions.AddRange(response.Event.Exceptions.Exceptions.Select(e => $"{e.Sequence} {e.Reason} {e.Item.Id}"));
                        break;
                    case RunEvent.EventOneofCase.Finished:
                        finished = response.Event.Finished;
                        break;
                }
            }

            return new WatchedRun(matches, exceptions, finished ?? throw new InvalidOperationException("the stream ended without the run's end"));
        }
    }

    private sealed record WatchedRun(List<RunMatchRow> Matches, List<string> Exceptions, Run Finished);

    /// <summary>A match as compared between runs: everything but the run it belongs to.</summary>
    private sealed record RunMatchRow(int Sequence, string Rule, MatchStatus Status, string Ours, string Theirs, string Difference)
    {
        public IEnumerable<long> OursIds => Ours.Split(',').Select(long.Parse);

        public static RunMatchRow Of(Match m) => new(m.Sequence, m.RuleName, m.Status,
            string.Join(",", m.Ours.Select(i => i.Id)), string.Join(",", m.Theirs.Select(i => i.Id)), m.Difference?.Value ?? "");
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ScaleOutCollection
{
    public const string Name = "Scale-out: several instances on one database";
}
