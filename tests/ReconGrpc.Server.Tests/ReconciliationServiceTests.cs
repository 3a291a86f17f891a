using System.Text;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReconGrpc.Application.Reconciliation;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Data;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests;

/// <summary>Reconciliation through a real server: imported ledger and statement, streamed runs, people's decisions.</summary>
public sealed class ReconciliationServiceTests(ServerPool servers) : IClassFixture<ServerPool>
{
    private static readonly Date April1 = new() { Year = 2024, Month = 4, Day = 1 };
    private static readonly Date April30 = new() { Year = 2024, Month = 4, Day = 30 };

    private static byte[] Csv(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");

    /// <summary>
    /// A customer with four April entries of ours and a statement of theirs, from their payable ledger (their
    /// 贷方 is our invoice, their 借方 their payment):
    /// INV-1 matches exactly, INV-2 is 5.00 short (within the default 1 % tolerance: proposed), INV-3 is only
    /// ours, RC-1 (our receipt) matches their payment, and INV-9 is only theirs.
    /// </summary>
    private static async Task<long> SeedAsync(TestServer server, string code)
    {
        try
        {
            await server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = "90", Name = "对账测试" });
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
        {
            // Shared by the tests of this class.
        }

        await server.Customers(server.AdminKey).CreateCustomerAsync(new CreateCustomerRequest
        {
            Fields = new CustomerFields { Code = code, Name = "对账客户" + code, CategoryCode = "90" },
        });
        var imports = server.Imports(server.AdminKey);
        await ImportClient.UploadAsync(imports, new ImportHeader { AdapterId = "template", FileName = $"ledger-{code}.csv", Options = { ["kind"] = "ledger" } }, Csv(
            "客户编码,客户名称,日期,单据类型,单据号,金额,摘要",
            $"{code},,2024-04-02,销售发票,INV-1,1000.00,销售",
            $"{code},,2024-04-05,销售发票,INV-2,500.00,销售",
            $"{code},,2024-04-20,销售发票,INV-3,300.00,月末发货",
            $"{code},,2024-04-15,收款,RC-1,1000.00,收到货款"));
        var (statement, _) = await ImportClient.UploadAsync(imports, new ImportHeader
        {
            AdapterId = "template",
            FileName = $"statement-{code}.csv",
            Options = { ["kind"] = "statement", ["convention"] = "counterparty-ledger" },
            Target = new ImportTarget { StatementName = $"{code} 2024-04 对账单", StatementKind = StatementKind.CustomerStatement, CustomerCode = code },
        }, Csv(
            "日期,借方,贷方,摘要,单据号",
            "2024-04-03,,1000.00,购货,INV-1",
            "2024-04-06,,495.00,购货,INV-2",
            "2024-04-16,1000.00,,付款,RC-1",
            "2024-04-25,,200.00,购货,INV-9"));
        return statement.StatementId;
    }

    /// <summary>Same document number, same amount, within ten days, accepted: a rule set with no tolerance at all.</summary>
    private static MatchRule ExactDocumentRule() => new()
    {
        Name = "document-exact", Keys = { new MatchKey { Ours = KeyField.DocumentNumber, Theirs = KeyField.DocumentNumber } },
        AmountCondition = AmountConditionKind.Exact, DateWindow = DateWindowKind.Days, DaysBefore = 10, DaysAfter = 10,
        Cardinality = Cardinality.OneToOne, Decision = RuleDecision.Accepted,
    };

    /// <summary>A May ledger and a May statement of the customer's own (its payable ledger, balances unsigned), then a May run.</summary>
    private static async Task<(List<RunEvent> Events, long StatementId)> RunMayAsync(TestServer server, string code, string[] ledgerRows, string[] statementRows)
    {
        var imports = server.Imports(server.AdminKey);
        await ImportClient.UploadAsync(imports, new ImportHeader { AdapterId = "template", FileName = $"may-{code}.csv", Options = { ["kind"] = "ledger" } },
            Csv(["客户编码,日期,单据类型,单据号,金额,摘要", .. ledgerRows]));
        var (statement, _) = await ImportClient.UploadAsync(imports, new ImportHeader
        {
            AdapterId = "template", FileName = $"may-statement-{code}.csv", Options = { ["kind"] = "statement" },
            Target = new ImportTarget { StatementName = $"{code} 2024-05 对账单", StatementKind = StatementKind.CustomerStatement, CustomerCode = code },
        }, Csv(["日期,借方,贷方,余额,摘要,单据号", .. statementRows]));
        using var call = server.Reconciliation(server.AdminKey).StartRun(new StartRunRequest
        {
            CustomerCode = code, StartDate = new Date { Year = 2024, Month = 5, Day = 1 }, EndDate = new Date { Year = 2024, Month = 5, Day = 31 },
            StatementIds = { statement.StatementId },
        });
        return (await ReadAllAsync(call, r => r.Event), statement.StatementId);
    }

    private static async Task<List<RunEvent>> ReadAllAsync<T>(AsyncServerStreamingCall<T> call, Func<T, RunEvent> select)
    {
        var events = new List<RunEvent>();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            events.Add(select(response));
        }

