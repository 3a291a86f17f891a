using System.Text.Json;
using ReconGrpc.Testing;

namespace ReconGrpc.Cli.Tests;

public sealed class CustomersCliTests
{
    [Fact]
    public async Task A_customer_is_added_found_by_mnemonic_checked_reclassified_and_removed_from_the_command_line()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        string[] g = ["--server", server.Address, "--api-key", server.AdminKey];
        string[] j = [.. g, "--json"];
        await CliRunner.RunAsync([.. g, "categories", "add", "01", "华东区"]);
        await CliRunner.RunAsync([.. g, "categories", "add", "0101", "上海"]);
        await CliRunner.RunAsync([.. g, "categories", "add", "0102", "杭州"]);

        var added = await CliRunner.RunAsync([.. j, "customers", "add", "C001", "上海华联超市有限公司", "--category", "0101",
            "--credit-code", "91350100M000100Y43", "--credit-limit", "50000", "--payment-terms", "30"]);
        var near = await CliRunner.RunAsync([.. g, "customers", "add", "C002", "上海华连超市有限公司", "--category", "0101"]);
        var duplicate = await CliRunner.RunAsync([.. g, "customers", "add", "C003", "上海华联超市有限责任公司", "--category", "0101"]);
        var found = await CliRunner.RunAsync([.. j, "customers", "search", "SHHL"]);
        var check = await CliRunner.RunAsync([.. j, "customers", "check", "上海华联超市（有限公司）", "--credit-code", "91350100M000100Y43"]);
        var moved = await CliRunner.RunAsync([.. j, "customers", "reclassify", "C002", "--category", "0102", "--effective", "2024-04-01", "--reason", "迁址杭州"]);
        var frozen = await CliRunner.RunAsync([.. j, "customers", "update", "C001", "--status", "frozen"]);
        var removed = await CliRunner.RunAsync([.. g, "customers", "rm", "C002"]);
        var quality = await CliRunner.RunAsync([.. j, "customers", "quality"]);

        var customer = JsonDocument.Parse(added.Out).RootElement.GetProperty("customer");
        Assert.Equal("SHHLCSYXGS", customer.GetProperty("mnemonic").GetString());
        Assert.Equal("50000.00", customer.GetProperty("creditLimit").GetString());
        Assert.Contains("warning: similar to C001", near.Out);
        Assert.Equal(1, duplicate.ExitCode);
        Assert.Contains("AlreadyExists", duplicate.Error);
        Assert.Equal(["C001", "C002"], JsonDocument.Parse(found.Out).RootElement.EnumerateArray().Select(c => c.GetProperty("code").GetString()));
        Assert.True(JsonDocument.Parse(check.Out).RootElement.GetProperty("duplicate").GetBoolean());
        Assert.Equal("0102", JsonDocument.Parse(moved.Out).RootElement.GetProperty("customer").GetProperty("categoryCode").GetString());
        Assert.Equal("frozen", JsonDocument.Parse(frozen.Out).RootElement.GetProperty("customer").GetProperty("status").GetString());
        Assert.Contains("deleted C002", removed.Out);
        Assert.Equal(1, JsonDocument.Parse(quality.Out).RootElement.GetProperty("customersChecked").GetInt32());
    }

    [Fact]
    public async Task A_malformed_dimension_or_date_is_a_usage_error()
    {
        var badDimension = await CliRunner.RunAsync("--server", "http://127.0.0.1:1", "customers", "add", "C1", "名", "--category", "01", "--dimension", "novalue");
        var badDate = await CliRunner.RunAsync("--server", "http://127.0.0.1:1", "customers", "reclassify", "C1", "--category", "01", "--effective", "2026-13-01", "--reason", "x");

        Assert.Equal(2, badDimension.ExitCode);
        Assert.Contains("code=value", badDimension.Error);
        Assert.Equal(2, badDate.ExitCode);
        Assert.Contains("YYYY-MM-DD", badDate.Error);
    }
}
