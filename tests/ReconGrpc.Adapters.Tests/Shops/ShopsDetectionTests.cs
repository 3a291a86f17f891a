using System.Text;
using ReconGrpc.Adapters.Camt053;
using ReconGrpc.Adapters.ChineseBanks;
using ReconGrpc.Adapters.Mt940;
using ReconGrpc.Adapters.Ofx;
using ReconGrpc.Adapters.Shopify;
using ReconGrpc.Adapters.Taobao;
using ReconGrpc.Adapters.Template;
using ReconGrpc.Adapters.Tests.Support;
using ReconGrpc.Adapters.YonyouT3;
using ReconGrpc.Plugins.Abstractions;
using ReconGrpc.Samples.SimpleBankCsv;

namespace ReconGrpc.Adapters.Tests.Shops;

/// <summary>
/// Shop order exports rank their own adapter first among every bundled adapter; payment bills (支付宝, 微信支付, 京东),
/// bank downloads and the other fixtures are left to their readers.
/// </summary>
public sealed class ShopsDetectionTests
{
    private static readonly IImportAdapter[] Adapters =
    [
        new TemplateAdapter(), new YonyouT3Adapter(), new SimpleBankCsvAdapter(), new Mt940Adapter(), new Camt053Adapter(), new OfxAdapter(), new ChineseBankAdapter(),
        new TaobaoOrdersAdapter(), new ShopifyOrdersAdapter(),
    ];

    private static readonly IImportAdapter[] Ours = [new TaobaoOrdersAdapter(), new ShopifyOrdersAdapter()];

    public static TheoryData<string, string> OwnFixtures => new()
    {
        { "taobao-orders-gbk.csv", TaobaoOrdersAdapter.Id },
        { "taobao-orders.xlsx", TaobaoOrdersAdapter.Id },
        { "taobao-order-items-joined.csv", TaobaoOrdersAdapter.Id },
        { "taobao-totals-disagree.csv", TaobaoOrdersAdapter.Id },
        { "taobao-bad-rows.csv", TaobaoOrdersAdapter.Id },
        { "taobao-truncated.csv", TaobaoOrdersAdapter.Id },
        { "taobao-item-report.csv", TaobaoOrdersAdapter.Id },
        { "shopify-orders.csv", ShopifyOrdersAdapter.Id },
        { "shopify-totals-disagree.csv", ShopifyOrdersAdapter.Id },
        { "shopify-bad-rows.csv", ShopifyOrdersAdapter.Id },
        { "shopify-truncated.csv", ShopifyOrdersAdapter.Id },
        { "shopify-wrong-encoding.csv", ShopifyOrdersAdapter.Id },
    };

