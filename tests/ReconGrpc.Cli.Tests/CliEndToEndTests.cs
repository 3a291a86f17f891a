using System.Text.Json;
using ReconGrpc.Testing;

namespace ReconGrpc.Cli.Tests;

/// <summary>The command line against a real server on 127.0.0.1 with SQLite.</summary>
public sealed class CliEndToEndTests(ServerPool servers) : IClassFixture<ServerPool>
{
    private async Task<string[]> Global(bool json = false)
    {
        var server = await servers.For(TestDatabases.Sqlite);
        string[] options = ["--server", server.Address, "--api-key", server.AdminKey];
        return json ? [.. options, "--json"] : options;
    }

    [Fact]
    public async Task Categories_added_from_the_command_line_are_listed_as_a_tree()
    {
        var g = await Global();

        var region = await CliRunner.RunAsync([.. g, "categories", "add", "01", "华东区"]);
        var city = await CliRunner.RunAsync([.. g, "categories", "add", "0101", "上海"]);
        var tree = await CliRunner.RunAsync([.. g, "categories", "list", "01"]);

        Assert.Equal(0, region.ExitCode);
        Assert.Equal(0, city.ExitCode);
        Assert.Contains("created 0101 上海", city.Out);
        Assert.Contains("01 华东区", tree.Out);
        Assert.Contains("0101 上海", tree.Out);
        Assert.True(tree.Out.IndexOf("0101 上海", StringComparison.Ordinal) > tree.Out.IndexOf("01 华东区", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Json_output_uses_camel_case_keys()
    {
        var g = await Global(json: true);
        await CliRunner.RunAsync([.. g, "categories", "add", "02", "华南区"]);

        var listed = await CliRunner.RunAsync([.. g, "categories", "list", "02"]);
        var categories = JsonDocument.Parse(listed.Out).RootElement;

        Assert.Equal(0, listed.ExitCode);
        Assert.Equal("02", categories[0].GetProperty("code").GetString());
        Assert.Equal("华南区", categories[0].GetProperty("name").GetString());
        Assert.True(categories[0].GetProperty("leaf").GetBoolean());
    }

    [Fact]
    public async Task Rename_and_rm_read_the_current_version_themselves()
    {
        var g = await Global();
        await CliRunner.RunAsync([.. g, "categories", "add", "03", "华北"]);

        var renamed = await CliRunner.RunAsync([.. g, "categories", "rename", "03", "华北区"]);
        var removed = await CliRunner.RunAsync([.. g, "categories", "rm", "03"]);
        var gone = await CliRunner.RunAsync([.. g, "categories", "rm", "03"]);

        Assert.Contains("renamed 03 华北区", renamed.Out);
        Assert.Contains("deleted 03", removed.Out);
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains("NotFound", gone.Error);
    }

    [Fact]
    public async Task A_refused_call_prints_the_servers_reason_on_stderr_and_exits_1()
    {
        var g = await Global();

        var result = await CliRunner.RunAsync([.. g, "categories", "add", "0901", "无父"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Contains("error: InvalidArgument:", result.Error);
        Assert.Contains("parent category '09'", result.Error);
    }

    [Fact]
    public async Task With_json_an_error_is_a_json_object_on_stderr()
    {
        var g = await Global(json: true);

        var result = await CliRunner.RunAsync([.. g, "categories", "add", "0901", "无父"]);
        var error = JsonDocument.Parse(result.Error).RootElement.GetProperty("error");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("InvalidArgument", error.GetProperty("code").GetString());
        Assert.Contains("'09'", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_key_created_from_the_command_line_works_once_and_not_after_revocation()
    {
        var server = await servers.For(TestDatabases.Sqlite);
        var g = await Global(json: true);

        var created = await CliRunner.RunAsync([.. g, "keys", "create", "reader", "--role", "viewer"]);
        var body = JsonDocument.Parse(created.Out).RootElement;
        var secret = body.GetProperty("secret").GetString()!;
        var id = body.GetProperty("key").GetProperty("id").GetString()!;
        var asViewer = await CliRunner.RunAsync("--server", server.Address, "--api-key", secret, "categories", "scheme", "get");
        var viewerAddsKey = await CliRunner.RunAsync("--server", server.Address, "--api-key", secret, "keys", "create", "x", "--role", "admin");
        var revoked = await CliRunner.RunAsync([.. g, "keys", "revoke", id]);
        var afterRevoke = await CliRunner.RunAsync("--server", server.Address, "--api-key", secret, "categories", "scheme", "get");
        var listed = await CliRunner.RunAsync([.. g, "keys", "list", "--all"]);

        Assert.Equal("viewer", body.GetProperty("key").GetProperty("role").GetString());
        Assert.Contains("coding scheme 2-2-2-2", asViewer.Out);
        Assert.Contains("PermissionDenied", viewerAddsKey.Error);
        Assert.Equal(0, revoked.ExitCode);
        Assert.Contains("Unauthenticated", afterRevoke.Error);
        Assert.DoesNotContain(secret, listed.Out, StringComparison.Ordinal);
        Assert.Contains(id, listed.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_verify_reports_an_intact_chain()
    {
        var g = await Global(json: true);

        var result = await CliRunner.RunAsync([.. g, "audit", "verify"]);
        var verdict = JsonDocument.Parse(result.Out).RootElement;

        Assert.Equal(0, result.ExitCode);
        Assert.True(verdict.GetProperty("intact").GetBoolean());
        Assert.True(verdict.GetProperty("entriesChecked").GetInt64() >= 1);
    }

    [Fact]
    public async Task Dimensions_are_added_and_listed()
    {
        var g = await Global(json: true);

        var added = await CliRunner.RunAsync([.. g, "categories", "dimensions", "add", "grade", "信用等级", "--value", "A", "--value", "B"]);
        var listed = await CliRunner.RunAsync([.. g, "categories", "dimensions", "list"]);

        Assert.Equal(0, added.ExitCode);
        var grade = JsonDocument.Parse(listed.Out).RootElement.EnumerateArray().Single(d => d.GetProperty("code").GetString() == "grade");
        Assert.Equal(["A", "B"], grade.GetProperty("allowedValues").EnumerateArray().Select(v => v.GetString()));
    }
}

/// <summary>The coding scheme is global, so these run on a server of their own.</summary>
public sealed class CliSchemeTests
{
    [Fact]
    public async Task The_scheme_is_changed_from_the_command_line_and_a_malformed_one_is_a_usage_error()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        string[] g = ["--server", server.Address, "--api-key", server.AdminKey];

        var set = await CliRunner.RunAsync([.. g, "categories", "scheme", "set", "2-2-3"]);
        var malformed = await CliRunner.RunAsync([.. g, "categories", "scheme", "set", "2-x"]);

        Assert.Equal(0, set.ExitCode);
        Assert.Contains("coding scheme 2-2-3", set.Out);
        Assert.Equal(2, malformed.ExitCode);
        Assert.Contains("not a coding scheme", malformed.Error);
    }
}

public sealed class CliUsageTests
{
    [Fact]
    public async Task A_missing_argument_is_a_usage_error_with_exit_code_2()
    {
        var result = await CliRunner.RunAsync("categories", "add", "01");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error:", result.Error);
    }

    [Fact]
    public async Task An_unknown_role_is_a_usage_error()
    {
        var result = await CliRunner.RunAsync("keys", "create", "x", "--role", "owner");

        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public async Task An_unreachable_server_is_named_in_the_error()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await CliRunner.RunAsync("--server", $"http://127.0.0.1:{port}", "--api-key", "k", "categories", "scheme", "get");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"cannot reach the server at http://127.0.0.1:{port}/", result.Error);
    }
}
