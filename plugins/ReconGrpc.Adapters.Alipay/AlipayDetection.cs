using ReconGrpc.Adapters.Shared.Detection;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Alipay;

/// <summary>
/// How sure the adapter is, from the text in a file's head: the merchant downloads' titles (<c>#支付宝账务明细查询</c>,
/// <c>#支付宝业务明细查询</c>) and the personal exports' headers are markers only Alipay bills carry. A file whose title
/// names WeChat Pay (微信支付账单明细) or JD (京东) is not an Alipay bill, whatever its columns.
/// </summary>
internal static class AlipayDetection
{
    public static DetectionResult Detect(ProbeText text)
    {
        if (OtherPlatform(text.Text) is { } other)
        {
            return DetectionResult.No($"The file is a {other} bill, not an Alipay one.");
        }

        var alipay = text.Contains("支付宝");
        if (text.Contains("#支付宝账务明细查询") || text.Contains("账务明细列表"))
        {
            return Yes(0.97, "an Alipay merchant 账务明细 (#支付宝账务明细查询)");
        }

        if (text.Contains("#支付宝业务明细查询") || text.Contains("业务明细列表"))
        {
            return Yes(0.97, "an Alipay merchant 业务明细 (#支付宝业务明细查询)");
        }

        if (text.Contains("账务流水号") && text.Contains("业务流水号") && text.Contains("收入金额") && text.Contains("支出金额"))
        {
            return Yes(alipay ? 0.9 : 0.85, "an Alipay merchant 账务明细 by its headings (账务流水号, 业务流水号, 收入金额, 支出金额)");
        }

        if (text.Contains("支付宝交易号") && text.Contains("业务类型") && (text.Contains("商家实收") || text.Contains("订单金额")))
        {
            return Yes(0.9, "an Alipay merchant 业务明细 by its headings (支付宝交易号, 业务类型, 商家实收)");
        }

        if (text.Contains("交易号") && text.Contains("交易创建时间") && text.Contains("资金状态") && text.Contains("收/支"))
        {
            return Yes(alipay ? 0.95 : 0.88, "an Alipay personal 交易记录明细 (older layout: 交易号, 交易创建时间, 收/支, 资金状态)");
        }

        if (text.Contains("交易订单号") && text.Contains("商家订单号") && text.Contains("收/支") && text.Contains("交易时间"))
        {
            return Yes(alipay ? 0.96 : 0.88, "an Alipay personal 交易明细 (交易时间, 交易分类, 收/支, 交易订单号, 商家订单号)");
        }

        return DetectionResult.No("No Alipay bill title (#支付宝账务明细查询, #支付宝业务明细查询) or Alipay bill headings in the file's head.");
    }

    /// <summary>Another platform's bill, by its title in the first lines: WeChat Pay's or JD's.</summary>
    private static string? OtherPlatform(string text)
    {
        var lines = 0;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (line.IsWhiteSpace())
            {
                continue;
            }

            if (line.Contains("微信支付", StringComparison.Ordinal) && !line.Contains("支付宝", StringComparison.Ordinal))
            {
                return "WeChat Pay (微信支付)";
            }

            if (line.Contains("京东", StringComparison.Ordinal) && !line.Contains("支付宝", StringComparison.Ordinal))
            {
                return "JD (京东)";
            }

            if (++lines == 3)
            {
                break;
            }
        }

        return text.Contains("微信支付账单明细", StringComparison.Ordinal) ? "WeChat Pay (微信支付)" : null;
    }

    private static DetectionResult Yes(double confidence, string what) =>
        new(confidence, $"Looks like {what}.") { Kind = RecordKind.StatementLines };
}
