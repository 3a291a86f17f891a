using System.Text.Json;
using ReconGrpc.Cli.Infrastructure;
using ReconGrpc.Testing;

namespace ReconGrpc.Cli.Tests;

/// <summary>Amounts, dates and days on the command line take the forms the importers take, and a typo is a usage error.</summary>
public sealed class CliInputTests
{
    [Theory]
    [InlineData("50000", "50000")]
    [InlineData("50,000", "50000")]
    [InlineData("14,009.50元", "14009.50")]
    [InlineData("¥1,234.5", "1234.5")]
    [InlineData("-500.00", "-500.00")]
    [InlineData("１２，３４５．６７", "12345.67")]
    [InlineData("RMB 800", "800")]
    [InlineData("+5", "5")]
    [InlineData("1.000000000000000000000000000001", "1.000000000000000000000000000001")]
    public void Amounts_are_read_as_accountants_write_them(string typed, string expected) => Assert.Equal(expected, CliInput.Amount(typed, "--x"));

    [Theory]
    [InlineData("1,2345.00")]
    [InlineData("12.34.5")]
    [InlineData("five")]
    [InlineData("")]
    public void A_malformed_amount_is_a_usage_error_naming_the_option(string typed)
    {
        var problem = Assert.Throws<CliUsageException>(() => CliInput.Amount(typed, "--their-balance"));

        Assert.StartsWith($"--their-balance '{typed}' is not an amount", problem.Message);
    }

    [Theory]
    [InlineData("2024-04-08")]
    [InlineData("2024/4/8")]
    [InlineData("2024.4.8")]
    [InlineData("20240408")]
    [InlineData("2024年4月8日")]
    public void Dates_are_read_in_the_usual_forms(string typed) => Assert.Equal(new DateOnly(2024, 4, 8), CliInput.Date(typed, "--from"));

    [Theory]
    [InlineData("30", 30)]
    [InlineData("30天", 30)]
    [InlineData("45 days", 45)]
    public void Payment_terms_take_a_unit(string typed, int days) => Assert.Equal(days, CliInput.Days(typed, "--payment-terms"));

    [Fact]
    public async Task Through_the_server_a_credit_limit_with_separators_is_stored_and_bad_input_exits_2_before_any_call()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        string[] g = ["--server", server.Address, "--api-key", server.AdminKey];
        await CliRunner.RunAsync([.. g, "categories", "add", "01", "华东区"]);

        var added = await CliRunner.RunAsync([.. g, "--json", "customers", "add", "C101", "杭州明远商贸有限公司", "--category", "01",
            "--credit-limit", "50,000元", "--payment-terms", "30天", "--phone", "0571-88886666", "--contact", "陈经理"]);
        var card = await CliRunner.RunAsync([.. g, "customers", "get", "C101"]);
        var badLimit = await CliRunner.RunAsync([.. g, "customers", "add", "C102", "宁波某某公司", "--category", "01", "--credit-limit", "5,0000"]);
        var badTerms = await CliRunner.RunAsync([.. g, "customers", "add", "C103", "温州某某公司", "--category", "01", "--payment-terms", "一个月"]);
        var badDate = await CliRunner.RunAsync([.. g, "ledger", "balance", "--customer", "C101", "--as-of", "2024-13-01"]);
        var badEntityType = await CliRunner.RunAsync([.. g, "audit", "list", "--entity-type", "match"]);

        var customer = JsonDocument.Parse(added.Out).RootElement.GetProperty("customer");
        Assert.Equal(0, added.ExitCode);
        Assert.Equal("50000.00", customer.GetProperty("creditLimit").GetString());
        Assert.Equal(30, customer.GetProperty("paymentTermsDays").GetInt32());
        Assert.Contains("0571-88886666", card.Out);
        Assert.Contains("陈经理", card.Out);
        Assert.DoesNotContain("ship to", card.Out);
        Assert.Equal((2, 2, 2, 2), (badLimit.ExitCode, badTerms.ExitCode, badDate.ExitCode, badEntityType.ExitCode));
        Assert.Contains("recon_match", badEntityType.Error);
        Assert.Contains("--credit-limit '5,0000' is not an amount", badLimit.Error);
        Assert.Contains("--payment-terms '一个月' is not a number of days", badTerms.Error);
        Assert.Contains("--as-of '2024-13-01' is not a date", badDate.Error);
    }

    [Theory]
    [InlineData("--limit", "runs", "list", "--limit", "ten")]
    [InlineData("--limit", "audit", "list", "--limit", "many")]
    [InlineData("--limit", "customers", "search", "SH", "--limit", "1e3")]
    [InlineData("--offset", "runs", "watch", "41", "--offset", "end")]
    [InlineData("<run>", "runs", "show", "r41")]
    [InlineData("<run>", "matches", "list", "4x")]
    [InlineData("<run>", "exceptions", "list", "last")]
    [InlineData("<seq>", "match", "confirm", "41", "first")]
    [InlineData("<seq>", "match", "undo", "41", "-1", "--reason", "x")]
    [InlineData("<batch>", "import", "errors", "12x")]
    [InlineData("--id", "period", "unlock", "--customer", "C001", "--id", "seven", "--reason", "x")]
    [InlineData("--run", "period", "confirm", "--customer", "C001", "--from", "2024-04-01", "--to", "2024-04-30", "--by", "王芳", "--run", "run41")]
    [InlineData("--version", "rules", "show", "default", "--version", "latest")]
    [InlineData("--expected-version", "rules", "update", "default", "--file", "rules.json", "--expected-version", "v1")]
    [InlineData("--version", "categories", "rename", "01", "华东", "--version", "1.5")]
    [InlineData("--rules-version", "reconcile", "--from", "2024-04-01", "--to", "2024-04-30", "--against", "1", "--rules-version", "2147483648")]
    public async Task A_malformed_number_anywhere_is_a_usage_error_in_plain_words(string named, params string[] args)
    {
        var result = await CliRunner.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.DoesNotContain("System.", result.Error);
        Assert.DoesNotContain("expected type", result.Error);
        Assert.Contains(named, result.Error);
        Assert.Contains("e.g.", result.Error);
    }

    [Fact]
    public async Task A_malformed_import_option_is_reported_as_an_option_not_a_dimension()
    {
        var file = Path.GetTempFileName();
        try
        {
            var result = await CliRunner.RunAsync("import", file, "--adapter", "template", "--option", "kind");

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("--option 'kind' must be name=value, e.g. kind=ledger", result.Error);
            Assert.DoesNotContain("--dimension", result.Error);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
