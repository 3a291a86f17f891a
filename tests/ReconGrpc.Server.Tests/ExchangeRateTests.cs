using System.Globalization;
using System.Text;
using Grpc.Core;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests;

/// <summary>
/// Exchange rates (汇率) through a real server: kept per currency and day, checked and audited; a run converts with
/// them for a rule across currencies; confirming such a match posts its exchange difference (汇兑损益) to the ledger,
/// and undoing the match reverses it.
/// </summary>
public sealed class ExchangeRateTests(ServerPool servers) : IClassFixture<ServerPool>
{
    private static readonly Date Feb1 = new() { Year = 2026, Month = 2, Day = 1 };
    private static readonly Date Feb28 = new() { Year = 2026, Month = 2, Day = 28 };
    private static readonly Date June1 = new() { Year = 2025, Month = 6, Day = 1 };
    private static readonly Date June10 = new() { Year = 2025, Month = 6, Day = 10 };
    private static readonly Date March1 = new() { Year = 2026, Month = 3, Day = 1 };
    private static readonly Date March10 = new() { Year = 2026, Month = 3, Day = 10 };
    private static readonly Date March31 = new() { Year = 2026, Month = 3, Day = 31 };

    private static byte[] Csv(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");

    private static ExchangeRate Rate(string currency, Date date, string rate) => new() { Currency = currency, Date = date, Rate = new DecimalValue { Value = rate } };

    /// <summary>One rule: the same document, our item in one currency and theirs in another, within 1 % once converted; proposed.</summary>
    private static MatchRule AcrossRule() => new()
    {
        Name = "document-across", Keys = { new MatchKey { Ours = KeyField.DocumentNumber, Theirs = KeyField.DocumentNumber } },
        AmountCondition = AmountConditionKind.Exact, DateWindow = DateWindowKind.Days, DaysBefore = 10, DaysAfter = 10,
        Cardinality = Cardinality.OneToOne, Decision = RuleDecision.Proposed,
        CurrencyMode = CurrencyMode.Across, RateTolerancePercent = new DecimalValue { Value = "1" },
    };

    /// <summary>
    /// A customer we invoice in a foreign currency (our ledger) who books our invoice in CNY in its payable ledger
    /// (their statement): one invoice, <paramref name="document"/>, for <paramref name="amount"/> in
    /// <paramref name="currency"/> on <paramref name="ourDate"/>, which they book as <paramref name="cny"/> CNY on
    /// <paramref name="theirDate"/>. Returns the statement's id.
    /// </summary>
    private static async Task<long> SeedAsync(TestServer server, string code, string document, string ourDate, string amount, string currency, string theirDate, string cny)
    {
        try
        {
            await server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = "97", Name = "外币客户" });
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
        {
            // Shared by the tests of this class.
        }

        await server.Customers(server.AdminKey).CreateCustomerAsync(new CreateCustomerRequest
        {
            Fields = new CustomerFields { Code = code, Name = "外币客户" + code, CategoryCode = "97" },
        });
        var imports = server.Imports(server.AdminKey);
        await ImportClient.UploadAsync(imports, new ImportHeader { AdapterId = "template", FileName = $"ledger-{code}.csv", Options = { ["kind"] = "ledger" } }, Csv(
            "客户编码,日期,单据类型,单据号,金额,币种,摘要",
            $"{code},{ourDate},销售发票,{document},{amount},{currency},出口销售"));
        var (statement, _) = await ImportClient.UploadAsync(imports, new ImportHeader
        {
            AdapterId = "template",
            FileName = $"statement-{code}.csv",
            Options = { ["kind"] = "statement", ["convention"] = "counterparty-ledger" },
            Target = new ImportTarget { StatementName = $"{code} 对账单", StatementKind = StatementKind.CustomerStatement, CustomerCode = code },
        }, Csv(
            "日期,借方,贷方,摘要,单据号,币种",
            $"{theirDate},,{cny},购货,{document},CNY"));
        return statement.StatementId;
    }

    private static async Task<(Run Run, List<Match> Matches, List<ReconException> Exceptions)> RunAsync(TestServer server, string ruleSet, long statementId,
        Date start, Date end, string? customer = null, string? category = null)
    {
        using var call = server.Reconciliation(server.AdminKey).StartRun(new StartRunRequest
        {
            CustomerCode = customer ?? "", CategoryCode = category ?? "", StartDate = start, EndDate = end, StatementIds = { statementId }, RuleSetName = ruleSet,
        });
        var events = await call.ResponseStream.ReadAllAsync().Select(r => r.Event).ToListAsync();
        var run = events[^1].Finished;
        Assert.True(run.Status == RunStatus.Completed, run.ToString());
        return (run, [.. events.Where(e => e.EventCase == RunEvent.EventOneofCase.Matches).SelectMany(e => e.Matches.Matches)],
            [.. events.Where(e => e.EventCase == RunEvent.EventOneofCase.Exceptions).SelectMany(e => e.Exceptions.Exceptions)]);
    }

