using System.Text;
using ReconGrpc.Adapters.Alipay;
using ReconGrpc.Adapters.Camt053;
using ReconGrpc.Adapters.ChineseBanks;
using ReconGrpc.Adapters.Mt940;
using ReconGrpc.Adapters.Ofx;
using ReconGrpc.Adapters.Template;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Adapters.YonyouT3;
using ReconGrpc.Plugins.Abstractions;
using ReconGrpc.Samples.SimpleBankCsv;

namespace ReconGrpc.Adapters.Tests.Alipay;

/// <summary>Given an Alipay bill's name and head, the alipay adapter ranks first among all bundled adapters; other files it leaves alone.</summary>
public sealed class AlipayDetectionTests
{
    private static readonly IImportAdapter[] Adapters =
    [
        new TemplateAdapter(), new YonyouT3Adapter(), new SimpleBankCsvAdapter(), new Mt940Adapter(), new Camt053Adapter(), new OfxAdapter(),
        new ChineseBankAdapter(), new AlipayAdapter(),
    ];

    public static TheoryData<string> OwnFixtures => new()
    {
        "alipay-personal-utf8.csv",
        "alipay-personal-legacy-gbk.csv",
        "alipay-personal-truncated.csv",
        "alipay-account-gbk.csv",
        "alipay-account-bad-rows.csv",
        "alipay-account-totals-disagree.csv",
        "alipay-account-truncated.csv",
        "alipay-business-gbk.csv",
        "alipay-business-totals-disagree.csv",
    };

    public static TheoryData<string> RealBills => RealFiles.Cases("cn-pay/deg-alipay-personal-gbk.csv");

    public static TheoryData<string> OtherFixtures => new()
    {
        "cnbank-ccb-personal.xls",
        "cnbank-ccb-personal-html.xls",
        "cnbank-cmb-corporate.xlsx",
        "cnbank-icbc-corporate-gbk.csv",
        "cnbank-generic-two-accounts.csv",
        "cnbank-generic-signed-gbk.csv",
        "t3-ledger-hualian-2024q1.csv",
        "t3-ledger-hualian-2024q1.xls",
        "t3-customers.csv",
        "template-statement-semicolon.csv",
        "template-orders.tsv",
        "sample-bank-statement.csv",
        "mt940-plain-crlf.sta",
        "camt053-batch.xml",
        "ofx-xml-utf8.ofx",
    };

    [Theory]
    [MemberData(nameof(OwnFixtures))]
    public void Our_alipay_fixtures_rank_the_alipay_adapter_first(string file)
    {
        AssertRanksFirst(Fixture.Probe(file));
    }

    [Theory]
    [MemberData(nameof(RealBills))]
    public void The_real_personal_export_ranks_the_alipay_adapter_first(string path)
    {
        if (RealFiles.Skip(path))
        {
            return;
        }

        var bytes = RealFiles.Bytes(path);
        AssertRanksFirst(new FileProbe(Path.GetFileName(path), bytes.AsMemory(0, Math.Min(bytes.Length, FileProbe.HeadLength)), bytes.Length));
    }

    [Theory]
    [MemberData(nameof(OtherFixtures))]
    public void Bank_ledger_template_and_sample_files_are_not_claimed(string file)
    {
        var result = new AlipayAdapter().Detect(Fixture.Probe(file));

        Assert.Equal(0, result.Confidence);
    }

    [Theory]
    [InlineData("alipay-personal-utf8.csv", "an Alipay personal 交易明细")]
    [InlineData("alipay-personal-legacy-gbk.csv", "older layout")]
    [InlineData("alipay-account-gbk.csv", "账务明细")]
    [InlineData("alipay-business-gbk.csv", "业务明细")]
    public void The_kind_of_bill_is_told_from_its_content(string file, string named)
    {
        var result = new AlipayAdapter().Detect(Fixture.Probe(file));

        Assert.True(result.Confidence >= 0.9, result.Reason);
        Assert.Contains(named, result.Reason);
    }

    [Fact]
    public void The_merchant_headings_without_their_title_are_still_recognised()
    {
        var csv = "账务流水号,业务流水号,商户订单号,商品名称,发生时间,对方账号,收入金额（+元）,支出金额（-元）,账户余额（元）,交易渠道,业务类型,备注\r\n";

        var result = new AlipayAdapter().Detect(new FileProbe("bill.csv", Encoding.UTF8.GetBytes(csv)));

        Assert.InRange(result.Confidence, 0.8, 0.9);
    }

    [Fact]
    public void A_wechat_pay_bill_is_not_claimed()
    {
        if (RealFiles.Folder is null)
        {
            return;
        }

        var bytes = RealFiles.Bytes("cn-pay/deg-wechat-personal.csv");

        Assert.Equal(0, new AlipayAdapter().Detect(new FileProbe("deg-wechat-personal.csv", bytes, bytes.Length)).Confidence);
    }

    [Fact]
    public void A_wechat_or_jd_bill_with_alipay_like_headings_is_not_claimed()
    {
        const string header = "交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注\r\n";
        var wechat = "微信支付账单明细\r\n微信昵称：[张三]\r\n" + header;
        var jd = "京东钱包交易明细\r\n导出时间：2024-03-01\r\n" + header;

        Assert.Equal(0, new AlipayAdapter().Detect(new FileProbe("wechat.csv", Encoding.UTF8.GetBytes(wechat))).Confidence);
        Assert.Equal(0, new AlipayAdapter().Detect(new FileProbe("jd.csv", Encoding.UTF8.GetBytes(jd))).Confidence);
        Assert.True(new AlipayAdapter().Detect(new FileProbe("alipay.csv", Encoding.UTF8.GetBytes(header))).Confidence >= 0.8);
    }

    [Fact]
    public void Detection_never_throws_on_garbage()
    {
        var bytes = new byte[] { 0x50, 0x4B, 0x03, 0x04, 0xFF, 0xFF, 0x00, 0x01 };

        var result = new AlipayAdapter().Detect(new FileProbe("x.xlsx", bytes, bytes.Length));

        Assert.Equal(0, result.Confidence);
    }

    private static void AssertRanksFirst(FileProbe probe)
    {
        var ranked = Adapters.Select(a => (a.Descriptor.Id, Result: a.Detect(probe))).OrderByDescending(r => r.Result.Confidence).ToList();

        Assert.Equal(AlipayAdapter.Id, ranked[0].Id);
        Assert.True(ranked[0].Result.Confidence > ranked[1].Result.Confidence,
            $"{ranked[0].Id} {ranked[0].Result.Confidence} vs {ranked[1].Id} {ranked[1].Result.Confidence}");
        Assert.Equal(RecordKind.StatementLines, ranked[0].Result.Kind);
    }
}
