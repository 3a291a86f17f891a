using Grpc.Core;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests;

/// <summary>Bank statements through a real server: which customer paid, teaching the payers nobody knew, and what a bank run leaves to book.</summary>
public sealed class BankServiceTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Each_bank_line_is_resolved_by_the_first_step_that_knows_its_payer(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        await BankSeed.CustomersAsync(server);

        var batch = await BankSeed.StatementAsync(server, "工行 2024-04", BankSeed.April);
        var lines = await LinesAsync(server, batch.StatementId);

        Assert.Equal(6, batch.Imported);
        Assert.Equal(("C1", CounterpartyResolution.Account), Resolved(lines["B001"]));
        Assert.Equal(("C2", CounterpartyResolution.Name), Resolved(lines["B002"]));
        Assert.Equal(("C2", CounterpartyResolution.Fuzzy), Resolved(lines["B003"]));
        // 温州瑞丰五金制造 is as like 瑞丰五金 as 瑞丰五金制品: the fuzzy step refuses to choose.
        Assert.Equal(("", CounterpartyResolution.Unspecified), Resolved(lines["B004"]));
        Assert.Equal(("", CounterpartyResolution.Unspecified), Resolved(lines["B005"]));
        Assert.Equal(("", CounterpartyResolution.Unspecified), Resolved(lines["B006"]));
        Assert.Equal("华联贸易杭州分部", lines["B001"].CounterpartyName);
        Assert.Equal("6222 0000 1111", lines["B001"].CounterpartyAccount);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_unknown_payer_is_offered_the_closest_customers_and_once_assigned_resolves_by_itself_next_month(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        await BankSeed.CustomersAsync(server);
        var april = await BankSeed.StatementAsync(server, "工行 2024-04", BankSeed.April);
        var bank = server.Bank(server.AdminKey);

        var unresolved = await bank.ListUnresolvedLinesAsync(new ListUnresolvedLinesRequest { StatementId = april.StatementId });
        var stranger = unresolved.Lines.Single(l => l.Line.DocumentNumber == "B005");
        var assigned = await bank.AssignStatementLinesAsync(new AssignStatementLinesRequest { LineIds = { stranger.Line.Id }, CustomerCode = "C1", Remember = true });
        var may = await BankSeed.StatementAsync(server, "工行 2024-05",
            "2024-05-08,150.00,杭州某某科技有限公司,6228-8888,代付货款,B105", "2024-05-09,99.00,杭州某某科技有限公司,,代付,B106");
        var mayLines = await LinesAsync(server, may.StatementId);
        var aliases = await bank.ListCounterpartyAliasesAsync(new ListCounterpartyAliasesRequest { CustomerCode = "C1" });

        // Money in only (the phone bill is no customer's), oldest first; 瑞丰 names its two look-alikes, best first.
        Assert.Equal(["B004", "B005"], unresolved.Lines.Select(l => l.Line.DocumentNumber));
        Assert.Equal([("C4", "0.86"), ("C3", "0.83")], unresolved.Lines[0].Closest.Select(c => (c.CustomerCode, c.Score.Value)));
        Assert.Empty(stranger.Closest);
        Assert.Equal(1, assigned.LinesAssigned);
        Assert.Equal(["杭州某某科技有限公司", ""], assigned.Aliases.Select(a => a.Name));
        Assert.Equal(("C1", CounterpartyResolution.Assigned), Resolved((await LinesAsync(server, april.StatementId))["B005"]));
        Assert.Equal(("C1", CounterpartyResolution.Alias), Resolved(mayLines["B105"]));
        Assert.Equal(("C1", CounterpartyResolution.Alias), Resolved(mayLines["B106"]));
        Assert.Equal(["", "****8888"], aliases.Aliases.Select(a => a.AccountMasked));
    }

    [Fact]
    public async Task Assigning_to_a_customer_the_archive_lacks_is_not_found_and_changes_nothing()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        await BankSeed.CustomersAsync(server);
        var april = await BankSeed.StatementAsync(server, "工行 2024-04", BankSeed.April);
        var line = (await LinesAsync(server, april.StatementId))["B005"];

        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await server.Bank(server.AdminKey).AssignStatementLinesAsync(new AssignStatementLinesRequest { LineIds = { line.Id }, CustomerCode = "NOPE", Remember = true }));

        Assert.Equal(StatusCode.NotFound, refused.StatusCode);
        Assert.Contains("NOPE", refused.Status.Detail);
        Assert.Equal("", (await LinesAsync(server, april.StatementId))["B005"].CustomerCode);
        Assert.Empty((await server.Bank(server.AdminKey).ListCounterpartyAliasesAsync(new ListCounterpartyAliasesRequest())).Aliases);
    }

    [Fact]
    public async Task Assigning_a_bank_line_into_a_locked_period_of_the_customer_is_refused()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        await BankSeed.CustomersAsync(server);
        var april = await BankSeed.StatementAsync(server, "工行 2024-04", BankSeed.April);
        var line = (await LinesAsync(server, april.StatementId))["B005"];
        await server.Reconciliation(server.AdminKey).LockPeriodAsync(new LockPeriodRequest { CustomerCode = "C1", StartDate = BankSeed.April1, EndDate = BankSeed.April30, Reason = "4月已结账" });

        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await server.Bank(server.AdminKey).AssignStatementLinesAsync(new AssignStatementLinesRequest { LineIds = { line.Id }, CustomerCode = "C1", Remember = true }));

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("locked", refused.Status.Detail);
        Assert.Equal("", (await LinesAsync(server, april.StatementId))["B005"].CustomerCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_bank_run_pairs_money_with_receipts_names_unknown_payers_and_its_unbooked_receipts_post_once(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        await BankSeed.CustomersAsync(server);
        await BankSeed.LedgerAsync(server);
        var april = await BankSeed.StatementAsync(server, "工行 2024-04", BankSeed.April);
        // The next download goes into the same statement: May's money is no part of April's reconciliation.
        await BankSeed.StatementAsync(server, "工行 2024-04", "2024-05-02,999.00,宁波海通电子有限公司,,货款,B007");
        var bank = server.Bank(server.AdminKey);

        var runId = await BankSeed.RunAsync(server, april.StatementId);
        var exceptions = await server.Reconciliation(server.AdminKey).ListExceptions(new ListExceptionsRequest { RunId = runId }).ResponseStream.ReadAllAsync()
            .SelectMany(b => b.Exceptions.ToAsyncEnumerable()).ToListAsync();
        var unbooked = await bank.ListUnbookedReceiptsAsync(new ListUnbookedReceiptsRequest { RunId = runId });
        var posted = await bank.PostUnbookedReceiptsAsync(new PostUnbookedReceiptsRequest { RunId = runId });
        var again = await bank.PostUnbookedReceiptsAsync(new PostUnbookedReceiptsRequest { RunId = runId });
        var fuzzy = unbooked.Receipts.Single(r => r.Line.DocumentNumber == "B003").Line;
        var named = await bank.PostUnbookedReceiptsAsync(new PostUnbookedReceiptsRequest { RunId = runId, LineIds = { fuzzy.Id } });
        var afterwards = await bank.ListUnbookedReceiptsAsync(new ListUnbookedReceiptsRequest { RunId = runId, PageSize = 3 });
        var unassigned = await Assert.ThrowsAsync<RpcException>(async () => await bank.PostUnbookedReceiptsAsync(new PostUnbookedReceiptsRequest
        {
            RunId = runId, LineIds = { unbooked.Receipts.Single(r => r.Line.DocumentNumber == "B005").Line.Id },
        }));
        var table = (await bank.GetBankReconciliationAsync(new GetBankReconciliationRequest { RunId = runId })).Currencies.Single();

        // Invoices are no bank's business, nor is the phone bill: the exceptions are the bank's unbooked money and our unreceived RC-9.
        Assert.Equal(["B002", "B003", "B004", "B005", "RC-9"], exceptions.Select(e => e.Item.DocumentNumber).Order(StringComparer.Ordinal));
        Assert.Contains("payer 杭州某某科技有限公司, account ****8888, not in the archive", exceptions.Single(e => e.Item.DocumentNumber == "B005").Explanation);
        Assert.Contains("closest: C4 温州瑞丰五金制品有限公司 (0.86), C3 温州瑞丰五金有限公司 (0.83)", exceptions.Single(e => e.Item.DocumentNumber == "B004").Explanation);
        Assert.Equal([("B002", "C2", "-500.00"), ("B003", "C2", "-300.00"), ("B004", "", ""), ("B005", "", "")],
            unbooked.Receipts.Select(r => (r.Line.DocumentNumber, r.SuggestedEntry?.CustomerCode ?? "", r.SuggestedEntry?.Amount.Value ?? "")));
        // Unnamed, only what a sure step resolved is posted: B003's payer only a fuzzy name match found, so it waits to be named.
        var receipt = Assert.Single(posted.Entries);
        Assert.Equal(("C2", "B002", DocumentType.Receipt, "-500.00"), (receipt.CustomerCode, receipt.Reference, receipt.DocumentType, receipt.Amount.Value));
        Assert.StartsWith("BANK-", receipt.DocumentNumber, StringComparison.Ordinal);
        Assert.Empty(again.Entries);
        Assert.Equal(CounterpartyResolution.Fuzzy, fuzzy.Resolution);
        Assert.Equal(("C2", "-300.00"), (Assert.Single(named.Entries).CustomerCode, named.Entries[0].Amount.Value));
        // Pages of three, every known payer's receipt now in the ledger.
        Assert.Equal([true, true, false], afterwards.Receipts.Select(r => r.AlreadyPosted));
        Assert.NotEmpty(afterwards.NextPageToken);
        Assert.Equal(StatusCode.FailedPrecondition, unassigned.StatusCode);
        Assert.Contains("assign it to a customer first", unassigned.Status.Detail);
        // 银收企未收 500 + 300 + 200 + 150; 企收银未收 RC-9's 200; the template's file states no closing balance.
        Assert.Equal(("1150.00", "0.00", "200.00", "0.00"),
            (table.BankReceivedNotBooked.Value, table.BankPaidNotBooked.Value, table.BookedNotReceived.Value, table.BookedNotPaid.Value));
        Assert.Null(table.BankClosingBalance);
    }

    [Fact]
    public async Task A_bank_credit_pairs_with_our_receipt_named_in_its_text_or_with_the_several_receipts_of_its_payer_it_pays()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        await BankSeed.CustomersAsync(server);
        await ImportClient.UploadAsync(server.Imports(server.AdminKey), new ImportHeader { AdapterId = "template", FileName = "receipts.csv", Options = { ["kind"] = "ledger" } },
            System.Text.Encoding.UTF8.GetBytes("客户编码,客户名称,日期,单据类型,单据号,金额,摘要\n"
                + "C2,,2024-04-10,收款,RC-21,300.00,收到货款\nC2,,2024-04-10,收款,RC-22,200.00,收到货款\nC1,,2024-04-12,收款,RC-31,700.00,代付货款\n"));
        // One transfer of 500.00 from C2 for its two receipts; 700.00 from a payer nobody knows whose text names our RC-31.
        var april = await BankSeed.StatementAsync(server, "工行 2024-04",
            "2024-04-11,500.00,宁波海通电子有限公司,,货款 两张发票,B301", "2024-04-12,700.00,某付款人,,支付 RC-31 货款,B302");

        var runId = await BankSeed.RunAsync(server, april.StatementId);
        var matches = await server.Reconciliation(server.AdminKey).ListMatches(new ListMatchesRequest { RunId = runId }).ResponseStream.ReadAllAsync()
            .SelectMany(b => b.Matches.ToAsyncEnumerable()).ToListAsync();
        var exceptions = await server.Reconciliation(server.AdminKey).ListExceptions(new ListExceptionsRequest { RunId = runId }).ResponseStream.ReadAllAsync()
            .SelectMany(b => b.Exceptions.ToAsyncEnumerable()).ToListAsync();

        Assert.Empty(exceptions);
        Assert.Equal([("B301", "RC-21 RC-22"), ("B302", "RC-31")],
            matches.Select(m => (string.Join(' ', m.Theirs.Select(i => i.DocumentNumber)), string.Join(' ', m.Ours.Select(i => i.DocumentNumber).Order(StringComparer.Ordinal))))
                .OrderBy(m => m.Item1, StringComparer.Ordinal));
        Assert.Equal(MatchStatus.Accepted, matches.Single(m => m.Theirs[0].DocumentNumber == "B302").Status);
    }

    [Fact]
    public async Task Money_received_on_the_first_of_april_for_a_receipt_booked_on_the_last_of_march_is_no_unbooked_receipt()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        await BankSeed.CustomersAsync(server);
        await ImportClient.UploadAsync(server.Imports(server.AdminKey), new ImportHeader { AdapterId = "template", FileName = "march.csv", Options = { ["kind"] = "ledger" } },
            System.Text.Encoding.UTF8.GetBytes("客户编码,客户名称,日期,单据类型,单据号,金额,摘要\nC2,,2024-03-31,收款,RC-0331,400.00,收到货款\n"));
        var april = await BankSeed.StatementAsync(server, "工行 基本户", "2024-04-01,400.00,宁波海通电子有限公司,,货款,B401");

        var runId = await BankSeed.RunAsync(server, april.StatementId);
        var unbooked = await server.Bank(server.AdminKey).ListUnbookedReceiptsAsync(new ListUnbookedReceiptsRequest { RunId = runId });
        var table = await server.Bank(server.AdminKey).GetBankReconciliationAsync(new GetBankReconciliationRequest { RunId = runId });

        // The receipt and the money pair across the month end: nothing is open, so the 调节表 has nothing to adjust.
        Assert.Empty(unbooked.Receipts);
        Assert.Empty(table.Currencies);
    }

    [Fact]
    public async Task A_download_imported_again_after_its_payer_was_assigned_stores_none_of_its_lines_twice_but_two_like_payments_of_a_day_both()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        await BankSeed.CustomersAsync(server);
        var first = await BankSeed.StatementAsync(server, "工行 基本户", BankSeed.April);
        var stranger = (await LinesAsync(server, first.StatementId))["B005"];
        await server.Bank(server.AdminKey).AssignStatementLinesAsync(new AssignStatementLinesRequest { LineIds = { stranger.Id }, CustomerCode = "C1", Remember = true });

        var again = await BankSeed.StatementAsync(server, "工行 基本户", BankSeed.April);
        // Two transfers of 500.00 from one payer on one day, told apart by the running balance after each.
        var twice = await ImportClient.UploadAsync(server.Imports(server.AdminKey), new ImportHeader
        {
            AdapterId = "template", FileName = "twice.csv", Options = { ["kind"] = "statement" },
            Target = new ImportTarget { StatementName = "工行 基本户", StatementKind = StatementKind.BankStatement },
        }, System.Text.Encoding.UTF8.GetBytes("日期,金额,对方户名,摘要,余额\n2024-04-15,500.00,宁波海通电子有限公司,货款,10500.00\n2024-04-15,500.00,宁波海通电子有限公司,货款,11000.00\n"));

        Assert.Equal((0L, 6L), (again.Imported, again.Duplicates));
        Assert.Equal((2L, 0L), (twice.Summary.Imported, twice.Summary.Rejected));
    }

    [Fact]
    public async Task Assigning_does_not_teach_a_payment_platform_a_masked_account_or_another_customers_alias()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        await BankSeed.CustomersAsync(server);
        var bank = server.Bank(server.AdminKey);
        await bank.AddCounterpartyAliasAsync(new AddCounterpartyAliasRequest { CustomerCode = "C3", Name = "瑞丰五金温州" });
        var april = await BankSeed.StatementAsync(server, "工行 2024-04",
            "2024-04-10,800.00,支付宝（中国）网络技术有限公司,6222****5678,代收货款,B501", "2024-04-11,90.00,瑞丰五金温州,,货款,B502");
        var lines = await LinesAsync(server, april.StatementId);

        var assigned = await bank.AssignStatementLinesAsync(new AssignStatementLinesRequest { LineIds = { lines["B501"].Id, lines["B502"].Id }, CustomerCode = "C4", Remember = true });

        Assert.Equal(2, assigned.LinesAssigned);
        Assert.Empty(assigned.Aliases);
        Assert.Equal(3, assigned.NotRemembered.Count);
        Assert.Contains(assigned.NotRemembered, r => r.StartsWith("name '支付宝（中国）网络技术有限公司': a payment platform", StringComparison.Ordinal));
        Assert.Contains(assigned.NotRemembered, r => r.StartsWith("name '瑞丰五金温州': already customer C3's alias", StringComparison.Ordinal));
        Assert.Contains(assigned.NotRemembered, r => r.StartsWith("account ****5678: the bank printed it masked", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Moving_a_bank_line_out_of_a_customers_locked_period_is_refused()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        await BankSeed.CustomersAsync(server);
        var april = await BankSeed.StatementAsync(server, "工行 2024-04", BankSeed.April);
        var line = (await LinesAsync(server, april.StatementId))["B002"];
        await server.Reconciliation(server.AdminKey).LockPeriodAsync(new LockPeriodRequest { CustomerCode = "C2", StartDate = BankSeed.April1, EndDate = BankSeed.April30, Reason = "4月已结账" });

        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await server.Bank(server.AdminKey).AssignStatementLinesAsync(new AssignStatementLinesRequest { LineIds = { line.Id }, CustomerCode = "C1" }));

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("Customer C2's period 2024-04-01 to 2024-04-30 is locked", refused.Status.Detail);
        Assert.Equal("C2", (await LinesAsync(server, april.StatementId))["B002"].CustomerCode);
    }

    [Fact]
    public async Task The_cash_books_balance_shows_what_the_open_items_do_not_explain_and_a_run_of_one_customer_says_it_cannot_balance()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        await BankSeed.CustomersAsync(server);
        await BankSeed.LedgerAsync(server);
        var batch = await ImportMt940Async(server, "工行 2024-04", strict: false);
        var runId = await BankSeed.RunAsync(server, batch.StatementId);
        using var single = server.Reconciliation(server.AdminKey).StartRun(new StartRunRequest
        {
            CustomerCode = "C1", StartDate = BankSeed.April1, EndDate = BankSeed.April30, StatementIds = { batch.StatementId },
        });
        var singleRun = (await single.ResponseStream.ReadAllAsync().Select(r => r.Event).ToListAsync())[^1].Finished.Id;

        var table = (await server.Bank(server.AdminKey).GetBankReconciliationAsync(new GetBankReconciliationRequest
        {
            RunId = runId, BookBalances = { ["CNY"] = new DecimalValue { Value = "2100.00" } },
        })).Currencies.Single();
        var partial = (await server.Bank(server.AdminKey).GetBankReconciliationAsync(new GetBankReconciliationRequest { RunId = singleRun })).Currencies.Single();
        var unknownCurrency = await Assert.ThrowsAsync<RpcException>(async () => await server.Bank(server.AdminKey).GetBankReconciliationAsync(new GetBankReconciliationRequest
        {
            RunId = runId, BookBalances = { ["USD"] = new DecimalValue { Value = "1.00" } },
        }));

        // Book 2,100.00 + 银收企未收 500.00 = 2,600.00 against the bank's 2,410.00 + 200.00 = 2,610.00: 10.00 unexplained.
        Assert.Equal(("2100.00", "2600.00", "2610.00", "-10.00"), (table.BookBalance.Value, table.AdjustedBookBalance.Value, table.AdjustedBankBalance.Value, table.Unexplained.Value));
        Assert.Contains(table.Notes, n => n.Contains("does not add up by 10.00", StringComparison.Ordinal));
        Assert.Contains(partial.Notes, n => n.StartsWith("The run covers customer C1's items only", StringComparison.Ordinal));
        Assert.Equal(StatusCode.InvalidArgument, unknownCurrency.StatusCode);
    }

    [Fact]
    public async Task A_statement_that_runs_past_the_periods_end_gives_the_bank_balance_at_the_end_less_its_later_movements()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        await BankSeed.CustomersAsync(server);
        const string AcrossTheMonthEnd = """
            :20:STMT3
            :25:NL00TEST0123456789
            :28C:3/1
            :60F:C240425CNY1000,00
            :61:2404280428C500,00NTRFNONREF//B601
            :86:166?20货款?32宁波海通电子有限公司
            :61:2405020502C250,00NTRFNONREF//B602
            :86:166?20货款?32宁波海通电子有限公司
            :62F:C240503CNY1750,00
            -

            """;
        var batch = (await ImportClient.UploadAsync(server.Imports(server.AdminKey), new ImportHeader
        {
            AdapterId = "mt940", FileName = "to-may-3.sta",
            Target = new ImportTarget { StatementName = "工行 基本户", StatementKind = StatementKind.BankStatement },
        }, System.Text.Encoding.UTF8.GetBytes(AcrossTheMonthEnd))).Summary;
        var runId = await BankSeed.RunAsync(server, batch.StatementId);

        var table = (await server.Bank(server.AdminKey).GetBankReconciliationAsync(new GetBankReconciliationRequest { RunId = runId })).Currencies.Single();

        // 1,750.00 on 3 May less May's 250.00: 1,500.00 at 30 April, of which 500.00 is C2's money not yet booked.
        Assert.Equal(("1500.00", "500.00"), (table.BankClosingBalance.Value, table.BankReceivedNotBooked.Value));
        Assert.Equal(new Date { Year = 2024, Month = 4, Day = 30 }, table.BankClosingDate);
        Assert.Contains(table.Notes, n => n.Contains("less its movements after 2024-04-30 (250.00)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Aliases_added_by_hand_are_listed_masked_and_removed()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        await BankSeed.CustomersAsync(server);
        var bank = server.Bank(server.AdminKey);

        var added = await bank.AddCounterpartyAliasAsync(new AddCounterpartyAliasRequest { CustomerCode = "C3", Name = "瑞丰五金（温州）", Account = "3301 2345 6789" });
        var twice = await Assert.ThrowsAsync<RpcException>(async () => await bank.AddCounterpartyAliasAsync(new AddCounterpartyAliasRequest { CustomerCode = "C3", Name = "瑞丰五金(温州)" }));
        await bank.RemoveCounterpartyAliasAsync(new RemoveCounterpartyAliasRequest { Id = added.Aliases[0].Id });
        var left = await bank.ListCounterpartyAliasesAsync(new ListCounterpartyAliasesRequest());
        var april = await BankSeed.StatementAsync(server, "工行 2024-04", "2024-04-10,88.00,某人,330123456789,货款,B201");

        Assert.Equal(["瑞丰五金（温州）", ""], added.Aliases.Select(a => a.Name));
        Assert.Equal(StatusCode.AlreadyExists, twice.StatusCode);
        Assert.Equal("****6789", left.Aliases.Single().AccountMasked);
        Assert.Equal(("C3", CounterpartyResolution.Alias), Resolved((await LinesAsync(server, april.StatementId))["B201"]));
    }

    /// <summary>Two statements of one account in MT940: the first adds up (1,000 + 1,500 = 2,500), the second is 10.00 off (2,500 − 80 ≠ 2,410).</summary>
    private const string TwoStatements = """
        :20:STMT1
        :25:NL00TEST0123456789
        :28C:1/1
        :60F:C240331CNY1000,00
        :61:2404030403C1000,00NTRFNONREF//B001
        :86:166?20货款?32杭州华联贸易有限公司
        :61:2404050405C500,00NTRFNONREF//B002
        :86:166?20货款?32宁波海通电子有限公司
        :62F:C240405CNY2500,00
        -
        :20:STMT2
        :25:NL00TEST0123456789
        :28C:2/1
        :60F:C240405CNY2500,00
        :61:2404090409D80,00NTRFNONREF//B006
        :86:166?20电话费?32中国电信
        :62F:C240409CNY2410,00
        -

        """;

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_bank_file_statement_that_does_not_add_up_imports_with_a_warning_and_its_closing_balance_starts_the_bank_reconciliation(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        await BankSeed.CustomersAsync(server);
        await BankSeed.LedgerAsync(server);
        var bank = server.Bank(server.AdminKey);

        var batch = await ImportMt940Async(server, "工行 2024-04", strict: false);
        var balances = (await bank.ListStatementBalancesAsync(new ListStatementBalancesRequest { StatementId = batch.StatementId })).Balances;
        var runId = await BankSeed.RunAsync(server, batch.StatementId);
        var table = (await bank.GetBankReconciliationAsync(new GetBankReconciliationRequest { RunId = runId })).Currencies.Single();

        Assert.True(batch.Committed);
        Assert.Equal(3, batch.Imported);
        Assert.Equal([("C1", CounterpartyResolution.Name), ("C2", CounterpartyResolution.Name), ("", CounterpartyResolution.Unspecified)],
            (await LinesAsync(server, batch.StatementId)).Values.OrderBy(l => l.Date.Day).Select(Resolved));
        var warning = Assert.Single(batch.Warnings);
        Assert.Equal("statement 2 (no. 2/1, account NL00TEST0123456789, CNY) does not add up: opening balance 2,500.00 + movements -80.00 = 2,420.00, "
                     + "but the closing balance is 2,410.00; the difference is 10.00.", warning.Message);
        Assert.Equal(17, warning.Line);
        Assert.Equal([("2500.00", "0.00", 2), ("2410.00", "10.00", 1)], balances.Select(b => (b.ClosingBalance.Value, b.Difference.Value, b.Lines)));
        Assert.Empty(balances[0].Problems);
        Assert.Equal(warning.Message, Assert.Single(balances[1].Problems));
        // The bank's 2,410.00 + 企收银未收 RC-9 200.00 = 2,610.00; less 银收企未收 B002's 500.00 = 2,110.00 implied in the books.
        Assert.Equal(("2410.00", "500.00", "200.00", "2610.00", "2110.00"),
            (table.BankClosingBalance.Value, table.BankReceivedNotBooked.Value, table.BookedNotReceived.Value, table.AdjustedBankBalance.Value, table.ImpliedBookBalance.Value));
    }

    [Fact]
    public async Task Strict_mode_refuses_a_bank_file_whose_statement_does_not_add_up_and_stores_none_of_it()
    {
        await using var server = await TestServer.StartAsync(TestDatabases.Sqlite);
        await BankSeed.CustomersAsync(server);

        var batch = await ImportMt940Async(server, "工行 2024-04", strict: true);
        var statements = await server.Ledger(server.AdminKey).ListStatementsAsync(new ListStatementsRequest());

        Assert.False(batch.Committed);
        Assert.Equal(0, batch.Imported);
        Assert.Contains(batch.Errors, e => e.Line == 17 && e.Message.Contains("does not add up", StringComparison.Ordinal));
        Assert.Empty(statements.Statements);
    }

    private static async Task<ImportBatch> ImportMt940Async(TestServer server, string statement, bool strict) =>
        (await ImportClient.UploadAsync(server.Imports(server.AdminKey), new ImportHeader
        {
            AdapterId = "auto", FileName = "april.sta", Strict = strict,
            Target = new ImportTarget { StatementName = statement, StatementKind = StatementKind.BankStatement },
        }, System.Text.Encoding.UTF8.GetBytes(TwoStatements))).Summary;

    private static (string, CounterpartyResolution) Resolved(StatementLine line) => (line.CustomerCode, line.Resolution);

    private static async Task<Dictionary<string, StatementLine>> LinesAsync(TestServer server, long statementId) =>
        await server.Ledger(server.AdminKey).ListStatementLines(new ListStatementLinesRequest { StatementId = statementId }).ResponseStream.ReadAllAsync()
            .SelectMany(b => b.Lines.ToAsyncEnumerable()).ToDictionaryAsync(l => l.DocumentNumber, l => l);
}
