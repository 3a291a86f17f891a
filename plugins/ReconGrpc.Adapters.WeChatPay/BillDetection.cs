using ReconGrpc.Adapters.Shared.Detection;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.WeChatPay;

/// <summary>
/// How sure the adapter is, from the text in a file's head. Each bill has headings only WeChat Pay writes: the
/// merchant 交易账单 its 公众账号ID and 微信订单号, the 资金账单 its 微信支付业务单号 and 资金流水单号, the personal bill its
/// title 微信支付账单明细 (and 微信昵称). Alipay's and JD's bills share words (交易时间, 收/支, 商户订单号) but not these.
/// </summary>
internal static class BillDetection
{
    public static DetectionResult Detect(ProbeText text)
    {
        if (text.Contains("微信订单号") && text.Contains("商户订单号") && text.Contains("交易状态")
            && (text.Contains("应结订单金额") || text.Contains("公众账号ID")))
        {
            return Bill(0.95, "a WeChat Pay merchant 交易账单 (downloadbill): 公众账号ID, 微信订单号, 商户订单号 and 应结订单金额 headings");
        }

        if (text.Contains("资金流水单号") && text.Contains("收支类型") && (text.Contains("微信支付业务单号") || text.Contains("资金流水总笔数")))
        {
            return Bill(0.95, "a WeChat Pay merchant 资金账单 (fundflow): 微信支付业务单号, 资金流水单号 and 收支类型 headings");
        }

        var personalHeadings = text.Contains("交易类型") && text.Contains("交易对方") && text.Contains("收/支") && text.Contains("交易单号") && text.Contains("商户单号");
        if (text.Contains("微信支付账单明细") || (text.Contains("微信昵称") && personalHeadings))
        {
            return Bill(0.95, "a personal 微信支付账单明细: its title or 微信昵称 with its headings");
        }

        if (personalHeadings && !text.Contains("支付宝") && !text.Contains("京东"))
        {
            return Bill(0.75, "a personal WeChat Pay bill by its headings (交易类型, 交易对方, 收/支, 交易单号, 商户单号) without its title");
        }

        return DetectionResult.No("No WeChat Pay bill headings (微信支付账单明细, 微信订单号 with 应结订单金额, or 资金流水单号 with 收支类型) in the file's head.");
    }

    private static DetectionResult Bill(double confidence, string what) =>
        new(confidence, $"Looks like {what}.") { Kind = RecordKind.StatementLines };
}
