using System.Text;
using Grpc.Core;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests;

/// <summary>
/// Learning from people through a real server: a counterparty a person matched by hand to a customer in two runs is
/// proposed in the next, saying why; once is not enough; a rejection stops it.
/// </summary>
public sealed class LearnedMatchTests(ServerPool servers) : IClassFixture<ServerPool>
{
    private static byte[] Csv(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");

    private static Date Day(int month, int day) => new() { Year = 2026, Month = month, Day = day };

    private static async Task CustomerAsync(TestServer server, string category, string code)
    {
        await server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = category, Name = "学习" + category });
        await server.Customers(server.AdminKey).CreateCustomerAsync(new CreateCustomerRequest
        {
            Fields = new CustomerFields { Code = code, Name = "学习客户" + code, CategoryCode = category },
        });
    }

    /// <summary>
    /// One month: our invoice of the customer on the 5th, and a statement naming no customer whose lines come from
    /// the given counterparties on the 20th and after (no document number: fifteen days apart, no default rule pairs them).
    /// </summary>
    private static Task<long> MonthAsync(TestServer server, string code, int month, string amount, params string[] counterparties) =>
        MonthAsync(server, code, month, amount, 20, counterparties);

    private static async Task<long> MonthAsync(TestServer server, string code, int month, string amount, int day, string[] counterparties)
    {
        var imports = server.Imports(server.AdminKey);
        await ImportClient.UploadAsync(imports, new ImportHeader { AdapterId = "template", FileName = $"ledger-{code}-{month}.csv", Options = { ["kind"] = "ledger" } }, Csv(
            "客户编码,客户名称,日期,单据类型,单据号,金额,摘要",
            $"{code},,2026-{month:00}-05,销售发票,INV-{code}-{month},{amount},销售"));
        var (statement, _) = await ImportClient.UploadAsync(imports, new ImportHeader
        {
            AdapterId = "template", FileName = $"statement-{code}-{month}.csv", Options = { ["kind"] = "statement", ["convention"] = "counterparty-ledger" },
            Target = new ImportTarget { StatementName = $"{code} 2026-{month:00} 往来明细", StatementKind = StatementKind.CustomerStatement },
        }, Csv(["日期,借方,贷方,对方户名,摘要", .. counterparties.Select((name, i) => $"2026-{month:00}-{day + i:00},,{amount},{name},{month}月货款")]));
        return statement.StatementId;
    }

    private static async Task<List<RunEvent>> RunAsync(TestServer server, string category, int month, long statementId)
    {
        using var call = server.Reconciliation(server.AdminKey).StartRun(new StartRunRequest
        {
            CategoryCode = category, StartDate = Day(month, 1), EndDate = Day(month, month == 2 ? 28 : 31), StatementIds = { statementId },
        });
        return await call.ResponseStream.ReadAllAsync().Select(r => r.Event).ToListAsync();
    }

    private static IEnumerable<Match> Matches(List<RunEvent> events) =>
        events.Where(e => e.EventCase == RunEvent.EventOneofCase.Matches).SelectMany(e => e.Matches.Matches);

    private static IEnumerable<ReconException> Exceptions(List<RunEvent> events) =>
        events.Where(e => e.EventCase == RunEvent.EventOneofCase.Exceptions).SelectMany(e => e.Exceptions.Exceptions);

    /// <summary>A month run, then a person matches our invoice to the counterparty's line by hand; returns (run, match sequence).</summary>
    private static async Task<(long Run, int Match)> MatchByHandAsync(TestServer server, string category, string code, int month, string amount, string counterparty)
    {
        var statementId = await MonthAsync(server, code, month, amount, counterparty);
        var events = await RunAsync(server, category, month, statementId);
        Assert.Empty(Matches(events));
        var open = Exceptions(events).ToList();
        var manual = await server.Reconciliation(server.AdminKey).CreateManualMatchAsync(new CreateManualMatchRequest
        {
            RunId = events[^1].Finished.Id,
            OurItemIds = { open.Single(e => e.Item.Side == Side.Ours).Item.Id },
            TheirItemIds = { open.Single(e => e.Item.Side == Side.Theirs).Item.Id },
            Reason = "对方户名即该客户",
        });
        return (events[^1].Finished.Id, manual.Match.Sequence);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Two_manual_matches_of_a_counterparty_make_the_next_run_propose_it_and_say_why(string provider)
    {
        var server = await servers.For(provider);
        await CustomerAsync(server, "74", "LM01");
        var january = await MatchByHandAsync(server, "74", "LM01", 1, "1200.00", "上海某某贸易有限公司");
        var february = await MatchByHandAsync(server, "74", "LM01", 2, "800.00", "上海某某贸易有限公司");

        // March: the same counterparty's line, and another payer's of the same amount a day later.
        var statementId = await MonthAsync(server, "LM01", 3, "1500.00", "上海某某贸易有限公司", "杭州另一家公司");
        var march = await RunAsync(server, "74", 3, statementId);

        var learned = Assert.Single(Matches(march));
        Assert.Equal(("learned-counterparty", MatchStatus.Proposed), (learned.RuleName, learned.Status));
        // The line of 20 March is the counterparty's (the other payer's is of the 21st).
        Assert.Equal((Day(3, 20), "INV-LM01-3"), (learned.Theirs.Single().Date, learned.Ours.Single().DocumentNumber));
        Assert.Equal(
            $"learned: 上海某某贸易有限公司 matched by hand to LM01 twice (run {january.Run} match {january.Match}, run {february.Run} match {february.Match})",
            learned.Why);
        Assert.Equal(Day(3, 21), Exceptions(march).Single(e => e.Item.Side == Side.Theirs).Item.Date);
        var summary = march[^1].Finished.Summary;
        Assert.Equal((1, 0, 1), (summary.Matches, summary.AcceptedMatches, summary.ProposedMatches));

        // Stored with its why, as a person listing the run's proposals sees it.
        var listed = await server.Reconciliation(server.AdminKey).ListMatches(new ListMatchesRequest { RunId = march[^1].Finished.Id })
            .ResponseStream.ReadAllAsync().SelectMany(b => b.Matches.ToAsyncEnumerable()).SingleAsync();
        Assert.Equal(learned.Why, listed.Why);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_learned_line_that_a_rule_of_the_set_accepts_is_only_proposed(string provider)
    {
        var server = await servers.For(provider);
        await CustomerAsync(server, "77", "LM04");
        await MatchByHandAsync(server, "77", "LM04", 1, "1200.00", "广州近日付款有限公司");
        await MatchByHandAsync(server, "77", "LM04", 2, "800.00", "广州近日付款有限公司");

        // Two days after our invoice: as the customer's line, the default customer-amount-date rule takes it.
        var statementId = await MonthAsync(server, "LM04", 3, "1500.00", 7, ["广州近日付款有限公司"]);
        var march = await RunAsync(server, "77", 3, statementId);

        var match = Assert.Single(Matches(march));
        Assert.Equal(("customer-amount-date", MatchStatus.Proposed), (match.RuleName, match.Status));
        Assert.StartsWith("learned: 广州近日付款有限公司 matched by hand to LM04 twice", match.Why);
        var summary = march[^1].Finished.Summary;
        Assert.Equal((1, 0, 1), (summary.Matches, summary.AcceptedMatches, summary.ProposedMatches));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task One_manual_match_teaches_nothing(string provider)
    {
        var server = await servers.For(provider);
        await CustomerAsync(server, "75", "LM02");
        await MatchByHandAsync(server, "75", "LM02", 1, "1200.00", "苏州只配过一次有限公司");

        var statementId = await MonthAsync(server, "LM02", 2, "800.00", "苏州只配过一次有限公司");
        var february = await RunAsync(server, "75", 2, statementId);

        Assert.Empty(Matches(february));
        Assert.Equal(2, Exceptions(february).Count());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Rejecting_a_learned_proposal_stops_it(string provider)
    {
        var server = await servers.For(provider);
        await CustomerAsync(server, "76", "LM03");
        await MatchByHandAsync(server, "76", "LM03", 1, "1200.00", "南京会被拒绝有限公司");
        await MatchByHandAsync(server, "76", "LM03", 2, "800.00", "南京会被拒绝有限公司");
        var statementId = await MonthAsync(server, "LM03", 3, "1500.00", "南京会被拒绝有限公司");
        var march = await RunAsync(server, "76", 3, statementId);
        var proposal = Assert.Single(Matches(march));
        Assert.Equal("learned-counterparty", proposal.RuleName);

        var recon = server.Reconciliation(server.AdminKey);
        await recon.RejectMatchAsync(new RejectMatchRequest { RunId = march[^1].Finished.Id, MatchSequence = proposal.Sequence, Reason = "不是同一家" });
        var again = await RunAsync(server, "76", 3, statementId);

        Assert.Empty(Matches(again));
        Assert.Equal(2, Exceptions(again).Count());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_rule_set_may_not_name_a_rule_learned_counterparty(string provider)
    {
        var server = await servers.For(provider);
        var detail = await Expect.Status(StatusCode.InvalidArgument, () => server.Reconciliation(server.AdminKey).CreateRuleSetAsync(new CreateRuleSetRequest
        {
            Name = "reserved-name",
            Rules =
            {
                new MatchRule
                {
                    Name = "Learned-Counterparty", Keys = { new MatchKey { Ours = KeyField.Customer, Theirs = KeyField.Customer } },
                    DateWindow = DateWindowKind.Days, DaysBefore = 31, DaysAfter = 31, Decision = RuleDecision.Proposed,
                },
            },
        }).ResponseAsync);
        Assert.Contains("reserved", detail);
    }
}
