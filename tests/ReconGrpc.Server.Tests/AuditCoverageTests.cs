using System.Reflection;
using System.Text;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReconGrpc.Application.Reconciliation;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Data;
using ReconGrpc.Testing;
using A = ReconGrpc.Domain.Auditing.AuditActions;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace ReconGrpc.Server.Tests;

/// <summary>
/// Every RPC of the contracts is either a read or a change, and every change leaves its audit actions: a new RPC
/// fails here until it is put in one of the two tables, and a change put in the table is called for real.
/// </summary>
public sealed class AuditCoverageTests
{
    /// <summary>Each RPC that changes data, and exactly the actions one call of it (as made below) leaves.</summary>
    private static readonly Dictionary<string, string[]> Changes = new()
    {
        ["AdminService/CreateApiKey"] = [A.ApiKey.Create],
        ["AdminService/RevokeApiKey"] = [A.ApiKey.Revoke],
        ["CategoryService/SetCodingScheme"] = [A.CodingScheme.Set],
        ["CategoryService/CreateCategory"] = [A.Category.Create],
        ["CategoryService/UpdateCategory"] = [A.Category.Update],
        ["CategoryService/DeleteCategory"] = [A.Category.Delete],
        ["CategoryService/CreateDimension"] = [A.Dimension.Create],
        ["CategoryService/UpdateDimension"] = [A.Dimension.Update],
        ["CustomerService/CreateCustomer"] = [A.Customer.Create],
        ["CustomerService/UpdateCustomer"] = [A.Customer.Update],
        ["CustomerService/DeleteCustomer"] = [A.Customer.Delete],
        ["CustomerService/ReclassifyCustomer"] = [A.Customer.Reclassify],
        ["CustomerService/SetCustomerDimensions"] = [A.Customer.Dimensions],
        ["LedgerService/PostLedgerEntry"] = [A.Ledger.Post],
        ["LedgerService/DeleteStatement"] = [A.Statement.Delete],
        // Remembering the payer teaches its name and account as aliases.
        ["BankService/AssignStatementLines"] = [A.Bank.Assign, A.Bank.AliasCreate],
        ["BankService/AddCounterpartyAlias"] = [A.Bank.AliasCreate],
        ["BankService/RemoveCounterpartyAlias"] = [A.Bank.AliasDelete],
        ["BankService/PostUnbookedReceipts"] = [A.Ledger.Post],
        ["PlatformService/RunSettlement"] = [A.Settlement.Start],
        ["PlatformService/BookPlatformFees"] = [A.Settlement.BookFees, A.Ledger.Post],
        // Categories and customers imported are logged one by one, like those made by hand; a statement import makes its statement.
        ["ImportService/Import"] = [A.Import.Commit, A.Import.Refused, A.Category.Create, A.Customer.Create, A.Statement.Create],
        ["ReconciliationService/CreateRuleSet"] = [A.RuleSet.Create],
        ["ReconciliationService/UpdateRuleSet"] = [A.RuleSet.Update],
        ["ReconciliationService/CreateWriteOffModel"] = [A.WriteOff.Create],
        ["ReconciliationService/UpdateWriteOffModel"] = [A.WriteOff.Update],
        ["ReconciliationService/DeleteWriteOffModel"] = [A.WriteOff.Delete],
        // The first run stores the built-in default rule set it uses; a run after a confirmation carries it over.
        ["ReconciliationService/StartRun"] = [A.Run.Start, A.RuleSet.Create, A.Match.ConfirmCarried],
        ["ReconciliationService/CancelRun"] = [A.Run.Cancel],
        ["ReconciliationService/RestartRun"] = [A.Run.Restart],
        ["ReconciliationService/ConfirmMatch"] = [A.Match.Confirm],
        ["ReconciliationService/RejectMatch"] = [A.Match.Reject],
        // With an adjustment, which the undo then reverses.
        ["ReconciliationService/CreateManualMatch"] = [A.Match.Manual, A.Ledger.Post],
        ["ReconciliationService/Unmatch"] = [A.Match.Unmatch, A.Ledger.Reverse],
        ["ReconciliationService/ConfirmPeriod"] = [A.Period.Confirm],
        ["ReconciliationService/LockPeriod"] = [A.Period.Lock],
        ["ReconciliationService/UnlockPeriod"] = [A.Period.Unlock],
        // An exported statement of account counts as sent: the month-end board shows it; a reminder (催款函) is logged as sent.
        ["ReportService/ExportStatementOfAccount"] = [A.Statement.Sent, A.Reminder.Sent],
        ["ReconciliationService/RecordStatementSent"] = [A.Statement.Sent],
        ["ReconciliationService/RecordStatementReply"] = [A.Statement.Reply],
        ["ReconciliationService/SetExchangeRates"] = [A.ExchangeRate.Set],
        // A backup changes nothing but is logged, so the log says who took a copy of the data.
        ["MaintenanceService/BackupDatabase"] = [A.Database.Backup],
        ["MaintenanceService/RestoreDatabase"] = [A.Database.Restore],
    };

