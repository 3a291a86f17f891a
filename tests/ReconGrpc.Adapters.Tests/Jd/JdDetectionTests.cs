using System.Text;
using ReconGrpc.Adapters.Camt053;
using ReconGrpc.Adapters.ChineseBanks;
using ReconGrpc.Adapters.Jd;
using ReconGrpc.Adapters.Mt940;
using ReconGrpc.Adapters.Ofx;
using ReconGrpc.Adapters.Template;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Adapters.YonyouT3;
using ReconGrpc.Plugins.Abstractions;
using ReconGrpc.Samples.SimpleBankCsv;

namespace ReconGrpc.Adapters.Tests.Jd;

/// <summary>
/// Given a JD file's name and head, the jd adapter ranks first among all bundled adapters, with the kind the file holds;
/// Alipay and WeChat Pay bills, Taobao order reports, bank downloads and ledgers it leaves to others.
/// </summary>
public sealed class JdDetectionTests
{
    private static readonly IImportAdapter[] Adapters =
    [
        new TemplateAdapter(), new YonyouT3Adapter(), new SimpleBankCsvAdapter(), new Mt940Adapter(), new Camt053Adapter(), new OfxAdapter(), new ChineseBankAdapter(),
        new JdAdapter(),
    ];

    public static TheoryData<string, RecordKind> OwnFixtures => new()
    {
        { "jd-orders-gbk.csv", RecordKind.Orders },
        { "jd-orders.xlsx", RecordKind.Orders },
        { "jd-orders-bad-rows.csv", RecordKind.Orders },
        { "jd-orders-truncated.xlsx", RecordKind.Orders },
        { "jd-settlement-gbk.csv", RecordKind.StatementLines },
        { "jd-settlement.xlsx", RecordKind.StatementLines },
        { "jd-settlement-totals-disagree.csv", RecordKind.StatementLines },
        { "jd-settlement-bad-rows.csv", RecordKind.StatementLines },
        { "jd-settlement-truncated.csv", RecordKind.StatementLines },
        { "jd-bill-count-disagree.csv", RecordKind.StatementLines },
        { "jd-bill-truncated.csv", RecordKind.StatementLines },
        { "jd-bill-bad-rows.csv", RecordKind.StatementLines },
    };

    public static TheoryData<string> RealJdFiles => RealFiles.Cases("ecommerce/deg-jd-pay-bill.csv");

    public static TheoryData<string> RealOtherFiles =>
        RealFiles.Cases("cn-pay/deg-alipay-personal-gbk.csv", "cn-pay/deg-wechat-personal.csv", "cn-bank/deg-icbc-debit-v2.csv", "cn-bank/deg-cmb-debit.csv", "cn-bank/deg-boc-debit.csv");

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
        "t3-ledger-hualian-2024q1.xlsx",
        "t3-ledger-all-customers-2024-03.xlsx",
        "t3-payable-from-hualian-2024q1.xls",
        "t3-customers.xlsx",
        "template-customers-utf8.csv",
        "template-statement-semicolon.csv",
        "template-orders.tsv",
        "sample-bank-statement.csv",
        "mt940-plain-crlf.sta",
        "camt053-batch.xml",
        "ofx-xml-utf8.ofx",
    };

    [Theory]
    [MemberData(nameof(OwnFixtures))]
    public void Our_fixtures_rank_the_jd_adapter_first_with_the_kind_they_hold(string file, RecordKind kind)
    {
        AssertRanksFirst(Fixture.Probe(file), kind);
    }

    [Theory]
    [MemberData(nameof(RealJdFiles))]
    public void The_real_jd_bill_ranks_the_jd_adapter_first(string path)
    {
        if (RealFiles.Skip(path))
        {
            return;
        }

        var result = AssertRanksFirst(ProbeOf(path), RecordKind.StatementLines);
        Assert.True(result.Confidence >= 0.9, result.Reason);
    }

    [Theory]
    [MemberData(nameof(RealOtherFiles))]
    public void Real_alipay_wechat_and_bank_files_get_nothing_from_the_jd_adapter(string path)
    {
        if (RealFiles.Skip(path))
        {
            return;
        }

        var result = new JdAdapter().Detect(ProbeOf(path));

        Assert.Equal(0, result.Confidence);
    }

    [Theory]
    [MemberData(nameof(OtherFixtures))]
    public void Bank_ledger_template_and_sample_files_get_nothing_from_the_jd_adapter(string file)
    {
        var result = new JdAdapter().Detect(Fixture.Probe(file));

        Assert.Equal(0, result.Confidence);
    }

    [Theory]
    [InlineData("支付宝交易记录明细查询\r\n交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注\r\n2024-05-01 10:00:00,网购,京东商城,/,京东 订单,支出,10.00,余额,交易成功,1,2,\r\n")]
    [InlineData("微信支付账单明细\r\n交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\r\n2024-05-01 10:00:00,商户消费,京东,京东订单,支出,¥10.00,零钱,支付成功,1,2,/\r\n")]
    [InlineData("订单编号,买家会员名,买家支付宝账号,买家应付货款,买家应付邮费,总金额,买家实际支付金额,订单状态,宝贝标题,宝贝种类,订单创建时间,订单付款时间,商家备注\r\n1,tb_a,a@b.c,10.00,0.00,10.00,10.00,交易成功,京东同款 杯子,1,2024-05-01 10:00:00,2024-05-01 10:00:05,\r\n")]
    [InlineData("账务流水号,业务流水号,商户订单号,商品名称,发生时间,对方账号,收入金额(+元),支出金额(-元),账户余额(元),交易渠道,业务类型,备注\r\n1,2,3,杯子,2024-05-01 10:00:00,a@b.c,10.00,,10.00,支付宝,交易付款,\r\n")]
    public void Alipay_wechat_pay_and_taobao_files_get_nothing_from_the_jd_adapter_even_when_they_mention_jd(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);

        var result = new JdAdapter().Detect(new FileProbe("bill.csv", bytes, bytes.Length));

        Assert.Equal(0, result.Confidence);
    }

    [Fact]
    public void Detection_never_throws_on_garbage()
    {
        var bytes = new byte[] { 0x50, 0x4B, 0x03, 0x04, 0xFF, 0xFF, 0x00, 0x01 };

        var result = new JdAdapter().Detect(new FileProbe("x.xlsx", bytes, bytes.Length));

        Assert.Equal(0, result.Confidence);
    }

    private static FileProbe ProbeOf(string path)
    {
        var bytes = RealFiles.Bytes(path);
        return new FileProbe(Path.GetFileName(path), bytes.AsMemory(0, Math.Min(bytes.Length, FileProbe.HeadLength)), bytes.Length);
    }

    private static DetectionResult AssertRanksFirst(FileProbe probe, RecordKind kind)
    {
        var ranked = Adapters.Select(a => (a.Descriptor.Id, Result: a.Detect(probe))).OrderByDescending(r => r.Result.Confidence).ToList();

        Assert.Equal(JdAdapter.Id, ranked[0].Id);
        Assert.True(ranked[0].Result.Confidence > ranked[1].Result.Confidence,
            $"{ranked[0].Id} {ranked[0].Result.Confidence} vs {ranked[1].Id} {ranked[1].Result.Confidence}");
        Assert.Equal(kind, ranked[0].Result.Kind);
        return ranked[0].Result;
    }
}
