using ReconGrpc.Adapters.Alipay;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.Alipay;

/// <summary>The real personal export in ../shared/data/real/cn-pay (see SOURCES.md), figures checked by hand against the file.</summary>
public sealed class AlipayRealFileTests
{
    private const string Personal = "cn-pay/deg-alipay-personal-gbk.csv";

    public static TheoryData<string> PersonalFile => RealFiles.Cases(Personal);

    [Theory]
    [MemberData(nameof(PersonalFile))]
    public async Task The_real_personal_export_reads_its_ten_rows_into_eight_lines_and_declares_a_count_that_disagrees(string path)
    {
        if (RealFiles.Skip(path))
        {
            return;
        }

        var rows = await Fixture.ReadBytesAsync(new AlipayAdapter(), RealFiles.Bytes(path), Path.GetFileName(path));

        Assert.Empty(rows.Errors());
        var lines = rows.Records<StatementLineRecord>();

        // Lines 31 and 33 are 交易关闭: no money moved.
        Assert.Equal([26L, 27L, 28L, 29L, 30L, 32L, 34L, 35L], rows.OfType<RecordRow>().Where(r => r.Record is StatementLineRecord).Select(r => r.Line));
        Assert.Equal([-49.74m, -20.00m, 16.03m, 99.34m, 222228.50m, 50.00m, -9.90m, -82.00m], lines.Select(l => l.Amount));
        Assert.Equal([null, null, LinePurpose.Refund, LinePurpose.Other, null, LinePurpose.Refund, null, null], lines.Select(l => l.Purpose));
        Assert.All(lines, l => Assert.Equal("xx@gmail.com", l.Account));

        // Padded cells and ids ending in a tab are trimmed.
        var first = lines[0];
        Assert.Equal(new DateOnly(2023, 2, 12), first.Date);
        Assert.Equal("202302xxxxxx0011000103xxxxxx", first.Reference);
        Assert.Equal("20230xxxxxxx014741014xxxxxx", first.DocumentNumber);
        Assert.Equal("xxxxxxxxxxxx", first.CounterpartyName);
        Assert.Null(first.CounterpartyAccount);
        Assert.Equal("亲情卡", first.Text);
        Assert.Equal("rim***@qq.com", lines[1].CounterpartyAccount);

        // 卖出至余额宝: money back from a fund; a move between the holder's own accounts.
        Assert.Equal("蚂蚁财富-蚂蚁（杭州）基金销售有限公司", lines[3].CounterpartyName);
        Assert.Null(lines[3].DocumentNumber);

        // 共66笔记录 less the two closed rows: 64 declared against eight lines, for the host to warn about.
        var balance = Assert.Single(rows.Records<StatementBalanceRecord>());
        Assert.Equal(64, balance.DeclaredCount);
        Assert.Equal("xx@gmail.com", balance.Account);
        Assert.Equal(new DateOnly(2023, 2, 10), balance.OpeningDate);
        Assert.Equal(new DateOnly(2023, 2, 13), balance.ClosingDate);
    }

    [Theory]
    [MemberData(nameof(PersonalFile))]
    public void The_real_personal_export_is_recognised_as_an_alipay_bill(string path)
    {
        if (RealFiles.Skip(path))
        {
            return;
        }

        var bytes = RealFiles.Bytes(path);
        var result = new AlipayAdapter().Detect(new FileProbe(Path.GetFileName(path), bytes, bytes.Length));

        Assert.True(result.Confidence >= 0.9, result.Reason);
        Assert.Equal(RecordKind.StatementLines, result.Kind);
    }
}