    /// <summary>Each RPC that changes nothing stored, and so leaves no audit entry.</summary>
    private static readonly HashSet<string> Reads =
    [
        "AdminService/ListApiKeys",
        "AuditService/ListAuditEntries", "AuditService/VerifyAuditChain",
        "CategoryService/GetCodingScheme", "CategoryService/GetCategory", "CategoryService/ListCategories", "CategoryService/ListDimensions",
        "CustomerService/GetCustomer", "CustomerService/SearchCustomers", "CustomerService/CheckDuplicates", "CustomerService/RunDataQualityCheck",
        "CustomerService/SuggestClassifications",
        "BankService/ListStatementBalances", "BankService/ListUnresolvedLines", "BankService/ListCounterpartyAliases", "BankService/ListUnbookedReceipts",
        "BankService/GetBankReconciliation",
        "PlatformService/GetSettlementRun", "PlatformService/ListSettlementRuns", "PlatformService/ListSettlementItems",
        "LedgerService/ListLedgerEntries", "LedgerService/GetCustomerBalance", "LedgerService/ListStatements", "LedgerService/ListStatementLines",
        "ImportService/ListAdapters", "ImportService/DetectAdapter", "ImportService/GetImportBatch", "ImportService/ListImportErrors",
        "ImportService/GetImportTemplate",
        // Rescans the plugin folder, as the folder watcher does by itself: the server's adapters change, no data.
        "ImportService/ReloadPlugins",
        "ReconciliationService/ListRuleSets", "ReconciliationService/GetRuleSet", "ReconciliationService/WatchRun", "ReconciliationService/GetRun",
        "ReconciliationService/ListRuns", "ReconciliationService/ListMatches", "ReconciliationService/ListExceptions", "ReconciliationService/ListPeriods",
        "ReconciliationService/ListStatementReplies", "ReconciliationService/GetMonthEndBoard",
        "ReconciliationService/ListWriteOffModels", "ReconciliationService/GetWriteOffModel",
        "ReconciliationService/ListExchangeRates",
        "ReceivablesService/GetAgingReport", "ReceivablesService/GetLedgerDetail", "ReceivablesService/ListCreditAlerts", "ReceivablesService/GetRevenueByCategory",
        "ReceivablesService/GetPaymentBehaviour",
        // Kept for the accounts, sent to no customer: unlike a statement of account it records nothing.
        "ReportService/ExportReconciliationReport",
        // Streams what postings and imports raise; it keeps no record of who watched.
        "ReceivablesService/WatchCreditAlerts",
    ];

    /// <summary>Actions no RPC leaves, only the server itself; each with why. Empty: every action has an RPC.</summary>
    private static readonly Dictionary<string, string> WrittenOnlyByTheServer = new()
    {
        // ScaleOutTests kills the instance executing a run and checks the survivor's entry.
        [A.Run.TakeOver] = "an instance taking over a run that another instance, stopped or killed, left unfinished",
    };

    private static readonly Date April1 = new() { Year = 2024, Month = 4, Day = 1 };
    private static readonly Date April30 = new() { Year = 2024, Month = 4, Day = 30 };

