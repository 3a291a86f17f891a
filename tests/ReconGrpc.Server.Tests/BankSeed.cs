using System.Text;
using Grpc.Core;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests;

/// <summary>
/// A small bank month: four customers, our April receipts, and the bank's April statement whose payers resolve by
/// account, by name, fuzzily, ambiguously and not at all.
/// </summary>
internal static class BankSeed
{
    public static readonly Date April1 = new() { Year = 2024, Month = 4, Day = 1 };
    public static readonly Date April30 = new() { Year = 2024, Month = 4, Day = 30 };

    public const string Header = "日期,金额,对方户名,对方账号,摘要,流水号";

    /// <summary>The April statement: 1000 from C1 by its account, 500 from C2 by name, 300 from C2 fuzzily, 200 from a payer like two customers, 150 from a stranger, and a phone bill paid.</summary>
    public static readonly string[] April =
    [
        "2024-04-03,1000.00,华联贸易杭州分部,6222 0000 1111,货款,B001",
        "2024-04-05,500.00,宁波海通电子有限责任公司,,货款,B002",
        "2024-04-06,300.00,宁波海通电子科技有限公司,,货款,B003",
        "2024-04-07,200.00,温州瑞丰五金制造有限公司,,货款,B004",
        "2024-04-08,150.00,杭州某某科技有限公司,6228 8888,代付货款,B005",
        "2024-04-09,-80.00,中国电信,,电话费,B006",
    ];

    public static async Task CustomersAsync(TestServer server)
    {
        try
        {
            await server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = "81", Name = "银行客户" });
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
        {
            return;
        }

        var customers = server.Customers(server.AdminKey);
        foreach (var (code, name, account) in new[]
                 {
                     ("C1", "杭州华联贸易有限公司", "622200001111"), ("C2", "宁波海通电子有限公司", ""),
                     ("C3", "温州瑞丰五金有限公司", ""), ("C4", "温州瑞丰五金制品有限公司", ""),
                 })
        {
            await customers.CreateCustomerAsync(new CreateCustomerRequest { Fields = new CustomerFields { Code = code, Name = name, CategoryCode = "81", BankAccount = account } });
        }
    }

    /// <summary>Our April: C1's receipt the bank shows, C1's receipt the bank has not yet received, and invoices (no bank line pairs with an invoice).</summary>
    public static Task<ImportBatch> LedgerAsync(TestServer server) => ImportAsync(server,
        new ImportHeader { AdapterId = "template", FileName = "ledger-april.csv", Options = { ["kind"] = "ledger" } },
        "客户编码,客户名称,日期,单据类型,单据号,金额,摘要",
        "C1,,2024-04-01,销售发票,INV-1,1000.00,销售",
        "C2,,2024-04-01,销售发票,INV-2,800.00,销售",
        "C1,,2024-04-03,收款,RC-1,1000.00,收到货款",
        "C1,,2024-04-29,收款,RC-9,200.00,收到货款");

    public static Task<ImportBatch> StatementAsync(TestServer server, string name, params string[] lines) => ImportAsync(server,
        new ImportHeader
        {
            AdapterId = "template", FileName = name + ".csv", Options = { ["kind"] = "statement" },
            Target = new ImportTarget { StatementName = name, StatementKind = StatementKind.BankStatement },
        },
        [Header, .. lines]);

    public static async Task<long> RunAsync(TestServer server, long statementId)
    {
        using var call = server.Reconciliation(server.AdminKey).StartRun(new StartRunRequest { StartDate = April1, EndDate = April30, StatementIds = { statementId } });
        var events = await call.ResponseStream.ReadAllAsync().Select(r => r.Event).ToListAsync();
        var finished = events[^1].Finished;
        Assert.Equal(RunStatus.Completed, finished.Status);
        return finished.Id;
    }

    private static async Task<ImportBatch> ImportAsync(TestServer server, ImportHeader header, params string[] lines) =>
        (await ImportClient.UploadAsync(server.Imports(server.AdminKey), header, Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"))).Summary;
}
