using ReconGrpc.Adapters.Shared.Detection;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Jd;

/// <summary>
/// How sure the adapter is, from the text in a file's head. Each of JD's files has headings no other platform's file
/// has together (京东账号名 and 交易说明 on the bill, 京东价 and 商家备注等级 on the order export, 费用项 with 结算单号 or
/// 应结金额 on the settlement). Alipay and WeChat Pay bills (支付宝, 微信支付) and Taobao's order reports (买家会员名,
/// 宝贝标题) are left alone unless the file names 京东 itself.
/// </summary>
internal static class JdDetection
{
    private static readonly string[] JdOnlySettlementHeadings = ["售后服务单号", "费用项含义", "扣点类型", "京豆", "平台使用费", "资金动账备注"];

    public static DetectionResult Detect(ProbeText text)
    {
        if (text.Contains("买家会员名") || text.Contains("宝贝标题"))
        {
            return DetectionResult.No("A Taobao / Tmall order report (买家会员名, 宝贝标题), not a JD file.");
        }

        var namesJd = text.Contains("京东");
        if (!namesJd && (text.Contains("支付宝") || text.Contains("微信支付") || text.Contains("财付通")))
        {
            return DetectionResult.No("An Alipay or WeChat Pay file (支付宝, 微信支付), not a JD file.");
        }

        // 京东交易流水: a JD account's payment bill.
        var billHeadings = text.Contains("交易时间") && text.Contains("交易说明") && text.Contains("商户名称") && text.Contains("收/支")
                           && (text.Contains("交易订单号") || text.Contains("商家订单号"));
        if (billHeadings || (text.Contains("京东账号名") && text.Contains("交易时间")))
        {
            var confidence = text.Contains("京东账号名") ? 0.96 : billHeadings && namesJd ? 0.92 : 0.88;
            return Found(confidence, "a JD (京东) 交易流水 payment bill: 京东账号名 and its 交易时间, 商户名称, 交易说明, 收/支 headings", RecordKind.StatementLines);
        }

        // 京东商家 订单导出: one row per SKU.
        var orderCore = text.Contains("订单号") && text.Contains("应付金额") && (text.Contains("订购数量") || text.Contains("商品ID"));
        if (orderCore && (text.Contains("京东价") || text.Contains("商家备注等级")))
        {
            return Found(0.95, "a JD (京东商家) order export: 订单号, 订购数量, 应付金额 with 京东价 or 商家备注等级", RecordKind.Orders);
        }

        if (orderCore && text.Contains("下单帐号"))
        {
            return Found(namesJd ? 0.9 : 0.85, "a JD (京东商家) order export: 订单号, 商品ID / 订购数量, 应付金额 and 下单帐号", RecordKind.Orders);
        }

        // 京东 结算单 / 对账单明细 / 钱包资金明细.
        var fee = text.Contains("费用项") || text.Contains("费用名称") || text.Contains("费用类型");
        var amount = text.Contains("金额") || (text.Contains("收入") && text.Contains("支出"));
        var settlementTie = text.Contains("结算单号") || text.Contains("单据编号") || text.Contains("收支方向") || text.Contains("应结金额");
        if (fee && amount && settlementTie && (text.Contains("订单编号") || text.Contains("订单号")))
        {
            var jdOnly = JdOnlySettlementHeadings.Any(text.Contains);
            var confidence = namesJd ? 0.93 : jdOnly ? 0.88 : 0.8;
            return Found(confidence, "a JD (京东) settlement detail (结算单 / 对账单明细): 费用项, 金额, 订单编号 and 结算单号 or 收支方向", RecordKind.StatementLines);
        }

        return DetectionResult.No("No JD headings (交易说明 and 商户名称; 订单号, 订购数量 and 应付金额; 费用项 with 结算单号) in the file's head.");
    }

    private static DetectionResult Found(double confidence, string what, RecordKind kind) =>
        new(confidence, $"Looks like {what}.") { Kind = kind };
}
