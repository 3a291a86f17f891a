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
        await PlatformCustomerAsync(server);
        var orders = await ImportAsync(server, "orders-2026-03.csv", "orders", StatementKind.ShopOrders);
        var bill = await ImportAsync(server, "alipay-bill-2026-03.csv", "statement", StatementKind.PlatformBill);
        var bank = await ImportAsync(server, "bank-2026-03.csv", "statement", StatementKind.BankStatement);
        return await ReadAsync(server, orders, bill, bank);
    }

    /// <summary>
    /// The same month as the shop and the platform write it: a 淘宝 订单报表, a 支付宝 账务明细 and an 工商银行 download, all
    /// GBK, each read by the adapter detection ranks first. Returns the adapters that read them too.
    /// </summary>
    public static async Task<(ShopMonth Month, string[] Adapters)> ImportNativeAsync(TestServer server)
    {
        await PlatformCustomerAsync(server);
        var orders = await ImportNativeAsync(server, "taobao-orders-2026-03.csv", StatementKind.ShopOrders);
        var bill = await ImportNativeAsync(server, "alipay-account-2026-03.csv", StatementKind.PlatformBill);
        var bank = await ImportNativeAsync(server, "icbc-2026-03.csv", StatementKind.BankStatement);
        return (await ReadAsync(server, orders.StatementId, bill.StatementId, bank.StatementId), [orders.AdapterId, bill.AdapterId, bank.AdapterId]);
    }

    private static async Task PlatformCustomerAsync(TestServer server)
    {
        await server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = "89", Name = "电商平台" });
        await server.Customers(server.AdminKey).CreateCustomerAsync(new CreateCustomerRequest
        {
            Fields = new CustomerFields { Code = Platform, Name = "支付宝（中国）网络技术有限公司", CategoryCode = "89" },
        });
    }

    private static async Task<ImportBatch> ImportNativeAsync(TestServer server, string file, StatementKind statementKind)
    {
        var header = new ImportHeader
        {
            AdapterId = "auto", FileName = file, Target = new ImportTarget { StatementName = Path.GetFileNameWithoutExtension(file), StatementKind = statementKind },
        };
        var summary = (await ImportClient.UploadAsync(server.Imports(server.AdminKey), header,
            await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "shop-month", file)))).Summary;
        Assert.True(summary.Rejected == 0 && summary.Warnings.Count == 0, $"{file}: {summary}");
        return summary;
    }

    private static async Task<ShopMonth> ReadAsync(TestServer server, long orders, long bill, long bank)
    {
        var orderLines = await LinesAsync(server, orders);
        var billLines = await LinesAsync(server, bill);
        var bankLines = await LinesAsync(server, bank);
        // The platform's own files give a sale and its fee one transaction number: the first line of each is kept.
        return new ShopMonth(orders, bill, bank, ById(billLines), ById(bankLines), orderLines.ToDictionary(l => l.Id, l => l.Number));
    }

    private static Dictionary<string, long> ById(List<(long Id, string Line, string Number)> lines) =>
        lines.GroupBy(l => l.Line).ToDictionary(g => g.Key, g => g.Min(l => l.Id));

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