        return events;
    }

    private static async Task<List<RunEvent>> RunAsync(TestServer server, string code, long statementId, DecimalValue? theirClosing = null)
    {
        using var call = server.Reconciliation(server.AdminKey).StartRun(new StartRunRequest
        {
            CustomerCode = code, StartDate = April1, EndDate = April30, StatementIds = { statementId }, TheirClosingBalance = theirClosing,
        });
        return await ReadAllAsync(call, r => r.Event);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_run_streams_every_decision_and_ends_with_the_balance_reconciliation(string provider)
    {
        var server = await servers.For(provider);
        var statementId = await SeedAsync(server, "R9001");

        // They say they owe us 695.00 at the end of April; our books say 800.00.
        var events = await RunAsync(server, "R9001", statementId, new DecimalValue { Value = "695.00" });

        Assert.Equal(RunEvent.EventOneofCase.Started, events[0].EventCase);
        Assert.Equal(RunEvent.EventOneofCase.Finished, events[^1].EventCase);
        var run = events[^1].Finished;
        Assert.True(run.Status == RunStatus.Completed, run.ToString());
        Assert.Equal("default", run.RuleSetName);
        var matches = events.Where(e => e.EventCase == RunEvent.EventOneofCase.Matches).SelectMany(e => e.Matches.Matches).ToList();
        var exceptions = events.Where(e => e.EventCase == RunEvent.EventOneofCase.Exceptions).SelectMany(e => e.Exceptions.Exceptions).ToList();
        Assert.True(matches.Count == 3, run.ToString());
        Assert.Equal(run.Summary.Matches, matches.Count);
        var proposed = Assert.Single(matches, m => m.Status == MatchStatus.Proposed);
        Assert.Equal("INV-2", Assert.Single(proposed.Ours).DocumentNumber);
        Assert.Equal("-5.00", proposed.Difference.Value);
        var receipt = Assert.Single(matches, m => m.Ours[0].DocumentNumber == "RC-1");
        Assert.Equal("-1000.00", receipt.Theirs[0].Amount.Value);
        Assert.Equal("1000.00", receipt.Theirs[0].OriginalAmount.Value); // their 借方, as they wrote it
        Assert.Equal(
            [(ExceptionReason.MissingOnTheirSide, Side.Ours, "INV-3"), (ExceptionReason.MissingOnOurSide, Side.Theirs, "INV-9")],
            exceptions.Select(e => (e.Reason, e.Item.Side, e.Item.DocumentNumber)).OrderBy(e => e.Side));
        // Offsets number the results without gaps: matches first, then exceptions.
        Assert.Equal(matches.Count + exceptions.Count, events[^1].Offset);

        var balance = Assert.Single(run.Summary.Balances);
        Assert.True(balance.ClosingBalancesGiven);
        Assert.Equal("800.00", balance.Ours.Value);
        Assert.Equal("695.00", balance.Theirs.Value);
        // Ours + their-only INV-9 (200) + proposed difference (-5) = 995; theirs + our-only INV-3 (300) = 995.
        Assert.Equal("995.00", balance.AdjustedOurs.Value);
        Assert.Equal("995.00", balance.AdjustedTheirs.Value);
        Assert.Equal("0.00", balance.Unexplained.Value);

        var stored = await server.Reconciliation(server.AdminKey).GetRunAsync(new GetRunRequest { RunId = run.Id });
        Assert.Equal(run, stored.Run);
        var listed = await server.Reconciliation(server.AdminKey).ListRunsAsync(new ListRunsRequest { CustomerCode = "R9001" });
        Assert.Equal(run.Id, Assert.Single(listed.Runs).Id);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task People_confirm_undo_and_match_by_hand_and_every_action_is_audited(string provider)
    {
        var server = await servers.For(provider);
        var statementId = await SeedAsync(server, "R9002");
        var events = await RunAsync(server, "R9002", statementId);
        var runId = events[^1].Finished.Id;
        var recon = server.Reconciliation(server.AdminKey);
        var matches = events.Where(e => e.EventCase == RunEvent.EventOneofCase.Matches).SelectMany(e => e.Matches.Matches).ToList();
        var proposed = matches.Single(m => m.Status == MatchStatus.Proposed);
        var accepted = matches.First(m => m.Status == MatchStatus.Accepted);

        var confirmed = await recon.ConfirmMatchAsync(new ConfirmMatchRequest { RunId = runId, MatchSequence = proposed.Sequence, Note = "客户确认少付5元手续费" });
        var confirmAgain = await Expect.Status(StatusCode.FailedPrecondition,
            () => recon.ConfirmMatchAsync(new ConfirmMatchRequest { RunId = runId, MatchSequence = proposed.Sequence }).ResponseAsync);
        var undone = await recon.UnmatchAsync(new UnmatchRequest { RunId = runId, MatchSequence = accepted.Sequence, Reason = "匹配错了" });
        var noReason = await Expect.Status(StatusCode.InvalidArgument,
            () => recon.UnmatchAsync(new UnmatchRequest { RunId = runId, MatchSequence = accepted.Sequence }).ResponseAsync);

        var open = new List<ReconException>();
        using (var call = recon.ListExceptions(new ListExceptionsRequest { RunId = runId }))
        {
            await foreach (var batch in call.ResponseStream.ReadAllAsync())
            {
                open.AddRange(batch.Exceptions);
            }
        }

        // INV-3 (300, ours only) against INV-9 (200, theirs only): 100 apart, beyond the default's widest tolerance.
        var inv3 = open.Single(e => e.Item.DocumentNumber == "INV-3").Item.Id;
        var inv9 = open.Single(e => e.Item.DocumentNumber == "INV-9").Item.Id;
        var beyond = await Expect.Status(StatusCode.FailedPrecondition, () => recon.CreateManualMatchAsync(new CreateManualMatchRequest
        {
            RunId = runId, OurItemIds = { inv3 }, TheirItemIds = { inv9 }, Reason = "同一批货",
        }).ResponseAsync);
        var manual = await recon.CreateManualMatchAsync(new CreateManualMatchRequest
        {
            RunId = runId, OurItemIds = { inv3 }, TheirItemIds = { inv9 }, Reason = "同一批货，折让100元",
            Adjustment = new Adjustment { Account = "6603 销售折让", Reason = "客户折让" },
        });
        var again = await Expect.Status(StatusCode.FailedPrecondition, () => recon.CreateManualMatchAsync(new CreateManualMatchRequest
        {
            RunId = runId, OurItemIds = { inv3 }, Reason = "再来一次",
        }).ResponseAsync);
        var adjustment = await server.Ledger(server.AdminKey).ListLedgerEntries(new ListLedgerEntriesRequest { CustomerCode = "R9002", Text = "ADJ-" })
            .ResponseStream.ReadAllAsync().SelectMany(b => b.Entries.ToAsyncEnumerable()).SingleAsync();
        var audit = await server.Audit(server.AdminKey).ListAuditEntriesAsync(new ListAuditEntriesRequest { EntityType = "recon_match" });
        var after = (await recon.GetRunAsync(new GetRunRequest { RunId = runId })).Run.Summary;

        Assert.Equal(MatchStatus.Confirmed, confirmed.Match.Status);
        Assert.Equal("客户确认少付5元手续费", confirmed.Match.Note);
        Assert.Contains("proposed", confirmAgain);
        Assert.Equal(MatchStatus.Unmatched, undone.Match.Status);
        Assert.Equal(accepted.Ours.Count + accepted.Theirs.Count, undone.Exceptions.Count);
        Assert.Contains("why", noReason, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("tolerance", beyond);
        Assert.Equal(MatchStatus.Manual, manual.Match.Status);
        Assert.Equal("-100.00", manual.Match.Difference.Value);
        Assert.Equal(adjustment.Id, manual.Match.AdjustmentEntryId);
        Assert.Equal("-100.00", adjustment.Amount.Value);
        Assert.Equal(DocumentType.Adjustment, adjustment.DocumentType);
        Assert.Contains("not an open exception", again);
        // The 余额调节表 follows the decisions: the -100 adjustment is now in our books (800 -> 700), INV-3 and INV-9
        // left the adjustments, the confirmed -5 is accepted, and the undone pair adjusts both sides alike.
        var balance = Assert.Single(after.Balances);
        Assert.Equal(("700.00", "-5.00", "0.00", "0.00"),
            (balance.Ours.Value, balance.AcceptedMatchDifference.Value, balance.ProposedMatchDifference.Value, balance.Unexplained.Value));
        Assert.Equal(0, after.ProposedMatches);
        Assert.Equal((3, 1), (after.Matches, after.ManualMatches));
        Assert.Equal(["match.confirm", "match.unmatch", "match.manual"], audit.Entries.Select(e => e.Action).Where(a => a.StartsWith("match.", StringComparison.Ordinal)).TakeLast(3));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Matching_an_amount_difference_by_hand_with_a_write_off_leaves_the_balance_both_books_agree_on(string provider)
    {
        var server = await servers.For(provider);
        var statementId = await SeedAsync(server, "R9010");
        var recon = server.Reconciliation(server.AdminKey);
        var strict = ExactDocumentRule();
        await recon.CreateRuleSetAsync(new CreateRuleSetRequest { Name = "strict-R9010", Rules = { strict } });
        using var call = recon.StartRun(new StartRunRequest
        {
            CustomerCode = "R9010", StartDate = April1, EndDate = April30, StatementIds = { statementId }, RuleSetName = "strict-R9010",
        });
        var finished = (await ReadAllAsync(call, r => r.Event))[^1].Finished;
        var differs = await recon.ListExceptions(new ListExceptionsRequest { RunId = finished.Id }).ResponseStream.ReadAllAsync()
            .SelectMany(batch => batch.Exceptions.ToAsyncEnumerable()).Where(e => e.Reason == ExceptionReason.AmountDiffers).ToListAsync();

        var manual = await recon.CreateManualMatchAsync(new CreateManualMatchRequest
        {
            RunId = finished.Id, OurItemIds = { differs.Single(e => e.Item.Side == Side.Ours).Item.Id },
            TheirItemIds = { differs.Single(e => e.Item.Side == Side.Theirs).Item.Id }, Reason = "客户少付5元手续费",
            Adjustment = new Adjustment { Account = "6603 财务费用", Reason = "手续费" },
        });
        var after = Assert.Single((await recon.GetRunAsync(new GetRunRequest { RunId = finished.Id })).Run.Summary.Balances);

        Assert.Equal("-5.00", manual.Match.Difference.Value);
        // The -5 write-off is in our books now (800 -> 795) and the pair has left the adjustments: what remains is
        // INV-9 (theirs only) and INV-3 (ours only), and the adjusted balances are the 995 both books agree on.
        Assert.Equal([(ExceptionReason.MissingOnOurSide, 1, "200.00")], after.OurAdjustments.Select(a => (a.Reason, a.Count, a.Amount.Value)));
        Assert.Equal([(ExceptionReason.MissingOnTheirSide, 1, "300.00")], after.TheirAdjustments.Select(a => (a.Reason, a.Count, a.Amount.Value)));
        Assert.Equal(("795.00", "0.00", "995.00", "995.00", "0.00"),
            (after.Ours.Value, after.AcceptedMatchDifference.Value, after.AdjustedOurs.Value, after.AdjustedTheirs.Value, after.Unexplained.Value));

        // Undone, the write-off is reversed and the two exceptions stand again as they were: an amount difference.
        var undone = await recon.UnmatchAsync(new UnmatchRequest { RunId = finished.Id, MatchSequence = manual.Match.Sequence, Reason = "手续费由客户补付" });
        var restored = Assert.Single((await recon.GetRunAsync(new GetRunRequest { RunId = finished.Id })).Run.Summary.Balances);

        Assert.Equal([(ExceptionReason.AmountDiffers, "-5.00"), (ExceptionReason.AmountDiffers, "-5.00")],
            undone.Exceptions.Select(e => (e.Reason, e.Difference.Value)));
        Assert.Equal(differs.Select(e => e.Sequence).Order(), undone.Exceptions.Select(e => e.Sequence).Order());
        Assert.Equal([(ExceptionReason.MissingOnOurSide, 1, "200.00"), (ExceptionReason.AmountDiffers, 2, "-5.00")],
            restored.OurAdjustments.Select(a => (a.Reason, a.Count, a.Amount.Value)));
        Assert.Equal(("800.00", "995.00", "995.00", "0.00"), (restored.Ours.Value, restored.AdjustedOurs.Value, restored.AdjustedTheirs.Value, restored.Unexplained.Value));
        Assert.Equal(0, (await recon.GetRunAsync(new GetRunRequest { RunId = finished.Id })).Run.Summary.ManualMatches);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_rejected_proposal_of_one_document_at_two_amounts_becomes_an_amount_difference(string provider)
    {
        var server = await servers.For(provider);
        var statementId = await SeedAsync(server, "R9016");
        var events = await RunAsync(server, "R9016", statementId);
        var runId = events[^1].Finished.Id;
        var recon = server.Reconciliation(server.AdminKey);
        var proposed = events.Where(e => e.EventCase == RunEvent.EventOneofCase.Matches).SelectMany(e => e.Matches.Matches).Single(m => m.Status == MatchStatus.Proposed);

        var rejected = await recon.RejectMatchAsync(new RejectMatchRequest { RunId = runId, MatchSequence = proposed.Sequence, Reason = "差5元要客户说明" });
        var balance = Assert.Single((await recon.GetRunAsync(new GetRunRequest { RunId = runId })).Run.Summary.Balances);

        // INV-2: 500 ours, 495 theirs. Not two documents each side lacks, but one document at two amounts.
        Assert.Equal([(ExceptionReason.AmountDiffers, "-5.00"), (ExceptionReason.AmountDiffers, "-5.00")], rejected.Exceptions.Select(e => (e.Reason, e.Difference.Value)));
        Assert.All(rejected.Exceptions, e => Assert.Equal("INV-2", e.Counterpart.DocumentNumber));
        Assert.Contains(balance.OurAdjustments, a => (a.Reason, a.Count, a.Amount.Value) == (ExceptionReason.AmountDiffers, 2, "-5.00"));
        Assert.Equal(("0.00", "0.00"), (balance.ProposedMatchDifference.Value, balance.Unexplained.Value));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Opening_balances_pair_with_each_other_and_their_difference_is_the_opening_difference(string provider)
    {
        var server = await servers.For(provider);
        await SeedAsync(server, "R9015");
        // Our May books open at 1,100 (April's 800 and 300 we booked late); their statement opens at 800 and shows May's invoice.
        var (events, statementId) = await RunMayAsync(server, "R9015",
            ["R9015,2024-05-01,期初余额,,1100.00,期初余额", "R9015,2024-05-08,销售发票,INV-5,700.00,销售"],
            ["2024-05-01,,,800.00,期初余额,", "2024-05-09,,700.00,1500.00,购货,INV-5"]);
        var finished = events[^1].Finished;
        var exceptions = await server.Reconciliation(server.AdminKey).ListExceptions(new ListExceptionsRequest { RunId = finished.Id }).ResponseStream.ReadAllAsync()
            .SelectMany(batch => batch.Exceptions.ToAsyncEnumerable()).ToListAsync();
        var balance = Assert.Single(finished.Summary.Balances);
        var lines = await server.Ledger(server.AdminKey).ListStatementLines(new ListStatementLinesRequest { StatementId = statementId })
            .ResponseStream.ReadAllAsync().SelectMany(batch => batch.Lines.ToAsyncEnumerable()).ToListAsync();

        Assert.Equal([true, false], lines.OrderBy(l => l.Date.Day).Select(l => l.IsOpeningBalance));
        // Not "ours missing on their side" and "theirs missing on ours": one pair, 300 apart.
        Assert.Equal(1, finished.Summary.Matches);
        Assert.Equal(2, exceptions.Count);
        Assert.All(exceptions, e => Assert.Equal((ExceptionReason.AmountDiffers, "-300.00"), (e.Reason, e.Difference.Value)));
        Assert.All(exceptions, e => Assert.StartsWith("期初差异 — our opening balance", e.Explanation, StringComparison.Ordinal));
        Assert.Equal([(ExceptionReason.AmountDiffers, 2, "-300.00")], balance.OurAdjustments.Select(a => (a.Reason, a.Count, a.Amount.Value)));
        Assert.Empty(balance.TheirAdjustments);
        Assert.Equal(("1800.00", "1500.00", "1500.00", "1500.00", "0.00"),
            (balance.Ours.Value, balance.Theirs.Value, balance.AdjustedOurs.Value, balance.AdjustedTheirs.Value, balance.Unexplained.Value));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_confirmation_citing_a_run_must_be_of_its_period_and_of_the_balance_it_reconciled(string provider)
    {
        var server = await servers.For(provider);
        var statementId = await SeedAsync(server, "R9017");
        var runId = (await RunAsync(server, "R9017", statementId, new DecimalValue { Value = "695.00" }))[^1].Finished.Id;
        var recon = server.Reconciliation(server.AdminKey);
        ConfirmPeriodRequest Confirmation(Date start, Date end, string balance) => new()
        {
            CustomerCode = "R9017", StartDate = start, EndDate = end, ConfirmedBy = "李会计", RunId = runId, ConfirmedBalance = new DecimalValue { Value = balance },
        };

        var otherPeriod = await Expect.Status(StatusCode.FailedPrecondition, () => recon.ConfirmPeriodAsync(
            Confirmation(new Date { Year = 2024, Month = 5, Day = 1 }, new Date { Year = 2024, Month = 5, Day = 31 }, "695.00")).ResponseAsync);
        var undecided = await Expect.Status(StatusCode.FailedPrecondition, () => recon.ConfirmPeriodAsync(Confirmation(April1, April30, "695.00")).ResponseAsync);
        var proposal = await recon.ListMatches(new ListMatchesRequest { RunId = runId, Statuses = { MatchStatus.Proposed } }).ResponseStream.ReadAllAsync()
            .SelectMany(batch => batch.Matches.ToAsyncEnumerable()).SingleAsync();
        await recon.ConfirmMatchAsync(new ConfirmMatchRequest { RunId = runId, MatchSequence = proposal.Sequence, Note = "少付5元手续费" });
        var otherBalance = await Expect.Status(StatusCode.FailedPrecondition, () => recon.ConfirmPeriodAsync(Confirmation(April1, April30, "99999.00")).ResponseAsync);
        var confirmed = await recon.ConfirmPeriodAsync(Confirmation(April1, April30, "695.00"));
        // A later run of the same period supersedes the one cited.
        var laterRun = (await RunAsync(server, "R9017", statementId, new DecimalValue { Value = "695.00" }))[^1].Finished.Id;
        var superseded = await Expect.Status(StatusCode.FailedPrecondition, () => recon.ConfirmPeriodAsync(Confirmation(April1, April30, "695.00")).ResponseAsync);

        Assert.Contains("Run " + runId + " reconciled 2024-04-01..2024-04-30; the period confirmed is 2024-05-01..2024-05-31", otherPeriod);
        Assert.Contains("reconciled their closing balance as 695.00; the balance confirmed is 99,999.00", otherBalance);
        Assert.Equal("695.00", confirmed.Record.ConfirmedBalance.Value);
        Assert.Contains($"Run {runId} still has 1 proposed match nobody has confirmed or rejected", undecided);
        Assert.Contains($"Run {runId} is not the latest reconciliation of this period: run {laterRun} came after it", superseded);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_statement_that_barely_overlaps_the_period_is_warned_about_with_the_dates_it_covers(string provider)
    {
        var server = await servers.For(provider);
        var statementId = await SeedAsync(server, "R9702");
        var recon = server.Reconciliation(server.AdminKey);
        // April's statement against June's books: every line would come out missing on our side, and nothing said why.
        using var call = recon.StartRun(new StartRunRequest
        {
            CustomerCode = "R9702", StartDate = new Date { Year = 2024, Month = 6, Day = 1 }, EndDate = new Date { Year = 2024, Month = 6, Day = 30 },
            StatementIds = { statementId },
        });
        var events = await ReadAllAsync(call, r => r.Event);
        var stored = await recon.GetRunAsync(new GetRunRequest { RunId = events[^1].Finished.Id });
        var fitting = await RunAsync(server, "R9702", statementId);

        var expected = $"Statement {statementId} ('R9702 2024-04 对账单') covers 2024-04-03 to 2024-04-25 (4 lines); only 0 fall in the run's period " +
                       "2024-06-01 to 2024-06-30, so the rest will likely come out as missing on our side. Check the statement chosen or the run's dates.";
        Assert.Equal([expected], events[0].Started.Warnings);
        Assert.Equal([expected], events[^1].Finished.Warnings);
        Assert.Equal([expected], stored.Run.Warnings);
        Assert.Equal(4, events[^1].Finished.Summary.Exceptions.Single(e => e.Reason == ExceptionReason.MissingOnOurSide).Count);
        Assert.Empty(fitting[^1].Finished.Warnings);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_confirmed_balance_against_a_run_without_their_closing_balance_must_agree_with_their_side_or_say_why(string provider)
    {
        var server = await servers.For(provider);
        var statementId = await SeedAsync(server, "R9701");
        // No closing balance of theirs: their side of the run is their lines, 1,000 + 495 − 1,000 + 200 = 695.00.
        var runId = (await RunAsync(server, "R9701", statementId))[^1].Finished.Id;
        var recon = server.Reconciliation(server.AdminKey);
        var proposal = await recon.ListMatches(new ListMatchesRequest { RunId = runId, Statuses = { MatchStatus.Proposed } }).ResponseStream.ReadAllAsync()
            .SelectMany(batch => batch.Matches.ToAsyncEnumerable()).SingleAsync();
        await recon.ConfirmMatchAsync(new ConfirmMatchRequest { RunId = runId, MatchSequence = proposal.Sequence, Note = "少付5元手续费" });
        ConfirmPeriodRequest Confirmation(string balance, string reason = "") => new()
        {
            CustomerCode = "R9701", StartDate = April1, EndDate = April30, ConfirmedBy = "李会计", RunId = runId,
            ConfirmedBalance = new DecimalValue { Value = balance }, DifferenceReason = reason,
        };

        var refused = await Expect.Status(StatusCode.FailedPrecondition, () => recon.ConfirmPeriodAsync(Confirmation("99999.00")).ResponseAsync);
        var periodsAfterRefusal = await recon.ListPeriodsAsync(new ListPeriodsRequest { CustomerCode = "R9701" });
        var withReason = await recon.ConfirmPeriodAsync(Confirmation("700.00", "客户多记5元运费, 下月冲回"));
        var agreeing = await recon.ConfirmPeriodAsync(Confirmation("695.00"));

        Assert.Contains($"their side of run {runId} stands at 695.00 CNY", refused, StringComparison.Ordinal);
        Assert.Contains("99,304.00 apart from the balance confirmed, 99,999.00", refused, StringComparison.Ordinal);
        Assert.Contains("difference_reason", refused, StringComparison.Ordinal);
        Assert.Empty(periodsAfterRefusal.Records);
        Assert.Equal(("700.00", $"差异说明 (confirmed balance differs from run {runId}): 客户多记5元运费, 下月冲回"),
            (withReason.Record.ConfirmedBalance.Value, withReason.Record.Note));
        Assert.Equal(("695.00", ""), (agreeing.Record.ConfirmedBalance.Value, agreeing.Record.Note));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_confirmation_carries_over_to_the_next_run_of_the_same_items_until_a_person_undoes_it(string provider)
    {
        var server = await servers.For(provider);
        var statementId = await SeedAsync(server, "R9018");
        var recon = server.Reconciliation(server.AdminKey);
        static Match Proposal(List<RunEvent> events) => events.Where(e => e.EventCase == RunEvent.EventOneofCase.Matches)
            .SelectMany(e => e.Matches.Matches).Single(m => m.RuleName == "document-tolerance");

        var first = await RunAsync(server, "R9018", statementId);
        var confirmed = await recon.ConfirmMatchAsync(new ConfirmMatchRequest { RunId = first[^1].Finished.Id, MatchSequence = Proposal(first).Sequence, Note = "客户确认少付5元" });
        var second = await RunAsync(server, "R9018", statementId);
        var carried = Proposal(second);
        await recon.UnmatchAsync(new UnmatchRequest { RunId = second[^1].Finished.Id, MatchSequence = carried.Sequence, Reason = "客户改口" });
        var third = await RunAsync(server, "R9018", statementId);

        Assert.Equal(MatchStatus.Proposed, Proposal(first).Status);
        Assert.Equal(MatchStatus.Confirmed, carried.Status);
        Assert.Equal(confirmed.Match.DecidedBy, carried.DecidedBy);
        Assert.Equal($"confirmed in run {first[^1].Finished.Id} (match {Proposal(first).Sequence}): 客户确认少付5元", carried.Note);
        var summary = second[^1].Finished.Summary;
        Assert.Equal((0, "0.00", "-5.00"), (summary.ProposedMatches, summary.Balances[0].ProposedMatchDifference.Value, summary.Balances[0].AcceptedMatchDifference.Value));
        // Undone in the second run: the latest decision on those items is no longer a confirmation.
        Assert.Equal(MatchStatus.Proposed, Proposal(third).Status);
        var audit = await server.Audit(server.AdminKey).ListAuditEntriesAsync(new ListAuditEntriesRequest
        {
            EntityType = "recon_run", EntityId = second[^1].Finished.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var carriedEntry = Assert.Single(audit.Entries, e => e.Action == "match.confirm_carried");
        Assert.Contains($"\"confirmedInRun\":{first[^1].Finished.Id}", carriedEntry.AfterJson.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Rejecting_a_proposed_match_of_two_openings_leaves_the_opening_difference(string provider)
    {
        var server = await servers.For(provider);
        await SeedAsync(server, "R9019");
        var (events, _) = await RunMayAsync(server, "R9019", ["R9019,2024-05-01,期初余额,,1000.00,期初余额"], ["2024-05-01,,,995.00,期初余额,"]);
        var proposed = events.Where(e => e.EventCase == RunEvent.EventOneofCase.Matches).SelectMany(e => e.Matches.Matches).Single();

        var rejected = await server.Reconciliation(server.AdminKey).RejectMatchAsync(new RejectMatchRequest
        {
            RunId = events[^1].Finished.Id, MatchSequence = proposed.Sequence, Reason = "期初不一致待查",
        });

        // Within 1 %, the two openings were proposed as one; rejected, they are the opening difference, not two items each side lacks.
        // Labelled as what it is, not after the document rule that paired the two openings.
        Assert.Equal((MatchStatus.Proposed, "opening-balance"), (proposed.Status, proposed.RuleName));
        Assert.Equal([(ExceptionReason.AmountDiffers, "-5.00"), (ExceptionReason.AmountDiffers, "-5.00")], rejected.Exceptions.Select(e => (e.Reason, e.Difference.Value)));
        Assert.All(rejected.Exceptions, e => Assert.StartsWith("期初差异 — our opening balance", e.Explanation, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_invoice_reversed_in_our_books_pairs_with_its_reversal_and_undoing_the_pair_leaves_both_missing(string provider)
    {
        var server = await servers.For(provider);
        await SeedAsync(server, "R9023");
        // FP0520 was booked at 2,000, reversed in red ink under the same number and booked again at 2,260; they have 2,260 only.
        var (events, _) = await RunMayAsync(server, "R9023",
            ["R9023,2024-05-06,销售发票,FP0520,2000.00,销售", "R9023,2024-05-20,销售发票,FP0520,-2000.00,冲销 FP0520", "R9023,2024-05-20,销售发票,FP0520,2260.00,更正后重开"],
            ["2024-05-22,,2260.00,2260.00,购货,FP0520"]);
        var finished = events[^1].Finished;
        var matches = events.Where(e => e.EventCase == RunEvent.EventOneofCase.Matches).SelectMany(e => e.Matches.Matches).ToList();
        var pair = Assert.Single(matches, m => m.RuleName == "reversal-pair");
        var before = Assert.Single(finished.Summary.Balances);
        var openBefore = await OpenExceptionsAsync(server, finished.Id);

        var undone = await server.Reconciliation(server.AdminKey).UnmatchAsync(new UnmatchRequest
        {
            RunId = finished.Id, MatchSequence = pair.Sequence, Reason = "冲销未经审批",
        });
        var after = Assert.Single((await server.Reconciliation(server.AdminKey).GetRunAsync(new GetRunRequest { RunId = finished.Id })).Run.Summary.Balances);

        // Not two items "missing on their side" that net to nothing: one pair in our own books, accepted.
        Assert.Equal(2, matches.Count);
        Assert.Equal((MatchStatus.Accepted, 0), (pair.Status, pair.Theirs.Count));
        Assert.Equal(["2000.00", "-2000.00"], pair.Ours.Select(i => i.Amount.Value));
        Assert.Equal(("0.00", "0.00"), (pair.OurAmount.Value, pair.Difference.Value));
        Assert.Empty(openBefore);
        Assert.Contains(finished.Summary.Rules, r => (r.RuleName, r.Matches, r.OurItems) == ("reversal-pair", 1, 2));
        Assert.Empty(before.TheirAdjustments);
        Assert.Equal(("2260.00", "2260.00", "0.00"), (before.AdjustedOurs.Value, before.AdjustedTheirs.Value, before.Unexplained.Value));
        // Undone, the two come back as what they would have been without the pairing, and the table still adds up.
        Assert.Equal([(ExceptionReason.MissingOnTheirSide, "2000.00"), (ExceptionReason.MissingOnTheirSide, "-2000.00")],
            undone.Exceptions.Select(e => (e.Reason, e.Item.Amount.Value)));
        Assert.All(undone.Exceptions, e => Assert.Matches(@"^我方已记对方未记 — our item \d+ \(-?2000\.00 CNY on 2024-05-\d\d\) was in match \d+, undone: 冲销未经审批$", e.Explanation));
        Assert.Equal("0.00", after.Unexplained.Value);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_red_ink_reversal_in_their_statement_pairs_on_their_side_when_its_lines_say_their_type(string provider)
    {
        var server = await servers.For(provider);
        await SeedAsync(server, "R9027");
        var imports = server.Imports(server.AdminKey);
        await ImportClient.UploadAsync(imports, new ImportHeader { AdapterId = "template", FileName = "may-R9027.csv", Options = { ["kind"] = "ledger" } },
            Csv("客户编码,日期,单据类型,单据号,金额,摘要", "R9027,2024-05-20,销售发票,FP0520,2260.00,销售"));
        // Their payable ledger booked FP0520 at 2,000, reversed it in red ink under the same number, and booked 2,260.
        var (statement, _) = await ImportClient.UploadAsync(imports, new ImportHeader
        {
            AdapterId = "template", FileName = "may-statement-R9027.csv", Options = { ["kind"] = "statement" },
            Target = new ImportTarget { StatementName = "R9027 2024-05 对账单", StatementKind = StatementKind.CustomerStatement, CustomerCode = "R9027" },
        }, Csv("日期,借方,贷方,摘要,单据号,单据类型",
            "2024-05-07,,2000.00,购货,FP0520,销售发票", "2024-05-21,,-2000.00,冲销,FP0520,销售发票", "2024-05-22,,2260.00,购货,FP0520,销售发票"));
        using var call = server.Reconciliation(server.AdminKey).StartRun(new StartRunRequest
        {
            CustomerCode = "R9027", StartDate = new Date { Year = 2024, Month = 5, Day = 1 }, EndDate = new Date { Year = 2024, Month = 5, Day = 31 },
            StatementIds = { statement.StatementId },
        });
        var events = await ReadAllAsync(call, r => r.Event);
        var matches = events.Where(e => e.EventCase == RunEvent.EventOneofCase.Matches).SelectMany(e => e.Matches.Matches).ToList();

        var pair = Assert.Single(matches, m => m.RuleName == "reversal-pair");
        Assert.Empty(pair.Ours);
        Assert.Equal(["2000.00", "-2000.00"], pair.Theirs.Select(i => i.Amount.Value));
        Assert.Empty(await OpenExceptionsAsync(server, events[^1].Finished.Id));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task From_the_second_month_our_balance_carried_forward_is_our_opening_against_theirs(string provider)
    {
        var server = await servers.For(provider);
        await SeedAsync(server, "R9024");
        var imports = server.Imports(server.AdminKey);
        // Our books open in May and simply go on into June: no 期初余额 entry in June. Before June: 1,000 + 500 = 1,500.
        await ImportClient.UploadAsync(imports, new ImportHeader { AdapterId = "template", FileName = "may-june-R9024.csv", Options = { ["kind"] = "ledger" } },
            Csv("客户编码,日期,单据类型,单据号,金额,摘要",
                "R9024,2024-05-01,期初余额,,1000.00,期初余额", "R9024,2024-05-10,销售发票,INV-51,500.00,销售", "R9024,2024-06-05,销售发票,INV-61,300.00,销售"));
        // Their June statement opens at 1,400: 100 less than our books carry forward.
        var (statement, _) = await ImportClient.UploadAsync(imports, new ImportHeader
        {
            AdapterId = "template", FileName = "june-statement-R9024.csv", Options = { ["kind"] = "statement" },
            Target = new ImportTarget { StatementName = "R9024 2024-06 对账单", StatementKind = StatementKind.CustomerStatement, CustomerCode = "R9024" },
        }, Csv("日期,借方,贷方,余额,摘要,单据号", "2024-06-01,,,1400.00,期初余额,", "2024-06-06,,300.00,1700.00,购货,INV-61"));
        using var call = server.Reconciliation(server.AdminKey).StartRun(new StartRunRequest
        {
            CustomerCode = "R9024", StartDate = new Date { Year = 2024, Month = 6, Day = 1 }, EndDate = new Date { Year = 2024, Month = 6, Day = 30 },
            StatementIds = { statement.StatementId }, TheirClosingBalance = new DecimalValue { Value = "1700.00" },
        });
        var events = await ReadAllAsync(call, r => r.Event);
        var finished = events[^1].Finished;
        var stored = await OpenExceptionsAsync(server, finished.Id);
        var balance = Assert.Single(finished.Summary.Balances);

        // Not "their opening is a document we lack": our carried-forward 1,500 against their 1,400, the opening difference.
        Assert.True(finished.Status == RunStatus.Completed, finished.ToString());
        Assert.Equal(1, finished.Summary.Matches);
        Assert.Equal(2, stored.Count);
        Assert.All(stored, e => Assert.Equal((ExceptionReason.AmountDiffers, "-100.00"), (e.Reason, e.Difference.Value)));
        Assert.All(stored, e => Assert.StartsWith("期初差异 — our opening balance", e.Explanation, StringComparison.Ordinal));
        var carried = Assert.Single(stored, e => e.Item.Side == Side.Ours).Item;
        Assert.True(carried.Id < 0, carried.ToString());
        Assert.Equal(("1500.00", 1, "CNY"), (carried.Amount.Value, carried.Date.Day, carried.Currency));
        Assert.Equal("期初余额 — our balance carried forward to 2024-06-01", carried.Text);
        Assert.Equal([(ExceptionReason.AmountDiffers, 2, "-100.00")], balance.OurAdjustments.Select(a => (a.Reason, a.Count, a.Amount.Value)));
        Assert.Empty(balance.TheirAdjustments);
        Assert.Equal(("1800.00", "1700.00", "1700.00", "0.00"), (balance.Ours.Value, balance.AdjustedOurs.Value, balance.AdjustedTheirs.Value, balance.Unexplained.Value));

        // Kept with the run: later reads show the balance as the run found it, whatever is booked before June since.
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<ReconDbContext>>().CreateDbContextAsync();
        var kept = Assert.Single(await db.CarriedOpenings.Where(o => o.RunId == finished.Id).ToListAsync());
        Assert.Equal((carried.Id, 1500m, "R9024"), (kept.ItemId, kept.Amount, kept.CustomerCode));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_locked_period_refuses_runs_match_changes_and_postings(string provider)
    {
        var server = await servers.For(provider);
        var statementId = await SeedAsync(server, "R9003");
        var events = await RunAsync(server, "R9003", statementId);
        var runId = events[^1].Finished.Id;
        var proposed = events.Where(e => e.EventCase == RunEvent.EventOneofCase.Matches).SelectMany(e => e.Matches.Matches).Single(m => m.Status == MatchStatus.Proposed);
        var recon = server.Reconciliation(server.AdminKey);

        // Confirmed without citing the run: the run keeps an undecided proposal, which a lock must then protect.
        var confirmation = await recon.ConfirmPeriodAsync(new ConfirmPeriodRequest
        {
            CustomerCode = "R9003", StartDate = April1, EndDate = April30, ConfirmedBy = "王芳 财务部",
            ConfirmedBalance = new DecimalValue { Value = "695.00" },
        });
        var locked = await recon.LockPeriodAsync(new LockPeriodRequest { CustomerCode = "R9003", StartDate = April1, EndDate = April30, Reason = "4月已结账" });
        var confirm = await Expect.Status(StatusCode.FailedPrecondition,
            () => recon.ConfirmMatchAsync(new ConfirmMatchRequest { RunId = runId, MatchSequence = proposed.Sequence }).ResponseAsync);
        var run = await Expect.Status(StatusCode.FailedPrecondition, () => RunAsync(server, "R9003", statementId));
        var post = await Expect.Status(StatusCode.FailedPrecondition, () => server.Ledger(server.AdminKey).PostLedgerEntryAsync(new PostLedgerEntryRequest
        {
            CustomerCode = "R9003", Date = new Date { Year = 2024, Month = 4, Day = 28 }, DocumentType = DocumentType.SalesInvoice,
            DocumentNumber = "INV-LATE", Amount = new DecimalValue { Value = "10.00" }, Reason = "补记",
        }).ResponseAsync);
        var accountant = await server.CreateKeyAsync(Role.Accountant, "accountant");
        var lockByAccountant = await Expect.Status(StatusCode.PermissionDenied, () => server.Reconciliation(accountant).LockPeriodAsync(new LockPeriodRequest
        {
            CustomerCode = "R9003", StartDate = April1, EndDate = April30, Reason = "x",
        }).ResponseAsync);
        var periods = await recon.ListPeriodsAsync(new ListPeriodsRequest { CustomerCode = "R9003" });

        Assert.Equal("王芳 财务部", confirmation.Record.ConfirmedBy);
        Assert.True(locked.Record.Locked);
        Assert.All([confirm, run, post], message => Assert.Contains("locked", message));
        Assert.NotEmpty(lockByAccountant);
        Assert.Equal([false, true], periods.Records.Select(p => p.Locked));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_admin_lifts_a_lock_with_a_reason_and_the_period_takes_changes_again(string provider)
    {
        var server = await servers.For(provider);
        await SeedAsync(server, "R9025");
        await SeedAsync(server, "R9026");
        var recon = server.Reconciliation(server.AdminKey);
        var confirmation = (await recon.ConfirmPeriodAsync(new ConfirmPeriodRequest
        {
            CustomerCode = "R9025", StartDate = April1, EndDate = April30, ConfirmedBy = "王芳 财务部",
        })).Record;
        var locked = (await recon.LockPeriodAsync(new LockPeriodRequest { CustomerCode = "R9025", StartDate = April1, EndDate = April30, Reason = "4月已结账" })).Record;
        PostLedgerEntryRequest LatePosting() => new()
        {
            CustomerCode = "R9025", Date = new Date { Year = 2024, Month = 4, Day = 28 }, DocumentType = DocumentType.SalesInvoice,
            DocumentNumber = "INV-LATE", Amount = new DecimalValue { Value = "10.00" }, Reason = "补记运费",
        };
        var whileLocked = await Expect.Status(StatusCode.FailedPrecondition, () => server.Ledger(server.AdminKey).PostLedgerEntryAsync(LatePosting()).ResponseAsync);
        var accountant = await server.CreateKeyAsync(Role.Accountant, "accountant");
        await Expect.Status(StatusCode.PermissionDenied, () => server.Reconciliation(accountant).UnlockPeriodAsync(new UnlockPeriodRequest
        {
            CustomerCode = "R9025", Id = locked.Id, Reason = "x",
        }).ResponseAsync);
        var noReason = await Expect.Status(StatusCode.InvalidArgument,
            () => recon.UnlockPeriodAsync(new UnlockPeriodRequest { CustomerCode = "R9025", Id = locked.Id }).ResponseAsync);
        var otherCustomer = await Expect.Status(StatusCode.NotFound,
            () => recon.UnlockPeriodAsync(new UnlockPeriodRequest { CustomerCode = "R9026", Id = locked.Id, Reason = "x" }).ResponseAsync);
        var notALock = await Expect.Status(StatusCode.FailedPrecondition,
            () => recon.UnlockPeriodAsync(new UnlockPeriodRequest { CustomerCode = "R9025", Id = confirmation.Id, Reason = "x" }).ResponseAsync);

        // A lock cutting across the held one is refused; one around it (the quarter) is not.
        var across = await Expect.Status(StatusCode.FailedPrecondition, () => recon.LockPeriodAsync(new LockPeriodRequest
        {
            CustomerCode = "R9025", StartDate = new Date { Year = 2024, Month = 4, Day = 15 }, EndDate = new Date { Year = 2024, Month = 5, Day = 15 }, Reason = "x",
        }).ResponseAsync);
        var quarter = (await recon.LockPeriodAsync(new LockPeriodRequest
        {
            CustomerCode = "R9025", StartDate = new Date { Year = 2024, Month = 4, Day = 1 }, EndDate = new Date { Year = 2024, Month = 6, Day = 30 }, Reason = "二季度结账",
        })).Record;
        await recon.UnlockPeriodAsync(new UnlockPeriodRequest { CustomerCode = "R9025", Id = quarter.Id, Reason = "二季度未结完" });
        var unlocked = (await recon.UnlockPeriodAsync(new UnlockPeriodRequest { CustomerCode = "R9025", Id = locked.Id, Reason = "补记4月运费，反结账" })).Record;
        var posted = await server.Ledger(server.AdminKey).PostLedgerEntryAsync(LatePosting());
        var again = await Expect.Status(StatusCode.FailedPrecondition,
            () => recon.UnlockPeriodAsync(new UnlockPeriodRequest { CustomerCode = "R9025", Id = locked.Id, Reason = "再来" }).ResponseAsync);
        var periods = await recon.ListPeriodsAsync(new ListPeriodsRequest { CustomerCode = "R9025" });
        var audit = await server.Audit(server.AdminKey).ListAuditEntriesAsync(new ListAuditEntriesRequest { EntityType = "customer_period", EntityId = locked.Id.ToString() });

        Assert.Contains("locked", whileLocked);
        Assert.Contains("Say why the lock is lifted", noReason);
        Assert.Contains($"no period record {locked.Id}", otherCustomer);
        Assert.Contains("is a confirmation, not a lock", notALock);
        Assert.Contains($"has 2024-04-01 to 2024-04-30 locked (lock {locked.Id}); 2024-04-15 to 2024-05-15 cuts across it", across);
        Assert.True(unlocked.Locked);
        Assert.NotNull(unlocked.UnlockTime);
        Assert.Equal("补记4月运费，反结账", unlocked.UnlockReason);
        Assert.False(string.IsNullOrEmpty(unlocked.UnlockedBy));
        Assert.Equal("INV-LATE", posted.Entry.DocumentNumber);
        Assert.Contains("was lifted at", again);
        // The lock stays in the history, lifted; nothing is deleted.
        Assert.Equal([(false, false), (true, true), (true, true)], periods.Records.Select(p => (p.Locked, p.UnlockTime is not null)));
        Assert.Equal(["period.lock", "period.unlock"], audit.Entries.Select(e => e.Action).OrderBy(a => a, StringComparer.Ordinal));
    }

    /// <summary>A customer's balance from the ledger service, as a number.</summary>
    private static async Task<decimal> BalanceAsync(TestServer server, string code) => decimal.Parse(
        (await server.Ledger(server.AdminKey).GetCustomerBalanceAsync(new GetCustomerBalanceRequest { CustomerCode = code })).Balance.Value,
        System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The customer's adjustment entries (ADJ-…) and their reversals (ADJ-…-R), in date then id order.</summary>
    private static Task<List<LedgerEntry>> AdjustmentEntriesAsync(TestServer server, string code) =>
        server.Ledger(server.AdminKey).ListLedgerEntries(new ListLedgerEntriesRequest { CustomerCode = code, Text = "ADJ-" })
            .ResponseStream.ReadAllAsync().SelectMany(b => b.Entries.ToAsyncEnumerable()).ToListAsync().AsTask();

    /// <summary>The open exceptions of a run.</summary>
    private static async Task<List<ReconException>> OpenExceptionsAsync(TestServer server, long runId)
    {
        var open = new List<ReconException>();
        using var call = server.Reconciliation(server.AdminKey).ListExceptions(new ListExceptionsRequest { RunId = runId });
        await foreach (var batch in call.ResponseStream.ReadAllAsync())
        {
            open.AddRange(batch.Exceptions.Where(e => e.ResolvedByMatch < 0));
        }

        return open;
    }

    /// <summary>Matches INV-3 (300, ours only) with INV-9 (200, theirs only) by hand, posting the -100 as a 销售折让.</summary>
    private static async Task<Match> MatchWithWriteOffAsync(TestServer server, long runId, string reason)
    {
        var open = await OpenExceptionsAsync(server, runId);
        var response = await server.Reconciliation(server.AdminKey).CreateManualMatchAsync(new CreateManualMatchRequest
        {
            RunId = runId,
            OurItemIds = { open.Single(e => e.Item.DocumentNumber == "INV-3").Item.Id },
            TheirItemIds = { open.Single(e => e.Item.DocumentNumber == "INV-9").Item.Id },
            Reason = reason,
            Adjustment = new Adjustment { Account = "6603 销售折让", Reason = "客户折让" },
        });
        return response.Match;
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Undoing_a_manual_match_reverses_its_write_off_and_matching_again_posts_it_once(string provider)
    {
        var server = await servers.For(provider);
        var statementId = await SeedAsync(server, "R9020");
        var runId = (await RunAsync(server, "R9020", statementId))[^1].Finished.Id;
        var recon = server.Reconciliation(server.AdminKey);
        var before = await BalanceAsync(server, "R9020");

        var manual = await MatchWithWriteOffAsync(server, runId, "同一批货，折让100元");
        var afterMatch = await BalanceAsync(server, "R9020");
        var undone = await recon.UnmatchAsync(new UnmatchRequest { RunId = runId, MatchSequence = manual.Sequence, Reason = "不是同一批货" });
        var afterUndo = await BalanceAsync(server, "R9020");
        var ledgerAfterUndo = await AdjustmentEntriesAsync(server, "R9020");
        var summaryAfterUndo = Assert.Single((await recon.GetRunAsync(new GetRunRequest { RunId = runId })).Run.Summary.Balances);
        var audit = server.Audit(server.AdminKey);
        var matchAudit = await audit.ListAuditEntriesAsync(new ListAuditEntriesRequest { EntityType = "recon_match", EntityId = $"{runId}/{manual.Sequence}" });
        var reversalAudit = await audit.ListAuditEntriesAsync(new ListAuditEntriesRequest
        {
            EntityType = "ledger_entry", EntityId = undone.Match.AdjustmentReversalEntryId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        var again = await MatchWithWriteOffAsync(server, runId, "还是同一批货，折让100元");
        var afterMatchAgain = await BalanceAsync(server, "R9020");
        var ledgerAfterMatchAgain = await AdjustmentEntriesAsync(server, "R9020");
        var summaryAfterMatchAgain = Assert.Single((await recon.GetRunAsync(new GetRunRequest { RunId = runId })).Run.Summary.Balances);

        // The write-off moves the balance once; undoing the match takes it back with a reversing entry, never a deletion.
        Assert.Equal(800m, before);
        Assert.Equal(700m, afterMatch);
        Assert.Equal(before, afterUndo);
        Assert.Equal(MatchStatus.Unmatched, undone.Match.Status);
        Assert.Equal(manual.AdjustmentEntryId, undone.Match.AdjustmentEntryId); // kept for the history
        Assert.NotEqual(0, undone.Match.AdjustmentReversalEntryId);
        Assert.Equal(0, manual.AdjustmentReversalEntryId);
        Assert.Equal(2, ledgerAfterUndo.Count);
        var adjustment = Assert.Single(ledgerAfterUndo, e => e.Id == manual.AdjustmentEntryId);
        var reversal = Assert.Single(ledgerAfterUndo, e => e.Id == undone.Match.AdjustmentReversalEntryId);
        Assert.Equal("-100.00", adjustment.Amount.Value);
        Assert.Equal("100.00", reversal.Amount.Value);
        Assert.Equal((DocumentType.Adjustment, adjustment.DocumentNumber + "-R", adjustment.Date, adjustment.Currency, adjustment.Reference),
            (reversal.DocumentType, reversal.DocumentNumber, reversal.Date, reversal.Currency, reversal.Reference));
        Assert.Contains(adjustment.DocumentNumber, reversal.Memo);
        Assert.Contains("不是同一批货", reversal.Memo);
        // The run's 余额调节表 follows: our balance is back at 800 and nothing is left unexplained.
        Assert.Equal(("800.00", "0.00", "0.00"), (summaryAfterUndo.Ours.Value, summaryAfterUndo.AcceptedMatchDifference.Value, summaryAfterUndo.Unexplained.Value));
        // Audited: who undid the match and why, and the reversing entry it posted.
        var unmatchEntry = Assert.Single(matchAudit.Entries, e => e.Action == "match.unmatch");
        Assert.Equal("不是同一批货", unmatchEntry.Reason);
        Assert.Contains($"\"reversalEntryId\":{undone.Match.AdjustmentReversalEntryId}", unmatchEntry.AfterJson);
        var reverseEntry = Assert.Single(reversalAudit.Entries);
        Assert.Equal(("ledger.reverse", "不是同一批货"), (reverseEntry.Action, reverseEntry.Reason));
        Assert.False(string.IsNullOrEmpty(reverseEntry.Actor));

        // Matching the same items again posts one new write-off: the balance is adjusted once, not twice.
        Assert.Equal(700m, afterMatchAgain);
        Assert.NotEqual(manual.AdjustmentEntryId, again.AdjustmentEntryId);
        Assert.Equal(0, again.AdjustmentReversalEntryId);
        Assert.Equal(3, ledgerAfterMatchAgain.Count);
        Assert.Equal("-100.00", Assert.Single(ledgerAfterMatchAgain, e => e.Id == again.AdjustmentEntryId).Amount.Value);
        Assert.Equal(("700.00", "0.00"), (summaryAfterMatchAgain.Ours.Value, summaryAfterMatchAgain.Unexplained.Value));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_manual_match_with_a_write_off_cannot_be_rejected_and_rejecting_it_changes_nothing(string provider)
    {
        var server = await servers.For(provider);
        var statementId = await SeedAsync(server, "R9021");
        var runId = (await RunAsync(server, "R9021", statementId))[^1].Finished.Id;
        var recon = server.Reconciliation(server.AdminKey);
        var manual = await MatchWithWriteOffAsync(server, runId, "同一批货，折让100元");

        // Reject is for proposed matches only; a manual match is undone with Unmatch (which reverses the write-off).
        var rejected = await Expect.Status(StatusCode.FailedPrecondition,
            () => recon.RejectMatchAsync(new RejectMatchRequest { RunId = runId, MatchSequence = manual.Sequence, Reason = "不对" }).ResponseAsync);
        var stored = await recon.ListMatches(new ListMatchesRequest { RunId = runId }).ResponseStream.ReadAllAsync()
            .SelectMany(b => b.Matches.ToAsyncEnumerable()).SingleAsync(m => m.Sequence == manual.Sequence);

        Assert.Contains("proposed", rejected);
        Assert.Equal(700m, await BalanceAsync(server, "R9021"));
        Assert.Equal([manual.AdjustmentEntryId], (await AdjustmentEntriesAsync(server, "R9021")).Select(e => e.Id));
        Assert.Equal((MatchStatus.Manual, manual.AdjustmentEntryId, 0L), (stored.Status, stored.AdjustmentEntryId, stored.AdjustmentReversalEntryId));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Undoing_a_manual_match_with_a_write_off_in_a_locked_period_is_refused_and_changes_nothing(string provider)
    {
        var server = await servers.For(provider);
        var statementId = await SeedAsync(server, "R9022");
        var runId = (await RunAsync(server, "R9022", statementId))[^1].Finished.Id;
        var recon = server.Reconciliation(server.AdminKey);
        var manual = await MatchWithWriteOffAsync(server, runId, "同一批货，折让100元");
        await recon.LockPeriodAsync(new LockPeriodRequest { CustomerCode = "R9022", StartDate = April1, EndDate = April30, Reason = "4月已结账" });
        var matchAudit = new ListAuditEntriesRequest { EntityType = "recon_match", EntityId = $"{runId}/{manual.Sequence}" };
        var auditBefore = await server.Audit(server.AdminKey).ListAuditEntriesAsync(matchAudit);

        var refused = await Expect.Status(StatusCode.FailedPrecondition,
            () => recon.UnmatchAsync(new UnmatchRequest { RunId = runId, MatchSequence = manual.Sequence, Reason = "不是同一批货" }).ResponseAsync);
        var stored = await recon.ListMatches(new ListMatchesRequest { RunId = runId }).ResponseStream.ReadAllAsync()
            .SelectMany(b => b.Matches.ToAsyncEnumerable()).SingleAsync(m => m.Sequence == manual.Sequence);
        var auditAfter = await server.Audit(server.AdminKey).ListAuditEntriesAsync(matchAudit);
        var reversals = await server.Audit(server.AdminKey).ListAuditEntriesAsync(new ListAuditEntriesRequest { ActionPrefix = "ledger.reverse", PageSize = 1000 });

        Assert.Contains("locked", refused);
        Assert.Equal(700m, await BalanceAsync(server, "R9022"));
        Assert.Equal([manual.AdjustmentEntryId], (await AdjustmentEntriesAsync(server, "R9022")).Select(e => e.Id));
        Assert.Equal((MatchStatus.Manual, manual.AdjustmentEntryId, 0L), (stored.Status, stored.AdjustmentEntryId, stored.AdjustmentReversalEntryId));
        Assert.Empty(await OpenExceptionsAsync(server, runId));
        Assert.Equal(["match.manual"], auditAfter.Entries.Select(e => e.Action));
        Assert.Equal(auditBefore.Entries, auditAfter.Entries);
        Assert.DoesNotContain(reversals.Entries, e => e.AfterJson.Contains("R9022", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_write_off_dated_in_a_locked_period_before_the_runs_own_is_refused_and_posts_nothing(string provider)
    {
        var server = await servers.For(provider);
        var statementId = await SeedAsync(server, "R9028");
        var recon = server.Reconciliation(server.AdminKey);
        // A May run reads their April statement whole (their dates are not cut): INV-9 of 25 April is open in it.
        using var call = recon.StartRun(new StartRunRequest
        {
            CustomerCode = "R9028", StartDate = new Date { Year = 2024, Month = 5, Day = 1 }, EndDate = new Date { Year = 2024, Month = 5, Day = 31 },
            StatementIds = { statementId },
        });
        var runId = (await ReadAllAsync(call, r => r.Event))[^1].Finished.Id;
        await recon.LockPeriodAsync(new LockPeriodRequest { CustomerCode = "R9028", StartDate = April1, EndDate = April30, Reason = "4月已结账" });
        var inv9 = (await OpenExceptionsAsync(server, runId)).Single(e => e.Item.DocumentNumber == "INV-9").Item.Id;

        // Written off alone, the 200 is posted on the item's date, 25 April, inside the lock though the run is of May.
        var refused = await Expect.Status(StatusCode.FailedPrecondition, () => recon.CreateManualMatchAsync(new CreateManualMatchRequest
        {
            RunId = runId, TheirItemIds = { inv9 }, Reason = "客户多记，核销",
            Adjustment = new Adjustment { Account = "6711 营业外支出", Reason = "核销对方多记" },
        }).ResponseAsync);

        Assert.Equal("Customer 'R9028' has its period 2024-04-01 to 2024-04-30 locked; posting to it is no longer possible.", refused);
        Assert.Empty(await AdjustmentEntriesAsync(server, "R9028"));
        Assert.Contains(await OpenExceptionsAsync(server, runId), e => e.Item.Id == inv9);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_locked_period_refuses_imported_rows_and_changes_through_runs_over_all_customers(string provider)
    {
        // A server of its own: the lock would refuse every other test's runs over all customers in April.
        await using var server = await TestServer.StartAsync(provider);
        var statementId = await SeedAsync(server, "R9100");
        var recon = server.Reconciliation(server.AdminKey);
        async Task<List<RunEvent>> RunOverAllCustomersAsync()
        {
            using var call = recon.StartRun(new StartRunRequest { StartDate = April1, EndDate = April30, StatementIds = { statementId } });
            return await ReadAllAsync(call, r => r.Event);
        }

        var events = await RunOverAllCustomersAsync();
        var runId = events[^1].Finished.Id;
        var accepted = events.Where(e => e.EventCase == RunEvent.EventOneofCase.Matches).SelectMany(e => e.Matches.Matches).First(m => m.Status == MatchStatus.Accepted);
        await recon.LockPeriodAsync(new LockPeriodRequest { CustomerCode = "R9100", StartDate = April1, EndDate = April30, Reason = "4月已结账" });

        var run = await Expect.Status(StatusCode.FailedPrecondition, RunOverAllCustomersAsync);
        var unmatch = await Expect.Status(StatusCode.FailedPrecondition,
            () => recon.UnmatchAsync(new UnmatchRequest { RunId = runId, MatchSequence = accepted.Sequence, Reason = "匹配错了" }).ResponseAsync);
        var imports = server.Imports(server.AdminKey);
        var (ledger, _) = await ImportClient.UploadAsync(imports, new ImportHeader { AdapterId = "template", FileName = "late-R9100.csv", Options = { ["kind"] = "ledger" } }, Csv(
            "客户编码,客户名称,日期,单据类型,单据号,金额,摘要",
            "R9100,,2024-04-29,销售发票,INV-LATE,80.00,补记四月",
            "R9100,,2024-05-02,销售发票,INV-MAY,90.00,五月"));
        var (lines, _) = await ImportClient.UploadAsync(imports, new ImportHeader
        {
            AdapterId = "template",
            FileName = "statement-R9100-late.csv",
            Options = { ["kind"] = "statement", ["convention"] = "counterparty-ledger" },
            Target = new ImportTarget { StatementName = "R9100 补充对账单", StatementKind = StatementKind.CustomerStatement, CustomerCode = "R9100" },
        }, Csv("日期,借方,贷方,摘要,单据号", "2024-04-29,,80.00,购货,INV-LATE", "2024-05-02,,90.00,购货,INV-MAY"));
        var errors = await imports.ListImportErrorsAsync(new ListImportErrorsRequest { BatchId = ledger.Id });
        // The seed's own ledger file again: its April rows were stored before the lock, so they are only counted.
        var (again, _) = await ImportClient.UploadAsync(imports, new ImportHeader { AdapterId = "template", FileName = "ledger-R9100.csv", Options = { ["kind"] = "ledger" }, Strict = true }, Csv(
            "客户编码,客户名称,日期,单据类型,单据号,金额,摘要",
            "R9100,,2024-04-02,销售发票,INV-1,1000.00,销售",
            "R9100,,2024-04-05,销售发票,INV-2,500.00,销售",
            "R9100,,2024-04-20,销售发票,INV-3,300.00,月末发货",
            "R9100,,2024-04-15,收款,RC-1,1000.00,收到货款"));

        Assert.All([run, unmatch], message => Assert.Contains("'R9100'", message));
        Assert.True(again.Committed);
        Assert.Equal((4, 0, 4, 0), (again.RowsRead, again.Imported, again.Duplicates, again.Rejected));
        Assert.Contains("all customers", run);
        Assert.Equal((2, 1, 1), (ledger.RowsRead, ledger.Imported, ledger.Rejected));
        Assert.Equal(2, Assert.Single(errors.Errors).Line);
        Assert.Contains("locked", errors.Errors[0].Message);
        Assert.Equal((2, 1, 1), (lines.RowsRead, lines.Imported, lines.Rejected));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_run_scoped_by_category_takes_its_customers_and_their_descendants_and_lines_naming_no_customer(string provider)
    {
        var server = await servers.For(provider);
        var categories = server.Categories(server.AdminKey);
        await categories.CreateCategoryAsync(new CreateCategoryRequest { Code = "93", Name = "华北区" });
        await categories.CreateCategoryAsync(new CreateCategoryRequest { Code = "9301", Name = "北京" });
        await categories.CreateCategoryAsync(new CreateCategoryRequest { Code = "94", Name = "西南区" });
        await server.Customers(server.AdminKey).CreateCustomerAsync(new CreateCustomerRequest { Fields = new CustomerFields { Code = "R9300", Name = "北京燕山建材有限公司", CategoryCode = "9301" } });
        await server.Customers(server.AdminKey).CreateCustomerAsync(new CreateCustomerRequest { Fields = new CustomerFields { Code = "R9400", Name = "成都蜀锦纺织有限公司", CategoryCode = "94" } });
        var imports = server.Imports(server.AdminKey);
        await ImportClient.UploadAsync(imports, new ImportHeader { AdapterId = "template", FileName = "ledger-93-94.csv", Options = { ["kind"] = "ledger" } }, Csv(
            "客户编码,客户名称,日期,单据类型,单据号,金额,摘要",
            "R9300,,2024-04-03,销售发票,INV-93,100.00,销售",
            "R9400,,2024-04-04,销售发票,INV-94,200.00,销售"));
        var (bill, _) = await ImportClient.UploadAsync(imports, new ImportHeader
        {
            AdapterId = "template",
            FileName = "platform-2024-04.csv",
            Options = { ["kind"] = "statement", ["convention"] = "our-ledger" },
            Target = new ImportTarget { StatementName = "平台账单 2024-04 华北西南", StatementKind = StatementKind.PlatformBill },
        }, Csv(
            "日期,金额,摘要,单据号,客户编码",
            "2024-04-03,100.00,货款,INV-93,R9300",
            "2024-04-04,200.00,货款,INV-94,R9400",
            "2024-04-30,-7.50,平台服务费,FEE-04,"));
        var recon = server.Reconciliation(server.AdminKey);

        using var call = recon.StartRun(new StartRunRequest { CategoryCode = "93", StartDate = April1, EndDate = April30, StatementIds = { bill.StatementId } });
        var events = await ReadAllAsync(call, r => r.Event);
        var both = await Expect.Status(StatusCode.InvalidArgument, () => ReadAllAsync(recon.StartRun(new StartRunRequest
        {
            CustomerCode = "R9300", CategoryCode = "93", StartDate = April1, EndDate = April30, StatementIds = { bill.StatementId },
        }), r => r.Event));
        var noSuch = await Expect.Status(StatusCode.NotFound, () => ReadAllAsync(recon.StartRun(new StartRunRequest
        {
            CategoryCode = "9", StartDate = April1, EndDate = April30, StatementIds = { bill.StatementId },
        }), r => r.Event));

        var run = events[^1].Finished;
        Assert.True(run.Status == RunStatus.Completed, run.ToString());
        Assert.Equal("93", run.CategoryCode);
        var matched = events.Where(e => e.EventCase == RunEvent.EventOneofCase.Matches).SelectMany(e => e.Matches.Matches).ToList();
        var exceptions = events.Where(e => e.EventCase == RunEvent.EventOneofCase.Exceptions).SelectMany(e => e.Exceptions.Exceptions).ToList();
        Assert.Equal("INV-93", Assert.Single(Assert.Single(matched).Ours).DocumentNumber);
        // R9400 is in another category: neither its entry nor its line is in the run; the fee names no customer, so it is.
        Assert.Equal([(ExceptionReason.MissingOnOurSide, "FEE-04")], exceptions.Select(e => (e.Reason, e.Item.DocumentNumber)));
        Assert.Contains("not both", both);
        Assert.Contains("no category with code '9'", noSuch);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Rule_sets_are_versioned_and_a_run_keeps_the_version_it_used(string provider)
    {
        var server = await servers.For(provider);
        var statementId = await SeedAsync(server, "R9004");
        var recon = server.Reconciliation(server.AdminKey);
        var exactDocument = ExactDocumentRule();

        var created = await recon.CreateRuleSetAsync(new CreateRuleSetRequest { Name = "strict-R9004", Rules = { exactDocument }, Description = "只按单据号" });
        var stale = await Expect.Status(StatusCode.Aborted, () => recon.UpdateRuleSetAsync(new UpdateRuleSetRequest
        {
            Name = "strict-R9004", ExpectedVersion = 7, Rules = { exactDocument },
        }).ResponseAsync);
        var withTolerance = exactDocument.Clone();
        withTolerance.Name = "document-tolerance";
        withTolerance.AmountCondition = AmountConditionKind.Absolute;
        withTolerance.Tolerance = new DecimalValue { Value = "5.00" };
        withTolerance.Decision = RuleDecision.Proposed;
        var updated = await recon.UpdateRuleSetAsync(new UpdateRuleSetRequest { Name = "strict-R9004", ExpectedVersion = 1, Rules = { exactDocument, withTolerance } });
        var invalid = await Expect.Status(StatusCode.InvalidArgument, () => recon.CreateRuleSetAsync(new CreateRuleSetRequest
        {
            Name = "broken", Rules = { exactDocument, exactDocument },
        }).ResponseAsync);
        using var call = recon.StartRun(new StartRunRequest
        {
            CustomerCode = "R9004", StartDate = April1, EndDate = April30, StatementIds = { statementId }, RuleSetName = "strict-R9004", RuleSetVersion = 1,
        });
        var events = await ReadAllAsync(call, r => r.Event);
        var sets = await recon.ListRuleSetsAsync(new ListRuleSetsRequest());
        var first = await recon.GetRuleSetAsync(new GetRuleSetRequest { Name = "strict-R9004", Version = 1 });

        Assert.Equal(1, created.RuleSet.Version);
        Assert.Contains("version 1", stale);
        Assert.Equal(2, updated.RuleSet.Version);
        Assert.Contains("unique", invalid);
        var run = events[^1].Finished;
        Assert.Equal((RunStatus.Completed, "strict-R9004", 1), (run.Status, run.RuleSetName, run.RuleSetVersion));
        // Version 1 has no tolerance: INV-2 (500 vs 495) is explained, not proposed.
        Assert.Equal(2, run.Summary.Matches);
        Assert.Contains(run.Summary.Exceptions, e => e.Reason == ExceptionReason.AmountDiffers);
        // Both books hold INV-2 (ours 500, theirs 495): the 余额调节表 adjusts ours by the -5 difference, not each side
        // by the other's whole invoice; INV-9 is theirs only, INV-3 ours only. Movements: ours 800, theirs 695.
        var balance = Assert.Single(run.Summary.Balances);
        Assert.Equal([(ExceptionReason.MissingOnOurSide, 1, "200.00"), (ExceptionReason.AmountDiffers, 2, "-5.00")],
            balance.OurAdjustments.Select(a => (a.Reason, a.Count, a.Amount.Value)));
        Assert.Equal([(ExceptionReason.MissingOnTheirSide, 1, "300.00")], balance.TheirAdjustments.Select(a => (a.Reason, a.Count, a.Amount.Value)));
        Assert.Equal(("800.00", "995.00", "995.00", "0.00"), (balance.Ours.Value, balance.AdjustedOurs.Value, balance.AdjustedTheirs.Value, balance.Unexplained.Value));
        Assert.Contains(sets.RuleSets, s => s.Name == "default" && s.Rules.Count > 5);
        Assert.Contains(sets.RuleSets, s => s.Name == "strict-R9004" && s.Version == 2);
        Assert.Single(first.RuleSet.Rules);
    }

    [Fact]
    public async Task A_client_asking_for_matched_items_by_id_gets_the_same_results_with_ids_only_and_whole_exceptions()
    {
        // The run is streamed live from memory; a second server on the same database replays it from storage.
        var folder = Directory.CreateTempSubdirectory("recon-ids-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = folder,
            ["Auth:BootstrapAdminKey"] = "rk_test_admin_" + Guid.NewGuid().ToString("N"),
        };
        try
        {
            List<RunEvent> live;
            await using (var first = await TestServer.StartAsync(TestDatabases.Sqlite, settings))
            {
                const string code = "R9011";
                var statementId = await MatchingPairs.SeedAsync(first, "90", "对账测试", code, 300, missingOnTheirs: 3);
                using var call = first.Reconciliation(first.AdminKey).StartRun(new StartRunRequest
                {
                    CustomerCode = code, StartDate = April1, EndDate = April30, StatementIds = { statementId }, MatchItems = MatchItemDetail.Ids,
                });
                live = await ReadAllAsync(call, r => r.Event);
            }

            await using var second = await TestServer.StartAsync(TestDatabases.Sqlite, settings);
            var recon = second.Reconciliation(second.AdminKey);
            var runId = live[^1].Finished.Id;
            using var full = recon.WatchRun(new WatchRunRequest { RunId = runId });
            var whole = await ReadAllAsync(full, r => r.Event);
            using var byId = recon.WatchRun(new WatchRunRequest { RunId = runId, MatchItems = MatchItemDetail.Ids });
            var stored = await ReadAllAsync(byId, r => r.Event);

            Match[] Matches(List<RunEvent> events) => [.. events.Where(e => e.EventCase == RunEvent.EventOneofCase.Matches).SelectMany(e => e.Matches.Matches)];
            ReconException[] Exceptions(List<RunEvent> events) => [.. events.Where(e => e.EventCase == RunEvent.EventOneofCase.Exceptions).SelectMany(e => e.Exceptions.Exceptions)];
            var detailed = Matches(whole);
            Assert.Equal(300 - 3, detailed.Length);
            Assert.All(detailed.SelectMany(m => m.Ours), i => Assert.StartsWith("INV-", i.DocumentNumber));
            foreach (var idsOnly in new[] { Matches(live), Matches(stored) })
            {
                Assert.Equal(detailed.Select(m => (m.Sequence, m.RuleName, m.Status, m.OurAmount.Value, m.TheirAmount.Value)),
                    idsOnly.Select(m => (m.Sequence, m.RuleName, m.Status, m.OurAmount.Value, m.TheirAmount.Value)));
                Assert.Equal(detailed.SelectMany(m => m.Ours.Concat(m.Theirs)).Select(i => (i.Side, i.Id)),
                    idsOnly.SelectMany(m => m.Ours.Concat(m.Theirs)).Select(i => (i.Side, i.Id)));
                Assert.All(idsOnly.SelectMany(m => m.Ours.Concat(m.Theirs)), i => Assert.True(i.Date is null && i.Amount is null && i.DocumentNumber == "", $"item {i.Id} carries more than its id"));
            }

            // Exceptions are what a person works on: they keep their items whole either way.
            Assert.Equal(3, Exceptions(live).Length);
            Assert.Equal(Exceptions(whole), Exceptions(live));
            Assert.Equal(Exceptions(whole), Exceptions(stored));
            Assert.All(Exceptions(live), e => Assert.StartsWith("INV-", e.Item.DocumentNumber));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_client_that_disconnects_re_attaches_from_its_offset_and_misses_nothing(string provider)
    {
        var server = await servers.For(provider);
        const string code = "R9005";
        var statementId = await MatchingPairs.SeedAsync(server, "90", "对账测试", code, 3000);
        var recon = server.Reconciliation(server.AdminKey);

        long runId;
        var received = new List<RunEvent>();
        using (var call = recon.StartRun(new StartRunRequest { CustomerCode = code, StartDate = April1, EndDate = April30, StatementIds = { statementId } }))
        {
            await foreach (var response in call.ResponseStream.ReadAllAsync())
            {
                received.Add(response.Event);
                if (response.Event.EventCase == RunEvent.EventOneofCase.Matches)
                {
                    break; // the client goes away after its first batch
                }
            }

            runId = received[0].Started.Id;
        }

        var resumeAt = received[^1].Offset + received[^1].Matches.Matches.Count;
        using var watch = recon.WatchRun(new WatchRunRequest { RunId = runId, Offset = resumeAt });
        var rest = await ReadAllAsync(watch, r => r.Event);
        var sequences = received.Concat(rest).Where(e => e.EventCase == RunEvent.EventOneofCase.Matches)
            .SelectMany(e => e.Matches.Matches.Select(m => m.Sequence)).ToList();
        var finished = rest[^1].Finished;

        Assert.Equal(RunStatus.Completed, finished.Status);
        Assert.Equal(Enumerable.Range(0, finished.Summary.Matches), sequences);
        Assert.Equal(3000, finished.Summary.Matches);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_cancelled_run_keeps_nothing_and_can_be_restarted(string provider)
    {
        var server = await servers.For(provider);
        const string code = "R9006";
        var statementId = await MatchingPairs.SeedAsync(server, "90", "对账测试", code, 2000);
        var recon = server.Reconciliation(server.AdminKey);
        // Other runs hold every slot, so this one is certainly still pending when it is cancelled.
        var slots = server.Services.GetRequiredService<RunSlots>();
        var busy = new List<IDisposable>();
        while (busy.Count < 2)
        {
            busy.Add(await slots.EnterAsync(CancellationToken.None));
        }

        RunEvent started;
        using (var call = recon.StartRun(new StartRunRequest { CustomerCode = code, StartDate = April1, EndDate = April30, StatementIds = { statementId } }))
        {
            Assert.True(await call.ResponseStream.MoveNext());
            started = call.ResponseStream.Current.Event;
        }

        var cancelled = await recon.CancelRunAsync(new CancelRunRequest { RunId = started.Started.Id });
        busy.ForEach(slot => slot.Dispose());
        var matchesAfterCancel = await recon.ListMatches(new ListMatchesRequest { RunId = started.Started.Id }).ResponseStream.ReadAllAsync().CountAsync();
        var cancelAgain = await Expect.Status(StatusCode.FailedPrecondition, () => recon.CancelRunAsync(new CancelRunRequest { RunId = started.Started.Id }).ResponseAsync);
        using var restart = recon.RestartRun(new RestartRunRequest { RunId = started.Started.Id });
        var restarted = await ReadAllAsync(restart, r => r.Event);

        Assert.Equal(RunStatus.Pending, started.Started.Status);
        Assert.Equal(RunStatus.Cancelled, cancelled.Run.Status);
        Assert.Equal((0, 0), (cancelled.Run.StoredMatches, cancelled.Run.StoredExceptions));
        Assert.Equal(0, matchesAfterCancel);
        Assert.Contains("cancelled", cancelAgain);
        Assert.Equal(RunStatus.Completed, restarted[^1].Finished.Status);
        Assert.Equal(2000, restarted[^1].Finished.Summary.Matches);
    }

    /// <summary>
    /// With SQLite there is one instance: a run its stop cut off is interrupted, for a person to restart. On a shared
    /// database the run is left to the next instance, which takes it over and completes it by itself.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_run_cut_off_by_a_server_stop_is_interrupted_with_sqlite_and_taken_over_on_a_shared_database(string provider)
    {
        var folder = Directory.CreateTempSubdirectory("recon-restart-").FullName;
        string? database = provider == TestDatabases.PostgreSql ? "recon_restart_" + Guid.NewGuid().ToString("N") : null;
        var settings = new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = folder,
            ["Auth:BootstrapAdminKey"] = "rk_test_admin_" + Guid.NewGuid().ToString("N"),
            ["Reconciliation:MaxConcurrentRuns"] = "1",
        };
        if (database is not null)
        {
            settings["ConnectionStrings:Recon"] = await TestDatabases.CreatePostgresDatabaseAsync(database);
        }

        try
        {
            long runId;
            ReconGrpc.Data.Execution.ExecutionLease busy;
            await using (var first = await TestServer.StartAsync(provider, settings))
            {
                var statementId = await MatchingPairs.SeedAsync(first, "90", "对账测试", "R9007", 2000);
                // Another run holds the only slot, so this one is still waiting when the server stops.
                busy = await first.Services.GetRequiredService<RunSlots>().EnterAsync(CancellationToken.None);
                using var call = first.Reconciliation(first.AdminKey).StartRun(new StartRunRequest
                {
                    CustomerCode = "R9007", StartDate = April1, EndDate = April30, StatementIds = { statementId },
                });
                Assert.True(await call.ResponseStream.MoveNext());
                runId = call.ResponseStream.Current.Event.Started.Id;
            }

            // On a shared database the slot is the database's: the run that held it ends with the first instance.
            await busy.DisposeAsync();

            await using var second = await TestServer.StartAsync(provider, settings);
            var recon = second.Reconciliation(second.AdminKey);
            if (database is not null)
            {
                var taken = await ReadAllAsync(recon.WatchRun(new WatchRunRequest { RunId = runId }), r => r.Event);
                Assert.Equal(RunStatus.Completed, taken[^1].Finished.Status);
                Assert.Equal(2000, taken[^1].Finished.Summary.Matches);
                return;
            }

            var interrupted = (await recon.GetRunAsync(new GetRunRequest { RunId = runId })).Run;
            using var restart = recon.RestartRun(new RestartRunRequest { RunId = runId });
            var restarted = await ReadAllAsync(restart, r => r.Event);

            Assert.Equal(RunStatus.Interrupted, interrupted.Status);
            Assert.Contains("RestartRun", interrupted.Error);
            Assert.Equal(RunStatus.Completed, restarted[^1].Finished.Status);
            Assert.Equal(2000, restarted[^1].Finished.Summary.Matches);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (database is not null)
            {
                await TestDatabases.DropPostgresDatabaseAsync(database);
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_live_watcher_gets_from_the_run_s_memory_exactly_what_a_later_reader_gets_from_storage(string provider)
    {
        // The live watcher reads the run's rows and items from memory; the listings afterwards read storage.
        await using var server = await TestServer.StartAsync(provider, new Dictionary<string, string?>
        {
            ["Reconciliation:MaxConcurrentRuns"] = "1",
        });
        var statementId = await MatchingPairs.SeedAsync(server, "90", "对账测试", "R9009", 2500, missingOnTheirs: 30);
        var recon = server.Reconciliation(server.AdminKey);
        var slot = await server.Services.GetRequiredService<RunSlots>().EnterAsync(CancellationToken.None);
        using var call = recon.StartRun(new StartRunRequest { CustomerCode = "R9009", StartDate = April1, EndDate = April30, StatementIds = { statementId } });
        Assert.True(await call.ResponseStream.MoveNext());
        // The run waits for the slot while the watcher looks it up (at least once a second); then it may go.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        slot.Dispose();
        var live = await ReadAllAsync(call, r => r.Event);
        var runId = live[^1].Finished.Id;
        var stored = await recon.ListMatches(new ListMatchesRequest { RunId = runId }).ResponseStream.ReadAllAsync().SelectMany(r => r.Matches.ToAsyncEnumerable()).ToListAsync();
        var storedExceptions = await recon.ListExceptions(new ListExceptionsRequest { RunId = runId }).ResponseStream.ReadAllAsync()
            .SelectMany(r => r.Exceptions.ToAsyncEnumerable()).ToListAsync();

        var streamed = live.Where(e => e.EventCase == RunEvent.EventOneofCase.Matches).SelectMany(e => e.Matches.Matches).ToList();
        var streamedExceptions = live.Where(e => e.EventCase == RunEvent.EventOneofCase.Exceptions).SelectMany(e => e.Exceptions.Exceptions).ToList();
        Assert.Equal(RunStatus.Completed, live[^1].Finished.Status);
        Assert.Equal(2470, streamed.Count);
        Assert.Equal(stored, streamed);
        Assert.Equal(30, streamedExceptions.Count);
        Assert.Equal(storedExceptions, streamedExceptions);

        // A watcher that attaches after the run has ended reads every page from storage.
        var replay = await ReadAllAsync(recon.WatchRun(new WatchRunRequest { RunId = runId }), r => r.Event);
        Assert.Equal(streamed, replay.Where(e => e.EventCase == RunEvent.EventOneofCase.Matches).SelectMany(e => e.Matches.Matches));
        Assert.Equal(streamedExceptions, replay.Where(e => e.EventCase == RunEvent.EventOneofCase.Exceptions).SelectMany(e => e.Exceptions.Exceptions));

        // From an offset inside a page (the next page is read while one goes out), and a watcher that leaves after
        // one page while the next is being read: the server goes on serving.
        var tail = await ReadAllAsync(recon.WatchRun(new WatchRunRequest { RunId = runId, Offset = 1234 }), r => r.Event);
        Assert.Equal(streamed.Skip(1234), tail.Where(e => e.EventCase == RunEvent.EventOneofCase.Matches).SelectMany(e => e.Matches.Matches));
        Assert.Equal(streamedExceptions, tail.Where(e => e.EventCase == RunEvent.EventOneofCase.Exceptions).SelectMany(e => e.Exceptions.Exceptions));
        using (var leaving = recon.WatchRun(new WatchRunRequest { RunId = runId }))
        {
            while (await leaving.ResponseStream.MoveNext() && leaving.ResponseStream.Current.Event.EventCase != RunEvent.EventOneofCase.Matches)
            {
            }
        }

        Assert.Equal(runId, (await recon.GetRunAsync(new GetRunRequest { RunId = runId })).Run.Id);
    }

    [Fact]
    public async Task A_stored_run_left_running_by_a_crashed_server_is_interrupted_at_start_and_its_partial_results_removed()
    {
        var folder = Directory.CreateTempSubdirectory("recon-crash-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = folder,
            ["Auth:BootstrapAdminKey"] = "rk_test_admin_" + Guid.NewGuid().ToString("N"),
        };

        try
        {
            long runId;
            await using (var first = await TestServer.StartAsync(TestDatabases.Sqlite, settings))
            {
                var statementId = await SeedAsync(first, "R9008");
                runId = (await RunAsync(first, "R9008", statementId))[^1].Finished.Id;
            }

            // What a killed process leaves behind: the run still marked running, with part of its results stored.
            await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(folder, "recon.db")}"))
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = $"UPDATE recon_run SET Status = 'Running', SummaryJson = NULL, EndedAt = NULL WHERE Id = {runId}";
                await command.ExecuteNonQueryAsync();
            }

            await using var second = await TestServer.StartAsync(TestDatabases.Sqlite, settings);
            var recon = second.Reconciliation(second.AdminKey);
            var run = (await recon.GetRunAsync(new GetRunRequest { RunId = runId })).Run;
            var matches = await recon.ListMatches(new ListMatchesRequest { RunId = runId }).ResponseStream.ReadAllAsync().CountAsync();

            Assert.Equal(RunStatus.Interrupted, run.Status);
            Assert.Equal((0, 0), (run.StoredMatches, run.StoredExceptions));
            Assert.Equal(0, matches);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Bad_requests_get_clear_errors(string provider)
    {
        var server = await servers.For(provider);
        var recon = server.Reconciliation(server.AdminKey);
        var viewer = await server.CreateKeyAsync(Role.Viewer, "viewer");

        var noStatement = await Expect.Status(StatusCode.InvalidArgument, () => RunAsync(server, "", 0));
        var statementOfR9013 = await SeedAsync(server, "R9013");
        await SeedAsync(server, "R9014");
        var foreignStatement = await Expect.Status(StatusCode.FailedPrecondition, () => RunAsync(server, "R9014", statementOfR9013));
        var unknownStatement = await Expect.Status(StatusCode.NotFound, () => RunAsync(server, "", 987654));
        var unknownRun = await Expect.Status(StatusCode.NotFound, () => recon.GetRunAsync(new GetRunRequest { RunId = 987654 }).ResponseAsync);
        var unknownRules = await Expect.Status(StatusCode.NotFound, () => recon.GetRuleSetAsync(new GetRuleSetRequest { Name = "nope" }).ResponseAsync);
        var viewerStarts = await Expect.Status(StatusCode.PermissionDenied, () => server.Reconciliation(viewer).StartRun(new StartRunRequest
        {
            StartDate = April1, EndDate = April30, StatementIds = { 1 },
        }).ResponseStream.ReadAllAsync().CountAsync().AsTask());

        Assert.Contains("statement", unknownStatement);
        Assert.Contains("987654", unknownRun);
        Assert.Contains("customer R9013's; this run is for R9014", foreignStatement);
        Assert.Contains("nope", unknownRules);
        Assert.NotEmpty(noStatement);
        Assert.NotEmpty(viewerStarts);
    }
}
