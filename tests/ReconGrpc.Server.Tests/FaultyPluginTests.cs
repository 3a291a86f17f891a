using System.Diagnostics;
using System.Text;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Data;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests;

/// <summary>The faulty test plugins this project's build publishes into its output (test-plugins/), to drop into a server.</summary>
internal static class TestPlugins
{
    public const string FaultyAdapters = "ReconGrpc.Testing.FaultyAdapters";
    public const string HangingLoad = "ReconGrpc.Testing.HangingLoad";

    public static void CopyTo(string plugin, string pluginFolder)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "test-plugins", plugin);
        Assert.True(File.Exists(Path.Combine(source, plugin + ".dll")), $"{plugin} was not published to {source}; build this test project");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(pluginFolder, plugin, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}

/// <summary>
/// One server per provider with the faulty adapters loaded and a one-second row timeout, so that a hang is given up
/// on quickly, and a three-second wait for locking a period. The folder watcher is off: the plugin is loaded by an
/// explicit reload.
/// </summary>
public sealed class FaultyAdapterServers : ServerPool
{
    public static readonly TimeSpan RowTimeout = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan PeriodLockWait = TimeSpan.FromSeconds(3);

    public static readonly TimeSpan TemplateTimeout = TimeSpan.FromSeconds(1);

    protected override async Task<TestServer> StartAsync(string provider)
    {
        var server = await TestServer.StartAsync(provider, new Dictionary<string, string?>
        {
            ["Plugins:RowTimeout"] = RowTimeout.ToString(),
            ["Plugins:Watch"] = "false",
            ["Reconciliation:PeriodLockWait"] = PeriodLockWait.ToString(),
            ["Plugins:TemplateTimeout"] = TemplateTimeout.ToString(),
        });
        TestPlugins.CopyTo(TestPlugins.FaultyAdapters, server.PluginFolder);
        var adapters = await server.Imports(server.AdminKey).ReloadPluginsAsync(new ReloadPluginsRequest());
        Assert.Equal(7, adapters.Adapters.Count(a => a.Plugin == TestPlugins.FaultyAdapters && a.Available));
        return server;
    }
}

