using System.Globalization;
using System.Text;
using ReconGrpc.Adapters.ChineseBanks;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.ChineseBanks;

/// <summary>A large download streams through; its balances still come from its first and last lines.</summary>
public sealed class CnBankStreamingTests
{
    [Fact]
    public async Task Two_hundred_thousand_lines_stream_through_with_the_balance_chain_intact()
    {
        const int count = 200_000;
        var bytes = Download(count);
        var adapter = new ChineseBankAdapter();

        // Its rate is measured in tests/ReconGrpc.Benchmarks (docs/benchmarks.md), never here.
        long lines = 0;
        StatementBalanceRecord? balance = null;
        await using (var stream = new UploadStream(bytes))
        {
            await foreach (var row in adapter.ReadAsync(stream, new ImportContext { FileName = "big.csv" }, TestContext.Cancellation))
            {
                switch (row)
                {
                    case RecordRow { Record: StatementLineRecord }:
                        lines++;
                        break;
                    case RecordRow { Record: StatementBalanceRecord b }:
                        balance = b;
                        break;
                    default:
                        Assert.Fail($"Unexpected {row}");
                        break;
                }
            }
        }

        Assert.Equal(count, lines);

        // 1,000.00 to start; each line i is +i.00 on even i, −1.00 on odd i.
        Assert.Equal(1_000.00m, balance!.OpeningBalance);
        Assert.Equal(1_000.00m + Expected(count), balance.ClosingBalance);
    }

    private static decimal Expected(int count)
    {
        var sum = 0m;
        for (var i = 0; i < count; i++)
        {
            sum += Amount(i);
        }

        return sum;
    }

    private static decimal Amount(int i) => i % 2 == 0 ? i : -1m;

    private static byte[] Download(int count)
    {
        var text = new StringBuilder(count * 110);
        text.Append("账号：1001234567890123456\r\n币种：人民币\r\n");
        text.Append("交易日期,摘要,借方发生额,贷方发生额,余额,对方户名,对方账号,交易流水号\r\n");
        var balance = 1_000.00m;
        var day = new DateOnly(2024, 1, 1);
        for (var i = 0; i < count; i++)
        {
            var amount = Amount(i);
            balance += amount;
            text.Append(day.AddDays(i / 1000).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(",货款 ")
                .Append(i).Append(',')
                .Append(amount < 0 ? (-amount).ToString("#,##0.00", CultureInfo.InvariantCulture) : string.Empty).Append(",\"")
                .Append(amount >= 0 ? amount.ToString("#,##0.00", CultureInfo.InvariantCulture) : string.Empty).Append("\",\"")
                .Append(balance.ToString("#,##0.00", CultureInfo.InvariantCulture)).Append("\",上海华联超市有限公司,1001244309004613428,TX")
                .Append(i).Append("\r\n");
        }

        text.Append("合计,,,,\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