    private static IEnumerable<string> ContractMethods() =>
        typeof(AuditService).Assembly.GetTypes()
            .Select(type => type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
            .Where(property => property?.PropertyType == typeof(ServiceDescriptor))
            .SelectMany(property => ((ServiceDescriptor)property!.GetValue(null)!).Methods)
            .Select(method => $"{method.Service.Name}/{method.Name}");

    [Fact]
    public void Every_contract_method_is_classified_once_as_a_read_or_a_change_with_its_audit_actions()
    {
        var methods = ContractMethods().ToList();
        Assert.True(methods.Count > 50, $"only {methods.Count} methods found: is the contracts' reflection still right?");
        var unclassified = methods.Where(m => !Changes.ContainsKey(m) && !Reads.Contains(m)).ToList();
        var both = methods.Where(m => Changes.ContainsKey(m) && Reads.Contains(m)).ToList();

        Assert.Empty(unclassified);
        Assert.Empty(both);
        Assert.Empty(Changes.Keys.Concat(Reads).Except(methods));
    }

    [Fact]
    public void Every_catalogued_audit_action_is_left_by_some_change()
    {
        var left = Changes.Values.SelectMany(actions => actions).Concat(WrittenOnlyByTheServer.Keys).ToHashSet();

        Assert.Contains(A.Import.Commit, A.All);
        Assert.Contains(A.Database.Restore, A.All);
        Assert.Equal(A.All.Count, A.All.Distinct().Count());
        Assert.Empty(A.All.Except(left));
        Assert.Empty(left.Except(A.All));
    }

    [Fact]
    public async Task Every_change_through_the_real_server_leaves_its_audit_actions()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        var left = new Dictionary<string, HashSet<string>>();
        var audit = server.Audit(server.AdminKey);

        async Task<HashSet<(long, string)>> LogAsync()
        {
            var seen = new HashSet<(long, string)>();
            var token = "";
            do
            {
                var page = await audit.ListAuditEntriesAsync(new ListAuditEntriesRequest { PageSize = 1000, PageToken = token });
                seen.UnionWith(page.Entries.Select(e => (e.Sequence, $"{e.Hash} {e.Action}")));
                token = page.NextPageToken;
            }
            while (token.Length > 0);
            return seen;
        }

        // The entries a call adds, told apart by hash: a restore puts a new entry where the replaced log had another.
        async Task<T> Call<T>(string method, Func<Task<T>> call)
        {
            Assert.True(Changes.ContainsKey(method), $"{method} is not in the table of changes");
            var before = await LogAsync();
            var result = await call();
            var added = (await LogAsync()).Except(before).Select(e => e.Item2.Split(' ')[1]);
            if (!left.TryGetValue(method, out var actions))
            {
                left[method] = actions = [];
            }

            actions.UnionWith(added);
            return result;
        }

        var admin = server.Admin(server.AdminKey);
        var categories = server.Categories(server.AdminKey);
        var customers = server.Customers(server.AdminKey);
        var ledger = server.Ledger(server.AdminKey);
        var imports = server.Imports(server.AdminKey);
        var recon = server.Reconciliation(server.AdminKey);

        var key = await Call("AdminService/CreateApiKey", async () => await admin.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "audited", Role = Role.Accountant }));
        await Call("AdminService/RevokeApiKey", async () => await admin.RevokeApiKeyAsync(new RevokeApiKeyRequest { Id = key.ApiKey.Id }));

        var scheme = (await categories.GetCodingSchemeAsync(new GetCodingSchemeRequest())).Scheme;
        await Call("CategoryService/SetCodingScheme", async () => await categories.SetCodingSchemeAsync(new SetCodingSchemeRequest { LevelLengths = { 2, 2, 3 }, Version = scheme.Version }));
        foreach (var (code, name) in new[] { ("90", "对账"), ("91", "改名"), ("92", "新类") })
        {
            await Call("CategoryService/CreateCategory", async () => await categories.CreateCategoryAsync(new CreateCategoryRequest { Code = code, Name = name }));
        }

        var renamed = (await categories.GetCategoryAsync(new GetCategoryRequest { Code = "91" })).Category;
        renamed = (await Call("CategoryService/UpdateCategory", async () => await categories.UpdateCategoryAsync(new UpdateCategoryRequest { Code = "91", Name = "改过", Version = renamed.Version }))).Category;
        await Call("CategoryService/DeleteCategory", async () => await categories.DeleteCategoryAsync(new DeleteCategoryRequest { Code = "91", Version = renamed.Version }));
        var dimension = (await Call("CategoryService/CreateDimension", async () => await categories.CreateDimensionAsync(new CreateDimensionRequest { Code = "grade", Name = "等级", AllowedValues = { "A", "B" } }))).Dimension;
        await Call("CategoryService/UpdateDimension", async () => await categories.UpdateDimensionAsync(new UpdateDimensionRequest { Code = "grade", Name = "等级", AllowedValues = { "A", "B", "C" }, Version = dimension.Version }));

        Customer Created(CreateCustomerResponse response) => response.Customer;
        async Task<Customer> CreateCustomerAsync(string code) => Created(await Call("CustomerService/CreateCustomer",
            async () => await customers.CreateCustomerAsync(new CreateCustomerRequest { Fields = new CustomerFields { Code = code, Name = "审计客户" + code, CategoryCode = "90" } })));
        await CreateCustomerAsync("R1");
        var edited = await CreateCustomerAsync("X1");
        var gone = await CreateCustomerAsync("X2");
        var fields = edited.Fields.Clone();
        fields.Phone = "029-88886666";
        edited = (await Call("CustomerService/UpdateCustomer", async () => await customers.UpdateCustomerAsync(new UpdateCustomerRequest { Id = edited.Id, Fields = fields, Version = edited.Version }))).Customer;
        edited = (await Call("CustomerService/SetCustomerDimensions", async () => await customers.SetCustomerDimensionsAsync(new SetCustomerDimensionsRequest
        {
            Id = edited.Id, Version = edited.Version, Dimensions = { ["grade"] = "A" },
        }))).Customer;
        await Call("CustomerService/ReclassifyCustomer", async () => await customers.ReclassifyCustomerAsync(new ReclassifyCustomerRequest
        {
            Id = edited.Id, CategoryCode = "92", EffectiveDate = April1, Reason = "业务移交", Version = edited.Version,
        }));
        await Call("CustomerService/DeleteCustomer", async () => await customers.DeleteCustomerAsync(new DeleteCustomerRequest { Id = gone.Id, Version = gone.Version }));

        Task<ImportBatch> ImportAsync(ImportHeader header, params string[] lines) => Call("ImportService/Import",
            async () => (await ImportClient.UploadAsync(imports, header, Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"))).Summary);
        await ImportAsync(new ImportHeader { AdapterId = "template", FileName = "categories.csv", Options = { ["kind"] = "categories" } }, "类别编码,类别名称", "93,导入类");
        await ImportAsync(new ImportHeader { AdapterId = "template", FileName = "customers.csv", Options = { ["kind"] = "customers" } }, "客户编码,客户名称,所属分类码", "R2,导入客户,90");
        await ImportAsync(new ImportHeader { AdapterId = "template", FileName = "ledger-R1.csv", Options = { ["kind"] = "ledger" } },
            "客户编码,客户名称,日期,单据类型,单据号,金额,摘要",
            "R1,,2024-04-02,销售发票,INV-1,1000.00,销售",
            "R1,,2024-04-05,销售发票,INV-2,500.00,销售",
            "R1,,2024-04-20,销售发票,INV-3,300.00,月末发货",
            "R1,,2024-04-15,收款,RC-1,1000.00,收到货款");
        ImportHeader Statement(string name) => new()
        {
            AdapterId = "template", FileName = name + ".csv", Options = { ["kind"] = "statement", ["convention"] = "counterparty-ledger" },
            Target = new ImportTarget { StatementName = name, StatementKind = StatementKind.CustomerStatement, CustomerCode = "R1" },
        };
        var statement = await ImportAsync(Statement("R1 2024-04"), "日期,借方,贷方,摘要,单据号",
            "2024-04-03,,1000.00,购货,INV-1", "2024-04-06,,495.00,购货,INV-2", "2024-04-16,1000.00,,付款,RC-1", "2024-04-25,,200.00,购货,INV-9");
        await ImportAsync(new ImportHeader { AdapterId = "template", FileName = "strict.csv", Strict = true, Options = { ["kind"] = "ledger" } },
            "客户编码,客户名称,日期,单据类型,单据号,金额,摘要", "R1,,2024-04-03,销售发票,INV-7,abc,坏");

        await Call("LedgerService/PostLedgerEntry", async () => await ledger.PostLedgerEntryAsync(new PostLedgerEntryRequest
        {
            CustomerCode = "R2", Date = April1, DocumentType = DocumentType.SalesInvoice, DocumentNumber = "P-1", Amount = new DecimalValue { Value = "10.00" }, Reason = "补记",
        }));
        // Only an empty statement can be deleted, and no import leaves one any more: one as older versions left.
        var empty = Domain.Ledger.Statement.Create("R1 空", Domain.Ledger.StatementKind.CustomerStatement, "R1", DateTimeOffset.UtcNow);
        await using (var db = await server.Services.GetRequiredService<IDbContextFactory<ReconDbContext>>().CreateDbContextAsync())
        {
            db.Statements.Add(empty);
            await db.SaveChangesAsync();
        }

        await Call("LedgerService/DeleteStatement", async () => await ledger.DeleteStatementAsync(new DeleteStatementRequest { Id = empty.Id }));

        var exact = new MatchRule
        {
            Name = "document-exact", Keys = { new MatchKey { Ours = KeyField.DocumentNumber, Theirs = KeyField.DocumentNumber } },
            AmountCondition = AmountConditionKind.Exact, DateWindow = DateWindowKind.Days, DaysBefore = 10, DaysAfter = 10,
            Cardinality = Cardinality.OneToOne, Decision = RuleDecision.Accepted,
        };
        await Call("ReconciliationService/CreateRuleSet", async () => await recon.CreateRuleSetAsync(new CreateRuleSetRequest { Name = "audited", Rules = { exact } }));
        await Call("ReconciliationService/UpdateRuleSet", async () => await recon.UpdateRuleSetAsync(new UpdateRuleSetRequest { Name = "audited", ExpectedVersion = 1, Rules = { exact }, Description = "再存一版" }));
        var fees = new WriteOffModel { Name = "fees", Account = "6603 财务费用-手续费", ReasonCode = "FEE", AmountKind = WriteOffAmountKind.WholeDifference };
        await Call("ReconciliationService/CreateWriteOffModel", async () => await recon.CreateWriteOffModelAsync(new CreateWriteOffModelRequest { Model = fees }));
        fees.Description = "银行手续费";
        await Call("ReconciliationService/UpdateWriteOffModel", async () => await recon.UpdateWriteOffModelAsync(new UpdateWriteOffModelRequest { Model = fees, ExpectedVersion = 1 }));
        await Call("ReconciliationService/DeleteWriteOffModel", async () => await recon.DeleteWriteOffModelAsync(new DeleteWriteOffModelRequest { Name = "fees", ExpectedVersion = 2 }));

        // Three runs of the same April: a proposal rejected, then confirmed, then carried into the third run.
        async Task<(long RunId, List<Match> Matches)> RunAsync() => await Call("ReconciliationService/StartRun", async () =>
        {
            using var call = recon.StartRun(new StartRunRequest { CustomerCode = "R1", StartDate = April1, EndDate = April30, StatementIds = { statement.StatementId } });
            var events = await call.ResponseStream.ReadAllAsync().Select(r => r.Event).ToListAsync();
            return (events[^1].Finished.Id, events.Where(e => e.EventCase == RunEvent.EventOneofCase.Matches).SelectMany(e => e.Matches.Matches).ToList());
        });
        var first = await RunAsync();
        await Call("ReconciliationService/RejectMatch", async () => await recon.RejectMatchAsync(new RejectMatchRequest
        {
            RunId = first.RunId, MatchSequence = first.Matches.Single(m => m.Status == MatchStatus.Proposed).Sequence, Reason = "不是这张",
        }));
        var second = await RunAsync();
        await Call("ReconciliationService/ConfirmMatch", async () => await recon.ConfirmMatchAsync(new ConfirmMatchRequest
        {
            RunId = second.RunId, MatchSequence = second.Matches.Single(m => m.Status == MatchStatus.Proposed).Sequence, Note = "少付5元",
        }));
        var third = await RunAsync();
        var open = await recon.ListExceptions(new ListExceptionsRequest { RunId = third.RunId }).ResponseStream.ReadAllAsync()
            .SelectMany(batch => batch.Exceptions.ToAsyncEnumerable()).Where(e => e.ResolvedByMatch < 0).ToListAsync();
        var manual = (await Call("ReconciliationService/CreateManualMatch", async () => await recon.CreateManualMatchAsync(new CreateManualMatchRequest
        {
            RunId = third.RunId, OurItemIds = { open.Single(e => e.Item.DocumentNumber == "INV-3").Item.Id }, TheirItemIds = { open.Single(e => e.Item.DocumentNumber == "INV-9").Item.Id },
            Reason = "同一批货", Adjustment = new Adjustment { Account = "6603 销售折让", Reason = "客户折让" },
        }))).Match;
        await Call("ReconciliationService/Unmatch", async () => await recon.UnmatchAsync(new UnmatchRequest { RunId = third.RunId, MatchSequence = manual.Sequence, Reason = "不是同一批货" }));
        await Call("ReconciliationService/ConfirmPeriod", async () => await recon.ConfirmPeriodAsync(new ConfirmPeriodRequest
        {
            CustomerCode = "R1", StartDate = April1, EndDate = April30, ConfirmedBy = "王芳 财务部", ConfirmedBalance = new DecimalValue { Value = "695.00" },
        }));
        var locked = (await Call("ReconciliationService/LockPeriod", async () => await recon.LockPeriodAsync(new LockPeriodRequest { CustomerCode = "R1", StartDate = April1, EndDate = April30, Reason = "4月已结账" }))).Record;
        await Call("ReconciliationService/UnlockPeriod", async () => await recon.UnlockPeriodAsync(new UnlockPeriodRequest { CustomerCode = "R1", Id = locked.Id, Reason = "反结账" }));
        await Call("ReportService/ExportStatementOfAccount", async () =>
        {
            using var call = new ReportService.ReportServiceClient(server.Invoker(server.AdminKey)).ExportStatementOfAccount(new ExportStatementOfAccountRequest
            {
                CustomerCode = "R1", StartDate = April1, EndDate = April30, Format = ReportFormat.Csv,
            });
            using var reminder = new ReportService.ReportServiceClient(server.Invoker(server.AdminKey)).ExportStatementOfAccount(new ExportStatementOfAccountRequest
            {
                CustomerCode = "R1", Reminder = true, AsOfDate = new Date { Year = 2024, Month = 12, Day = 31 }, Format = ReportFormat.Csv,
            });
            return await call.ResponseStream.ReadAllAsync().CountAsync() + await reminder.ResponseStream.ReadAllAsync().CountAsync();
        });
        await Call("ReconciliationService/RecordStatementSent", async () => await recon.RecordStatementSentAsync(new RecordStatementSentRequest
        {
            CustomerCode = "R1", StartDate = April1, EndDate = April30, Format = "pdf", FileName = "4月对账单.pdf",
        }));
        await Call("ReconciliationService/RecordStatementReply", async () => await recon.RecordStatementReplyAsync(new RecordStatementReplyRequest
        {
            CustomerCode = "R1", StartDate = April1, EndDate = April30, Verdict = StatementReplyVerdict.Disagrees, RepliedBy = "王芳 财务部",
            Differences = { new StatementDifference { Description = "运费未入账", Amount = new DecimalValue { Value = "50.00" } } },
        }));
        await Call("ReconciliationService/SetExchangeRates", async () => await recon.SetExchangeRatesAsync(new SetExchangeRatesRequest
        {
            Rates = { new ExchangeRate { Currency = "USD", Date = April1, Rate = new DecimalValue { Value = "7.1032" } } },
        }));

        // A run held pending while other runs take every slot, so it is certainly cancellable.
        var heldStatement = await MatchingPairs.SeedAsync(server, "94", "取消测试", "R3", 3);
        var slots = server.Services.GetRequiredService<RunSlots>();
        var busy = new List<IDisposable>();
        while (busy.Count < 2)
        {
            busy.Add(await slots.EnterAsync(CancellationToken.None));
        }

        var held = await Call("ReconciliationService/StartRun", async () =>
        {
            using var call = recon.StartRun(new StartRunRequest { CustomerCode = "R3", StartDate = April1, EndDate = April30, StatementIds = { heldStatement } });
            Assert.True(await call.ResponseStream.MoveNext());
            return call.ResponseStream.Current.Event.Started.Id;
        });
        await Call("ReconciliationService/CancelRun", async () => await recon.CancelRunAsync(new CancelRunRequest { RunId = held }));
        busy.ForEach(slot => slot.Dispose());
        await Call("ReconciliationService/RestartRun", async () =>
        {
            using var call = recon.RestartRun(new RestartRunRequest { RunId = held });
            return await call.ResponseStream.ReadAllAsync().CountAsync();
        });

        await BankSeed.CustomersAsync(server);
        await BankSeed.LedgerAsync(server);
        var bankStatement = await BankSeed.StatementAsync(server, "工行 2024-04", BankSeed.April);
        var bank = server.Bank(server.AdminKey);
        var stranger = (await bank.ListUnresolvedLinesAsync(new ListUnresolvedLinesRequest { StatementId = bankStatement.StatementId })).Lines.Single(l => l.Line.DocumentNumber == "B005");
        await Call("BankService/AssignStatementLines", async () => await bank.AssignStatementLinesAsync(new AssignStatementLinesRequest
        {
            LineIds = { stranger.Line.Id }, CustomerCode = "C1", Remember = true,
        }));
        var alias = await Call("BankService/AddCounterpartyAlias", async () => await bank.AddCounterpartyAliasAsync(new AddCounterpartyAliasRequest { CustomerCode = "C3", Name = "瑞丰五金" }));
        await Call("BankService/RemoveCounterpartyAlias", async () => await bank.RemoveCounterpartyAliasAsync(new RemoveCounterpartyAliasRequest { Id = alias.Aliases[0].Id }));
        var bankRun = await BankSeed.RunAsync(server, bankStatement.StatementId);
        await Call("BankService/PostUnbookedReceipts", async () => await bank.PostUnbookedReceiptsAsync(new PostUnbookedReceiptsRequest { RunId = bankRun }));

        var month = await ShopMonth.ImportAsync(server);
        var platform = server.Platform(server.AdminKey);
        var settlement = await Call("PlatformService/RunSettlement", async () =>
        {
            using var call = platform.RunSettlement(month.Request(_ => { }));
            return (await call.ResponseStream.ReadAllAsync().LastAsync()).Completed.Id;
        });
        await Call("PlatformService/BookPlatformFees", async () => await platform.BookPlatformFeesAsync(new BookPlatformFeesRequest { RunId = settlement }));

        var (backup, bytes) = await Call("MaintenanceService/BackupDatabase", () => MaintenanceServiceTests.BackupAsync(server));
        await Call("MaintenanceService/RestoreDatabase", () => MaintenanceServiceTests.RestoreAsync(server, bytes, backup.Sha256, "演练恢复"));

        Assert.Empty(Changes.Keys.Except(left.Keys)); // every change was called
        Assert.All(Changes, change => Assert.True(change.Value.Order().SequenceEqual(left[change.Key].Order()),
            $"{change.Key} left [{string.Join(", ", left[change.Key].Order())}], the table says [{string.Join(", ", change.Value.Order())}]"));
    }
}
