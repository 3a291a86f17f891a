using Grpc.Core;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests;

/// <summary>
/// A small shop's March (Fixtures/shop-month): its orders, the Alipay bill that settles them and the bank statement that
/// receives the payouts, imported with the template adapter, and their lines' ids by the ids the files give them.
/// </summary>
internal sealed record ShopMonth(long Orders, long BillId, long BankId, Dictionary<string, long> Bill, Dictionary<string, long> Bank, Dictionary<long, string> OrderNumber)
{
    public const string Platform = "ALIPAY";

    public static readonly Date March1 = new() { Year = 2026, Month = 3, Day = 1 };
    public static readonly Date March31 = new() { Year = 2026, Month = 3, Day = 31 };

    public RunSettlementRequest Request(Action<RunSettlementRequest> change)
    {
        var request = new RunSettlementRequest
        {
            OrdersStatementId = Orders, BillStatementId = BillId, BankStatementId = BankId, StartDate = March1, EndDate = March31, CustomerCode = Platform,
        };
        change(request);
        return request;
    }

    public static async Task<ShopMonth> ImportAsync(TestServer server)
    {
        await server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = "89", Name = "电商平台" });
        await server.Customers(server.AdminKey).CreateCustomerAsync(new CreateCustomerRequest
        {
            Fields = new CustomerFields { Code = Platform, Name = "支付宝（中国）网络技术有限公司", CategoryCode = "89" },
        });
        var orders = await ImportAsync(server, "orders-2026-03.csv", "orders", StatementKind.ShopOrders);
        var bill = await ImportAsync(server, "alipay-bill-2026-03.csv", "statement", StatementKind.PlatformBill);
        var bank = await ImportAsync(server, "bank-2026-03.csv", "statement", StatementKind.BankStatement);
        var orderLines = await LinesAsync(server, orders);
        var billLines = await LinesAsync(server, bill);
        var bankLines = await LinesAsync(server, bank);
        return new ShopMonth(orders, bill, bank, billLines.ToDictionary(l => l.Line, l => l.Id), bankLines.ToDictionary(l => l.Line, l => l.Id),
            orderLines.ToDictionary(l => l.Id, l => l.Number));
    }

    private static async Task<long> ImportAsync(TestServer server, string file, string kind, StatementKind statementKind)
    {
        var header = new ImportHeader
        {
            AdapterId = "template", FileName = file, Options = { ["kind"] = kind },
            Target = new ImportTarget { StatementName = Path.GetFileNameWithoutExtension(file), StatementKind = statementKind },
        };
        var summary = (await ImportClient.UploadAsync(server.Imports(server.AdminKey), header,
            await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "shop-month", file)))).Summary;
        Assert.Equal(0, summary.Rejected);
        return summary.StatementId;
    }

    /// <summary>Each line's id with the id the file gives it (the bill's 参考号, the bank's 流水号) and its document number.</summary>
    private static async Task<List<(long Id, string Line, string Number)>> LinesAsync(TestServer server, long statementId) =>
        await server.Ledger(server.AdminKey).ListStatementLines(new ListStatementLinesRequest { StatementId = statementId }).ResponseStream.ReadAllAsync()
            .SelectMany(b => b.Lines.ToAsyncEnumerable()).Select(l => (l.Id, l.Reference.Length > 0 ? l.Reference : l.DocumentNumber, l.DocumentNumber))
            .ToListAsync();
}