    /// <summary>The customer's exchange-difference entries (FX-…) and their reversals, in date then id order.</summary>
    private static Task<List<LedgerEntry>> ExchangeEntriesAsync(TestServer server, string code) =>
        server.Ledger(server.AdminKey).ListLedgerEntries(new ListLedgerEntriesRequest { CustomerCode = code, Text = "FX-" })
            .ResponseStream.ReadAllAsync().SelectMany(b => b.Entries.ToAsyncEnumerable()).ToListAsync().AsTask();

    private static async Task CreateRuleSetAsync(TestServer server, string name)
    {
        try
        {
            await server.Reconciliation(server.AdminKey).CreateRuleSetAsync(new CreateRuleSetRequest { Name = name, Rules = { AcrossRule() } });
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
        {
            // Shared by the tests of this class.
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Rates_are_kept_per_currency_and_day_replaced_when_set_again_audited_and_bad_ones_refused_saying_what_to_do(string provider)
    {
        var server = await servers.For(provider);
        var accountant = server.Reconciliation(await server.CreateKeyAsync(Role.Accountant, "会计-汇率"));
        var viewer = server.Reconciliation(await server.CreateKeyAsync(Role.Viewer, "查询-汇率"));

        var set = await accountant.SetExchangeRatesAsync(new SetExchangeRatesRequest
        {
            Rates = { Rate("EUR", June1, "7.8011"), Rate("hkd", June1, "0.91"), Rate("JPY", June1, "0.04823456"), Rate("EUR", June10, "7.75") },
        });
        var replaced = await accountant.SetExchangeRatesAsync(new SetExchangeRatesRequest { Rates = { Rate("EUR", June1, "7.8000") } });
        var unknown = await Expect.Status(StatusCode.InvalidArgument,
            () => accountant.SetExchangeRatesAsync(new SetExchangeRatesRequest { Rates = { Rate("CHF", June1, "9.1"), Rate("XYZ", June1, "1.5") } }).ResponseAsync);
        var baseCurrency = await Expect.Status(StatusCode.InvalidArgument,
            () => accountant.SetExchangeRatesAsync(new SetExchangeRatesRequest { Rates = { Rate("CNY", June1, "1") } }).ResponseAsync);
        var zero = await Expect.Status(StatusCode.InvalidArgument,
            () => accountant.SetExchangeRatesAsync(new SetExchangeRatesRequest { Rates = { Rate("CHF", June1, "0") } }).ResponseAsync);
        var negative = await Expect.Status(StatusCode.InvalidArgument,
            () => accountant.SetExchangeRatesAsync(new SetExchangeRatesRequest { Rates = { Rate("CHF", June1, "-9.1") } }).ResponseAsync);
        var decimals = await Expect.Status(StatusCode.InvalidArgument,
            () => accountant.SetExchangeRatesAsync(new SetExchangeRatesRequest { Rates = { Rate("CHF", June1, "9.123456789") } }).ResponseAsync);
        var twice = await Expect.Status(StatusCode.InvalidArgument,
            () => accountant.SetExchangeRatesAsync(new SetExchangeRatesRequest { Rates = { Rate("CHF", June1, "9.1"), Rate("chf", June1, "9.2") } }).ResponseAsync);
        var noDate = await Expect.Status(StatusCode.InvalidArgument,
            () => accountant.SetExchangeRatesAsync(new SetExchangeRatesRequest { Rates = { new ExchangeRate { Currency = "CHF", Rate = new DecimalValue { Value = "9.1" } } } }).ResponseAsync);
        var none = await Expect.Status(StatusCode.InvalidArgument, () => accountant.SetExchangeRatesAsync(new SetExchangeRatesRequest()).ResponseAsync);
        var byViewer = await Expect.Status(StatusCode.PermissionDenied,
            () => viewer.SetExchangeRatesAsync(new SetExchangeRatesRequest { Rates = { Rate("CHF", June1, "9.1") } }).ResponseAsync);
        var badFilter = await Expect.Status(StatusCode.InvalidArgument, () => viewer.ListExchangeRatesAsync(new ListExchangeRatesRequest { Currency = "EURO" }).ResponseAsync);

        var euro = await viewer.ListExchangeRatesAsync(new ListExchangeRatesRequest { Currency = "eur" });
        var june1 = await viewer.ListExchangeRatesAsync(new ListExchangeRatesRequest { FromDate = June1, ToDate = June1 });
        var chf = await viewer.ListExchangeRatesAsync(new ListExchangeRatesRequest { Currency = "CHF" });
        var audit = await server.Audit(server.AdminKey).ListAuditEntriesAsync(new ListAuditEntriesRequest { EntityType = "exchange_rate", EntityId = "EUR@2025-06-01" });

        Assert.Equal("CNY", set.BaseCurrency);
        Assert.Equal([("EUR", "2025-06-01", "7.8011"), ("HKD", "2025-06-01", "0.91"), ("JPY", "2025-06-01", "0.04823456"), ("EUR", "2025-06-10", "7.75")],
            set.Rates.Select(r => (r.Currency, $"{r.Date.Year:0000}-{r.Date.Month:00}-{r.Date.Day:00}", r.Rate.Value)));
        Assert.All(set.Rates, r => Assert.Equal(TestServer.Person, r.RecordedFor));
        Assert.Equal("7.80", Assert.Single(replaced.Rates).Rate.Value);
        Assert.Equal(["7.80", "7.75"], euro.Rates.Select(r => r.Rate.Value));
        Assert.Equal([("EUR", "7.80"), ("HKD", "0.91"), ("JPY", "0.04823456")], june1.Rates.Select(r => (r.Currency, r.Rate.Value)));
        Assert.Contains("Rate 2 (XYZ", unknown);
        Assert.Contains("ISO 4217", unknown);
        Assert.Empty(chf.Rates); // all or none: the good CHF rate beside XYZ was not kept either
        Assert.Contains("base currency", baseCurrency);
        Assert.Contains("above zero", zero);
        Assert.Contains("above zero", negative);
        Assert.Contains("at most 8 decimals", decimals);
        Assert.Contains("twice", twice);
        Assert.Contains("date", noDate);
        Assert.Contains("at least one rate", none);
        Assert.Contains("has role viewer", byViewer);
        Assert.Contains("ISO 4217", badFilter);
        Assert.Equal(["exchange_rate.set", "exchange_rate.set"], audit.Entries.Select(e => e.Action));
        Assert.Contains("7.8011", audit.Entries[1].BeforeJson);
        Assert.Contains("7.8", audit.Entries[1].AfterJson);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Confirming_a_match_across_currencies_posts_the_exchange_difference_and_undoing_it_reverses_it(string provider)
    {
        var server = await servers.For(provider);
        const string code = "R9701";
        var recon = server.Reconciliation(server.AdminKey);
        // Our invoice of 1,000.00 USD on 3 March converts at the rate from 1 March (7.1032: 7,103.20 CNY), not the
        // later one; they booked it as 7,150.00 CNY: 46.80 CNY more than ours, within 1 %.
        await recon.SetExchangeRatesAsync(new SetExchangeRatesRequest { Rates = { Rate("USD", March1, "7.1032"), Rate("USD", March10, "7.30") } });
        await CreateRuleSetAsync(server, "fx-across");
        var statementId = await SeedAsync(server, code, "INV-FX1", "2026-03-03", "1000.00", "USD", "2026-03-05", "7150.00");

        var (run, matches, exceptions) = await RunAsync(server, "fx-across", statementId, March1, March31, customer: code);
        var match = Assert.Single(matches);
        var confirmed = await recon.ConfirmMatchAsync(new ConfirmMatchRequest { RunId = run.Id, MatchSequence = match.Sequence, Note = "按3月1日汇率" });
        var posted = Assert.Single(await ExchangeEntriesAsync(server, code));
        var postAudit = await server.Audit(server.AdminKey).ListAuditEntriesAsync(new ListAuditEntriesRequest
        {
            EntityType = "ledger_entry", EntityId = posted.Id.ToString(CultureInfo.InvariantCulture),
        });
        await recon.UnmatchAsync(new UnmatchRequest { RunId = run.Id, MatchSequence = match.Sequence, Reason = "汇率取错" });
        var afterUndo = await ExchangeEntriesAsync(server, code);
        var reverseAudit = await server.Audit(server.AdminKey).ListAuditEntriesAsync(new ListAuditEntriesRequest
        {
            EntityType = "ledger_entry", EntityId = afterUndo[^1].Id.ToString(CultureInfo.InvariantCulture),
        });

        Assert.Empty(exceptions);
        Assert.Equal(("document-across", MatchStatus.Proposed), (match.RuleName, match.Status));
        Assert.Equal(("USD", "1000.00", "CNY", "7150.00"), (match.Ours[0].Currency, match.Ours[0].Amount.Value, match.Theirs[0].Currency, match.Theirs[0].Amount.Value));
        Assert.Equal(MatchStatus.Confirmed, confirmed.Match.Status);
        Assert.Equal(($"FX-{run.Id}-{match.Sequence}", DocumentType.Adjustment, "46.80", "CNY", "6603 财务费用-汇兑损益"),
            (posted.DocumentNumber, posted.DocumentType, posted.Amount.Value, posted.Currency, posted.Reference));
        Assert.Equal(new Date { Year = 2026, Month = 3, Day = 5 }, posted.Date);
        Assert.StartsWith("汇兑损益", posted.Memo);
        Assert.Contains("7103.20", posted.Memo);
        Assert.Equal("ledger.post", Assert.Single(postAudit.Entries).Action);
        Assert.Equal(2, afterUndo.Count);
        Assert.Equal(($"FX-{run.Id}-{match.Sequence}-R", "-46.80", "CNY"), (afterUndo[1].DocumentNumber, afterUndo[1].Amount.Value, afterUndo[1].Currency));
        Assert.Equal("ledger.reverse", Assert.Single(reverseAudit.Entries).Action);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Without_a_rate_on_or_before_an_items_date_nothing_matches_across_currencies_until_one_is_set(string provider)
    {
        var server = await servers.For(provider);
        const string code = "R9702";
        await CreateRuleSetAsync(server, "fx-across");
        // February: no rate of GBP on or before 3 February is kept (nor any later in this class's tests).
        var statementId = await SeedAsync(server, code, "INV-FX2", "2026-02-03", "300.00", "GBP", "2026-02-05", "2730.00");

        var before = await RunAsync(server, "fx-across", statementId, Feb1, Feb28, customer: code);
        await server.Reconciliation(server.AdminKey).SetExchangeRatesAsync(new SetExchangeRatesRequest { Rates = { Rate("GBP", Feb1, "9.10") } });
        var after = await RunAsync(server, "fx-across", statementId, Feb1, Feb28, customer: code);

        Assert.Empty(before.Matches);
        Assert.Equal([(Side.Ours, "GBP", ExceptionReason.CurrencyMismatch), (Side.Theirs, "CNY", ExceptionReason.CurrencyMismatch)],
            before.Exceptions.Select(e => (e.Item.Side, e.Item.Currency, e.Reason)).OrderBy(s => s.Side));
        var match = Assert.Single(after.Matches);
        Assert.Equal(("GBP", "CNY"), (match.Ours[0].Currency, match.Theirs[0].Currency));
        Assert.Empty(after.Exceptions);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Confirming_a_match_across_currencies_in_a_run_over_a_category_is_refused_saying_what_to_do(string provider)
    {
        var server = await servers.For(provider);
        const string code = "R9703";
        var recon = server.Reconciliation(server.AdminKey);
        await recon.SetExchangeRatesAsync(new SetExchangeRatesRequest { Rates = { Rate("USD", March1, "7.1032") } });
        await CreateRuleSetAsync(server, "fx-across");
        var statementId = await SeedAsync(server, code, "INV-FX3", "2026-03-04", "200.00", "USD", "2026-03-06", "1425.00");

        var (run, matches, _) = await RunAsync(server, "fx-across", statementId, March1, March31, category: "97");
        var match = Assert.Single(matches, m => m.Ours[0].DocumentNumber == "INV-FX3");
        var refused = await Expect.Status(StatusCode.FailedPrecondition,
            () => recon.ConfirmMatchAsync(new ConfirmMatchRequest { RunId = run.Id, MatchSequence = match.Sequence }).ResponseAsync);
        var listed = await recon.ListMatches(new ListMatchesRequest { RunId = run.Id }).ResponseStream.ReadAllAsync().SelectMany(b => b.Matches.ToAsyncEnumerable())
            .SingleAsync(m => m.Sequence == match.Sequence);

        Assert.Contains("category '97'", refused);
        Assert.Contains("Reconcile that customer on its own", refused);
        Assert.Equal(MatchStatus.Proposed, listed.Status);
        Assert.Empty(await ExchangeEntriesAsync(server, code));
    }
}