/// <summary>
/// "A plugin that fails to load, throws, or hangs never takes the server down": imports through faulty adapters fail
/// with a clear status naming the adapter and store nothing; plugins that hang while loading are listed as
/// unavailable; and the server goes on serving, writes included.
/// </summary>
public sealed class FaultyPluginTests(FaultyAdapterServers servers) : IClassFixture<FaultyAdapterServers>
{
    // Far above the one-second row timeout, far below the test adapters' 30-second hangs: a server that waits for
    // the adapter instead of giving up on it fails the test instead of hanging it.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public static TheoryData<string, string> FaultyImports
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var provider in TestDatabases.Providers)
            {
                foreach (var adapter in new[] { "testing.async-hang", "testing.sync-hang", "testing.sync-hang-on-open", "testing.throws" })
                {
                    data.Add(provider, adapter);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(FaultyImports))]
    public async Task An_import_through_a_faulty_adapter_fails_naming_it_stores_nothing_and_the_server_keeps_serving(string provider, string adapterId)
    {
        var server = await servers.For(provider);
        var code = "F" + adapterId.Replace("testing.", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();
        await CustomerAsync(server, code);
        var fileName = adapterId + ".csv";
        using var patience = new CancellationTokenSource(Patience);
        var watch = Stopwatch.StartNew();

        var detail = await Expect.Status(StatusCode.FailedPrecondition, () => ImportClient.UploadAsync(server.Imports(server.AdminKey),
            new ImportHeader { AdapterId = adapterId, FileName = fileName, Options = { ["customer"] = code } },
            Encoding.UTF8.GetBytes("the faulty adapters do not read their file\n"), cancellationToken: patience.Token));
        watch.Stop();

        Assert.Contains($"'{adapterId}'", detail);
        Assert.Contains("Faulty: " + adapterId, detail);
        if (adapterId == "testing.throws")
        {
            Assert.Contains("deliberate bug", detail);
        }
        else
        {
            Assert.Contains($"produced no row for {FaultyAdapterServers.RowTimeout.TotalSeconds:0} s", detail);
            Assert.Contains("rolled back", detail);
        }

        Assert.True(watch.Elapsed < Patience, $"the import took {watch.Elapsed}");
        Assert.Empty(await server.LedgerEntriesAsync(code));
        Assert.Equal(0, await BatchesAsync(server, fileName));

        // Another write succeeds: the failed import released the write gate and its transaction.
        var (after, _) = await ImportClient.UploadAsync(server.Imports(server.AdminKey),
            new ImportHeader { AdapterId = "template", FileName = code + "-after.csv", Options = { ["kind"] = "ledger" } },
            Encoding.UTF8.GetBytes($"客户编码,客户名称,日期,单据类型,单据号,金额,摘要\n{code},,2024-04-02,销售发票,AFTER-1,100.00,好\n"));
        Assert.Equal(1, after.Imported);
        Assert.Single(await server.LedgerEntriesAsync(code));
    }

    [Fact]
    public async Task A_template_asked_of_an_adapter_that_throws_or_hangs_is_refused_naming_it_and_without_one_the_next_adapter_makes_it()
    {
        var server = await servers.For(TestDatabases.Sqlite);
        var imports = server.Imports(server.AdminKey);
        using var patience = new CancellationTokenSource(Patience);
        Task<GetImportTemplateResponse> Template(string adapterId) => imports.GetImportTemplateAsync(
            new GetImportTemplateRequest { RecordKind = RecordKind.LedgerEntries, AdapterId = adapterId }, cancellationToken: patience.Token).ResponseAsync;
        var watch = Stopwatch.StartNew();

        var threw = await Expect.Status(StatusCode.FailedPrecondition, () => Template("broken-template.throws"));
        var hung = await Expect.Status(StatusCode.FailedPrecondition, () => Template("broken-template.hangs"));
        var none = await Expect.Status(StatusCode.FailedPrecondition, () => Template("testing.throws"));
        // Both broken adapters sort before the template adapter: asked first, passed over, then the template made.
        var fallback = await Template("");
        var named = await Template("template");
        watch.Stop();

        Assert.Contains("'broken-template.throws'", threw);
        Assert.Contains("deliberate template bug", threw);
        Assert.Contains($"'broken-template.hangs' (Faulty templates: broken-template.hangs) took longer than {FaultyAdapterServers.TemplateTimeout.TotalSeconds:0} s", hung);
        Assert.Contains("'testing.throws' offers no import templates", none);
        Assert.Equal("template", fallback.AdapterId);
        Assert.Contains("金额", fallback.Columns);
        Assert.Equal(named.Content, fallback.Content);
        // Two hangs given up on after the one-second timeout each, not waited out for their 10 s each.
        Assert.True(watch.Elapsed < Patience, $"the template calls took {watch.Elapsed}");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_import_cancelled_by_the_client_while_its_rows_are_being_stored_leaves_nothing_behind(string provider)
    {
        var server = await servers.For(provider);
        const string code = "FCANCEL";
        const int fastRows = 20_000;
        await CustomerAsync(server, code, category: "91");
        var imports = server.Imports(server.AdminKey);
        var file = Encoding.UTF8.GetBytes("testing.trickles makes its rows up\n");
        using var patience = new CancellationTokenSource(Patience);

        // The adapter reads 20,000 rows at once and then one every 100 ms until cancelled, so the import cannot end
        // on its own. When the progress report for row 20,000 goes out, at most 16 hand-offs of 256 rows wait for the
        // writer, one is being inserted and one is being filled: over 15,000 rows are in the batch's transaction.
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(patience.Token);
        using var call = imports.Import(cancellationToken: cancel.Token);
        await call.RequestStream.WriteAsync(new ImportRequest
        {
            Header = new ImportHeader { AdapterId = "testing.trickles", FileName = "cancelled.csv", Options = { ["customer"] = code, ["rows"] = $"{fastRows}" } },
        });
        await call.RequestStream.WriteAsync(new ImportRequest { Chunk = Google.Protobuf.ByteString.CopyFrom(file) });
        await call.RequestStream.CompleteAsync();
        var progress = new List<ImportProgress>();
        while (await call.ResponseStream.MoveNext(patience.Token))
        {
            Assert.Equal(ImportResponse.EventOneofCase.Progress, call.ResponseStream.Current.EventCase);
            progress.Add(call.ResponseStream.Current.Progress);
            if (progress[^1].RowsRead >= fastRows)
            {
                break;
            }
        }

        await cancel.CancelAsync();
        var cancelled = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));

        // The server keeps serving: another import of the customer succeeds. Then the same 20,000 rows again: on
        // SQLite it waits for the write gate, on PostgreSQL its inserts wait on the cancelled transaction's rows in
        // the unique index, so either way it only goes on once the cancelled import has ended — and had any of
        // its rows been kept, they would be counted as duplicates here.
        var (small, _) = await ImportClient.UploadAsync(imports,
            new ImportHeader { AdapterId = "template", FileName = code + "-after.csv", Options = { ["kind"] = "ledger" } },
            Encoding.UTF8.GetBytes($"客户编码,客户名称,日期,单据类型,单据号,金额,摘要\n{code},,2024-04-02,销售发票,AFTER-1,100.00,好\n"), cancellationToken: patience.Token);
        var (again, _) = await ImportClient.UploadAsync(imports,
            new ImportHeader { AdapterId = "testing.trickles", FileName = "again.csv", Options = { ["customer"] = code, ["rows"] = $"{fastRows}", ["trickle"] = "false" } },
            file, cancellationToken: patience.Token);
        var stored = await imports.GetImportBatchAsync(new GetImportBatchRequest { Id = again.Id });
        var entries = await server.LedgerEntriesAsync(code);

        Assert.Equal(StatusCode.Cancelled, cancelled.StatusCode);
        Assert.Equal(("reading", fastRows), (progress[^1].Phase, progress[^1].RowsRead));
        Assert.Equal(1, small.Imported);
        Assert.True(again.Committed);
        Assert.Equal((fastRows, fastRows, 0, 0), (again.RowsRead, again.Imported, again.Duplicates, again.Rejected));
        Assert.True(stored.Batch.Committed);
        Assert.Equal(fastRows, stored.Batch.Imported);
        // Every stored row is the later imports'; the cancelled one left no row, and (being one transaction with
        // them) no batch record either.
        Assert.Equal(fastRows + 1, entries.Count);
        Assert.Equal(fastRows, entries.Count(e => e.ImportBatchId == again.Id));
        Assert.Equal(1, entries.Count(e => e.ImportBatchId == small.Id));
        Assert.Equal(0, await BatchesAsync(server, "cancelled.csv"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Locking_a_period_waits_for_an_import_into_it_that_is_still_going_and_then_holds_against_its_rows(string provider)
    {
        var server = await servers.For(provider);
        const string code = "FLOCKWAIT";
        await CustomerAsync(server, code, category: "91");
        using var patience = new CancellationTokenSource(Patience);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(patience.Token);
        using var import = await TrickleUntilCancelledAsync(server, code, "lock-wait.csv", cancel.Token, patience.Token);

        // The import has read its rows of April and is going on: the month is locked meanwhile.
        var locking = LockAprilAsync(server, code, patience.Token);
        var first = await Task.WhenAny(locking, Task.Delay(FaultyAdapterServers.PeriodLockWait / 2, patience.Token));
        var waitedForTheImport = first != locking;
        await cancel.CancelAsync();
        await Assert.ThrowsAsync<RpcException>(() => import.ResponseStream.MoveNext(CancellationToken.None));
        var locked = await locking;

        // Once the import has ended the lock holds, and the same rows are refused with their lines.
        var (again, _) = await ImportClient.UploadAsync(server.Imports(server.AdminKey),
            new ImportHeader { AdapterId = "testing.trickles", FileName = "lock-wait-again.csv", Options = { ["customer"] = code, ["rows"] = "3", ["trickle"] = "false" } },
            TrickleFile, cancellationToken: patience.Token);
        var errors = await server.Imports(server.AdminKey).ListImportErrorsAsync(new ListImportErrorsRequest { BatchId = again.Id });

        Assert.True(waitedForTheImport, "the period was locked while an import into it was still writing");
        Assert.True(locked.Record.Locked);
        Assert.Equal((3, 0, 3), (again.RowsRead, again.Imported, again.Rejected));
        Assert.Equal([2, 3, 4], errors.Errors.Select(e => e.Line));
        Assert.All(errors.Errors, e => Assert.Contains("locked", e.Message, StringComparison.Ordinal));
        Assert.Empty(await server.LedgerEntriesAsync(code));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Locking_a_period_while_an_import_goes_on_longer_than_the_lock_waits_answers_aborted_on_postgresql_and_waits_its_turn_on_sqlite(string provider)
    {
        var server = await servers.For(provider);
        var code = provider == TestDatabases.Sqlite ? "FLOCKBUSYS" : "FLOCKBUSYP";
        await CustomerAsync(server, code, category: "91");
        using var patience = new CancellationTokenSource(Patience);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(patience.Token);
        using var import = await TrickleUntilCancelledAsync(server, code, "lock-busy.csv", cancel.Token, patience.Token);
        var locking = LockAprilAsync(server, code, patience.Token);

        if (provider == TestDatabases.PostgreSql)
        {
            var busy = await Expect.Status(StatusCode.Aborted, () => locking);
            await cancel.CancelAsync();
            var importEnded = await Assert.ThrowsAsync<RpcException>(() => import.ResponseStream.MoveNext(CancellationToken.None));
            var periods = await server.Reconciliation(server.AdminKey).ListPeriodsAsync(new ListPeriodsRequest { CustomerCode = code });

            Assert.Contains("try again when it has finished", busy, StringComparison.Ordinal);
            // Still going when it was cancelled: the lock gave up on it rather than the other way round.
            Assert.Equal(StatusCode.Cancelled, importEnded.StatusCode);
            Assert.Empty(periods.Records);
        }
        else
        {
            // One writer at a time: the lock waits for the import however long it takes, and then goes through.
            var first = await Task.WhenAny(locking, Task.Delay(FaultyAdapterServers.PeriodLockWait + TimeSpan.FromSeconds(1), patience.Token));
            var stillWaiting = first != locking;
            await cancel.CancelAsync();
            var locked = await locking;

            Assert.True(stillWaiting, "the lock did not wait for the import");
            Assert.True(locked.Record.Locked);
        }
    }

    /// <summary>Locks April 2024, the month the trickling adapter's rows fall in, for the customer.</summary>
    private static Task<LockPeriodResponse> LockAprilAsync(TestServer server, string code, CancellationToken cancellationToken) =>
        server.Reconciliation(server.AdminKey).LockPeriodAsync(new LockPeriodRequest
        {
            CustomerCode = code, StartDate = new Date { Year = 2024, Month = 4, Day = 1 }, EndDate = new Date { Year = 2024, Month = 4, Day = 30 }, Reason = "4月已结账",
        }, cancellationToken: cancellationToken).ResponseAsync;

    private static readonly byte[] TrickleFile = Encoding.UTF8.GetBytes("testing.trickles makes its rows up\n");

    /// <summary>An import through the trickling adapter, once it has read its first 5,000 rows (dated 1 April 2024) and goes on.</summary>
    private static async Task<AsyncDuplexStreamingCall<ImportRequest, ImportResponse>> TrickleUntilCancelledAsync(TestServer server, string code, string fileName,
        CancellationToken cancel, CancellationToken patience)
    {
        // Progress is reported every 5,000 rows: the report for the last fast one comes while the adapter trickles on.
        const int fastRows = 5_000;
        var call = server.Imports(server.AdminKey).Import(cancellationToken: cancel);
        await call.RequestStream.WriteAsync(new ImportRequest
        {
            Header = new ImportHeader { AdapterId = "testing.trickles", FileName = fileName, Options = { ["customer"] = code, ["rows"] = $"{fastRows}" } },
        });
        await call.RequestStream.WriteAsync(new ImportRequest { Chunk = Google.Protobuf.ByteString.CopyFrom(TrickleFile) });
        await call.RequestStream.CompleteAsync();
        while (await call.ResponseStream.MoveNext(patience))
        {
            if (call.ResponseStream.Current.Progress.RowsRead >= fastRows)
            {
                return call;
            }
        }

        throw new InvalidOperationException("The trickling import ended on its own.");
    }

    [Fact]
    public async Task Adapters_that_hang_while_being_created_are_listed_as_unavailable_at_start_and_on_reload_and_the_server_keeps_serving()
    {
        var plugins = Directory.CreateTempSubdirectory("recon-hanging-load-").FullName;
        try
        {
            TestPlugins.CopyTo(TestPlugins.HangingLoad, plugins);
            var watch = Stopwatch.StartNew();
            await using var server = await TestServer.StartAsync(TestDatabases.Sqlite, new Dictionary<string, string?>
            {
                ["Plugins:Path"] = plugins,
                ["Plugins:LoadTimeout"] = "00:00:01",
                ["Plugins:Watch"] = "false",
            });
            var started = watch.Elapsed;
            var imports = server.Imports(server.AdminKey);

            var listed = await imports.ListAdaptersAsync(new ListAdaptersRequest());
            watch.Restart();
            var reloaded = await imports.ReloadPluginsAsync(new ReloadPluginsRequest(), deadline: DateTime.UtcNow.Add(Patience));
            var reload = watch.Elapsed;

            Assert.True(started < Patience, $"the server took {started} to start");
            Assert.True(reload < Patience, $"the reload took {reload}");
            foreach (var adapters in new[] { listed.Adapters, reloaded.Adapters })
            {
                var hanging = adapters.Where(a => a.Plugin == TestPlugins.HangingLoad).ToList();
                Assert.Equal(2, hanging.Count);
                Assert.All(hanging, a => Assert.False(a.Available));
                Assert.Contains(hanging, a => a.UnavailableReason.Contains("HangsInConstructor was not created within 1 s", StringComparison.Ordinal));
                Assert.Contains(hanging, a => a.UnavailableReason.Contains("HangsInDescriptor was not created within 1 s", StringComparison.Ordinal));
                Assert.True(Assert.Single(adapters, a => a.Id == "template").Available);
            }

            await Expect.Status(StatusCode.FailedPrecondition, () => ImportClient.UploadAsync(imports,
                new ImportHeader { AdapterId = TestPlugins.HangingLoad.ToLowerInvariant(), FileName = "x.csv" }, Encoding.UTF8.GetBytes("x\n")));
            await CustomerAsync(server, "HLOAD1");
            var (summary, _) = await ImportClient.UploadAsync(imports,
                new ImportHeader { AdapterId = "template", FileName = "after.csv", Options = { ["kind"] = "ledger" } },
                Encoding.UTF8.GetBytes("客户编码,客户名称,日期,单据类型,单据号,金额,摘要\nHLOAD1,,2024-04-02,销售发票,AFTER-1,100.00,好\n"));
            Assert.Equal(1, summary.Imported);
        }
        finally
        {
            Directory.Delete(plugins, recursive: true);
        }
    }

    private static async Task CustomerAsync(TestServer server, string code, string category = "90")
    {
        try
        {
            await server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = category, Name = "故障插件测试" + category });
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
        {
            // Shared by the tests of this class.
        }

        await server.Customers(server.AdminKey).CreateCustomerAsync(new CreateCustomerRequest
        {
            Fields = new CustomerFields { Code = code, Name = "故障插件测试公司" + code, CategoryCode = category },
        });
    }

    /// <summary>Import batches recorded for the file, committed or not: a rolled-back import leaves none.</summary>
    private static async Task<int> BatchesAsync(TestServer server, string fileName)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<ReconDbContext>>().CreateDbContextAsync();
        return await db.ImportBatches.CountAsync(b => b.FileName == fileName);
    }
}
