using System.Text.Json;
using ReconGrpc.Testing;

namespace ReconGrpc.Cli.Tests;

/// <summary>recon board and recon period reply against a real server with SQLite.</summary>
public sealed class MonthEndBoardCliTests(ServerPool servers) : IClassFixture<ServerPool>
{
    [Fact]
    public async Task Replies_recorded_from_the_command_line_show_on_the_board()
    {
        var server = await servers.For(TestDatabases.Sqlite);
        string[] g = ["--server", server.Address, "--api-key", server.AdminKey, "--as", "王芳"];
        string[] j = [.. g, "--json"];
        await CliRunner.RunAsync([.. g, "categories", "add", "86", "月结"]);
        foreach (var code in new[] { "CB01", "CB02", "CB03" })
        {
            var added = await CliRunner.RunAsync([.. g, "customers", "add", code, "月结客户" + code, "--category", "86"]);
            Assert.True(added.ExitCode == 0, added.Error);
            var posted = await CliRunner.RunAsync([.. g, "ledger", "post", "--customer", code, "--date", "2026-03-10", "--type", "sales-invoice",
                "--amount", "120.00", "--document", "INV-" + code, "--reason", "test"]);
            Assert.True(posted.ExitCode == 0, posted.Error);
        }

        var agrees = await CliRunner.RunAsync([.. j, "period", "reply", "--customer", "CB01", "--period", "2026-03", "--agrees", "--by", "李雷 财务部",
            "--at", "2026-04-08T10:00:00+08:00", "--balance", "120.00", "--confirm"]);
        var disagrees = await CliRunner.RunAsync([.. g, "period", "reply", "--customer", "CB02", "--period", "2026-03", "--disagrees", "--by", "韩梅梅",
            "--difference", "运费未入账=30.00@FR-7", "--difference", "折让=-5.50"]);
        var neither = await CliRunner.RunAsync([.. g, "period", "reply", "--customer", "CB03", "--period", "2026-03", "--by", "x"]);
        var malformed = await CliRunner.RunAsync([.. g, "period", "reply", "--customer", "CB03", "--period", "2026-03", "--disagrees", "--by", "x",
            "--difference", "no amount"]);
        var refused = await CliRunner.RunAsync([.. g, "period", "reply", "--customer", "CB03", "--period", "2026-03", "--disagrees", "--by", "x"]);
        var board = await CliRunner.RunAsync([.. g, "board", "--period", "2026-03", "--category", "86"]);
        var boardJson = await CliRunner.RunAsync([.. j, "board", "--period", "2026-03", "--category", "86"]);

        Assert.True(agrees.ExitCode == 0, agrees.Error);
        Assert.True(JsonDocument.Parse(agrees.Out).RootElement.GetProperty("confirmationId").GetInt64() > 0);
        Assert.True(disagrees.ExitCode == 0, disagrees.Error);
        Assert.Contains("2 difference(s) totalling 24.50", disagrees.Out);
        Assert.NotEqual(0, neither.ExitCode);
        Assert.Contains("--agrees or --disagrees", neither.Error);
        Assert.Contains("description=amount", malformed.Error);
        Assert.Contains("lists the differences", refused.Error);
        Assert.True(board.ExitCode == 0, board.Error);
        Assert.Contains("disagrees 24.50", board.Out);
        Assert.Contains("3 customers: 0 reconciled, 0 with a difference, 3 without a run; 2 sent, 1 agreed, 1 disagreed; 1 confirmed, 0 locked", board.Out);
        var rows = JsonDocument.Parse(boardJson.Out).RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(["CB01", "CB02", "CB03"], rows.Select(r => r.GetProperty("customerCode").GetString()));
        Assert.True(rows[0].GetProperty("confirmed").GetBoolean());
    }
}
