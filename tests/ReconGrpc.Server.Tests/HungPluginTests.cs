using System.Diagnostics;
using System.Text;
using Grpc.Core;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests;

/// <summary>One server per provider with the faulty adapters loaded and the row timeout far longer than a test may wait.</summary>
public sealed class HungAdapterServers : ServerPool
{
    public static readonly TimeSpan RowTimeout = TimeSpan.FromSeconds(45);

    protected override async Task<TestServer> StartAsync(string provider)
    {
        var server = await TestServer.StartAsync(provider, new Dictionary<string, string?>
        {
            ["Plugins:RowTimeout"] = RowTimeout.ToString(),
            ["Plugins:Watch"] = "false",
        });
        TestPlugins.CopyTo(TestPlugins.FaultyAdapters, server.PluginFolder);
        await server.Imports(server.AdminKey).ReloadPluginsAsync(new ReloadPluginsRequest());
        return server;
    }
}

/// <summary>"A hung plugin holds up only its own import": while one hangs, the others go on at normal speed.</summary>
public sealed class HungPluginTests(HungAdapterServers servers) : IClassFixture<HungAdapterServers>
{
    // Far below the row timeout: an import that waits for the hung one to be given up on fails the test.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task While_a_plugin_hangs_other_imports_finish_at_normal_speed_and_the_hung_one_stores_nothing(string provider)
    {
        var server = await servers.For(provider);
        var code = provider == TestDatabases.Sqlite ? "HUNGS" : "HUNGP";
        await server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = "95", Name = "挂起插件测试" + provider });
        await server.Customers(server.AdminKey).CreateCustomerAsync(new CreateCustomerRequest
        {
            Fields = new CustomerFields { Code = code, Name = "挂起插件测试客户" + provider, CategoryCode = "95" },
        });
        using var patience = new CancellationTokenSource(Patience);
        using var cancelHung = CancellationTokenSource.CreateLinkedTokenSource(patience.Token);

        // 5,000 rows, then an await that never ends: the progress report for row 5,000 says it has begun.
        using var hung = server.Imports(server.AdminKey).Import(cancellationToken: cancelHung.Token);
        await hung.RequestStream.WriteAsync(new ImportRequest
        {
            Header = new ImportHeader { AdapterId = "testing.async-hang", FileName = "hung.csv", Options = { ["customer"] = code, ["rows"] = "5000" } },
        });
        await hung.RequestStream.WriteAsync(new ImportRequest { Chunk = Google.Protobuf.ByteString.CopyFromUtf8("the faulty adapters do not read their file\n") });
        await hung.RequestStream.CompleteAsync();
        Assert.True(await hung.ResponseStream.MoveNext(patience.Token));
        Assert.Equal(5_000, hung.ResponseStream.Current.Progress.RowsRead);

        var watch = Stopwatch.StartNew();
        var others = new List<ImportBatch>();
        for (var i = 1; i <= 3; i++)
        {
            var (summary, _) = await ImportClient.UploadAsync(server.Imports(server.AdminKey),
                new ImportHeader { AdapterId = "template", FileName = $"beside-hung-{i}.csv", Options = { ["kind"] = "ledger" } },
                Encoding.UTF8.GetBytes($"客户编码,客户名称,日期,单据类型,单据号,金额,摘要\n{code},,2024-04-0{i},销售发票,BESIDE-{i},100.00,好\n"),
                cancellationToken: patience.Token);
            others.Add(summary);
        }

        watch.Stop();
        await cancelHung.CancelAsync();
        var ended = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await hung.ResponseStream.MoveNext(CancellationToken.None))
            {
            }
        });
        var entries = await server.LedgerEntriesAsync(code);

        Assert.All(others, o => Assert.Equal((1, 1), (o.RowsRead, o.Imported)));
        Assert.True(watch.Elapsed < Patience, $"three one-row imports took {watch.Elapsed} beside a hung one");
        Assert.Equal(StatusCode.Cancelled, ended.StatusCode);
        // Each import whole or not at all: the three are stored, nothing of the hung one.
        Assert.Equal(["BESIDE-1", "BESIDE-2", "BESIDE-3"], entries.Select(e => e.DocumentNumber).Order());
    }
}
