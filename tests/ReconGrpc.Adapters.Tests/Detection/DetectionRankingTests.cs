using ReconGrpc.Adapters.Alipay;
using ReconGrpc.Adapters.Camt053;
using ReconGrpc.Adapters.ChineseBanks;
using ReconGrpc.Adapters.Jd;
using ReconGrpc.Adapters.Mt940;
using ReconGrpc.Adapters.Ofx;
using ReconGrpc.Adapters.Shopify;
using ReconGrpc.Adapters.Taobao;
using ReconGrpc.Adapters.Template;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Adapters.WeChatPay;
using ReconGrpc.Adapters.YonyouT3;
using ReconGrpc.Plugins.Abstractions;
using ReconGrpc.Samples.SimpleBankCsv;

namespace ReconGrpc.Adapters.Tests.Detection;

/// <summary>Given a file's name and first bytes, the adapter that can read it best ranks first.</summary>
public sealed class DetectionRankingTests
{
    /// <summary>Every bundled adapter and the sample: a file must rank its own reader first among all of them.</summary>
    private static readonly IImportAdapter[] Adapters =
    [
        new TemplateAdapter(), new YonyouT3Adapter(), new SimpleBankCsvAdapter(), new Mt940Adapter(), new Camt053Adapter(), new OfxAdapter(), new ChineseBankAdapter(),
        new AlipayAdapter(), new WeChatPayAdapter(), new JdAdapter(), new TaobaoOrdersAdapter(), new ShopifyOrdersAdapter(),
    ];

