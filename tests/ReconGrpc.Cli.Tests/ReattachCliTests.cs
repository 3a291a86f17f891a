using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ReconGrpc.Testing;

namespace ReconGrpc.Cli.Tests;

/// <summary><c>recon reconcile</c> whose connection is cut mid-stream goes on with WatchRun and misses nothing.</summary>
public sealed class ReattachCliTests
{
    /// <summary>A TCP proxy to the server that cuts its first connection after some bytes from the server; later ones pass.</summary>
    private sealed class CuttingProxy : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly int _serverPort;
        private readonly long _cutAfter;
        private int _connections;

        public CuttingProxy(int serverPort, long cutAfter)
        {
            _serverPort = serverPort;
            _cutAfter = cutAfter;
            _listener.Start();
            _ = AcceptAsync();
        }

        public string Address => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

        public int Connections => Volatile.Read(ref _connections);

        private async Task AcceptAsync()
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    var number = Interlocked.Increment(ref _connections);
                    var server = new TcpClient();
                    await server.ConnectAsync(IPAddress.Loopback, _serverPort, _stop.Token);
                    _ = PumpAsync(client, server, 0);
                    _ = PumpAsync(server, client, number == 1 ? _cutAfter : 0);
                }
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        }

        private async Task PumpAsync(TcpClient from, TcpClient to, long limit)
        {
            var buffer = new byte[16 * 1024];
            long total = 0;
            try
            {
                int read;
                while ((read = await from.GetStream().ReadAsync(buffer, _stop.Token)) > 0)
                {
                    await to.GetStream().WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                    total += read;
                    if (limit > 0 && total > limit)
                    {
                        // Let the client read what it has before the cut: an aborted HTTP/2 connection discards
                        // what was received but not yet read, and the run's first event must get through.
                        await Task.Delay(TimeSpan.FromMilliseconds(500), _stop.Token);
                        break;
                    }
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The other side went away.
            }

            from.Close();
            to.Close();
        }

        public ValueTask DisposeAsync()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task A_reconcile_whose_connection_is_cut_re_attaches_and_reports_every_result_once()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        string[] g = ["--server", server.Address, "--api-key", server.AdminKey];
        await CliRunner.RunAsync([.. g, "categories", "add", "92", "大客户"]);
        await CliRunner.RunAsync([.. g, "customers", "add", "BIG1", "杭州联华华商集团有限公司", "--category", "92"]);
        var ledger = new StringBuilder("客户编码,客户名称,日期,单据类型,单据号,金额,摘要\n");
        var statement = new StringBuilder("日期,借方,贷方,摘要,单据号\n");
        for (var i = 0; i < 3000; i++)
        {
            var day = 1 + (i % 28);
            var amount = (100 + (i % 997)).ToString(System.Globalization.CultureInfo.InvariantCulture) + ".00";
            ledger.Append($"BIG1,,2024-04-{day:00},销售发票,INV-{i},{amount},销售\n");
            if (i % 10 != 0)
            {
                statement.Append($"2024-04-{day:00},,{amount},购货,INV-{i}\n");
            }
        }

        var ledgerFile = Path.Combine(server.DataFolder, "big-ledger.csv");
        var statementFile = Path.Combine(server.DataFolder, "big-statement.csv");
        await File.WriteAllTextAsync(ledgerFile, ledger.ToString());
        await File.WriteAllTextAsync(statementFile, statement.ToString());
        Assert.Equal(0, (await CliRunner.RunAsync([.. g, "import", ledgerFile, "--adapter", "template", "--option", "kind=ledger"])).ExitCode);
        var imported = await CliRunner.RunAsync([.. g, "--json", "import", statementFile, "--adapter", "template", "--option", "kind=statement",
            "--option", "convention=counterparty-ledger", "--statement", "BIG1 2024-04", "--customer", "BIG1"]);
        var statementId = JsonDocument.Parse(imported.Out).RootElement.GetProperty("statementId").GetInt64();
        await using var proxy = new CuttingProxy(new Uri(server.Address).Port, cutAfter: 64 * 1024);

        // The statement is given by id, so the first connection carries the run's stream and nothing else.
        var result = await CliRunner.RunAsync(["--server", proxy.Address, "--api-key", server.AdminKey, "--json", "reconcile", "--customer", "BIG1",
            "--from", "2024-04-01", "--to", "2024-04-30", "--against", statementId.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("re-attaching from offset", result.Error);
        Assert.True(proxy.Connections >= 2);
        var summary = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal("COMPLETED", summary.GetProperty("status").GetString());
        Assert.Equal(2700, summary.GetProperty("matched").GetInt32());
        var sequences = summary.GetProperty("exceptions").EnumerateArray().Select(e => e.GetProperty("sequence").GetInt32()).ToList();
        Assert.Equal(Enumerable.Range(0, 300), sequences);
        Assert.All(summary.GetProperty("exceptions").EnumerateArray(), e => Assert.Equal("MISSING_ON_THEIR_SIDE", e.GetProperty("reason").GetString()));
        Assert.Equal("0.00", summary.GetProperty("balances").GetProperty("unexplained").GetString());
    }
}
