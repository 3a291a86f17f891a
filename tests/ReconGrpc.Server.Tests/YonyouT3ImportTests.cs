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
