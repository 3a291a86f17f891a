using System.Globalization;
using System.Text;
using System.Text.Json;
using ReconGrpc.Testing;

namespace ReconGrpc.Cli.Tests;

/// <summary>recon rules / reconcile / runs / matches / exceptions / match / period against a real server with SQLite.</summary>
public sealed class ReconciliationCliTests(ServerPool servers) : IClassFixture<ServerPool>
{
    private async Task<(TestServer Server, string[] Global, string[] Json)> ServerAsync()
    {
        var server = await servers.For(TestDatabases.Sqlite);
        // The test key is a service key: decisions made with it name the accountant who made them.
        string[] g = ["--server", server.Address, "--api-key", server.AdminKey, "--as", "王芳"];
        return (server, g, [.. g, "--json"]);
    }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Through the command line: a customer with four April entries and their statement from their payable ledger. INV-1 and RC-1
    /// match exactly, INV-2 is 5.00 short (proposed under the default tolerance), INV-3 is only ours, INV-9 only theirs.
    /// Returns the statement's name.
    /// </summary>
    private static async Task<string> SeedAsync(TestServer server, string[] g, string code)
    {
        await CliRunner.RunAsync([.. g, "categories", "add", "91", "对账客户"]); // shared by the tests; exists after the first
        var added = await CliRunner.RunAsync([.. g, "customers", "add", code, "对账客户" + code, "--category", "91"]);
        Assert.True(added.ExitCode == 0, added.Error);
        var ledger = Path.Combine(server.DataFolder, $"ledger-{code}.csv");
        await File.WriteAllTextAsync(ledger, "客户编码,客户名称,日期,单据类型,单据号,金额,摘要\n" +
            $"{code},,2024-04-02,销售发票,INV-1,1000.00,销售\n" +
            $"{code},,2024-04-05,销售发票,INV-2,500.00,销售\n" +
            $"{code},,2024-04-20,销售发票,INV-3,300.00,月末发货\n" +
            $"{code},,2024-04-15,收款,RC-1,1000.00,收到货款\n", new UTF8Encoding(true));
        var statement = Path.Combine(server.DataFolder, $"statement-{code}.csv");
        await File.WriteAllTextAsync(statement, "日期,借方,贷方,摘要,单据号\n" +
            "2024-04-03,,1000.00,购货,INV-1\n" +
            "2024-04-06,,495.00,购货,INV-2\n" +
            "2024-04-16,1000.00,,付款,RC-1\n" +
            "2024-04-25,,200.00,购货,INV-9\n", new UTF8Encoding(true));
        var name = $"{code} 2024-04 对账单";
        var importedLedger = await CliRunner.RunAsync([.. g, "import", ledger, "--adapter", "template", "--option", "kind=ledger"]);
        var importedStatement = await CliRunner.RunAsync([.. g, "import", statement, "--adapter", "template", "--option", "kind=statement",
            "--option", "convention=counterparty-ledger", "--statement", name, "--customer", code]);
        Assert.True(importedLedger.ExitCode == 0, importedLedger.Out + importedLedger.Error);
        Assert.True(importedStatement.ExitCode == 0, importedStatement.Out + importedStatement.Error);
        return name;
    }

