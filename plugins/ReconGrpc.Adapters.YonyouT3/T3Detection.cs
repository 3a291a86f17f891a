using ReconGrpc.Adapters.Shared.Detection;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.YonyouT3;

/// <summary>
/// How sure the T3 adapter is, from the text in a file's head. A 三栏式 detail ledger is unmistakable (凭证号, 摘要,
/// 借方, 贷方 and above all 方向 beside an unsigned 余额); archives are told by T3's own headings (所属分类码) and titles.
/// </summary>
internal static class T3Detection
{
    public static DetectionResult Detect(ProbeText text)
    {
        var markers = text.CountOf(T3Headings.LedgerMarkers);
        var hints = text.CountOf(T3Headings.LedgerHints);
        var nameHint = text.FileName.Contains("T3", StringComparison.OrdinalIgnoreCase) || text.FileName.Contains("用友") ? 0.03 : 0;
        var payable = text.Contains("应付") || text.Contains("供应商");
        var ledgerKind = payable ? RecordKind.StatementLines : RecordKind.LedgerEntries;
        var ledgerName = payable ? "a payable (供应商往来) detail ledger" : "a receivable (客户往来) detail ledger";

        if (markers >= 5 && text.Contains("方向"))
        {
            var confidence = Math.Min(1.0, 0.88 + (hints >= 2 ? 0.07 : 0) + nameHint);
            return new DetectionResult(confidence, $"Yonyou T3 {ledgerName}: {markers} of its headings, including 方向 beside 余额, and {hints} of its titles or summary rows.")
            {
                Kind = ledgerKind,
            };
        }

        if (markers >= 5 || (markers == 4 && text.Contains("方向")))
        {
            return new DetectionResult(0.6 + nameHint, $"Looks like {ledgerName}: {markers} of T3's ledger headings.") { Kind = ledgerKind };
        }

        if (text.Contains("客户编码") && text.Contains("客户名称"))
        {
            var t3Headings = text.CountOf(["所属分类码", "所属地区码", "客户简称", "信用期限", "发展日期"]);
            var titled = text.Contains("客户档案");
            if (titled || t3Headings >= 2)
            {
                return new DetectionResult(Math.Min(1.0, (titled ? 0.8 : 0.65) + (0.02 * t3Headings) + nameHint), "A Yonyou T3 客户档案 (customer archive) export.")
                {
                    Kind = RecordKind.Customers,
                };
            }
        }

        if (text.Contains("类别编码") && text.Contains("类别名称"))
        {
            var titled = text.Contains("客户分类");
            return new DetectionResult((titled ? 0.85 : 0.6) + nameHint, "A Yonyou T3 客户分类 (customer category) export.") { Kind = RecordKind.Categories };
        }

        return DetectionResult.No("No Yonyou T3 headings (凭证号, 摘要, 借方, 贷方, 方向, 余额; 客户编码 with 所属分类码; 类别编码) in the file's head.");
    }
}
