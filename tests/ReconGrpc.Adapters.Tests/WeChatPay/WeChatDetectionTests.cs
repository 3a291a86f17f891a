using ReconGrpc.Adapters.Camt053;
using ReconGrpc.Adapters.ChineseBanks;
using ReconGrpc.Adapters.Mt940;
using ReconGrpc.Adapters.Ofx;
using ReconGrpc.Adapters.Template;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Adapters.WeChatPay;
using ReconGrpc.Adapters.YonyouT3;
using ReconGrpc.Plugins.Abstractions;
using ReconGrpc.Samples.SimpleBankCsv;

namespace ReconGrpc.Adapters.Tests.WeChatPay;

/// <summary>Given a WeChat Pay bill's name and head, the wechatpay adapter ranks first; Alipay, JD, bank and ledger files it leaves alone.</summary>
public sealed class WeChatDetectionTests
{
    private static readonly IImportAdapter[] Adapters =
    [
        new TemplateAdapter(), new YonyouT3Adapter(), new SimpleBankCsvAdapter(), new Mt940Adapter(), new Camt053Adapter(), new OfxAdapter(), new ChineseBankAdapter(),
        new WeChatPayAdapter(),
    ];

    public static TheoryData<string> OwnFixtures => new()
    {
        "wechatpay-personal.csv",
        "wechatpay-personal.xlsx",
        "wechatpay-personal-gbk.csv",
        "wechatpay-personal-bad-rows.csv",
        "wechatpay-personal-totals-mismatch.csv",
        "wechatpay-personal-truncated.csv",
        "wechatpay-trade-all.csv",
        "wechatpay-trade-summary-mismatch.csv",
        "wechatpay-trade-truncated.csv",
        "wechatpay-trade-bad-rows.csv",
        "wechatpay-fundflow.csv",
        "wechatpay-fundflow-summary-mismatch.csv",
        "wechatpay-fundflow-truncated.csv",
    };

    public static TheoryData<string> RealBill => RealFiles.Cases("cn-pay/deg-wechat-personal.csv");

    /// <summary>Bills of other platforms and bank downloads written by others: never ours.</summary>
    public static TheoryData<string> RealOthers => RealFiles.Cases(
        "cn-pay/deg-alipay-personal-gbk.csv", "ecommerce/deg-jd-pay-bill.csv", "cn-bank/deg-icbc-debit-v2.csv", "cn-bank/deg-cmb-debit.csv", "cn-bank/deg-boc-debit.csv");

    public static TheoryData<string> OtherFixtures => new()
    {
        "t3-ledger-hualian-2024q1.csv",
        "t3-ledger-hualian-2024q1.xls",
        "t3-ledger-hualian-2024q1.xlsx",
        "t3-ledger-hualian-2024q1-html.xls",
        "t3-ledger-hualian-2024q1.txt",
        "t3-customers.xlsx",
        "template-customers-utf8.csv",
        "template-ledger.xlsx",
        "template-orders.tsv",
        "cnbank-ccb-personal.xls",
        "cnbank-cmb-corporate.xlsx",
        "cnbank-icbc-corporate-gbk.csv",
        "cnbank-generic-two-accounts.csv",
        "cnbank-generic-signed-gbk.csv",
        "sample-bank-statement.csv",
    };

    [Theory]
    [MemberData(nameof(OwnFixtures))]
    public void Our_bill_fixtures_rank_the_wechatpay_adapter_first(string file)
    {
        AssertRanksFirst(Fixture.Probe(file));
    }

    [Theory]
    [MemberData(nameof(RealBill))]
    public void The_real_personal_bill_ranks_the_wechatpay_adapter_first(string path)
    {
        if (RealFiles.Skip(path))
        {
            return;
        }

        AssertRanksFirst(RealProbe(path));
    }

    [Theory]
    [MemberData(nameof(RealOthers))]
    public void Alipay_jd_and_bank_files_written_by_others_get_nothing_from_us(string path)
    {
        if (RealFiles.Skip(path))
        {
            return;
        }

        var result = new WeChatPayAdapter().Detect(RealProbe(path));

        Assert.True(result.Confidence == 0, $"{path}: {result.Confidence} {result.Reason}");
    }

    [Theory]
    [MemberData(nameof(OtherFixtures))]
    public void Ledger_template_and_bank_fixtures_get_nothing_from_us(string file)
    {
        var result = new WeChatPayAdapter().Detect(Fixture.Probe(file));

        Assert.True(result.Confidence == 0, $"{file}: {result.Confidence} {result.Reason}");
    }

    [Theory]
    [InlineData("wechatpay-personal.csv", "personal")]
    [InlineData("wechatpay-personal.xlsx", "personal")]
    [InlineData("wechatpay-trade-all.csv", "交易账单")]
    [InlineData("wechatpay-fundflow.csv", "资金账单")]
    public void Each_bill_is_told_apart_by_markers_only_it_carries(string file, string named)
    {
        var result = new WeChatPayAdapter().Detect(Fixture.Probe(file));

        Assert.True(result.Confidence >= 0.9, result.Reason);
        Assert.Contains(named, result.Reason);
    }

    [Fact]
    public void A_personal_bill_without_its_title_is_still_offered_but_less_surely()
    {
        var text = Fixture.Text("wechatpay-personal.csv", System.Text.Encoding.UTF8);
        var withoutPreamble = text[text.IndexOf("交易时间,", StringComparison.Ordinal)..];
        var bytes = System.Text.Encoding.UTF8.GetBytes(withoutPreamble);

        var result = new WeChatPayAdapter().Detect(new FileProbe("bill.csv", bytes, bytes.Length));

        Assert.InRange(result.Confidence, 0.6, 0.85);
        Assert.Equal(RecordKind.StatementLines, result.Kind);
    }

    [Fact]
    public void Detection_never_throws_on_garbage()
    {
        var bytes = new byte[] { 0x50, 0x4B, 0x03, 0x04, 0xFF, 0xFF, 0x00, 0x01 };

        var result = new WeChatPayAdapter().Detect(new FileProbe("x.xlsx", bytes, bytes.Length));

        Assert.Equal(0, result.Confidence);
    }

    private static FileProbe RealProbe(string path)
    {
        var bytes = RealFiles.Bytes(path);
        return new FileProbe(Path.GetFileName(path), bytes.AsMemory(0, Math.Min(bytes.Length, FileProbe.HeadLength)), bytes.Length);
    }

    private static void AssertRanksFirst(FileProbe probe)
    {
        var ranked = Adapters.Select(a => (a.Descriptor.Id, Result: a.Detect(probe))).OrderByDescending(r => r.Result.Confidence).ToList();

        Assert.Equal(WeChatPayAdapter.Id, ranked[0].Id);
        Assert.True(ranked[0].Result.Confidence > ranked[1].Result.Confidence,
            $"{ranked[0].Id} {ranked[0].Result.Confidence} vs {ranked[1].Id} {ranked[1].Result.Confidence}");
        Assert.Equal(RecordKind.StatementLines, ranked[0].Result.Kind);
    }
}