    /// <summary>Every other fixture in the folder (whoever wrote it): neither shop adapter may claim it.</summary>
    public static TheoryData<string> OtherFixtures
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var path in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures")).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(path);
                if (!name.StartsWith("taobao-", StringComparison.Ordinal) && !name.StartsWith("shopify-", StringComparison.Ordinal) && !name.EndsWith(".md", StringComparison.Ordinal))
                {
                    data.Add(name);
                }
            }

            return data;
        }
    }

    /// <summary>Payment bills and bank downloads written by others: none is a shop's order export.</summary>
    public static TheoryData<string> RealFilesNotOurs => RealFiles.Cases(
        "cn-pay/deg-alipay-personal-gbk.csv", "cn-pay/deg-wechat-personal.csv", "ecommerce/deg-jd-pay-bill.csv",
        "cn-bank/deg-icbc-debit-v2.csv", "cn-bank/deg-cmb-debit.csv", "cn-bank/deg-boc-debit.csv");

    [Theory]
    [MemberData(nameof(OwnFixtures))]
    public void Our_fixtures_rank_their_own_adapter_first_as_orders(string file, string expected)
    {
        var ranked = Rank(Fixture.Probe(file));

        Assert.Equal(expected, ranked[0].Id);
        Assert.True(ranked[0].Result.Confidence > ranked[1].Result.Confidence,
            $"{ranked[0].Id} {ranked[0].Result.Confidence} vs {ranked[1].Id} {ranked[1].Result.Confidence}");
        Assert.Equal(RecordKind.Orders, ranked[0].Result.Kind);
    }

    [Theory]
    [InlineData("taobao-orders-gbk.csv")]
    [InlineData("taobao-orders.xlsx")]
    [InlineData("taobao-order-items-joined.csv")]
    [InlineData("shopify-orders.csv")]
    public void An_export_is_recognised_by_markers_only_it_carries(string file)
    {
        var result = Ours.Select(a => a.Detect(Fixture.Probe(file))).MaxBy(r => r.Confidence)!;

        Assert.True(result.Confidence >= 0.85, result.Reason);
    }

    [Theory]
    [MemberData(nameof(OtherFixtures))]
    public void Other_fixtures_get_no_offer_from_the_shop_adapters(string file)
    {
        var probe = Fixture.Probe(file);

        foreach (var adapter in Ours)
        {
            var result = adapter.Detect(probe);
            Assert.True(result.Confidence <= 0.3, $"{adapter.Descriptor.Id} on {file}: {result.Confidence} {result.Reason}");
        }
    }

    [Theory]
    [MemberData(nameof(RealFilesNotOurs))]
    public void Real_payment_bills_and_bank_downloads_are_not_claimed(string relative)
    {
        if (RealFiles.Skip(relative))
        {
            return;
        }

        var bytes = RealFiles.Bytes(relative);
        var probe = new FileProbe(Path.GetFileName(relative), bytes.AsMemory(0, Math.Min(bytes.Length, FileProbe.HeadLength)), bytes.Length);

        foreach (var adapter in Ours)
        {
            Assert.Equal(0, adapter.Detect(probe).Confidence);
        }
    }

    [Theory]
    [InlineData("#支付宝业务明细查询\r\n#账号：[20881234567890120156]\r\n#起始日期：[2024年03月01日 00:00:00]\r\n"
                + "#-----------------------------------------业务明细列表----------------------------------------\r\n"
                + "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注\r\n"
                + "2024030122001112345678901234\t,3571234567890123451\t,交易,纯棉四件套,2024-03-01 09:15:30,2024-03-01 09:15:31,,,,,tb_小明2024,256.00,256.00,0.00,0.00,0.00,0.00,0.00,,0.00,0.00,,-1.54,0.00,\r\n")]
    [InlineData("#支付宝账务明细查询\r\n#账号：[20881234567890120156]\r\n"
                + "账务流水号,业务流水号,商户订单号,商品名称,发生时间,对方账号,收入金额（+元）,支出金额（-元）,账户余额（元）,交易渠道,业务类型,备注\r\n"
                + "20240301123456789\t,2024030122001112345678901234\t,3571234567890123451\t,纯棉四件套,2024-03-01 09:15:31,tb_小明2024,256.00,,1256.00,支付宝,在线支付,\r\n")]
    [InlineData("微信支付账单明细\r\n微信昵称：[悦家生活馆]\r\n起始时间：[2024-03-01 00:00:00] 终止时间：[2024-03-31 23:59:59]\r\n"
                + "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\r\n"
                + "2024-03-01 09:15:30,商户消费,悦家生活馆,订单编号 3571234567890123451,支出,¥256.00,零钱,支付成功,4200001234202403011234567890\t,3571234567890123451\t,/\r\n")]
    [InlineData("导出信息：\r\n京东账号：jd_buyer\r\n"
                + "交易时间,商户名称,交易说明,金额,收/付款方式,交易状态,收/支,交易分类,交易订单号,商家订单号,备注\r\n"
                + "2024-03-01 09:15:30\t,京东商城平台商户,订单编号3571234567890123451,256.00,京东白条,交易成功,支出,网购,282345678901\t,3571234567890123451\t,\r\n")]
    public void Payment_bills_that_name_orders_are_not_claimed(string head)
    {
        var bytes = Encoding.UTF8.GetBytes(head);
        var probe = new FileProbe("bill.csv", bytes, bytes.Length);

        foreach (var adapter in Ours)
        {
            Assert.Equal(0, adapter.Detect(probe).Confidence);
        }
    }

    [Fact]
    public void The_item_report_alone_is_offered_to_the_taobao_adapter_only_weakly_so_it_can_say_which_report_to_import()
    {
        var result = new TaobaoOrdersAdapter().Detect(Fixture.Probe("taobao-item-report.csv"));

        Assert.InRange(result.Confidence, 0.5, 0.7);
        Assert.Contains("订单报表", result.Reason);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0xFF, 0xFF })]
    [InlineData(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 })]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x00 })]
    public void Detection_never_throws_on_odd_bytes(byte[] head)
    {
        foreach (var adapter in Ours)
        {
            Assert.Equal(0, adapter.Detect(new FileProbe("odd.bin", head)).Confidence);
        }
    }

    private static List<(string Id, DetectionResult Result)> Rank(FileProbe probe) =>
        Adapters.Select(a => (a.Descriptor.Id, Result: a.Detect(probe))).OrderByDescending(r => r.Result.Confidence).ToList();
}