    public static TheoryData<string, string, RecordKind> Files => new()
    {
        { "t3-ledger-hualian-2024q1.csv", YonyouT3Adapter.Id, RecordKind.LedgerEntries },
        { "t3-ledger-hualian-2024q1.xls", YonyouT3Adapter.Id, RecordKind.LedgerEntries },
        { "t3-ledger-hualian-2024q1.xlsx", YonyouT3Adapter.Id, RecordKind.LedgerEntries },
        { "t3-ledger-hualian-2024q1-html.xls", YonyouT3Adapter.Id, RecordKind.LedgerEntries },
        { "t3-ledger-hualian-2024q1.txt", YonyouT3Adapter.Id, RecordKind.LedgerEntries },
        { "t3-ledger-all-customers-2024-03.xlsx", YonyouT3Adapter.Id, RecordKind.LedgerEntries },
        { "t3-payable-from-hualian-2024q1.xls", YonyouT3Adapter.Id, RecordKind.StatementLines },
        { "t3-categories.xls", YonyouT3Adapter.Id, RecordKind.Categories },
        { "t3-customers.xlsx", YonyouT3Adapter.Id, RecordKind.Customers },
        { "t3-customers.csv", YonyouT3Adapter.Id, RecordKind.Customers },
        { "template-customers-utf8.csv", TemplateAdapter.Id, RecordKind.Customers },
        { "template-customers-gbk.csv", TemplateAdapter.Id, RecordKind.Customers },
        { "template-customers-own-headings.csv", TemplateAdapter.Id, RecordKind.None },
        { "template-ledger.xlsx", TemplateAdapter.Id, RecordKind.LedgerEntries },
        { "template-statement-semicolon.csv", TemplateAdapter.Id, RecordKind.StatementLines },
        { "template-categories.csv", TemplateAdapter.Id, RecordKind.Categories },
        { "template-orders.tsv", TemplateAdapter.Id, RecordKind.Orders },
        { "sample-bank-statement.csv", SimpleBankCsvAdapter.Id, RecordKind.StatementLines },
        { "mt940-envelope-two-statements.sta", Mt940Adapter.Id, RecordKind.StatementLines },
        { "mt940-german-subfields.sta", Mt940Adapter.Id, RecordKind.StatementLines },
        { "mt940-plain-crlf.sta", Mt940Adapter.Id, RecordKind.StatementLines },
        { "mt940-gbk.sta", Mt940Adapter.Id, RecordKind.StatementLines },
        { "mt940-latin1.sta", Mt940Adapter.Id, RecordKind.StatementLines },
        { "camt053-batch.xml", Camt053Adapter.Id, RecordKind.StatementLines },
        { "camt053-two-accounts.xml", Camt053Adapter.Id, RecordKind.StatementLines },
        { "camt053-v13-statement.xml", Camt053Adapter.Id, RecordKind.StatementLines },
        { "camt053-pending-reversal.xml", Camt053Adapter.Id, RecordKind.StatementLines },
        { "ofx-sgml-one-line.ofx", OfxAdapter.Id, RecordKind.StatementLines },
        { "ofx-sgml-tabs-cp1252.ofx", OfxAdapter.Id, RecordKind.StatementLines },
        { "ofx-sgml-utf8.ofx", OfxAdapter.Id, RecordKind.StatementLines },
        { "ofx-xml-utf8.ofx", OfxAdapter.Id, RecordKind.StatementLines },
        { "ofx-dates-with-zones.ofx", OfxAdapter.Id, RecordKind.StatementLines },
        { "cnbank-ccb-personal-html.xls", ChineseBankAdapter.Id, RecordKind.StatementLines },
        { "cnbank-ccb-personal.xls", ChineseBankAdapter.Id, RecordKind.StatementLines },
        { "cnbank-cmb-corporate.xlsx", ChineseBankAdapter.Id, RecordKind.StatementLines },
        { "cnbank-generic-signed-gbk.csv", ChineseBankAdapter.Id, RecordKind.StatementLines },
        { "cnbank-generic-two-accounts.csv", ChineseBankAdapter.Id, RecordKind.StatementLines },
        { "cnbank-icbc-corporate-gbk.csv", ChineseBankAdapter.Id, RecordKind.StatementLines },
        { "alipay-personal-utf8.csv", AlipayAdapter.Id, RecordKind.StatementLines },
        { "alipay-personal-legacy-gbk.csv", AlipayAdapter.Id, RecordKind.StatementLines },
        { "alipay-account-gbk.csv", AlipayAdapter.Id, RecordKind.StatementLines },
        { "alipay-business-gbk.csv", AlipayAdapter.Id, RecordKind.StatementLines },
        { "wechatpay-personal.csv", WeChatPayAdapter.Id, RecordKind.StatementLines },
        { "wechatpay-personal.xlsx", WeChatPayAdapter.Id, RecordKind.StatementLines },
        { "wechatpay-personal-gbk.csv", WeChatPayAdapter.Id, RecordKind.StatementLines },
        { "wechatpay-trade-all.csv", WeChatPayAdapter.Id, RecordKind.StatementLines },
        { "wechatpay-fundflow.csv", WeChatPayAdapter.Id, RecordKind.StatementLines },
        { "jd-orders-gbk.csv", JdAdapter.Id, RecordKind.Orders },
        { "jd-orders.xlsx", JdAdapter.Id, RecordKind.Orders },
        { "jd-settlement-gbk.csv", JdAdapter.Id, RecordKind.StatementLines },
        { "jd-settlement.xlsx", JdAdapter.Id, RecordKind.StatementLines },
        { "jd-bill-count-disagree.csv", JdAdapter.Id, RecordKind.StatementLines },
        { "taobao-orders-gbk.csv", TaobaoOrdersAdapter.Id, RecordKind.Orders },
        { "taobao-orders.xlsx", TaobaoOrdersAdapter.Id, RecordKind.Orders },
        { "taobao-order-items-joined.csv", TaobaoOrdersAdapter.Id, RecordKind.Orders },
        { "shopify-orders.csv", ShopifyOrdersAdapter.Id, RecordKind.Orders },
    };

    /// <summary>The files written by others in ../shared/data/real, each with the adapter that must rank first.</summary>
    public static TheoryData<string> RealFileCases => RealFiles.Cases(RealFileReaders.Keys.ToArray());

