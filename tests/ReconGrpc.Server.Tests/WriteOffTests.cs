using System.Globalization;
using System.Text;
using Grpc.Core;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests;

/// <summary>
/// Write-off models (核销模板) through a real server: kept with versions and audited, and used to end a match's
/// difference as ledger entries when it is confirmed or made by hand.
/// </summary>
public sealed class WriteOffTests(ServerPool servers) : IClassFixture<ServerPool>
{
    private static readonly Date April1 = new() { Year = 2024, Month = 4, Day = 1 };
    private static readonly Date April30 = new() { Year = 2024, Month = 4, Day = 30 };

    private static byte[] Csv(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");

    private static DecimalValue Dec(string value) => new() { Value = value };

    /// <summary>
    /// A customer whose April invoices their statement (their payable ledger) shows short, each within the default
    /// 1 % tolerance, so the default rule set proposes each pair: INV-1 500.00 vs 495.00 (-5), INV-2 20,000.00 vs
    /// 19,894.00 (-106), INV-3 2,000.00 vs 1,990.00 (-10), INV-4 800.00 vs 795.00 (-5); INV-5 agrees (accepted).
    /// </summary>
    private static async Task<long> SeedAsync(TestServer server, string code)
    {
        try
        {
            await server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = "95", Name = "核销测试" });
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
        {
            // Shared by the tests of this class.
        }

        await server.Customers(server.AdminKey).CreateCustomerAsync(new CreateCustomerRequest
        {
            Fields = new CustomerFields { Code = code, Name = "核销客户" + code, CategoryCode = "95" },
        });
        var imports = server.Imports(server.AdminKey);
        await ImportClient.UploadAsync(imports, new ImportHeader { AdapterId = "template", FileName = $"ledger-{code}.csv", Options = { ["kind"] = "ledger" } }, Csv(
            "客户编码,客户名称,日期,单据类型,单据号,金额,摘要",
            $"{code},,2024-04-02,销售发票,INV-1,500.00,销售",
            $"{code},,2024-04-05,销售发票,INV-2,20000.00,销售",
            $"{code},,2024-04-08,销售发票,INV-3,2000.00,销售",
            $"{code},,2024-04-11,销售发票,INV-4,800.00,销售",
            $"{code},,2024-04-14,销售发票,INV-5,1000.00,销售"));
        var (statement, _) = await ImportClient.UploadAsync(imports, new ImportHeader
        {
            AdapterId = "template",
            FileName = $"statement-{code}.csv",
            Options = { ["kind"] = "statement", ["convention"] = "counterparty-ledger" },
            Target = new ImportTarget { StatementName = $"{code} 2024-04 对账单", StatementKind = StatementKind.CustomerStatement, CustomerCode = code },
        }, Csv(
            "日期,借方,贷方,摘要,单据号",
            "2024-04-03,,495.00,购货,INV-1",
            "2024-04-06,,19894.00,购货,INV-2",
            "2024-04-09,,1990.00,购货,INV-3",
            "2024-04-12,,795.00,购货,INV-4",
            "2024-04-15,,1000.00,购货,INV-5"));
        return statement.StatementId;
    }

    /// <summary>Runs April for the customer and returns the run's id and its matches by our document number.</summary>
    private static async Task<(long RunId, Dictionary<string, Match> Matches)> RunAsync(TestServer server, string code, long statementId)
    {
        using var call = server.Reconciliation(server.AdminKey).StartRun(new StartRunRequest
        {
            CustomerCode = code, StartDate = April1, EndDate = April30, StatementIds = { statementId },
        });
        var events = await call.ResponseStream.ReadAllAsync().Select(r => r.Event).ToListAsync();
        var run = events[^1].Finished;
        Assert.True(run.Status == RunStatus.Completed, run.ToString());
        var matches = events.Where(e => e.EventCase == RunEvent.EventOneofCase.Matches).SelectMany(e => e.Matches.Matches).ToDictionary(m => m.Ours[0].DocumentNumber);
        return (run.Id, matches);
    }

    private static WriteOffModel Model(string name, WriteOffAmountKind kind, string? amount = null, string account = "6603 财务费用-手续费", string reasonCode = "FEE") => new()
    {
        Name = name, Account = account, ReasonCode = reasonCode, AmountKind = kind, Amount = amount is null ? null : Dec(amount),
    };

    private static async Task<decimal> BalanceAsync(TestServer server, string code) => decimal.Parse(
        (await server.Ledger(server.AdminKey).GetCustomerBalanceAsync(new GetCustomerBalanceRequest { CustomerCode = code })).Balance.Value, CultureInfo.InvariantCulture);

