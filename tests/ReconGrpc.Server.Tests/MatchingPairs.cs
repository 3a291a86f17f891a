using System.Text;
using Grpc.Core;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Testing;

namespace ReconGrpc.Server.Tests;

/// <summary>
/// A customer with <c>count</c> April invoices and the same lines on its customer statement (their payable ledger),
/// imported through the template adapter: every invoice matches one line exactly, except the last
/// <c>missingOnTheirs</c>, which the statement leaves out.
/// </summary>
internal static class MatchingPairs
{
    /// <returns>The statement's id.</returns>
    public static async Task<long> SeedAsync(TestServer server, string categoryCode, string categoryName, string code, int count, int missingOnTheirs = 0)
    {
        try
        {
            await server.Categories(server.AdminKey).CreateCategoryAsync(new CreateCategoryRequest { Code = categoryCode, Name = categoryName });
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
        {
            // Shared by the tests of a class.
        }

        await server.Customers(server.AdminKey).CreateCustomerAsync(new CreateCustomerRequest
        {
            Fields = new CustomerFields { Code = code, Name = categoryName + "客户" + code, CategoryCode = categoryCode },
        });
        var ledger = new StringBuilder("客户编码,客户名称,日期,单据类型,单据号,金额,摘要\n");
        var statement = new StringBuilder("日期,借方,贷方,摘要,单据号\n");
        for (var i = 0; i < count; i++)
        {
            var day = 1 + (i % 28);
            var amount = (100 + (i % 997)).ToString(System.Globalization.CultureInfo.InvariantCulture) + ".00";
            ledger.Append($"{code},,2024-04-{day:00},销售发票,INV-{i},{amount},销售\n");
            if (i < count - missingOnTheirs)
            {
                statement.Append($"2024-04-{day:00},,{amount},购货,INV-{i}\n");
            }
        }

        var imports = server.Imports(server.AdminKey);
        await ImportClient.UploadAsync(imports, new ImportHeader { AdapterId = "template", FileName = $"ledger-{code}.csv", Options = { ["kind"] = "ledger" } },
            Encoding.UTF8.GetBytes(ledger.ToString()));
        var (summary, _) = await ImportClient.UploadAsync(imports, new ImportHeader
        {
            AdapterId = "template",
            FileName = $"statement-{code}.csv",
            Options = { ["kind"] = "statement", ["convention"] = "counterparty-ledger" },
            Target = new ImportTarget { StatementName = $"{code} 2024-04", StatementKind = StatementKind.CustomerStatement, CustomerCode = code },
        }, Encoding.UTF8.GetBytes(statement.ToString()));
        return summary.StatementId;
    }
}
