using System.Text;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Data;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests;

/// <summary>
/// Dry runs through a real server: a real run with one rule set, then a dry run with a changed one, compared match
/// by match; nothing of the dry run is stored but its row, and it never stands for its period.
/// </summary>
public sealed class DryRunTests(ServerPool servers) : IClassFixture<ServerPool>
{
    private static readonly Date March1 = new() { Year = 2026, Month = 3, Day = 1 };
    private static readonly Date March31 = new() { Year = 2026, Month = 3, Day = 31 };

    private static byte[] Csv(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");

    /// <summary>
    /// A March of a customer in its own category: INV-1 agrees on both sides a day apart, INV-2 is 5.00 short a day
    /// apart, INV-3 agrees but fifteen days apart, INV-9 is only theirs.
    /// </summary>
    private static async Task<long> SeedAsync(TestServer server, string code, string category)
    {
        await server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = category, Name = "试运行" + category });
        await server.Customers(server.AdminKey).CreateCustomerAsync(new CreateCustomerRequest
        {
            Fields = new CustomerFields { Code = code, Name = "试运行客户" + code, CategoryCode = category },
        });
        var imports = server.Imports(server.AdminKey);
        await ImportClient.UploadAsync(imports, new ImportHeader { AdapterId = "template", FileName = $"ledger-{code}.csv", Options = { ["kind"] = "ledger" } }, Csv(
            "客户编码,客户名称,日期,单据类型,单据号,金额,摘要",
            $"{code},,2026-03-02,销售发票,INV-1,1000.00,销售",
            $"{code},,2026-03-05,销售发票,INV-2,500.00,销售",
            $"{code},,2026-03-10,销售发票,INV-3,300.00,销售"));
        var (statement, _) = await ImportClient.UploadAsync(imports, new ImportHeader
        {
            AdapterId = "template", FileName = $"statement-{code}.csv", Options = { ["kind"] = "statement", ["convention"] = "counterparty-ledger" },
            Target = new ImportTarget { StatementName = $"{code} 2026-03 对账单", StatementKind = StatementKind.CustomerStatement, CustomerCode = code },
        }, Csv(
            "日期,借方,贷方,摘要,单据号",
            "2026-03-03,,1000.00,购货,INV-1",
            "2026-03-06,,495.00,购货,INV-2",
            "2026-03-25,,300.00,购货,INV-3",
            "2026-03-26,,200.00,购货,INV-9"));
        return statement.StatementId;
    }

    private static MatchRule DocumentRule(string name, int days, RuleDecision decision, string? percent = null) => new()
    {
        Name = name, Keys = { new MatchKey { Ours = KeyField.DocumentNumber, Theirs = KeyField.DocumentNumber } },
        AmountCondition = percent is null ? AmountConditionKind.Exact : AmountConditionKind.Percentage,
        Tolerance = percent is null ? null : new DecimalValue { Value = percent },
        DateWindow = DateWindowKind.Days, DaysBefore = days, DaysAfter = days, Cardinality = Cardinality.OneToOne, Decision = decision,
    };

    private static async Task<List<RunEvent>> RunAsync(TestServer server, string code, long statementId, string rules, bool dry)
    {
        using var call = server.Reconciliation(server.AdminKey).StartRun(new StartRunRequest
        {
            CustomerCode = code, StartDate = March1, EndDate = March31, StatementIds = { statementId }, RuleSetName = rules, DryRun = dry,
        });
        var events = new List<RunEvent>();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            events.Add(response.Event);
        }

        return events;
    }

    private static async Task<(int Matches, int Exceptions, int Openings)> StoredRowsAsync(TestServer server)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<ReconDbContext>>().CreateDbContextAsync();
        return (await db.RunMatches.CountAsync(), await db.RunExceptions.CountAsync(), await db.CarriedOpenings.CountAsync());
    }

    /// <summary>
    /// The real run: doc-near (3 days, accepted) and doc-far (20 days, accepted). The dry run: doc-near turned to
    /// proposed, doc-far removed, doc-tolerance (1 %, 3 days, proposed) added.
    /// </summary>
    private static async Task<(List<RunEvent> Real, List<RunEvent> Dry, long StatementId)> RealThenDryAsync(TestServer server, string code, string category)
    {
        var statementId = await SeedAsync(server, code, category);
        var recon = server.Reconciliation(server.AdminKey);
        await recon.CreateRuleSetAsync(new CreateRuleSetRequest
        {
            Name = $"before-{code}", Rules = { DocumentRule("doc-near", 3, RuleDecision.Accepted), DocumentRule("doc-far", 20, RuleDecision.Accepted) },
        });
        await recon.CreateRuleSetAsync(new CreateRuleSetRequest
        {
            Name = $"after-{code}", Rules = { DocumentRule("doc-near", 3, RuleDecision.Proposed), DocumentRule("doc-tolerance", 3, RuleDecision.Proposed, "1") },
        });
        var real = await RunAsync(server, code, statementId, $"before-{code}", dry: false);
        var dry = await RunAsync(server, code, statementId, $"after-{code}", dry: true);
        return (real, dry, statementId);
    }

    private static IEnumerable<Match> Matches(List<RunEvent> events) =>
        events.Where(e => e.EventCase == RunEvent.EventOneofCase.Matches).SelectMany(e => e.Matches.Matches);

    private static IEnumerable<ReconException> Exceptions(List<RunEvent> events) =>
        events.Where(e => e.EventCase == RunEvent.EventOneofCase.Exceptions).SelectMany(e => e.Exceptions.Exceptions);

    /// <summary>Our and their ids of a document, as the real run streamed them (matched or not).</summary>
    private static (long Ours, long Theirs) Ids(List<RunEvent> real, string document)
    {
        var matched = Matches(real).SingleOrDefault(m => m.Ours.Any(i => i.DocumentNumber == document));
        if (matched is not null)
        {
            return (matched.Ours.Single().Id, matched.Theirs.Single().Id);
        }

        var open = Exceptions(real).Where(e => e.Item.DocumentNumber == document).ToList();
        return (open.Single(e => e.Item.Side == Side.Ours).Item.Id, open.Single(e => e.Item.Side == Side.Theirs).Item.Id);
    }

    /// <summary>A compared match in one line: items, before, after (and the base's items where it grouped them otherwise).</summary>
    private static string Row(ComparedMatch m) =>
        $"{string.Join(",", m.OurItemIds)}/{string.Join(",", m.TheirItemIds)}: " +
        (m.RuleBefore.Length == 0 ? "-" : $"{m.RuleBefore} {m.StatusBefore.ToString().ToUpperInvariant()} (match {string.Join(",", m.BaseMatchSequences)})") +
        (m.BeforeOurItemIds.Count + m.BeforeTheirItemIds.Count > 0 ? $" of {string.Join(",", m.BeforeOurItemIds)}/{string.Join(",", m.BeforeTheirItemIds)}" : "") +
        " -> " + (m.RuleAfter.Length == 0 ? "-" : $"{m.RuleAfter} {m.StatusAfter.ToString().ToUpperInvariant()}");

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_dry_run_streams_as_a_real_run_and_lists_what_the_changed_rules_gain_lose_and_change(string provider)
    {
        var server = await servers.For(provider);
        var (real, firstDry, statementId) = await RealThenDryAsync(server, "DR01", "71");
        var realRun = real[^1].Finished;
        Assert.Equal(RunStatus.Completed, realRun.Status);
        Assert.False(realRun.DryRun);
        Assert.Null(realRun.Comparison);
        Assert.Equal(["doc-far", "doc-near"], Matches(real).Select(m => m.RuleName).Order());

        var stored = await StoredRowsAsync(server);
        var dry = await RunAsync(server, "DR01", statementId, "after-DR01", dry: true);
        Assert.Equal(stored, await StoredRowsAsync(server));

        // Streamed as a real run would be: started, matches, exceptions, finished.
        Assert.Equal(RunEvent.EventOneofCase.Started, dry[0].EventCase);
        Assert.True(dry[0].Started.DryRun);
        Assert.Equal([("doc-near", MatchStatus.Proposed), ("doc-tolerance", MatchStatus.Proposed)],
            Matches(dry).Select(m => (m.RuleName, m.Status)).OrderBy(m => m.RuleName));
        Assert.Equal(["INV-3", "INV-3", "INV-9"], Exceptions(dry).Select(e => e.Item.DocumentNumber).Order());
        var finished = dry[^1].Finished;
        Assert.Equal(RunStatus.Completed, finished.Status);
        Assert.True(finished.DryRun);
        Assert.Equal((0, 0), (finished.StoredMatches, finished.StoredExceptions));
        Assert.Equal((2, 0, 2), (finished.Summary.Matches, finished.Summary.AcceptedMatches, finished.Summary.ProposedMatches));

        var inv1 = Ids(real, "INV-1");
        var inv2 = Ids(real, "INV-2");
        var inv3 = Ids(real, "INV-3");
        var c = finished.Comparison;
        Assert.Equal((realRun.Id, ComparisonBasis.SameScope), (c.BaseRunId, c.Basis));
        Assert.Equal((1, 1, 1, 0), (c.Gained, c.Lost, c.Changed, c.Unchanged));
        var far = Matches(real).Single(m => m.RuleName == "doc-far").Sequence;
        var near = Matches(real).Single(m => m.RuleName == "doc-near").Sequence;
        Assert.Equal([$"{inv2.Ours}/{inv2.Theirs}: - -> doc-tolerance PROPOSED"], c.GainedMatches.Select(Row));
        Assert.Equal([$"{inv3.Ours}/{inv3.Theirs}: doc-far ACCEPTED (match {far}) -> -"], c.LostMatches.Select(Row));
        Assert.Equal([$"{inv1.Ours}/{inv1.Theirs}: doc-near ACCEPTED (match {near}) -> doc-near PROPOSED"], c.ChangedMatches.Select(Row));

        // GetRun gives the same; a finished dry run's watch gives its finished event; its results are not listed.
        var recon = server.Reconciliation(server.AdminKey);
        Assert.Equal(c, (await recon.GetRunAsync(new GetRunRequest { RunId = finished.Id })).Run.Comparison);
        var detail = await Expect.Status(StatusCode.FailedPrecondition,
            () => recon.ListMatches(new ListMatchesRequest { RunId = finished.Id }).ResponseStream.ReadAllAsync().ToListAsync().AsTask());
        Assert.Contains("dry run", detail);
        using var watch = recon.WatchRun(new WatchRunRequest { RunId = finished.Id });
        var watched = await watch.ResponseStream.ReadAllAsync().Select(r => r.Event).ToListAsync();
        Assert.Equal(RunEvent.EventOneofCase.Finished, watched[^1].EventCase);
        Assert.Equal(c, watched[^1].Finished.Comparison);

        // Listed, and filterable.
        var dryOnly = await recon.ListRunsAsync(new ListRunsRequest { CustomerCode = "DR01", Kind = RunKind.Dry });
        Assert.Equal([finished.Id, firstDry[^1].Finished.Id], dryOnly.Runs.Select(r => r.Id));
        var realOnly = await recon.ListRunsAsync(new ListRunsRequest { CustomerCode = "DR01", Kind = RunKind.Real });
        Assert.Equal([realRun.Id], realOnly.Runs.Select(r => r.Id));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_dry_run_never_stands_for_its_period(string provider)
    {
        var server = await servers.For(provider);
        var (real, dry, _) = await RealThenDryAsync(server, "DR02", "72");
        var realId = real[^1].Finished.Id;
        var dryId = dry[^1].Finished.Id;
        Assert.True(dryId > realId);
        var recon = server.Reconciliation(server.AdminKey);

        // The month-end board takes the real run, though the dry run came later.
        var board = await recon.GetMonthEndBoardAsync(new GetMonthEndBoardRequest { StartDate = March1, EndDate = March31, CategoryCode = "72" });
        Assert.Equal(realId, board.Rows.Single(r => r.CustomerCode == "DR02").RunId);

        // A confirmation cannot cite it, and its matches cannot be decided on; the real run is still the latest.
        var cited = await Expect.Status(StatusCode.FailedPrecondition, () => recon.ConfirmPeriodAsync(new ConfirmPeriodRequest
        {
            CustomerCode = "DR02", StartDate = March1, EndDate = March31, ConfirmedBy = "李会计", RunId = dryId,
        }).ResponseAsync);
        Assert.Contains($"Run {dryId} is a dry run", cited);
        var confirm = await Expect.Status(StatusCode.FailedPrecondition,
            () => recon.ConfirmMatchAsync(new ConfirmMatchRequest { RunId = dryId, MatchSequence = 0 }).ResponseAsync);
        Assert.Contains("dry run", confirm);
        var confirmed = await recon.ConfirmPeriodAsync(new ConfirmPeriodRequest
        {
            CustomerCode = "DR02", StartDate = March1, EndDate = March31, ConfirmedBy = "李会计", RunId = realId,
        });
        Assert.Equal(realId, confirmed.Record.RunId);

        // A later dry run compares with the real run, not with the earlier dry run.
        using var again = recon.StartRun(new StartRunRequest
        {
            CustomerCode = "DR02", StartDate = March1, EndDate = March31, StatementIds = { real[^1].Finished.StatementIds }, RuleSetName = "after-DR02", DryRun = true,
        });
        var events = await again.ResponseStream.ReadAllAsync().Select(r => r.Event).ToListAsync();
        Assert.Equal(realId, events[^1].Finished.Comparison.BaseRunId);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_dry_run_with_other_dates_compares_with_the_real_run_they_overlap_and_without_one_says_so(string provider)
    {
        var server = await servers.For(provider);
        var statementId = await SeedAsync(server, "DR03", "73");
        var recon = server.Reconciliation(server.AdminKey);

        // No real run yet: nothing to compare with.
        using (var first = recon.StartRun(new StartRunRequest { CustomerCode = "DR03", StartDate = March1, EndDate = March31, StatementIds = { statementId }, DryRun = true }))
        {
            var none = (await first.ResponseStream.ReadAllAsync().Select(r => r.Event).ToListAsync())[^1].Finished.Comparison;
            Assert.Equal((0L, ComparisonBasis.Unspecified, 0, 0), (none.BaseRunId, none.Basis, none.Gained, none.Lost));
        }

        using (var realCall = recon.StartRun(new StartRunRequest { CustomerCode = "DR03", StartDate = March1, EndDate = March31, StatementIds = { statementId } }))
        {
            await realCall.ResponseStream.ReadAllAsync().ToListAsync();
        }

        // The first half of March only: the real run overlaps. Its match of INV-3 (our side on 10 March, theirs on
        // 25 March) is read by the dry run too (their lines are not cut by date), so it stands unchanged.
        using var half = recon.StartRun(new StartRunRequest
        {
            CustomerCode = "DR03", StartDate = March1, EndDate = new Date { Year = 2026, Month = 3, Day = 15 }, StatementIds = { statementId }, DryRun = true,
        });
        var events = await half.ResponseStream.ReadAllAsync().Select(r => r.Event).ToListAsync();
        var c = events[^1].Finished.Comparison;
        Assert.Equal(ComparisonBasis.OverlappingDates, c.Basis);
        Assert.Equal((0, 0, 0), (c.Gained, c.Lost, c.Changed));
        Assert.Equal(events[^1].Finished.Summary.Matches, c.Unchanged);
    }

    [Fact]
    public async Task A_cancelled_dry_run_restarts_as_a_dry_run()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite, new Dictionary<string, string?> { ["Reconciliation:MaxConcurrentRuns"] = "1" });
        var (real, _, statementId) = await RealThenDryAsync(server, "DR04", "74");
        var recon = server.Reconciliation(server.AdminKey);

        // Every slot taken: the dry run waits as pending, and is cancelled there.
        var slot = await server.Services.GetRequiredService<ReconGrpc.Application.Reconciliation.RunSlots>().EnterAsync(CancellationToken.None);
        long dryId;
        using (var call = recon.StartRun(new StartRunRequest
        {
            CustomerCode = "DR04", StartDate = March1, EndDate = March31, StatementIds = { statementId }, RuleSetName = "after-DR04", DryRun = true,
        }))
        {
            Assert.True(await call.ResponseStream.MoveNext());
            dryId = call.ResponseStream.Current.Event.Started.Id;
            Assert.Equal(RunStatus.Cancelled, (await recon.CancelRunAsync(new CancelRunRequest { RunId = dryId })).Run.Status);
        }

        slot.Dispose();
        using var restart = recon.RestartRun(new RestartRunRequest { RunId = dryId });
        var events = await restart.ResponseStream.ReadAllAsync().Select(r => r.Event).ToListAsync();
        var finished = events[^1].Finished;
        Assert.Equal((dryId, RunStatus.Completed, true), (finished.Id, finished.Status, finished.DryRun));
        Assert.Equal((real[^1].Finished.Id, 1, 1, 1), (finished.Comparison.BaseRunId, finished.Comparison.Gained, finished.Comparison.Lost, finished.Comparison.Changed));
    }
}
