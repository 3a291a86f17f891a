using Grpc.Core;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests;

/// <summary>A company's Yonyou T3 exports imported in the order an accountant would: tree, archive, ledger, the customer's payable ledger.</summary>
public sealed class YonyouT3ImportTests
{
    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task T3_categories_customers_ledger_and_payable_statement_import_end_to_end(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        var imports = server.Imports(server.AdminKey);
        async Task<ImportBatch> Import(string file, ImportTarget? target = null) =>
            (await ImportClient.UploadAsync(imports, new ImportHeader { AdapterId = "auto", FileName = file, Target = target }, Fixture(file))).Summary;

        var categories = await Import("t3-categories.xls");
        var customers = await Import("t3-customers.csv");
        var ledger = await Import("t3-ledger-hualian-2024q1.xls");
        var again = await Import("t3-ledger-hualian-2024q1.xls");
        var statement = await Import("t3-payable-from-hualian-2024q1.xls",
            new ImportTarget { StatementName = "华联 2024Q1 应付账款", StatementKind = StatementKind.CustomerStatement, CustomerCode = "0101001" });
        var entries = new List<LedgerEntry>();
        using (var call = server.Ledger(server.AdminKey).ListLedgerEntries(new ListLedgerEntriesRequest { CustomerCode = "0101001" }))
        {
            await foreach (var batch in call.ResponseStream.ReadAllAsync())
            {
                entries.AddRange(batch.Entries);
            }
        }

        var hualian = (await server.Customers(server.AdminKey).GetCustomerAsync(new GetCustomerRequest { Code = "0101001" })).Customer;
        var balance = await server.Ledger(server.AdminKey).GetCustomerBalanceAsync(new GetCustomerBalanceRequest { CustomerCode = "0101001" });

        Assert.Equal("yonyou-t3", categories.AdapterId);
        Assert.Equal(RecordKind.Categories, categories.RecordKind);
        Assert.True(categories.Imported > 0 && categories.Rejected == 0, string.Join("; ", categories.Errors.Select(e => $"{e.Line}: {e.Message}")));
        Assert.True(customers.Imported > 0 && customers.Rejected == 0, string.Join("; ", customers.Errors.Select(e => $"{e.Line}: {e.Message}")));
        Assert.Equal("SHHLCSYXGS", hualian.Fields.Mnemonic);
        Assert.Equal(RecordKind.LedgerEntries, ledger.RecordKind);
        Assert.True(ledger.Imported > 0 && ledger.Rejected == 0, string.Join("; ", ledger.Errors.Select(e => $"{e.Line}: {e.Message}")));
        Assert.Equal(0, again.Imported);
        Assert.Equal(ledger.Imported, again.Duplicates);
        Assert.Contains(entries, e => e.DocumentType == DocumentType.OpeningBalance);
        Assert.Equal(entries.Count, (int)ledger.Imported);
        Assert.Equal(RecordKind.StatementLines, statement.RecordKind);
        Assert.True(statement.Imported > 0 && statement.Rejected == 0, string.Join("; ", statement.Errors.Select(e => $"{e.Line}: {e.Message}")));
        Assert.NotEqual("0.00", balance.Balance.Value);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_customer_imported_from_a_T3_archive_can_be_reclassified_from_a_past_period(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        var imports = server.Imports(server.AdminKey);
        foreach (var file in new[] { "t3-categories.xls", "t3-customers.csv", "t3-ledger-hualian-2024q1.xls" })
        {
            await ImportClient.UploadAsync(imports, new ImportHeader { AdapterId = "auto", FileName = file }, Fixture(file));
        }

        var customers = server.Customers(server.AdminKey);
        var hualian = (await customers.GetCustomerAsync(new GetCustomerRequest { Code = "0101001" })).Customer;
        const string target = "99";
        await server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = target, Name = "其他地区" });
        var moved = (await customers.ReclassifyCustomerAsync(new ReclassifyCustomerRequest
        {
            Id = hualian.Id, CategoryCode = target, EffectiveDate = new Date { Year = 2024, Month = 4, Day = 1 }, Reason = "区域调整", Version = hualian.Version,
        })).Customer;

