using ReconGrpc.Adapters.Shared.Detection;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Taobao;

/// <summary>
/// How sure the adapter is, from the text in a file's head: 订单编号 with 买家会员名 and an order total are the
/// 订单报表's own headings; a payment platform's bill (支付宝 账务明细 / 业务明细, 微信支付, 京东) names orders too but
/// never a 买家会员名, and is left to its own reader.
/// </summary>
internal static class TaobaoDetection
{
    private static readonly string[] TotalHeadings = ["买家实际支付金额", "买家应付货款", "买家应付邮费", "总金额"];
    private static readonly string[] BillMarkers = ["支付宝业务明细", "账务明细", "业务明细查询", "微信支付", "京东", "交易流水"];

    public static DetectionResult Detect(ProbeText text)
    {
        var named = text.FileName.StartsWith("ExportOrder", StringComparison.OrdinalIgnoreCase) ? 0.03 : 0;
        var hasOrder = text.Contains("订单编号");
        var hasBuyer = text.Contains("买家会员名");
        var totals = text.CountOf(TotalHeadings);
        if (hasOrder && hasBuyer && totals >= 1)
        {
            var confidence = (totals >= 3 ? 0.93 : 0.88) + named;
            return Orders(confidence, $"Looks like a 淘宝/天猫 订单报表: 订单编号, 买家会员名 and {totals} of its order totals ({string.Join(", ", TotalHeadings)}).");
        }

        if (BillMarkers.Any(text.Contains))
        {
            return DetectionResult.No("A payment platform's bill (支付宝, 微信支付, 京东), not a 淘宝 订单报表: it has no 买家会员名 column.");
        }

        if (hasOrder && text.Contains("购买数量") && text.Contains("商家编码"))
        {
            // The 宝贝报表 alone: the adapter recognises it to say which file to import instead.
            return Orders(0.55 + named, "Looks like a 淘宝 宝贝报表 (订单编号, 购买数量, 商家编码) without order totals; the 订单报表 is what can be imported.");
        }

        return DetectionResult.No("No 淘宝 订单报表 headings (订单编号, 买家会员名, 买家实际支付金额) in the file's head.");
    }

    private static DetectionResult Orders(double confidence, string reason) => new(Math.Min(confidence, 0.99), reason) { Kind = RecordKind.Orders };
}