    /// <summary>The customer's adjustment entries (ADJ-…) and their reversals, in date then id order.</summary>
    private static Task<List<LedgerEntry>> AdjustmentEntriesAsync(TestServer server, string code) =>
        server.Ledger(server.AdminKey).ListLedgerEntries(new ListLedgerEntriesRequest { CustomerCode = code, Text = "ADJ-" })
            .ResponseStream.ReadAllAsync().SelectMany(b => b.Entries.ToAsyncEnumerable()).ToListAsync().AsTask();

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Models_are_kept_with_versions_and_audited_and_bad_ones_are_refused_saying_why(string provider)
    {
        var server = await servers.For(provider);
        var recon = server.Reconciliation(server.AdminKey);
        var spec = Model("bank-fee", WriteOffAmountKind.Fixed, "15.00", reasonCode: "BANKFEE");
        spec.Description = "跨行汇款手续费";

        var created = (await recon.CreateWriteOffModelAsync(new CreateWriteOffModelRequest { Model = spec })).Model;
        var duplicate = await Expect.Status(StatusCode.AlreadyExists, () => recon.CreateWriteOffModelAsync(new CreateWriteOffModelRequest { Model = spec }).ResponseAsync);
        var badPercentage = await Expect.Status(StatusCode.InvalidArgument, () => recon.CreateWriteOffModelAsync(new CreateWriteOffModelRequest
        {
            Model = Model("card-fee", WriteOffAmountKind.Percentage, "150"),
        }).ResponseAsync);
        var noPercentage = await Expect.Status(StatusCode.InvalidArgument, () => recon.CreateWriteOffModelAsync(new CreateWriteOffModelRequest
        {
            Model = Model("card-fee", WriteOffAmountKind.Percentage),
        }).ResponseAsync);
        var taxWithoutAccount = Model("vat-fee", WriteOffAmountKind.WholeDifference);
        taxWithoutAccount.TaxRate = Dec("6");
        var noTaxAccount = await Expect.Status(StatusCode.InvalidArgument, () => recon.CreateWriteOffModelAsync(new CreateWriteOffModelRequest { Model = taxWithoutAccount }).ResponseAsync);
        var accountWithoutTax = Model("vat-fee", WriteOffAmountKind.WholeDifference);
        accountWithoutTax.TaxAccount = "22210101 应交税费-进项税额";
        var noTaxRate = await Expect.Status(StatusCode.InvalidArgument, () => recon.CreateWriteOffModelAsync(new CreateWriteOffModelRequest { Model = accountWithoutTax }).ResponseAsync);
        var badName = await Expect.Status(StatusCode.InvalidArgument, () => recon.CreateWriteOffModelAsync(new CreateWriteOffModelRequest
        {
            Model = Model("bank fee", WriteOffAmountKind.WholeDifference),
        }).ResponseAsync);
        var noAccount = await Expect.Status(StatusCode.InvalidArgument, () => recon.CreateWriteOffModelAsync(new CreateWriteOffModelRequest
        {
            Model = Model("no-account", WriteOffAmountKind.WholeDifference, account: " "),
        }).ResponseAsync);
        var noKind = await Expect.Status(StatusCode.InvalidArgument, () => recon.CreateWriteOffModelAsync(new CreateWriteOffModelRequest
        {
            Model = Model("no-kind", WriteOffAmountKind.Unspecified),
        }).ResponseAsync);

        var change = Model("bank-fee", WriteOffAmountKind.Fixed, "25.00", reasonCode: "BANKFEE");
        change.TaxRate = Dec("6");
        change.TaxAccount = "22210101 应交税费-进项税额";
        var updated = (await recon.UpdateWriteOffModelAsync(new UpdateWriteOffModelRequest { Model = change, ExpectedVersion = 1 })).Model;
        var stale = await Expect.Status(StatusCode.Aborted, () => recon.UpdateWriteOffModelAsync(new UpdateWriteOffModelRequest { Model = change, ExpectedVersion = 1 }).ResponseAsync);
        var accountantKey = (await server.Admin(server.AdminKey).CreateApiKeyAsync(new CreateApiKeyRequest { Name = "会计-核销", Role = Role.Accountant })).Secret;
        var byAccountant = await Expect.Status(StatusCode.PermissionDenied, () => server.Reconciliation(accountantKey).CreateWriteOffModelAsync(new CreateWriteOffModelRequest
        {
            Model = Model("accountant-fee", WriteOffAmountKind.WholeDifference),
        }).ResponseAsync);
        var listedByAccountant = (await server.Reconciliation(accountantKey).ListWriteOffModelsAsync(new ListWriteOffModelsRequest())).Models;
        var got = (await recon.GetWriteOffModelAsync(new GetWriteOffModelRequest { Name = "bank-fee" })).Model;
        var staleDelete = await Expect.Status(StatusCode.Aborted, () => recon.DeleteWriteOffModelAsync(new DeleteWriteOffModelRequest { Name = "bank-fee", ExpectedVersion = 1 }).ResponseAsync);
        var deleted = (await recon.DeleteWriteOffModelAsync(new DeleteWriteOffModelRequest { Name = "bank-fee", ExpectedVersion = 2 })).Model;
        var gone = await Expect.Status(StatusCode.NotFound, () => recon.GetWriteOffModelAsync(new GetWriteOffModelRequest { Name = "bank-fee" }).ResponseAsync);
        var audit = await server.Audit(server.AdminKey).ListAuditEntriesAsync(new ListAuditEntriesRequest { EntityType = "write_off_model", EntityId = "bank-fee" });

        Assert.Equal((1, "6603 财务费用-手续费", "BANKFEE", WriteOffAmountKind.Fixed, "15.00", null, "", "跨行汇款手续费"),
            (created.Version, created.Account, created.ReasonCode, created.AmountKind, created.Amount.Value, created.TaxRate, created.TaxAccount, created.Description));
        Assert.Contains("exists", duplicate);
        Assert.Contains("percentage", badPercentage);
        Assert.Contains("percentage", noPercentage);
        Assert.Contains("tax", noTaxAccount);
        Assert.Contains("rate", noTaxRate);
        Assert.Contains("letters, digits", badName);
        Assert.Contains("account", noAccount);
        Assert.Contains("fixed amount", noKind);
        Assert.Equal((2, "25.00", "6.00", "22210101 应交税费-进项税额", ""), (updated.Version, updated.Amount.Value, updated.TaxRate.Value, updated.TaxAccount, updated.Description));
        Assert.Contains("version 1", stale);
        Assert.Contains("has role accountant", byAccountant);
        Assert.Contains(listedByAccountant, m => m.Name == "bank-fee" && m.Version == 2);
        Assert.Equal(updated, got);
        Assert.Contains("version 1", staleDelete);
        Assert.Equal(updated, deleted);
        Assert.Contains("recon writeoffs list", gone);
        Assert.Equal(["writeoff.create", "writeoff.update", "writeoff.delete"], audit.Entries.Select(e => e.Action));
        Assert.Contains("\"amount\":25", audit.Entries[1].AfterJson);
        Assert.Contains("\"amount\":15", audit.Entries[1].BeforeJson);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Confirming_a_fee_difference_with_a_write_off_posts_it_to_the_ledger_and_undoing_the_match_reverses_it(string provider)
    {
        var server = await servers.For(provider);
        const string code = "R9501";
        var statementId = await SeedAsync(server, code);
        var recon = server.Reconciliation(server.AdminKey);
        await recon.CreateWriteOffModelAsync(new CreateWriteOffModelRequest { Model = Model("fees", WriteOffAmountKind.WholeDifference) });
        var (runId, matches) = await RunAsync(server, code, statementId);
        var fee = matches["INV-1"];
        var before = await BalanceAsync(server, code);
        var summaryBefore = Assert.Single((await recon.GetRunAsync(new GetRunRequest { RunId = runId })).Run.Summary.Balances);

        var confirmed = await recon.ConfirmMatchAsync(new ConfirmMatchRequest { RunId = runId, MatchSequence = fee.Sequence, Note = "客户少付5元手续费", WriteOffModel = "fees" });
        var afterConfirm = await BalanceAsync(server, code);
        var entries = await AdjustmentEntriesAsync(server, code);
        var summaryAfter = Assert.Single((await recon.GetRunAsync(new GetRunRequest { RunId = runId })).Run.Summary.Balances);
        var again = await Expect.Status(StatusCode.FailedPrecondition,
            () => recon.ConfirmMatchAsync(new ConfirmMatchRequest { RunId = runId, MatchSequence = fee.Sequence, WriteOffModel = "fees" }).ResponseAsync);
        var noDifference = await Expect.Status(StatusCode.FailedPrecondition,
            () => recon.ConfirmMatchAsync(new ConfirmMatchRequest { RunId = runId, MatchSequence = matches["INV-5"].Sequence, WriteOffModel = "fees" }).ResponseAsync);
        var noModel = await Expect.Status(StatusCode.NotFound,
            () => recon.ConfirmMatchAsync(new ConfirmMatchRequest { RunId = runId, MatchSequence = matches["INV-4"].Sequence, WriteOffModel = "no-such-model" }).ResponseAsync);
        var audit = server.Audit(server.AdminKey);
        var entryAudit = await audit.ListAuditEntriesAsync(new ListAuditEntriesRequest
        {
            EntityType = "ledger_entry", EntityId = confirmed.Match.AdjustmentEntryId.ToString(CultureInfo.InvariantCulture),
        });
        var matchAudit = await audit.ListAuditEntriesAsync(new ListAuditEntriesRequest { EntityType = "recon_match", EntityId = $"{runId}/{fee.Sequence}" });

        var undone = await recon.UnmatchAsync(new UnmatchRequest { RunId = runId, MatchSequence = fee.Sequence, Reason = "手续费客户已补付" });
        var afterUndo = await BalanceAsync(server, code);
        var entriesAfterUndo = await AdjustmentEntriesAsync(server, code);
        var summaryAfterUndo = Assert.Single((await recon.GetRunAsync(new GetRunRequest { RunId = runId })).Run.Summary.Balances);

        // The customer paid 5.00 short: the write-off lowers what they owe by 5.00, closing the difference (theirs − ours = −5).
        Assert.Equal(MatchStatus.Proposed, fee.Status);
        Assert.Equal("-5.00", fee.Difference.Value);
        var posting = confirmed.WriteOff;
        var entry = Assert.Single(posting.Entries);
        Assert.Equal(("fees", "FEE", "-5.00", "0.00"), (posting.Model, posting.ReasonCode, posting.Posted.Value, posting.RemainingDifference.Value));
        Assert.Equal(($"ADJ-{runId}-{fee.Sequence}", "-5.00", "CNY", "6603 财务费用-手续费", false), (entry.DocumentNumber, entry.Amount.Value, entry.Currency, entry.Account, entry.Tax));
        Assert.Equal(new Date { Year = 2024, Month = 4, Day = 3 }, entry.Date); // the latest item's date
        Assert.Equal((MatchStatus.Confirmed, "fees", entry.LedgerEntryId, 0L, "客户少付5元手续费"),
            (confirmed.Match.Status, confirmed.Match.WriteOffModel, confirmed.Match.AdjustmentEntryId, confirmed.Match.TaxEntryId, confirmed.Match.Note));
        Assert.Equal(before - 5m, afterConfirm);
        var booked = Assert.Single(entries);
        Assert.Equal((entry.LedgerEntryId, DocumentType.Adjustment, "-5.00", "6603 财务费用-手续费"), (booked.Id, booked.DocumentType, booked.Amount.Value, booked.Reference));
        Assert.Contains("[FEE]", booked.Memo);
        Assert.Contains("客户少付5元手续费", booked.Memo);
        // The 余额调节表: the proposed −5 left the table (−126 proposed: −5, −106, −10, −5) and our balance moved by it;
        // nothing is unexplained before or after.
        Assert.Equal(("-126.00", "0.00"), (summaryBefore.ProposedMatchDifference.Value, summaryBefore.Unexplained.Value));
        Assert.Equal((Add(summaryBefore.Ours, -5m), summaryBefore.AcceptedMatchDifference.Value, "-121.00", "0.00"),
            (summaryAfter.Ours.Value, summaryAfter.AcceptedMatchDifference.Value, summaryAfter.ProposedMatchDifference.Value, summaryAfter.Unexplained.Value));
        Assert.Contains("posted already", again);
        Assert.Contains("no difference", noDifference);
        Assert.Contains("no-such-model", noModel);
        var post = Assert.Single(entryAudit.Entries);
        Assert.Equal("ledger.post", post.Action);
        Assert.Contains("fees", post.Reason);
        Assert.Contains(matchAudit.Entries, e => e.Action == "match.confirm" && e.AfterJson.Contains("\"writeOffModel\":\"fees\"", StringComparison.Ordinal));
        // Undone: a reversing entry of +5.00 takes the balance back; the match keeps the model and both entry ids for the history.
        Assert.Equal(before, afterUndo);
        Assert.Equal((MatchStatus.Unmatched, "fees", entry.LedgerEntryId), (undone.Match.Status, undone.Match.WriteOffModel, undone.Match.AdjustmentEntryId));
        var reversal = Assert.Single(entriesAfterUndo, e => e.Id == undone.Match.AdjustmentReversalEntryId);
        Assert.Equal(($"ADJ-{runId}-{fee.Sequence}-R", "5.00"), (reversal.DocumentNumber, reversal.Amount.Value));
        Assert.Equal((summaryBefore.Ours.Value, "0.00"), (summaryAfterUndo.Ours.Value, summaryAfterUndo.Unexplained.Value));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_write_off_with_VAT_posts_net_and_tax_exactly_and_undoing_reverses_both(string provider)
    {
        var server = await servers.For(provider);
        const string code = "R9502";
        var statementId = await SeedAsync(server, code);
        var recon = server.Reconciliation(server.AdminKey);
        var vat = Model("service-vat", WriteOffAmountKind.WholeDifference, account: "6603 财务费用-服务费", reasonCode: "SVC");
        vat.TaxRate = Dec("6");
        vat.TaxAccount = "22210101 应交税费-进项税额";
        await recon.CreateWriteOffModelAsync(new CreateWriteOffModelRequest { Model = vat });
        var (runId, matches) = await RunAsync(server, code, statementId);
        var before = await BalanceAsync(server, code);

        var large = (await recon.ConfirmMatchAsync(new ConfirmMatchRequest { RunId = runId, MatchSequence = matches["INV-2"].Sequence, WriteOffModel = "service-vat" }));
        var small = (await recon.ConfirmMatchAsync(new ConfirmMatchRequest { RunId = runId, MatchSequence = matches["INV-3"].Sequence, WriteOffModel = "service-vat" }));
        var afterConfirm = await BalanceAsync(server, code);
        var undone = await recon.UnmatchAsync(new UnmatchRequest { RunId = runId, MatchSequence = matches["INV-2"].Sequence, Reason = "服务费有误" });
        var afterUndo = await BalanceAsync(server, code);
        var entries = await AdjustmentEntriesAsync(server, code);
        var summary = Assert.Single((await recon.GetRunAsync(new GetRunRequest { RunId = runId })).Run.Summary.Balances);

        // 106.00 at 6 %: 100.00 net and 6.00 tax; 10.00 at 6 %: 9.43 net and 0.57 tax (the tax takes the rounding).
        Assert.Equal([("-100.00", "6603 财务费用-服务费", false), ("-6.00", "22210101 应交税费-进项税额", true)],
            large.WriteOff.Entries.Select(e => (e.Amount.Value, e.Account, e.Tax)));
        Assert.Equal([("-9.43", false), ("-0.57", true)], small.WriteOff.Entries.Select(e => (e.Amount.Value, e.Tax)));
        Assert.Equal(("-106.00", "0.00"), (large.WriteOff.Posted.Value, large.WriteOff.RemainingDifference.Value));
        Assert.Equal(large.WriteOff.Entries[1].LedgerEntryId, large.Match.TaxEntryId);
        Assert.Equal($"ADJ-{runId}-{matches["INV-2"].Sequence}-T", large.WriteOff.Entries[1].DocumentNumber);
        Assert.Equal(before - 116m, afterConfirm);
        // Undoing the large one reverses both its entries; the small one stands.
        Assert.Equal(before - 10m, afterUndo);
        Assert.NotEqual(0, undone.Match.AdjustmentReversalEntryId);
        Assert.NotEqual(0, undone.Match.TaxReversalEntryId);
        Assert.Equal("6.00", Assert.Single(entries, e => e.Id == undone.Match.TaxReversalEntryId).Amount.Value);
        Assert.Equal("100.00", Assert.Single(entries, e => e.Id == undone.Match.AdjustmentReversalEntryId).Amount.Value);
        Assert.Equal(6, entries.Count); // 2 + 2 posted, 2 reversals
        Assert.Equal("0.00", summary.Unexplained.Value);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_fixed_or_percentage_amount_smaller_than_the_difference_leaves_the_rest_with_the_match(string provider)
    {
        var server = await servers.For(provider);
        const string code = "R9503";
        var statementId = await SeedAsync(server, code);
        var recon = server.Reconciliation(server.AdminKey);
        await recon.CreateWriteOffModelAsync(new CreateWriteOffModelRequest { Model = Model("fee-3", WriteOffAmountKind.Fixed, "3.00") });
        await recon.CreateWriteOffModelAsync(new CreateWriteOffModelRequest { Model = Model("fee-half-percent", WriteOffAmountKind.Percentage, "0.5") });
        await recon.CreateWriteOffModelAsync(new CreateWriteOffModelRequest { Model = Model("fee-50", WriteOffAmountKind.Fixed, "50.00") });
        var (runId, matches) = await RunAsync(server, code, statementId);
        var before = await BalanceAsync(server, code);

        var fixedPart = await recon.ConfirmMatchAsync(new ConfirmMatchRequest { RunId = runId, MatchSequence = matches["INV-4"].Sequence, WriteOffModel = "fee-3" });
        var percentage = await recon.ConfirmMatchAsync(new ConfirmMatchRequest { RunId = runId, MatchSequence = matches["INV-1"].Sequence, WriteOffModel = "fee-half-percent" });
        var capped = await recon.ConfirmMatchAsync(new ConfirmMatchRequest { RunId = runId, MatchSequence = matches["INV-3"].Sequence, WriteOffModel = "fee-50" });
        var after = await BalanceAsync(server, code);
        var summary = Assert.Single((await recon.GetRunAsync(new GetRunRequest { RunId = runId })).Run.Summary.Balances);

        // INV-4 is 5.00 short: 3.00 posted, 2.00 left; INV-1: 0.5 % of 500.00 = 2.50 of 5.00; INV-3: 50.00 capped at its 10.00.
        Assert.Equal(("-3.00", "-2.00", "-5.00"), (fixedPart.WriteOff.Posted.Value, fixedPart.WriteOff.RemainingDifference.Value, fixedPart.Match.Difference.Value));
        Assert.Equal(("-2.50", "-2.50"), (percentage.WriteOff.Posted.Value, percentage.WriteOff.RemainingDifference.Value));
        Assert.Equal(("-10.00", "0.00"), (capped.WriteOff.Posted.Value, capped.WriteOff.RemainingDifference.Value));
        Assert.Equal(before - 15.5m, after);
        // What was left stays in the 余额调节表 as accepted match differences: −2.00 and −2.50.
        Assert.Equal(("-4.50", "-106.00", "0.00"), (summary.AcceptedMatchDifference.Value, summary.ProposedMatchDifference.Value, summary.Unexplained.Value));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_write_off_is_refused_in_a_locked_period_and_on_a_run_over_a_category_with_nothing_posted(string provider)
    {
        var server = await servers.For(provider);
        const string code = "R9504";
        var statementId = await SeedAsync(server, code);
        var recon = server.Reconciliation(server.AdminKey);
        await recon.CreateWriteOffModelAsync(new CreateWriteOffModelRequest { Model = Model("fees-locked", WriteOffAmountKind.WholeDifference) });
        var (runId, matches) = await RunAsync(server, code, statementId);
        var before = await BalanceAsync(server, code);
        await recon.LockPeriodAsync(new LockPeriodRequest { CustomerCode = code, StartDate = April1, EndDate = April30, Reason = "4月已结账" });

        var locked = await Expect.Status(StatusCode.FailedPrecondition,
            () => recon.ConfirmMatchAsync(new ConfirmMatchRequest { RunId = runId, MatchSequence = matches["INV-1"].Sequence, WriteOffModel = "fees-locked" }).ResponseAsync);
        var afterLocked = await BalanceAsync(server, code);
        var stillProposed = await recon.ListMatches(new ListMatchesRequest { RunId = runId, Statuses = { MatchStatus.Proposed } })
            .ResponseStream.ReadAllAsync().SelectMany(b => b.Matches.ToAsyncEnumerable()).CountAsync();

        // A run over the customers of a category: the write-off has no one customer's ledger to go to.
        await server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = "96", Name = "核销分类" });
        await server.Customers(server.AdminKey).CreateCustomerAsync(new CreateCustomerRequest { Fields = new CustomerFields { Code = "R9600", Name = "分类客户", CategoryCode = "96" } });
        var imports = server.Imports(server.AdminKey);
        await ImportClient.UploadAsync(imports, new ImportHeader { AdapterId = "template", FileName = "ledger-96.csv", Options = { ["kind"] = "ledger" } }, Csv(
            "客户编码,客户名称,日期,单据类型,单据号,金额,摘要", "R9600,,2024-04-03,销售发票,INV-96,1000.00,销售"));
        var (bill, _) = await ImportClient.UploadAsync(imports, new ImportHeader
        {
            AdapterId = "template", FileName = "bill-96.csv", Options = { ["kind"] = "statement", ["convention"] = "our-ledger" },
            Target = new ImportTarget { StatementName = "平台账单 2024-04 分类96", StatementKind = StatementKind.PlatformBill },
        }, Csv("日期,金额,摘要,单据号,客户编码", "2024-04-03,995.00,货款,INV-96,R9600"));
        using var call = recon.StartRun(new StartRunRequest { CategoryCode = "96", StartDate = April1, EndDate = April30, StatementIds = { bill.StatementId } });
        var events = await call.ResponseStream.ReadAllAsync().Select(r => r.Event).ToListAsync();
        var categoryMatch = events.Where(e => e.EventCase == RunEvent.EventOneofCase.Matches).SelectMany(e => e.Matches.Matches).Single();
        var category = await Expect.Status(StatusCode.FailedPrecondition, () => recon.ConfirmMatchAsync(new ConfirmMatchRequest
        {
            RunId = events[^1].Finished.Id, MatchSequence = categoryMatch.Sequence, WriteOffModel = "fees-locked",
        }).ResponseAsync);
        var categoryEntries = await AdjustmentEntriesAsync(server, "R9600");
        var categoryMatchAfter = await recon.ListMatches(new ListMatchesRequest { RunId = events[^1].Finished.Id })
            .ResponseStream.ReadAllAsync().SelectMany(b => b.Matches.ToAsyncEnumerable()).SingleAsync();

        Assert.Contains("locked", locked);
        Assert.Equal(before, afterLocked);
        Assert.Empty(await AdjustmentEntriesAsync(server, code));
        Assert.Equal(4, stillProposed);
        Assert.Equal(("-5.00", MatchStatus.Proposed), (categoryMatch.Difference.Value, categoryMatch.Status));
        Assert.Contains("category '96'", category);
        Assert.Contains("PostLedgerEntry", category);
        Assert.Empty(categoryEntries);
        Assert.Equal((MatchStatus.Proposed, 0L), (categoryMatchAfter.Status, categoryMatchAfter.AdjustmentEntryId));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_manual_match_posts_its_difference_with_a_write_off_model_instead_of_an_adjustment(string provider)
    {
        var server = await servers.For(provider);
        const string code = "R9505";
        var statementId = await SeedAsync(server, code);
        var recon = server.Reconciliation(server.AdminKey);
        await recon.CreateWriteOffModelAsync(new CreateWriteOffModelRequest { Model = Model("discount", WriteOffAmountKind.WholeDifference, account: "6601 销售折让", reasonCode: "DISC") });
        await recon.CreateWriteOffModelAsync(new CreateWriteOffModelRequest { Model = Model("fee-1", WriteOffAmountKind.Fixed, "1.00") });
        var (runId, matches) = await RunAsync(server, code, statementId);
        // Turned down, INV-4 (ours, 800.00) and their INV-1 line (495.00) are open again: matched by hand, 305.00 apart,
        // far beyond the 1 % (8.00) a manual match may leave.
        var fourth = await recon.RejectMatchAsync(new RejectMatchRequest { RunId = runId, MatchSequence = matches["INV-4"].Sequence, Reason = "先驳回再手工核销" });
        var first = await recon.RejectMatchAsync(new RejectMatchRequest { RunId = runId, MatchSequence = matches["INV-1"].Sequence, Reason = "先驳回再手工核销" });
        var ours = fourth.Exceptions.Single(e => e.Item.Side == Side.Ours).Item.Id;
        var theirs = first.Exceptions.Single(e => e.Item.Side == Side.Theirs).Item.Id;
        var before = await BalanceAsync(server, code);

        var both = await Expect.Status(StatusCode.InvalidArgument, () => recon.CreateManualMatchAsync(new CreateManualMatchRequest
        {
            RunId = runId, OurItemIds = { ours }, TheirItemIds = { theirs }, Reason = "折让", WriteOffModel = "discount",
            Adjustment = new Adjustment { Account = "6601 销售折让", Reason = "折让" },
        }).ResponseAsync);
        var leavesTooMuch = await Expect.Status(StatusCode.FailedPrecondition, () => recon.CreateManualMatchAsync(new CreateManualMatchRequest
        {
            RunId = runId, OurItemIds = { ours }, TheirItemIds = { theirs }, Reason = "手续费", WriteOffModel = "fee-1",
        }).ResponseAsync);
        var manual = await recon.CreateManualMatchAsync(new CreateManualMatchRequest
        {
            RunId = runId, OurItemIds = { ours }, TheirItemIds = { theirs }, Reason = "客户折让305元", WriteOffModel = "discount",
        });
        var after = await BalanceAsync(server, code);

        Assert.Contains("not both", both);
        Assert.Contains("-304.00", leavesTooMuch); // what fee-1 would leave
        Assert.Equal((MatchStatus.Manual, "discount", "-305.00"), (manual.Match.Status, manual.Match.WriteOffModel, manual.Match.Difference.Value));
        var entry = Assert.Single(manual.WriteOff.Entries);
        Assert.Equal((manual.Match.AdjustmentEntryId, "-305.00", "6601 销售折让"), (entry.LedgerEntryId, entry.Amount.Value, entry.Account));
        Assert.Equal(before - 305m, after);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_accepted_match_takes_a_write_off_and_stands_confirmed_and_a_manual_one_made_within_tolerance_stays_manual(string provider)
    {
        var server = await servers.For(provider);
        const string code = "R9506";
        var statementId = await SeedAsync(server, code);
        var recon = server.Reconciliation(server.AdminKey);
        await recon.CreateWriteOffModelAsync(new CreateWriteOffModelRequest { Model = Model("fees-accepted", WriteOffAmountKind.WholeDifference) });
        // Same document within 10.00, accepted at once: INV-1 (−5), INV-3 (−10), INV-4 (−5) and INV-5 stand accepted; INV-2 (−106) is left.
        await recon.CreateRuleSetAsync(new CreateRuleSetRequest
        {
            Name = "accept-within-10", Rules =
            {
                new MatchRule
                {
                    Name = "document-within-10", Keys = { new MatchKey { Ours = KeyField.DocumentNumber, Theirs = KeyField.DocumentNumber } },
                    AmountCondition = AmountConditionKind.Absolute, Tolerance = Dec("10.00"), DateWindow = DateWindowKind.Days, DaysBefore = 10, DaysAfter = 10,
                    Cardinality = Cardinality.OneToOne, Decision = RuleDecision.Accepted,
                },
            },
        });
        using var call = recon.StartRun(new StartRunRequest { CustomerCode = code, StartDate = April1, EndDate = April30, StatementIds = { statementId }, RuleSetName = "accept-within-10" });
        var events = await call.ResponseStream.ReadAllAsync().Select(r => r.Event).ToListAsync();
        var runId = events[^1].Finished.Id;
        var matches = events.Where(e => e.EventCase == RunEvent.EventOneofCase.Matches).SelectMany(e => e.Matches.Matches).ToDictionary(m => m.Ours[0].DocumentNumber);
        var before = await BalanceAsync(server, code);

        var accepted = await recon.ConfirmMatchAsync(new ConfirmMatchRequest { RunId = runId, MatchSequence = matches["INV-1"].Sequence, WriteOffModel = "fees-accepted" });
        var plainConfirm = await Expect.Status(StatusCode.FailedPrecondition,
            () => recon.ConfirmMatchAsync(new ConfirmMatchRequest { RunId = runId, MatchSequence = matches["INV-3"].Sequence }).ResponseAsync);
        // Undone, INV-4's pair is open again: matched by hand within the tolerance, nothing is posted; a write-off books it later.
        var released = await recon.UnmatchAsync(new UnmatchRequest { RunId = runId, MatchSequence = matches["INV-4"].Sequence, Reason = "重新手工匹配" });
        var manual = await recon.CreateManualMatchAsync(new CreateManualMatchRequest
        {
            RunId = runId, Reason = "同一张发票",
            OurItemIds = { released.Exceptions.Single(e => e.Item.Side == Side.Ours).Item.Id }, TheirItemIds = { released.Exceptions.Single(e => e.Item.Side == Side.Theirs).Item.Id },
        });
        var manualWrittenOff = await recon.ConfirmMatchAsync(new ConfirmMatchRequest { RunId = runId, MatchSequence = manual.Match.Sequence, WriteOffModel = "fees-accepted" });
        var after = await BalanceAsync(server, code);
        var summary = Assert.Single((await recon.GetRunAsync(new GetRunRequest { RunId = runId })).Run.Summary.Balances);

        Assert.Equal(MatchStatus.Accepted, matches["INV-1"].Status);
        Assert.Equal((MatchStatus.Confirmed, "-5.00"), (accepted.Match.Status, accepted.WriteOff.Posted.Value));
        Assert.Contains("only a proposed match or one to check can be confirmed", plainConfirm);
        Assert.Equal((0L, MatchStatus.Manual), (manual.Match.AdjustmentEntryId, manual.Match.Status));
        Assert.Equal((MatchStatus.Manual, "-5.00", "fees-accepted"), (manualWrittenOff.Match.Status, manualWrittenOff.WriteOff.Posted.Value, manualWrittenOff.Match.WriteOffModel));
        Assert.Equal(before - 10m, after);
        // Left in the table: INV-3's accepted −10 (not written off) and INV-2's −106, explained as an amount difference.
        Assert.Equal(("-10.00", "0.00"), (summary.AcceptedMatchDifference.Value, summary.Unexplained.Value));
    }

    private static string Add(DecimalValue value, decimal amount) =>
        (decimal.Parse(value.Value, CultureInfo.InvariantCulture) + amount).ToString("0.00", CultureInfo.InvariantCulture);
}
