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
        Assert.Equal(8, adapters.Adapters.Count(a => a.Plugin == TestPlugins.FaultyAdapters && a.Available));
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

    // For tests that import tens of thousands of rows, twice: a safety net against a hang, not a measure of speed.
    private static readonly TimeSpan LongPatience = TimeSpan.FromSeconds(120);

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
        // Enough rows that storing them takes seconds: the client cancels at the second report of the storing phase,
        // sent once 5,000 rows are in the batch's transaction, with tens of thousands still to go.
        const int rows = 60_000;
        await CustomerAsync(server, code, category: "91");
        var imports = server.Imports(server.AdminKey);
        using var patience = new CancellationTokenSource(LongPatience);

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(patience.Token);
        using var call = imports.Import(cancellationToken: cancel.Token);
        await call.RequestStream.WriteAsync(new ImportRequest
        {
            Header = new ImportHeader { AdapterId = "testing.trickles", FileName = "cancelled.csv", Options = { ["customer"] = code, ["rows"] = $"{rows}", ["trickle"] = "false" } },
        });
        await call.RequestStream.WriteAsync(new ImportRequest { Chunk = Google.Protobuf.ByteString.CopyFrom(TrickleFile) });
        await call.RequestStream.CompleteAsync();
        var progress = new List<ImportProgress>();
        while (await call.ResponseStream.MoveNext(patience.Token))
        {
            Assert.Equal(ImportResponse.EventOneofCase.Progress, call.ResponseStream.Current.EventCase);
            progress.Add(call.ResponseStream.Current.Progress);
            if (progress.Count(p => p.Phase == "storing") == 2)
            {
                break;
            }
        }

        await cancel.CancelAsync();
        var cancelled = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));

        // The server keeps serving: another import of the customer succeeds. Then the same rows again: on SQLite it
        // waits for the write gate, on PostgreSQL its inserts wait on the cancelled transaction's rows in the unique
        // index, so either way it only goes on once the cancelled import has ended — and had any of its rows been
        // kept, they would be counted as duplicates here.
        var (small, _) = await ImportClient.UploadAsync(imports,
            new ImportHeader { AdapterId = "template", FileName = code + "-after.csv", Options = { ["kind"] = "ledger" } },
            Encoding.UTF8.GetBytes($"客户编码,客户名称,日期,单据类型,单据号,金额,摘要\n{code},,2024-04-02,销售发票,AFTER-1,100.00,好\n"), cancellationToken: patience.Token);
        var (again, _) = await ImportClient.UploadAsync(imports,
            new ImportHeader { AdapterId = "testing.trickles", FileName = "again.csv", Options = { ["customer"] = code, ["rows"] = $"{rows}", ["trickle"] = "false" } },
            TrickleFile, cancellationToken: patience.Token);
        var entries = await server.LedgerEntriesAsync(code);

        Assert.Equal(StatusCode.Cancelled, cancelled.StatusCode);
        Assert.Equal(("storing", rows), (progress[^1].Phase, progress[^1].RowsRead));
        Assert.Contains(progress, p => p is { Phase: "reading", RowsRead: rows });
        Assert.Equal(1, small.Imported);
        Assert.True(again.Committed);
        Assert.Equal((rows, rows, 0, 0), (again.RowsRead, again.Imported, again.Duplicates, again.Rejected));
        // Every stored row is the later imports'; the cancelled one left no row, and (being one transaction with
        // them) no batch record either.
        Assert.Equal(rows + 1, entries.Count);
        Assert.Equal(rows, entries.Count(e => e.ImportBatchId == again.Id));
        Assert.Equal(1, entries.Count(e => e.ImportBatchId == small.Id));
        Assert.Equal(0, await BatchesAsync(server, "cancelled.csv"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_period_locked_while_an_import_into_it_is_still_reading_is_locked_at_once_and_holds_against_its_rows(string provider)
    {
        var server = await servers.For(provider);
        var code = provider == TestDatabases.Sqlite ? "FLOCKREADS" : "FLOCKREADP";
        await CustomerAsync(server, code, category: "91");
        using var patience = new CancellationTokenSource(Patience);
        using var longPatience = new CancellationTokenSource(LongPatience);

        // The import has read 5,000 rows of April and reads 80 more, one every 100 ms, before it stores any.
        using var import = await TrickleAsync(server, code, "lock-while-reading.csv", slowRows: 80, longPatience.Token);
        var watch = Stopwatch.StartNew();
        var locked = await LockAprilAsync(server, code, patience.Token);
        watch.Stop();
        var summary = await ImportClient.SummaryAsync(import.ResponseStream, longPatience.Token);
        var errors = await server.Imports(server.AdminKey).ListImportErrorsAsync(new ListImportErrorsRequest { BatchId = summary.Id, PageSize = 5 });

        Assert.True(locked.Record.Locked);
        // Nothing of the import's was being written yet, so the lock had nothing to wait for.
        Assert.True(watch.Elapsed < FaultyAdapterServers.PeriodLockWait, $"locking took {watch.Elapsed}");
        Assert.Equal((5_080, 0, 5_080), (summary.RowsRead, summary.Imported, summary.Rejected));
        Assert.All(errors.Errors, e => Assert.Contains("locked", e.Message, StringComparison.Ordinal));
        Assert.Empty(await server.LedgerEntriesAsync(code));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_period_locked_while_an_import_into_it_is_storing_never_lets_the_import_store_rows_after_the_lock(string provider)
    {
        var server = await servers.For(provider);
        var code = provider == TestDatabases.Sqlite ? "FLOCKSTORES" : "FLOCKSTOREP";
        const int rows = 60_000;
        await CustomerAsync(server, code, category: "91");
        using var patience = new CancellationTokenSource(LongPatience);
        using var import = server.Imports(server.AdminKey).Import(cancellationToken: patience.Token);
        await import.RequestStream.WriteAsync(new ImportRequest
        {
            Header = new ImportHeader { AdapterId = "testing.trickles", FileName = "lock-while-storing.csv", Options = { ["customer"] = code, ["rows"] = $"{rows}", ["trickle"] = "false" } },
        });
        await import.RequestStream.WriteAsync(new ImportRequest { Chunk = Google.Protobuf.ByteString.CopyFrom(TrickleFile) });
        await import.RequestStream.CompleteAsync();
        // The second report of the storing phase comes once 5,000 rows are in the import's transaction.
        var storingReports = 0;
        while (await import.ResponseStream.MoveNext(patience.Token) && (import.ResponseStream.Current.Progress.Phase != "storing" || ++storingReports < 2))
        {
        }

        // The import read the locks when it began storing: the lock waits for it to end (SQLite, one writer at a
        // time, however long it takes; PostgreSQL for Reconciliation:PeriodLockWait, then ABORTED asking to try again).
        var locking = LockAprilAsync(server, code, patience.Token);
        var summary = await ImportClient.SummaryAsync(import.ResponseStream, patience.Token);
        LockPeriodResponse? locked = null;
        try
        {
            locked = await locking;
        }
        catch (RpcException busy) when (provider == TestDatabases.PostgreSql && busy.StatusCode == StatusCode.Aborted)
        {
            Assert.Contains("try again when it has finished", busy.Status.Detail, StringComparison.Ordinal);
        }

        Assert.Equal((rows, rows, 0), (summary.RowsRead, summary.Imported, summary.Rejected));
        Assert.Equal(rows, (await server.LedgerEntriesAsync(code)).Count);
        if (provider == TestDatabases.Sqlite)
        {
            Assert.NotNull(locked);
        }

        Assert.True(locked?.Record.Locked ?? true);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_row_that_yields_a_record_and_an_error_counts_once_as_read_and_a_check_against_an_earlier_line_adds_none(string provider)
    {
        var server = await servers.For(provider);
        var code = provider == TestDatabases.Sqlite ? "FDOUBTS" : "FDOUBTP";
        await CustomerAsync(server, code);

        var (summary, _) = await ImportClient.UploadAsync(server.Imports(server.AdminKey),
            new ImportHeader { AdapterId = "testing.records-with-errors", FileName = code + ".csv", Options = { ["customer"] = code } },
            Encoding.UTF8.GetBytes("the test adapter makes its rows up\n"));
        var errors = await server.Imports(server.AdminKey).ListImportErrorsAsync(new ListImportErrorsRequest { BatchId = summary.Id });

        Assert.Equal((3, 3, 4), (summary.RowsRead, summary.Imported, summary.Rejected));
        Assert.Equal([2, 2, 3, 4], errors.Errors.Select(e => e.Line));
    }

    /// <summary>Locks April 2024, the month the trickling adapter's rows fall in, for the customer.</summary>
    private static Task<LockPeriodResponse> LockAprilAsync(TestServer server, string code, CancellationToken cancellationToken) =>
        server.Reconciliation(server.AdminKey).LockPeriodAsync(new LockPeriodRequest
        {
            CustomerCode = code, StartDate = new Date { Year = 2024, Month = 4, Day = 1 }, EndDate = new Date { Year = 2024, Month = 4, Day = 30 }, Reason = "4月已结账",
        }, cancellationToken: cancellationToken).ResponseAsync;

    private static readonly byte[] TrickleFile = Encoding.UTF8.GetBytes("testing.trickles makes its rows up\n");

    /// <summary>
    /// An import through the trickling adapter, once it has read its first 5,000 rows (dated 1 April 2024) and goes
    /// on reading a row every 100 ms: <paramref name="slowRows"/> of them, or until cancelled when null.
    /// </summary>
    private static async Task<AsyncDuplexStreamingCall<ImportRequest, ImportResponse>> TrickleAsync(TestServer server, string code, string fileName,
        int? slowRows, CancellationToken cancellationToken)
    {
        // Progress is reported every 5,000 rows: the report for the last fast one comes while the adapter trickles on.
        const int fastRows = 5_000;
        var call = server.Imports(server.AdminKey).Import(cancellationToken: cancellationToken);
        var header = new ImportHeader { AdapterId = "testing.trickles", FileName = fileName, Options = { ["customer"] = code, ["rows"] = $"{fastRows}" } };
        if (slowRows is { } count)
        {
            header.Options["trickle-rows"] = $"{count}";
        }

        await call.RequestStream.WriteAsync(new ImportRequest { Header = header });
        await call.RequestStream.WriteAsync(new ImportRequest { Chunk = Google.Protobuf.ByteString.CopyFrom(TrickleFile) });
        await call.RequestStream.CompleteAsync();
        while (await call.ResponseStream.MoveNext(cancellationToken))
        {
            if (call.ResponseStream.Current.Progress.RowsRead >= fastRows)
            {
                return call;
            }
        }

        throw new InvalidOperationException("The trickling import ended before its slow rows.");
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