    private static readonly Dictionary<string, string> RealFileReaders = new()
    {
        ["mt940/oca-test-ing.940"] = Mt940Adapter.Id,
        ["mt940/mt940lib-jejik-abnamro.sta"] = Mt940Adapter.Id,
        ["mt940/mt940lib-betterplace-sepa_snippet.sta"] = Mt940Adapter.Id,
        ["mt940/mt940lib-sberbank-171011_01234945.sta"] = Mt940Adapter.Id,
        ["camt053/oca-test-camt053.xml"] = Camt053Adapter.Id,
        ["camt053/oca-test-camt053-txdtls.xml"] = Camt053Adapter.Id,
        ["camt053/genkgo-camt053.v2.multi.statement.xml"] = Camt053Adapter.Id,
        ["ofx/oca-test_ofx.ofx"] = OfxAdapter.Id,
        ["ofx/ofxparse-checking.ofx"] = OfxAdapter.Id,
        ["ofx/ofxparse-bank_medium.ofx"] = OfxAdapter.Id,
        ["cn-bank/deg-icbc-debit-v2.csv"] = ChineseBankAdapter.Id,
        ["cn-bank/deg-cmb-debit.csv"] = ChineseBankAdapter.Id,
        ["cn-pay/deg-alipay-personal-gbk.csv"] = AlipayAdapter.Id,
        ["cn-pay/deg-wechat-personal.csv"] = WeChatPayAdapter.Id,
        ["ecommerce/deg-jd-pay-bill.csv"] = JdAdapter.Id,
        ["cn-bank/deg-boc-debit.csv"] = ChineseBankAdapter.Id,
    };

    [Theory]
    [MemberData(nameof(RealFileCases))]
    public void The_right_adapter_ranks_first_for_every_real_bank_file(string relative)
    {
        if (RealFiles.Skip(relative))
        {
            return;
        }

        var bytes = RealFiles.Bytes(relative);
        var probe = new FileProbe(Path.GetFileName(relative), bytes.AsMemory(0, Math.Min(bytes.Length, FileProbe.HeadLength)), bytes.Length);

        var ranked = Adapters.Select(a => (a.Descriptor.Id, Result: a.Detect(probe))).OrderByDescending(r => r.Result.Confidence).ToList();

        Assert.Equal(RealFileReaders[relative], ranked[0].Id);
        Assert.True(ranked[0].Result.Confidence > ranked[1].Result.Confidence, $"{ranked[0].Id} {ranked[0].Result.Confidence} vs {ranked[1].Id} {ranked[1].Result.Confidence}");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void The_right_adapter_ranks_first(string file, string expected, RecordKind kind)
    {
        var probe = Fixture.Probe(file);

        var ranked = Adapters.Select(a => (a.Descriptor.Id, Result: a.Detect(probe))).OrderByDescending(r => r.Result.Confidence).ToList();

        Assert.Equal(expected, ranked[0].Id);
        Assert.True(ranked[0].Result.Confidence > ranked[1].Result.Confidence, $"{ranked[0].Id} {ranked[0].Result.Confidence} vs {ranked[1].Id} {ranked[1].Result.Confidence}");
        if (kind != RecordKind.None)
        {
            Assert.Equal(kind, ranked[0].Result.Kind);
        }
    }

    [Fact]
    public void A_t3_ledger_is_recognised_with_high_confidence_for_its_own_markers()
    {
        var result = new YonyouT3Adapter().Detect(Fixture.Probe("t3-ledger-hualian-2024q1.csv"));

        Assert.True(result.Confidence >= 0.9);
        Assert.Contains("方向", result.Reason);
    }

    [Fact]
    public void The_template_reader_offers_itself_weakly_for_any_table_it_could_map()
    {
        var bytes = "列1,列2\n1,2\n"u8.ToArray();
        var probe = new FileProbe("export.csv", bytes, bytes.Length);

        var result = new TemplateAdapter().Detect(probe);

        Assert.InRange(result.Confidence, 0.1, 0.3);
    }

    [Fact]
    public void Only_the_head_of_a_large_workbook_is_needed_to_recognise_a_t3_export()
    {
        var bytes = Fixture.Bytes("t3-ledger-hualian-2024q1.xls");
        var probe = new FileProbe("big.xls", bytes.AsMemory(0, 3000), 50_000_000);

        Assert.True(new YonyouT3Adapter().Detect(probe).Confidence >= 0.9);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0xFF, 0xFF })]
    [InlineData(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 })]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x00 })]
    public void Detection_never_throws_on_odd_bytes(byte[] head)
    {
        var probe = new FileProbe("odd.bin", head);

        foreach (var adapter in Adapters)
        {
            var result = adapter.Detect(probe);
            Assert.InRange(result.Confidence, 0, 1);
        }
    }
}
