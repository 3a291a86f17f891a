using ReconGrpc.Adapters.Jd;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.Jd;

/// <summary>
/// The real 京东交易流水 in ../shared/data/real/ecommerce (see SOURCES.md), read in place, and bills of our own: one
/// line per row, 支出 negative at the amount paid less what came back, 不计收支 at 0.00, and the header's count and
/// totals declared for the host.
/// </summary>
public sealed class JdPaymentBillTests
{
    private const string Bill = "ecommerce/deg-jd-pay-bill.csv";

    public static TheoryData<string> RealBill => RealFiles.Cases(Bill);

    [Theory]
    [MemberData(nameof(RealBill))]
    public async Task The_real_bill_reads_its_26_rows_into_26_lines_and_a_balance_record_whose_count_and_totals_its_lines_meet(string path)
    {
        if (RealFiles.Skip(path))
        {
            return;
        }

        var rows = await ReadAsync(path);
        var lines = rows.Records<StatementLineRecord>();

        Assert.Empty(rows.Errors());
        Assert.Equal(26, lines.Count);
        Assert.All(lines, l => Assert.Equal(AmountConvention.CashFlow, l.Convention));
        Assert.All(lines, l => Assert.Equal("jd_55370d18d5bb4", l.Account));

        // Rows begin at line 23, below 21 preamble lines and the header.
        Assert.Equal(23L, rows.OfType<RecordRow>().First().Line);
        Assert.Equal(48L, rows.OfType<RecordRow>().Last(r => r.Record is StatementLineRecord).Line);

        // The header: 共：26笔记录; 收入：0笔，0.00元; 支出：16笔(含4笔部分退款)，1648.43元 — the lines meet all three.
        var balance = Assert.Single(rows.Records<StatementBalanceRecord>());
        Assert.IsType<StatementBalanceRecord>(((RecordRow)rows[^1]).Record);
        Assert.Equal(26, balance.DeclaredCount);
        Assert.Equal(0.00m, balance.DeclaredCredits);
        Assert.Equal(1648.43m, balance.DeclaredDebits);
        Assert.Equal(0m, lines.Where(l => l.Amount > 0).Sum(l => l.Amount));
        Assert.Equal(-1648.43m, lines.Where(l => l.Amount < 0).Sum(l => l.Amount));
        Assert.Equal(new DateOnly(2024, 12, 1), balance.OpeningDate);
        Assert.Equal(new DateOnly(2024, 12, 31), balance.ClosingDate);
        Assert.Equal("jd_55370d18d5bb4", balance.Account);

        // 16 支出 rows, negative; the 10 不计收支 rows at 0.00.
        Assert.Equal(16, lines.Count(l => l.Amount < 0));
        Assert.Equal(10, lines.Count(l => l.Amount == 0));
    }

    [Theory]
    [MemberData(nameof(RealBill))]
    public async Task A_partly_refunded_payment_is_what_was_paid_less_what_came_back_and_its_refund_row_counts_nothing(string path)
    {
        if (RealFiles.Skip(path))
        {
            return;
        }

        var lines = (await ReadAsync(path)).Records<StatementLineRecord>();

        // 2024-12-28 13:27:56 … 131.77(已退款89.84): 41.93 out.
        var payment = lines[3];
        Assert.Equal(new DateOnly(2024, 12, 28), payment.Date);
        Assert.Equal(-41.93m, payment.Amount);
        Assert.Equal(41.93m, payment.Debit);
        Assert.Equal(LinePurpose.Other, payment.Purpose);
        Assert.Contains("付款 131.77，已退款 89.84", payment.Text);
        Assert.Equal("1000345234234223", payment.DocumentNumber);
        Assert.Equal("100000011234", payment.Reference);
        Assert.Equal("京东平台商户", payment.CounterpartyName);

        // Its refund, a row of its own a minute later: 不计收支, so 0.00, for the refund is already off the payment.
        var refund = lines[2];
        Assert.Equal(0m, refund.Amount);
        Assert.Equal(LinePurpose.Refund, refund.Purpose);
        Assert.StartsWith("退款-JEEP SPIRIT", refund.Text);
        Assert.Contains("不计收支 89.84", refund.Text);

        // 468.32(已全额退款), 不计收支: nothing.
        Assert.Equal(0m, lines[13].Amount);
        Assert.Contains("不计收支 468.32(已全额退款)", lines[13].Text);

        // The first row: 京东物流 10.20 支出, its tab-padded ids without the tab.
        Assert.Equal(-10.20m, lines[0].Amount);
        Assert.Equal("JDX100000011234", lines[0].Reference);
        Assert.Equal("1000345234234223", lines[0].DocumentNumber);
        Assert.Equal("京东物流", lines[0].CounterpartyName);
        Assert.Equal("京东外部商户 / 钱包余额 / 收发快递", lines[0].Text);
    }

    [Theory]
    [MemberData(nameof(RealBill))]
    public async Task Every_line_has_an_id_of_its_own_though_the_anonymised_bill_gives_every_row_the_same_order_numbers(string path)
    {
        if (RealFiles.Skip(path))
        {
            return;
        }

        var lines = (await ReadAsync(path)).Records<StatementLineRecord>();

        Assert.Equal(lines.Count, lines.Select(l => l.SourceId).Distinct().Count());
        Assert.Equal("JDX100000011234/20241230171602", lines[0].SourceId);
        Assert.Equal("100000011234/20241228132756", lines[3].SourceId);

        // Read again, the same ids: a re-import adds nothing.
        var again = (await ReadAsync(path)).Records<StatementLineRecord>();
        Assert.Equal(lines.Select(l => l.SourceId), again.Select(l => l.SourceId));
    }

    [Fact]
    public async Task A_bill_whose_header_count_and_total_disagree_with_its_rows_declares_them_for_the_host_to_warn()
    {
        var rows = await Fixture.ReadAsync(new JdAdapter(), "jd-bill-count-disagree.csv");
        var lines = rows.Records<StatementLineRecord>();

        Assert.Empty(rows.Errors());
        Assert.Equal(5, lines.Count);

        // 399.00 + (120.00 − 45.50) + 18.00 out; 1.23 in; the refund row 不计收支.
        Assert.Equal([-399.00m, 0m, -74.50m, -18.00m, 1.23m], lines.Select(l => l.Amount));
        Assert.Equal(LinePurpose.Refund, lines[1].Purpose);

        var balance = Assert.Single(rows.Records<StatementBalanceRecord>());
        Assert.Equal(6, balance.DeclaredCount);
        Assert.Equal(500.00m, balance.DeclaredDebits);
        Assert.Equal(1.23m, balance.DeclaredCredits);
        Assert.NotEqual(balance.DeclaredCount, lines.Count);
        Assert.NotEqual(balance.DeclaredDebits, -lines.Where(l => l.Amount < 0).Sum(l => l.Amount));
    }

    private static Task<List<ImportRow>> ReadAsync(string path) =>
        Fixture.ReadBytesAsync(new JdAdapter(), RealFiles.Bytes(path), Path.GetFileName(path));
}