    [Fact]
    public async Task Reconcile_with_json_prints_one_summary_with_matches_exceptions_and_the_balance_reconciliation()
    {
        var (server, g, j) = await ServerAsync();
        var statement = await SeedAsync(server, g, "RC01");

        // They say they owe us 695.00 at the end of April; our books say 800.00.
        var result = await CliRunner.RunAsync([.. j, "reconcile", "--customer", "RC01", "--from", "2024-04-01", "--to", "2024-04-30",
            "--against", statement, "--their-balance", "695.00"]);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("", result.Error);
        var summary = JsonDocument.Parse(result.Out).RootElement; // one object, nothing else on stdout
        var runId = summary.GetProperty("runId").GetInt64();
        Assert.True(runId > 0);
        Assert.Equal("COMPLETED", summary.GetProperty("status").GetString());
        Assert.Equal(3, summary.GetProperty("matched").GetInt32());
        Assert.Equal(1, summary.GetProperty("proposed").GetInt32());
        var exceptions = summary.GetProperty("exceptions").EnumerateArray().ToList();
        Assert.Equal(2, exceptions.Count);
        var ours = Assert.Single(exceptions, e => e.GetProperty("reason").GetString() == "MISSING_ON_THEIR_SIDE");
        Assert.Equal("ours", ours.GetProperty("side").GetString());
        Assert.Equal("INV-3", ours.GetProperty("documentNumber").GetString());
        Assert.Equal("300.00", ours.GetProperty("amount").GetString());
        Assert.Equal("2024-04-20", ours.GetProperty("date").GetString());
        var theirs = Assert.Single(exceptions, e => e.GetProperty("reason").GetString() == "MISSING_ON_OUR_SIDE");
        Assert.Equal(("theirs", "INV-9", "200.00", "2024-04-25"), (theirs.GetProperty("side").GetString(), theirs.GetProperty("documentNumber").GetString(),
            theirs.GetProperty("amount").GetString(), theirs.GetProperty("date").GetString()));
        var balances = summary.GetProperty("balances");
        Assert.False(string.IsNullOrEmpty(balances.GetProperty("currency").GetString()));
        Assert.Equal("800.00", balances.GetProperty("ours").GetString());
        Assert.Equal("695.00", balances.GetProperty("theirs").GetString());
        Assert.Equal("995.00", balances.GetProperty("adjustedOurs").GetString());
        Assert.Equal("995.00", balances.GetProperty("adjustedTheirs").GetString());
        Assert.Equal("0.00", balances.GetProperty("unexplained").GetString());
        Assert.Equal(1, summary.GetProperty("balancesByCurrency").GetArrayLength());

        // The stored run, its matches and exceptions, listed afterwards.
        var shown = JsonDocument.Parse((await CliRunner.RunAsync([.. j, "runs", "show", N(runId)])).Out).RootElement;
        var listed = JsonDocument.Parse((await CliRunner.RunAsync([.. j, "runs", "list", "--customer", "RC01", "--status", "completed"])).Out).RootElement;
        var matches = JsonDocument.Parse((await CliRunner.RunAsync([.. j, "matches", "list", N(runId)])).Out).RootElement;
        var proposed = JsonDocument.Parse((await CliRunner.RunAsync([.. j, "matches", "list", N(runId), "--status", "proposed"])).Out).RootElement;
        var missing = JsonDocument.Parse((await CliRunner.RunAsync([.. j, "exceptions", "list", N(runId), "--reason", "missing-on-their-side"])).Out).RootElement;
        var theirSide = JsonDocument.Parse((await CliRunner.RunAsync([.. j, "exceptions", "list", N(runId), "--side", "theirs"])).Out).RootElement;
        var watched = JsonDocument.Parse((await CliRunner.RunAsync([.. j, "runs", "watch", N(runId)])).Out).RootElement;
        var table = await CliRunner.RunAsync([.. g, "matches", "list", N(runId)]);

        Assert.Equal("COMPLETED", shown.GetProperty("status").GetString());
        Assert.Equal(3, shown.GetProperty("summary").GetProperty("matches").GetInt32());
        Assert.Equal(runId, Assert.Single(listed.EnumerateArray()).GetProperty("id").GetInt64());
        Assert.Equal(3, matches.GetArrayLength());
        Assert.Equal("INV-2", Assert.Single(proposed.EnumerateArray()).GetProperty("ours")[0].GetProperty("documentNumber").GetString());
        Assert.Equal("INV-3", Assert.Single(missing.EnumerateArray()).GetProperty("documentNumber").GetString());
        Assert.Equal("INV-9", Assert.Single(theirSide.EnumerateArray()).GetProperty("documentNumber").GetString());
        Assert.Equal(3, watched.GetProperty("matched").GetInt32());
        Assert.Equal(2, watched.GetProperty("exceptions").GetArrayLength());
        Assert.Equal("0.00", watched.GetProperty("balances").GetProperty("unexplained").GetString());
        // The table shows each item as it stands in the books: date, amount, document and text, not an id alone.
        Assert.True(table.ExitCode == 0, table.Error);
        Assert.Contains("2024-04-02 1000.00 INV-1 销售", table.Out, StringComparison.Ordinal);
        Assert.Contains("2024-04-03 1000.00 INV-1 购货", table.Out, StringComparison.Ordinal);
        Assert.Contains("2024-04-16 -1000.00 RC-1 付款", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_without_json_prints_tables_and_no_progress_when_not_on_a_terminal()
    {
        var (server, g, j) = await ServerAsync();
        await SeedAsync(server, g, "RC02");
        var statements = JsonDocument.Parse((await CliRunner.RunAsync([.. j, "statements", "list", "--customer", "RC02"])).Out).RootElement;
        var statementId = Assert.Single(statements.EnumerateArray()).GetProperty("id").GetInt64();

        var result = await CliRunner.RunAsync([.. g, "reconcile", "--customer", "RC02", "--from", "2024-04-01", "--to", "2024-04-30", "--against", N(statementId)]);
        var unknown = await CliRunner.RunAsync([.. g, "reconcile", "--customer", "RC02", "--from", "2024-04-01", "--to", "2024-04-30", "--against", "没有这个对账单"]);
        var badDate = await CliRunner.RunAsync([.. g, "reconcile", "--customer", "RC02", "--from", "2024-04-31", "--to", "2024-04-30", "--against", N(statementId)]);
        var noStatement = await CliRunner.RunAsync([.. g, "reconcile", "--customer", "RC02", "--from", "2024-04-01", "--to", "2024-04-30"]);
        var shown = await CliRunner.RunAsync([.. g, "runs", "show", ReconcileRunId(result.Out)]);
        var wrongMonth = await CliRunner.RunAsync([.. g, "reconcile", "--customer", "RC02", "--from", "2024-06-01", "--to", "2024-06-30", "--against", N(statementId)]);
        var wrongMonthShown = await CliRunner.RunAsync([.. g, "runs", "show", ReconcileRunId(wrongMonth.Out)]);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.DoesNotContain("warning:", result.Error, StringComparison.Ordinal);
        // A statement of April against June: the run completes, and says at once that the statement is of other dates.
        Assert.True(wrongMonth.ExitCode == 0, wrongMonth.Error);
        Assert.Contains($"warning: Statement {statementId} ('RC02 2024-04 对账单') covers 2024-04-03 to 2024-04-25 (4 lines); only 0 fall in the run's period",
            wrongMonth.Error, StringComparison.Ordinal);
        Assert.Contains("covers 2024-04-03 to 2024-04-25", wrongMonthShown.Out, StringComparison.Ordinal);
        // runs show prints the same 余额调节表, line by line, as it stands.
        Assert.True(shown.ExitCode == 0, shown.Error);
        Assert.Contains("余额调节表", shown.Out);
        Assert.Contains("MISSING_ON_THEIR_SIDE debit ×1 我方已记对方未记", shown.Out);
        Assert.Contains("unexplained 未解释差异", shown.Out);
        Assert.Contains("COMPLETED", result.Out);
        Assert.Contains("余额调节表", result.Out);
        Assert.Contains("MISSING_ON_THEIR_SIDE", result.Out);
        Assert.Contains("INV-3", result.Out);
        Assert.DoesNotContain("loading", result.Out);
        Assert.DoesNotContain('\u001b', result.Out);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("NotFound", unknown.Error);
        Assert.Contains("没有这个对账单", unknown.Error);
        Assert.Equal(2, badDate.ExitCode);
        Assert.Contains("not a date", badDate.Error);
        Assert.Equal(2, noStatement.ExitCode);
    }

    [Fact]
    public async Task A_rule_set_created_from_a_file_is_listed_and_shown_in_the_same_format_for_an_update()
    {
        var (server, g, j) = await ServerAsync();
        var file = Path.Combine(server.DataFolder, "rules-cli.json");
        await File.WriteAllTextAsync(file, """
            {"rules": [
              {"name":"doc-exact","keys":[{"ours":"KEY_FIELD_DOCUMENT_NUMBER","theirs":"KEY_FIELD_DOCUMENT_NUMBER"}],
               "amountCondition":"AMOUNT_CONDITION_KIND_EXACT","dateWindow":"DATE_WINDOW_KIND_DAYS","daysBefore":31,"daysAfter":31,
               "cardinality":"CARDINALITY_ONE_TO_ONE","decision":"RULE_DECISION_ACCEPTED"},
              {"name":"ref-tolerance","keys":[{"ours":"KEY_FIELD_REFERENCE","theirs":"KEY_FIELD_TEXT_TOKEN"}],
               "amountCondition":"AMOUNT_CONDITION_KIND_ABSOLUTE","tolerance":{"value":"5.00"},"dateWindow":"DATE_WINDOW_KIND_SAME_MONTH",
               "cardinality":"CARDINALITY_MANY_TO_ONE","decision":"RULE_DECISION_PROPOSED","maxGroupSize":10}
            ]}
            """);

        var created = await CliRunner.RunAsync([.. j, "rules", "create", "cli-strict", "--file", file, "--description", "只按单据号"]);
        var listed = await CliRunner.RunAsync([.. j, "rules", "list"]);
        var shown = await CliRunner.RunAsync([.. j, "rules", "show", "cli-strict"]);
        var edited = Path.Combine(server.DataFolder, "rules-cli-edited.json");
        await File.WriteAllTextAsync(edited, shown.Out.Replace("\"5.00\"", "\"8.00\"", StringComparison.Ordinal));
        var updated = await CliRunner.RunAsync([.. j, "rules", "update", "cli-strict", "--file", edited, "--expected-version", "1", "--description", "容差8元"]);
        var stale = await CliRunner.RunAsync([.. g, "rules", "update", "cli-strict", "--file", edited, "--expected-version", "1"]);
        var first = await CliRunner.RunAsync([.. j, "rules", "show", "cli-strict", "--version", "1"]);
        var latest = await CliRunner.RunAsync([.. g, "rules", "show", "cli-strict"]);

        Assert.True(created.ExitCode == 0, created.Error);
        Assert.Equal(1, JsonDocument.Parse(created.Out).RootElement.GetProperty("version").GetInt32());
        var set = Assert.Single(JsonDocument.Parse(listed.Out).RootElement.EnumerateArray(), s => s.GetProperty("name").GetString() == "cli-strict");
        Assert.Equal(1, set.GetProperty("version").GetInt32());
        Assert.Equal("只按单据号", set.GetProperty("description").GetString());
        Assert.Contains(JsonDocument.Parse(listed.Out).RootElement.EnumerateArray(), s => s.GetProperty("name").GetString() == "default");
        var shownSet = JsonDocument.Parse(shown.Out).RootElement;
        Assert.Equal("cli-strict", shownSet.GetProperty("name").GetString());
        Assert.Equal(1, shownSet.GetProperty("version").GetInt32());
        Assert.Equal("只按单据号", shownSet.GetProperty("description").GetString());
        var rules = shownSet.GetProperty("rules");
        Assert.Equal(2, rules.GetArrayLength());
        Assert.Equal("doc-exact", rules[0].GetProperty("name").GetString());
        Assert.Equal("KEY_FIELD_DOCUMENT_NUMBER", rules[0].GetProperty("keys")[0].GetProperty("ours").GetString());
        Assert.Equal("AMOUNT_CONDITION_KIND_EXACT", rules[0].GetProperty("amountCondition").GetString());
        Assert.Equal(31, rules[0].GetProperty("daysBefore").GetInt32());
        Assert.Equal("CARDINALITY_ONE_TO_ONE", rules[0].GetProperty("cardinality").GetString());
        Assert.Equal("RULE_DECISION_ACCEPTED", rules[0].GetProperty("decision").GetString());
        Assert.Equal("KEY_FIELD_TEXT_TOKEN", rules[1].GetProperty("keys")[0].GetProperty("theirs").GetString());
        Assert.Equal("5.00", rules[1].GetProperty("tolerance").GetProperty("value").GetString());
        Assert.Equal("DATE_WINDOW_KIND_SAME_MONTH", rules[1].GetProperty("dateWindow").GetString());
        Assert.Equal("CARDINALITY_MANY_TO_ONE", rules[1].GetProperty("cardinality").GetString());
        Assert.Equal(10, rules[1].GetProperty("maxGroupSize").GetInt32());
        Assert.True(updated.ExitCode == 0, updated.Error);
        Assert.Equal(2, JsonDocument.Parse(updated.Out).RootElement.GetProperty("version").GetInt32());
        Assert.Equal(1, stale.ExitCode);
        Assert.Contains("Aborted", stale.Error);
        Assert.Equal("5.00", JsonDocument.Parse(first.Out).RootElement.GetProperty("rules")[1].GetProperty("tolerance").GetProperty("value").GetString());
        Assert.Contains("cli-strict version 2", latest.Out);
        Assert.Contains("within 8.00", latest.Out);
        Assert.Contains("1. doc-exact", latest.Out);
        Assert.Contains("reference=textToken", latest.Out);
        Assert.Contains("at most 10 items", latest.Out);
    }

    [Fact]
    public async Task The_default_rule_set_shown_as_json_creates_a_rule_set_with_the_same_rules()
    {
        var (server, g, j) = await ServerAsync();
        var file = Path.Combine(server.DataFolder, "default-copy.json");

        var shown = await CliRunner.RunAsync([.. j, "rules", "show", "default"]);
        await File.WriteAllTextAsync(file, shown.Out);
        var created = await CliRunner.RunAsync([.. g, "rules", "create", "default-copy", "--file", file]);
        var copy = await CliRunner.RunAsync([.. j, "rules", "show", "default-copy"]);

        Assert.True(created.ExitCode == 0, created.Error);
        var original = JsonDocument.Parse(shown.Out).RootElement.GetProperty("rules");
        Assert.True(original.GetArrayLength() > 1);
        Assert.Equal(original.GetRawText(), JsonDocument.Parse(copy.Out).RootElement.GetProperty("rules").GetRawText());
    }

    [Fact]
    public async Task A_bad_rules_file_is_refused_with_the_problem_named()
    {
        var (server, g, _) = await ServerAsync();
        async Task<CliResult> CreateAsync(string name, string json)
        {
            var file = Path.Combine(server.DataFolder, name + ".json");
            await File.WriteAllTextAsync(file, json);
            return await CliRunner.RunAsync([.. g, "rules", "create", name, "--file", file]);
        }

        var notJson = await CreateAsync("bad-json", "{\"rules\":[{\"name\":");
        var bareArray = await CreateAsync("bad-array", """[{"name":"r1","amountCondition":"AMOUNT_CONDITION_KIND_EXACT"}]""");
        var badEnum = await CreateAsync("bad-enum", """{"rules":[{"name":"r1","amountCondition":"ROUGHLY","decision":"RULE_DECISION_ACCEPTED"}]}""");
        var typo = await CreateAsync("bad-field", """
            {"rules":[{"name":"r1","decision":"RULE_DECISION_ACCEPTED"},
                      {"name":"r2","amountcondition":"AMOUNT_CONDITION_KIND_EXACT","decision":"RULE_DECISION_ACCEPTED"}]}
            """);
        var bareTolerance = await CreateAsync("bad-tolerance-shape", """{"rules":[{"name":"r1","amountCondition":"AMOUNT_CONDITION_KIND_ABSOLUTE","tolerance":"5.00"}]}""");
        var noRules = await CreateAsync("bad-empty", """{"name":"empty"}""");
        var topLevel = await CreateAsync("bad-top", """{"rule":[{"name":"r1"}]}""");
        var badTolerance = await CreateAsync("bad-tolerance", """
            {"rules":[{"name":"r1","amountCondition":"AMOUNT_CONDITION_KIND_ABSOLUTE","tolerance":{"value":"五元"},"dateWindow":"DATE_WINDOW_KIND_ANY",
                       "cardinality":"CARDINALITY_ONE_TO_ONE","decision":"RULE_DECISION_ACCEPTED"}]}
            """);
        var noDecision = await CreateAsync("bad-missing", """
            {"rules":[{"name":"r1","keys":[{"ours":"KEY_FIELD_REFERENCE","theirs":"KEY_FIELD_REFERENCE"}],"amountCondition":"AMOUNT_CONDITION_KIND_EXACT",
                       "dateWindow":"DATE_WINDOW_KIND_ANY","cardinality":"CARDINALITY_ONE_TO_ONE","decision":"RULE_DECISION_ACCEPTED"},
                      {"name":"r2","amountCondition":"AMOUNT_CONDITION_KIND_EXACT","dateWindow":"DATE_WINDOW_KIND_ANY","cardinality":"CARDINALITY_ONE_TO_ONE"}]}
            """);
        const string Rule = """{"name":"r1","amountCondition":"AMOUNT_CONDITION_KIND_EXACT","dateWindow":"DATE_WINDOW_KIND_ANY","cardinality":"CARDINALITY_ONE_TO_ONE","decision":"RULE_DECISION_ACCEPTED"}""";
        var serverRefuses = await CreateAsync("bad-duplicate", $$"""{"rules":[{{Rule}},{{Rule}}]}""");
        var noFile = await CliRunner.RunAsync([.. g, "rules", "create", "no-file", "--file", Path.Combine(server.DataFolder, "nope.json")]);

        Assert.Equal(2, notJson.ExitCode);
        Assert.Contains("bad-json.json is not valid JSON", notJson.Error);
        Assert.Equal(2, bareArray.ExitCode);
        Assert.Contains("bad-array.json must hold one rule set object", bareArray.Error);
        Assert.Contains("recon rules show NAME --json", bareArray.Error);
        Assert.Equal(2, badEnum.ExitCode);
        Assert.Contains("bad-enum.json, rule 1 ('r1'), field amountCondition (one of AMOUNT_CONDITION_KIND_EXACT, AMOUNT_CONDITION_KIND_ABSOLUTE, "
            + "AMOUNT_CONDITION_KIND_PERCENTAGE)", badEnum.Error);
        Assert.Contains("ROUGHLY", badEnum.Error);
        Assert.Equal(2, typo.ExitCode);
        Assert.Contains("bad-field.json, rule 2 ('r2'), field amountcondition (a MatchRule has name, keys, amountCondition,", typo.Error);
        Assert.Equal(2, bareTolerance.ExitCode);
        Assert.Contains("bad-tolerance-shape.json, rule 1 ('r1'), field tolerance (a DecimalValue object)", bareTolerance.Error);
        Assert.Equal(2, noRules.ExitCode);
        Assert.Contains("bad-empty.json holds no rules", noRules.Error);
        Assert.Equal(2, topLevel.ExitCode);
        Assert.Contains("bad-top.json, field rule (a RuleSet has name, version, rules,", topLevel.Error);
        Assert.Equal(2, noDecision.ExitCode);
        Assert.Contains("bad-missing.json, rule 2 ('r2'), field decision (one of RULE_DECISION_ACCEPTED, RULE_DECISION_PROPOSED): missing", noDecision.Error);
        Assert.Equal(1, badTolerance.ExitCode);
        Assert.Contains("tolerance", badTolerance.Error);
        Assert.Equal(1, serverRefuses.ExitCode);
        Assert.Contains("InvalidArgument", serverRefuses.Error);
        Assert.Equal(2, noFile.ExitCode);
    }

    [Fact]
    public async Task People_confirm_undo_and_match_by_hand_and_a_locked_period_refuses_further_changes()
    {
        var (server, g, j) = await ServerAsync();
        var statement = await SeedAsync(server, g, "RC03");
        var run = JsonDocument.Parse((await CliRunner.RunAsync([.. j, "reconcile", "--customer", "RC03", "--from", "2024-04-01", "--to", "2024-04-30",
            "--against", statement])).Out).RootElement.GetProperty("runId").GetInt64();
        var matches = JsonDocument.Parse((await CliRunner.RunAsync([.. j, "matches", "list", N(run)])).Out).RootElement.EnumerateArray().ToList();
        var proposed = matches.Single(m => m.GetProperty("status").GetString() == "PROPOSED").GetProperty("sequence").GetInt32();
        var accepted = matches.First(m => m.GetProperty("status").GetString() == "ACCEPTED").GetProperty("sequence").GetInt32();

        var confirmed = await CliRunner.RunAsync([.. j, "match", "confirm", N(run), N(proposed), "--note", "客户确认少付5元手续费"]);
        var confirmAgain = await CliRunner.RunAsync([.. g, "match", "confirm", N(run), N(proposed)]);
        var undone = await CliRunner.RunAsync([.. j, "match", "undo", N(run), N(accepted), "--reason", "匹配错了"]);
        var noReason = await CliRunner.RunAsync([.. g, "match", "undo", N(run), N(accepted)]);
        var open = JsonDocument.Parse((await CliRunner.RunAsync([.. j, "exceptions", "list", N(run)])).Out).RootElement.EnumerateArray().ToList();
        var inv3 = open.Single(e => e.GetProperty("documentNumber").GetString() == "INV-3").GetProperty("id").GetInt64();
        var inv9 = open.Single(e => e.GetProperty("documentNumber").GetString() == "INV-9").GetProperty("id").GetInt64();
        var beyond = await CliRunner.RunAsync([.. g, "match", "manual", N(run), "--ours", N(inv3), "--theirs", N(inv9), "--reason", "同一批货"]);
        var halfAdjustment = await CliRunner.RunAsync([.. g, "match", "manual", N(run), "--ours", N(inv3), "--theirs", N(inv9), "--reason", "同一批货",
            "--adjust-account", "6603 销售折让"]);
        var manual = await CliRunner.RunAsync([.. j, "match", "manual", N(run), "--ours", N(inv3), "--theirs", N(inv9), "--reason", "同一批货，折让100元",
            "--adjust-account", "6603 销售折让", "--adjust-reason", "客户折让"]);
        var periodConfirmed = await CliRunner.RunAsync([.. j, "period", "confirm", "--customer", "RC03", "--from", "2024-04-01", "--to", "2024-04-30",
            "--by", "王芳 财务部", "--at", "2024-05-06T10:00:00Z", "--run", N(run), "--balance", "695.00", "--note", "询证函已回函"]);
        var locked = await CliRunner.RunAsync([.. g, "period", "lock", "--customer", "RC03", "--from", "2024-04-01", "--to", "2024-04-30", "--reason", "4月已结账"]);
        var undoLocked = await CliRunner.RunAsync([.. g, "match", "undo", N(run), N(proposed), "--reason", "再看看"]);
        var rerun = await CliRunner.RunAsync([.. j, "reconcile", "--customer", "RC03", "--from", "2024-04-01", "--to", "2024-04-30", "--against", statement]);
        var periods = await CliRunner.RunAsync([.. j, "period", "list", "--customer", "RC03"]);

        Assert.True(confirmed.ExitCode == 0, confirmed.Error);
        var confirmedMatch = JsonDocument.Parse(confirmed.Out).RootElement.GetProperty("match");
        Assert.Equal("CONFIRMED", confirmedMatch.GetProperty("status").GetString());
        Assert.Equal("客户确认少付5元手续费", confirmedMatch.GetProperty("note").GetString());
        Assert.Equal("王芳", confirmedMatch.GetProperty("decidedFor").GetString());
        Assert.Equal(1, confirmAgain.ExitCode);
        Assert.Contains("FailedPrecondition", confirmAgain.Error);
        Assert.True(undone.ExitCode == 0, undone.Error);
        var undoneJson = JsonDocument.Parse(undone.Out).RootElement;
        Assert.Equal("UNMATCHED", undoneJson.GetProperty("match").GetProperty("status").GetString());
        Assert.True(undoneJson.GetProperty("exceptions").GetArrayLength() >= 2);
        Assert.Equal(2, noReason.ExitCode); // --reason is required on the command line already
        Assert.Contains("--reason", noReason.Error);
        Assert.Equal(1, beyond.ExitCode);
        Assert.Contains("FailedPrecondition", beyond.Error);
        Assert.Contains("tolerance", beyond.Error);
        Assert.Equal(2, halfAdjustment.ExitCode);
        Assert.True(manual.ExitCode == 0, manual.Error);
        var manualMatch = JsonDocument.Parse(manual.Out).RootElement.GetProperty("match");
        Assert.Equal("MANUAL", manualMatch.GetProperty("status").GetString());
        Assert.Equal("-100.00", manualMatch.GetProperty("difference").GetString());
        Assert.True(manualMatch.GetProperty("adjustmentEntryId").GetInt64() > 0);
        Assert.True(periodConfirmed.ExitCode == 0, periodConfirmed.Error);
        var record = JsonDocument.Parse(periodConfirmed.Out).RootElement;
        Assert.Equal("王芳 财务部", record.GetProperty("confirmedBy").GetString());
        Assert.Equal("695.00", record.GetProperty("confirmedBalance").GetString());
        Assert.Equal(new DateTimeOffset(2024, 5, 6, 10, 0, 0, TimeSpan.Zero), record.GetProperty("time").GetDateTimeOffset());
        Assert.True(locked.ExitCode == 0, locked.Error);
        Assert.Contains("locked RC03 2024-04-01..2024-04-30", locked.Out);
        Assert.Equal(1, undoLocked.ExitCode);
        Assert.Equal("", undoLocked.Out);
        Assert.Contains("error: FailedPrecondition:", undoLocked.Error);
        Assert.Contains("locked", undoLocked.Error);
        Assert.Equal(1, rerun.ExitCode);
        Assert.Equal("FailedPrecondition", JsonDocument.Parse(rerun.Error).RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(["confirmation", "lock"], JsonDocument.Parse(periods.Out).RootElement.EnumerateArray().Select(p => p.GetProperty("kind").GetString()));

        // 反结账: the admin lifts the lock by its id, and the period takes changes again.
        var lockId = JsonDocument.Parse(periods.Out).RootElement.EnumerateArray().Single(p => p.GetProperty("kind").GetString() == "lock").GetProperty("id").GetInt64();
        var unlocked = await CliRunner.RunAsync([.. g, "period", "unlock", "--customer", "RC03", "--id", N(lockId), "--reason", "补记运费，反结账"]);
        var undoAfterUnlock = await CliRunner.RunAsync([.. g, "match", "undo", N(run), N(proposed), "--reason", "再看看"]);
        var listed = await CliRunner.RunAsync([.. g, "period", "list", "--customer", "RC03"]);
        Assert.True(unlocked.ExitCode == 0, unlocked.Error);
        Assert.Contains($"unlocked RC03 2024-04-01..2024-04-30 (lock {lockId})", unlocked.Out);
        Assert.True(undoAfterUnlock.ExitCode == 0, undoAfterUnlock.Error);
        Assert.Contains("已反结账", listed.Out);
        Assert.Contains("补记运费，反结账", listed.Out);
    }

    [Fact]
    public async Task A_manual_match_within_tolerance_says_its_difference_was_not_posted()
    {
        var (server, g, j) = await ServerAsync();
        var statement = await SeedAsync(server, g, "RC04");
        var run = JsonDocument.Parse((await CliRunner.RunAsync([.. j, "reconcile", "--customer", "RC04", "--from", "2024-04-01", "--to", "2024-04-30",
            "--against", statement])).Out).RootElement.GetProperty("runId").GetInt64();
        var matches = JsonDocument.Parse((await CliRunner.RunAsync([.. j, "matches", "list", N(run)])).Out).RootElement.EnumerateArray().ToList();
        var proposed = matches.Single(m => m.GetProperty("status").GetString() == "PROPOSED").GetProperty("sequence").GetInt32();
        var rejected = JsonDocument.Parse((await CliRunner.RunAsync([.. j, "match", "reject", N(run), N(proposed), "--reason", "先拆开"])).Out).RootElement;
        var ids = rejected.GetProperty("exceptions").EnumerateArray().ToDictionary(e => e.GetProperty("side").GetString()!, e => e.GetProperty("id").GetInt64());

        var manual = await CliRunner.RunAsync([.. g, "match", "manual", N(run), "--ours", N(ids["ours"]), "--theirs", N(ids["theirs"]), "--reason", "少付5元手续费"]);

        // INV-2: 500.00 ours, 495.00 theirs, within the default 1 %: matched, nothing booked, and the output says so.
        Assert.True(manual.ExitCode == 0, manual.Error);
        Assert.Contains("difference -5.00", manual.Out);
        Assert.Contains("within the rule set's tolerance and was not posted", manual.Out);
        Assert.Contains("--adjust-account", manual.Out);
    }

    /// <summary>The run id from reconcile's first line ("run 12 COMPLETED — …").</summary>
    private static string ReconcileRunId(string output) =>
        System.Text.RegularExpressions.Regex.Match(output, @"^run (\d+) ", System.Text.RegularExpressions.RegexOptions.Multiline).Groups[1].Value;
}
