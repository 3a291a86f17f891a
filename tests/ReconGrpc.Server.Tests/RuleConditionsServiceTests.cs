using System.Text;
using Grpc.Core;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests;

/// <summary>
/// The rules users rely on, through a real server: a rule set with a partner category, a fee read from their 摘要, a
/// reason code, the to-check tier and a write-off model, stored, run, shown and confirmed.
/// </summary>
public sealed class RuleConditionsServiceTests(ServerPool servers) : IClassFixture<ServerPool>
{
    private static readonly Date March1 = new() { Year = 2026, Month = 3, Day = 1 };
    private static readonly Date March31 = new() { Year = 2026, Month = 3, Day = 31 };

    private static byte[] Csv(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");

    private static MatchKey Document => new() { Ours = KeyField.DocumentNumber, Theirs = KeyField.DocumentNumber };

    private static MatchRule DocumentRule(string name) => new()
    {
        Name = name, Keys = { Document }, AmountCondition = AmountConditionKind.Exact, DateWindow = DateWindowKind.Days, DaysBefore = 10, DaysAfter = 10,
        Cardinality = Cardinality.OneToOne, Decision = RuleDecision.Accepted,
    };

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_rule_set_with_conditions_runs_and_its_matches_carry_reason_tier_and_write_off_to_the_ledger(string provider)
    {
        var server = await servers.For(provider);
        var recon = server.Reconciliation(server.AdminKey);
        await server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = "71", Name = "重点客户" });
        await server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = "72", Name = "其他客户" });
        await server.Customers(server.AdminKey).CreateCustomerAsync(new CreateCustomerRequest { Fields = new CustomerFields { Code = "RW01", Name = "规则客户", CategoryCode = "71" } });
        var imports = server.Imports(server.AdminKey);
        await ImportClient.UploadAsync(imports, new ImportHeader { AdapterId = "template", FileName = "rw01-ledger.csv", Options = { ["kind"] = "ledger" } }, Csv(
            "客户编码,日期,单据类型,单据号,金额,摘要",
            "RW01,2026-03-02,销售发票,INV-1,1000.00,销售",
            "RW01,2026-03-10,收款,RC-1,1000.00,收到货款"));
        var (statement, _) = await ImportClient.UploadAsync(imports, new ImportHeader
        {
            AdapterId = "template", FileName = "rw01-statement.csv", Options = { ["kind"] = "statement", ["convention"] = "counterparty-ledger" },
            Target = new ImportTarget { StatementName = "RW01 2026-03", StatementKind = StatementKind.CustomerStatement, CustomerCode = "RW01" },
        }, Csv(
            "日期,借方,贷方,摘要,单据号",
            "2026-03-03,,1000.00,购货,INV-1",
            "2026-03-11,995.00,,付款 手续费5.00,RC-1"));
        await recon.CreateWriteOffModelAsync(new CreateWriteOffModelRequest
        {
            Model = new WriteOffModel { Name = "fees", Account = "6603 财务费用-手续费", ReasonCode = "FEE", AmountKind = WriteOffAmountKind.WholeDifference },
        });
        var other = DocumentRule("other-partners");
        other.Partners = new PartnerCondition { CategoryCodes = { "72" } };
        other.ReasonCode = "OTHER";
        var keyAccounts = DocumentRule("key-accounts");
        keyAccounts.Partners = new PartnerCondition { CategoryCodes = { "7" } };
        keyAccounts.ReasonCode = "KEY-ACCT";
        var fee = DocumentRule("fee-in-memo");
        fee.Conditions.Add(new TextCondition { Side = Side.Theirs, Field = TextField.Text, Operator = TextOperator.Contains, Pattern = "手续费" });
        fee.AmountFromText = new TextAmount { Side = Side.Theirs, Field = TextField.Text, Pattern = @"手续费\s*(?<amount>[\d,.]+)" };
        fee.ReasonCode = "BANK-FEE";
        fee.Decision = RuleDecision.ToCheck;
        fee.WriteOffModel = "fees";
        fee.Allocation = Allocation.OldestFirst;
        fee.HorizonMonths = 3;
        var created = await recon.CreateRuleSetAsync(new CreateRuleSetRequest { Name = "rw01-rules", Rules = { other, keyAccounts, fee } });
        var badRegex = DocumentRule("bad");
        badRegex.Conditions.Add(new TextCondition { Side = Side.Theirs, Field = TextField.Text, Operator = TextOperator.Regex, Pattern = "([" });
        var refused = await Expect.Status(StatusCode.InvalidArgument, () => recon.CreateRuleSetAsync(new CreateRuleSetRequest { Name = "bad-rules", Rules = { badRegex } }).ResponseAsync);

        using var call = recon.StartRun(new StartRunRequest { CustomerCode = "RW01", StartDate = March1, EndDate = March31, StatementIds = { statement.StatementId }, RuleSetName = "rw01-rules" });
        var events = new List<RunEvent>();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            events.Add(response.Event);
        }

        var finished = events[^1].Finished;
        var matches = events.Where(e => e.EventCase == RunEvent.EventOneofCase.Matches).SelectMany(e => e.Matches.Matches).ToList();
        var invoice = Assert.Single(matches, m => m.Ours[0].DocumentNumber == "INV-1");
        var receipt = Assert.Single(matches, m => m.Ours[0].DocumentNumber == "RC-1");
        var confirmed = await recon.ConfirmMatchAsync(new ConfirmMatchRequest { RunId = finished.Id, MatchSequence = receipt.Sequence, Note = "银行手续费" });
        var after = (await recon.GetRunAsync(new GetRunRequest { RunId = finished.Id })).Run;
        var stored = (await recon.GetRuleSetAsync(new GetRuleSetRequest { Name = "rw01-rules" })).RuleSet;

        // The stored rule set reads back as written.
        Assert.Equal(created.RuleSet.Rules, stored.Rules);
        Assert.Equal(("3", "BANK-FEE", RuleDecision.ToCheck, "fees", Allocation.OldestFirst), (stored.Rules[2].HorizonMonths.ToString(System.Globalization.CultureInfo.InvariantCulture),
            stored.Rules[2].ReasonCode, stored.Rules[2].Decision, stored.Rules[2].WriteOffModel, stored.Rules[2].Allocation));
        Assert.Contains("Rule 'bad': the condition on Theirs.Text", refused, StringComparison.Ordinal);
        // The customer's category (71) is under 7, not 72: the category reached the items.
        Assert.Equal(("key-accounts", "KEY-ACCT", MatchStatus.Accepted), (invoice.RuleName, invoice.ReasonCode, invoice.Status));
        // 995.00 received with 手续费5.00 in the memo: matched as 1,000.00, flagged for review, the true difference kept.
        Assert.Equal(("fee-in-memo", "BANK-FEE", MatchStatus.ToCheck, "fees", "5.00"),
            (receipt.RuleName, receipt.ReasonCode, receipt.Status, receipt.SuggestedWriteOffModel, receipt.Difference.Value));
        Assert.Equal((2, 2, 1, 0), (finished.Summary.Matches, finished.Summary.AcceptedMatches, finished.Summary.ToCheckMatches, finished.Summary.ProposedMatches));
        // Confirmed without naming a model: the rule's write-off is posted, and the match is checked.
        Assert.Equal(MatchStatus.Confirmed, confirmed.Match.Status);
        Assert.Equal(("fees", "5.00"), (confirmed.WriteOff.Model, confirmed.WriteOff.Posted.Value));
        Assert.Equal((0, 2), (after.Summary.ToCheckMatches, after.Summary.AcceptedMatches));
        Assert.Equal("0.00", after.Summary.Balances.Single().Unexplained.Value);
    }
}
