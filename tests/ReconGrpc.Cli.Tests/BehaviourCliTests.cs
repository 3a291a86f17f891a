using System.Text;
using System.Text.Json;
using ReconGrpc.Testing;

namespace ReconGrpc.Cli.Tests;

public sealed class BehaviourCliTests
{
    /// <summary>The words of a command line as a POSIX shell splits them (single quotes only, as recon suggest prints).</summary>
    private static string[] Words(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var quoted = false;
        var any = false;
        foreach (var c in line)
        {
            if (c == '\'')
            {
                quoted = !quoted;
                any = true;
            }
            else if (c == ' ' && !quoted)
            {
                if (any || word.Length > 0)
                {
                    words.Add(word.ToString());
                }

                word.Clear();
                any = false;
            }
            else
            {
                word.Append(c);
            }
        }

        if (any || word.Length > 0)
        {
            words.Add(word.ToString());
        }

        return [.. words];
    }

    [Fact]
    public async Task Behaviour_and_suggestions_read_from_the_command_line_and_the_printed_command_accepts_one()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite, new Dictionary<string, string?>
        {
            ["Suggestions:Rules:0:MinAverageMonthlySales"] = "1000",
            ["Suggestions:Rules:0:MinOnTimePercent"] = "100",
            ["Suggestions:Rules:0:Category"] = "大客户",
        });
        string[] g = ["--server", server.Address, "--api-key", server.AdminKey];
        string[] j = [.. g, "--json"];
        await CliRunner.RunAsync([.. g, "categories", "add", "01", "批发客户"]);
        await CliRunner.RunAsync([.. g, "categories", "add", "02", "大客户"]);
        await CliRunner.RunAsync([.. g, "customers", "add", "C001", "上海华联超市有限公司", "--category", "01", "--payment-terms", "30"]);
        var file = Path.Combine(server.DataFolder, "ledger.csv");
        var csv = new StringBuilder("客户编码,客户名称,日期,单据类型,单据号,金额,摘要\n");
        for (var month = 1; month <= 3; month++)
        {
            csv.Append($"C001,,2026-0{month}-05,销售发票,INV-{month},1200.00,货款\n").Append($"C001,,2026-0{month}-20,收款,RC-{month},1200.00,收款\n");
        }

        await File.WriteAllTextAsync(file, csv.ToString(), new UTF8Encoding(true));
        await CliRunner.RunAsync([.. j, "import", file, "--adapter", "template", "--option", "kind=ledger"]);

        var behaviour = await CliRunner.RunAsync([.. j, "report", "behaviour", "--customer", "C001", "--from", "2026-01", "--to", "2026-03"]);
        var table = await CliRunner.RunAsync([.. g, "report", "behaviour", "--customer", "C001", "--from", "2026-01", "--to", "2026-03"]);
        var backwards = await CliRunner.RunAsync([.. g, "report", "behaviour", "--from", "2026-03", "--to", "2026-01"]);
        var suggest = await CliRunner.RunAsync([.. g, "suggest", "--window-months", "3", "--to", "2026-03"]);
        var json = await CliRunner.RunAsync([.. j, "suggest", "--window-months", "3", "--to", "2026-03"]);

        Assert.True(behaviour.ExitCode == 0, behaviour.Error);
        var row = JsonDocument.Parse(behaviour.Out).RootElement.GetProperty("rows")[0];
        // Each invoice paid 15 days later, within 30 days' terms; nothing owed at any month's end.
        Assert.Equal(("1200.00", "15.00", "100.00", "0.00", 3), (row.GetProperty("averageMonthlySales").GetString(), row.GetProperty("averageDaysToPay").GetString(),
            row.GetProperty("onTimePercent").GetString(), row.GetProperty("dso").GetString(), row.GetProperty("monthsActive").GetInt32()));
        Assert.Contains("2026-02", table.Out);
        Assert.Contains("3/3", table.Out);
        Assert.NotEqual(0, backwards.ExitCode);
        Assert.Contains("the first not after the last", backwards.Error);
        Assert.True(suggest.ExitCode == 0, suggest.Error);
        Assert.Contains("always paid within terms", suggest.Out);
        Assert.Contains("To accept one, run its command:", suggest.Out);
        var accept = JsonDocument.Parse(json.Out).RootElement.GetProperty("suggestions")[0].GetProperty("accept").GetString()!;
        Assert.StartsWith("recon customers reclassify C001 --category 02 --effective ", accept);
        Assert.Contains(accept, suggest.Out);

        var accepted = await CliRunner.RunAsync([.. g, .. Words(accept)[1..]]);
        var after = await CliRunner.RunAsync([.. g, "suggest", "--window-months", "3", "--to", "2026-03"]);

        Assert.True(accepted.ExitCode == 0, accepted.Error);
        Assert.Contains("0 suggestion(s) for 1 customer(s)", after.Out);
    }

    [Fact]
    public async Task A_rule_naming_a_missing_category_is_a_warning_and_turned_off_suggestions_say_so()
    {
        await using var broken = await TestServer.StartAsync(TestDatabases.Sqlite, new Dictionary<string, string?> { ["Suggestions:Rules:0:Category"] = "不存在" });
        await using var off = await TestServer.StartAsync(TestDatabases.Sqlite, new Dictionary<string, string?> { ["Suggestions:Enabled"] = "false" });

        var warned = await CliRunner.RunAsync(["--server", broken.Address, "--api-key", broken.AdminKey, "suggest", "--to", "2026-03"]);
        var turnedOff = await CliRunner.RunAsync(["--server", off.Address, "--api-key", off.AdminKey, "suggest"]);

        Assert.True(warned.ExitCode == 0, warned.Error);
        Assert.Contains("warning: rule 1 (不存在) names category '不存在', which does not exist", warned.Error);
        Assert.Contains("Suggestions are turned off", turnedOff.Out);
    }
}
