using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReconGrpc.Data;
using ReconGrpc.Testing;

namespace ReconGrpc.Cli.Tests;

/// <summary><c>recon statements …</c>: a statement is named by its id or its name, as <c>reconcile --against</c> takes it.</summary>
public sealed class StatementsCliTests
{
    private static async Task<long> ImportStatementAsync(TestServer server, string[] g, string name, string rows)
    {
        var file = Path.Combine(server.DataFolder, $"statement-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "日期,借方,贷方,摘要,单据号\n" + rows, new UTF8Encoding(true));
        var imported = await CliRunner.RunAsync([.. g, "--json", "import", file, "--adapter", "template", "--option", "kind=statement",
            "--option", "convention=counterparty-ledger", "--statement", name, "--customer", "C001"]);
        Assert.True(imported.ExitCode == 0, imported.Out + imported.Error);
        return JsonDocument.Parse(imported.Out).RootElement.GetProperty("statementId").GetInt64();
    }

    [Fact]
    public async Task A_statement_is_shown_by_its_name_or_its_id()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        string[] g = ["--server", server.Address, "--api-key", server.AdminKey];
        await CliRunner.RunAsync([.. g, "categories", "add", "01", "华东区"]);
        await CliRunner.RunAsync([.. g, "customers", "add", "C001", "上海华联超市有限公司", "--category", "01"]);
        var id = await ImportStatementAsync(server, g, "华联 2024年4月对账单", "2024-04-03,,1000.00,购货,INV-1\n2024-04-16,1000.00,,付款,RC-1\n");

        var byName = await CliRunner.RunAsync([.. g, "--json", "statements", "show", "华联 2024年4月对账单"]);
        var byId = await CliRunner.RunAsync([.. g, "--json", "statements", "show", id.ToString(CultureInfo.InvariantCulture)]);
        var unknown = await CliRunner.RunAsync([.. g, "statements", "show", "华联 2024年5月对账单"]);

        Assert.True(byName.ExitCode == 0, byName.Error);
        Assert.Equal(["INV-1", "RC-1"], JsonDocument.Parse(byName.Out).RootElement.EnumerateArray().Select(l => l.GetProperty("documentNumber").GetString()));
        Assert.Equal(byName.Out, byId.Out);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("there is no statement named '华联 2024年5月对账单'", unknown.Error);
    }

    [Fact]
    public async Task An_empty_statement_is_deleted_by_its_name_and_one_with_lines_is_refused()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        string[] g = ["--server", server.Address, "--api-key", server.AdminKey];
        await CliRunner.RunAsync([.. g, "categories", "add", "01", "华东区"]);
        await CliRunner.RunAsync([.. g, "customers", "add", "C001", "上海华联超市有限公司", "--category", "01"]);
        var withLines = await ImportStatementAsync(server, g, "华联 2024年4月对账单", "2024-04-03,,1000.00,购货,INV-1\n");
        // Imports no longer leave empty statements behind; an older server did, and this is how one is cleared away.
        var contexts = server.Services.GetRequiredService<IDbContextFactory<ReconDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            db.Statements.Add(Domain.Ledger.Statement.Create("工行 2024-04 (作废)", Domain.Ledger.StatementKind.BankStatement, null, server.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }

        var deleted = await CliRunner.RunAsync([.. g, "statements", "delete", "工行 2024-04 (作废)"]);
        var refused = await CliRunner.RunAsync([.. g, "statements", "delete", withLines.ToString(CultureInfo.InvariantCulture)]);
        var again = await CliRunner.RunAsync([.. g, "statements", "delete", "工行 2024-04 (作废)"]);
        var listed = await CliRunner.RunAsync([.. g, "--json", "statements", "list"]);

        Assert.True(deleted.ExitCode == 0, deleted.Error);
        Assert.Contains("deleted statement", deleted.Out);
        Assert.Contains("工行 2024-04 (作废)", deleted.Out);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("FailedPrecondition", refused.Error);
        Assert.Contains("1 lines", refused.Error);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("there is no statement named", again.Error);
        Assert.Equal(["华联 2024年4月对账单"], JsonDocument.Parse(listed.Out).RootElement.EnumerateArray().Select(s => s.GetProperty("name").GetString()));
    }
}