        Assert.Equal(target, moved.Fields.CategoryCode);
    }

    /// <summary>T3's April export of 华联's receivables: it opens with what the first quarter's export closes with.</summary>
    private static byte[] AprilLedger() => System.Text.Encoding.GetEncoding("GB18030").GetBytes(string.Join("\n",
        "应收账款明细账,,,,,,,",
        "科目：1122 应收账款,,客户：0101001 上海华联超市有限公司,,期间：2024.04-2024.04,,,",
        "2024年,,凭证号,摘要,借方,贷方,方向,余额",
        "月,日,,,,,,",
        ",,,期初余额,,,借,\"61,010.00\"",
        "04,10,记-0005,销售商品 发票号00012600,\"1,000.00\",,借,\"62,010.00\"",
        ",,,本月合计,\"1,000.00\",,借,\"62,010.00\"",
        ""));

    public static TheoryData<string, bool> ProvidersAndOrders()
    {
        var data = new TheoryData<string, bool>();
        foreach (var provider in TestDatabases.Providers)
        {
            data.Add(provider, false);
            data.Add(provider, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ProvidersAndOrders))]
    public async Task Consecutive_exports_carry_the_balance_forward_instead_of_counting_the_earlier_period_twice(string provider, bool aprilFirst)
    {
        await using var server = await TestServer.StartAsync(provider);
        var imports = server.Imports(server.AdminKey);
        async Task<ImportBatch> Import(string file, byte[] content) =>
            (await ImportClient.UploadAsync(imports, new ImportHeader { AdapterId = "auto", FileName = file }, content)).Summary;
        await Import("t3-categories.xls", Fixture("t3-categories.xls"));
        await Import("t3-customers.csv", Fixture("t3-customers.csv"));

        var (first, second) = aprilFirst ? ("t3-ledger-hualian-2024-04.csv", "t3-ledger-hualian-2024q1.xls") : ("t3-ledger-hualian-2024q1.xls", "t3-ledger-hualian-2024-04.csv");
        foreach (var file in new[] { first, second })
        {
            var batch = await Import(file, file.EndsWith(".csv", StringComparison.Ordinal) ? AprilLedger() : Fixture(file));
            Assert.True(batch.Imported > 0 && batch.Rejected == 0, string.Join("; ", batch.Errors.Select(e => $"{e.Line}: {e.Message}")));
        }

        async Task<string> BalanceAsync(Date? asOf) => (await server.Ledger(server.AdminKey).GetCustomerBalanceAsync(
            new GetCustomerBalanceRequest { CustomerCode = "0101001", AsOfDate = asOf })).Balance.Value;

        // What T3 itself shows: 58,000.00 brought into January, 61,010.00 at the end of March, 62,010.00 after April.
        Assert.Equal("58000.00", await BalanceAsync(new Date { Year = 2024, Month = 1, Day = 1 }));
        Assert.Equal("61010.00", await BalanceAsync(new Date { Year = 2024, Month = 3, Day = 31 }));
        Assert.Equal("61010.00", await BalanceAsync(new Date { Year = 2024, Month = 4, Day = 1 }));
        Assert.Equal("62010.00", await BalanceAsync(null));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_summary_row_that_disagrees_with_the_detail_is_reported_with_its_line(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        var imports = server.Imports(server.AdminKey);
        await ImportClient.UploadAsync(imports, new ImportHeader { AdapterId = "auto", FileName = "t3-categories.xls" }, Fixture("t3-categories.xls"));
        await ImportClient.UploadAsync(imports, new ImportHeader { AdapterId = "auto", FileName = "t3-customers.csv" }, Fixture("t3-customers.csv"));

        var (summary, _) = await ImportClient.UploadAsync(imports, new ImportHeader { AdapterId = "yonyou-t3", FileName = "t3-ledger-summary-mismatch.csv", Strict = true },
            Fixture("t3-ledger-summary-mismatch.csv"));

        Assert.False(summary.Committed);
        Assert.Contains(summary.Errors, e => e.Line > 0 && e.Message.Contains("本月合计", StringComparison.Ordinal));
        Assert.Equal(0, summary.Imported);
    }
}
