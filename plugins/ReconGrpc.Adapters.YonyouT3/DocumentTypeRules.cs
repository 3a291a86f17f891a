using System.Text.RegularExpressions;
using ReconGrpc.Adapters.Shared.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.YonyouT3;

/// <summary>
/// What a T3 posting is, from its 摘要 and its side. T3 has no document-type column in its ledgers: accountants
/// write it into the summary ("销售商品 发票号…", "收到货款", "销售退货 冲发票…"), so keywords decide first and
/// the side of the posting decides when no keyword does.
/// </summary>
internal static partial class DocumentTypeRules
{
    private static readonly (DocumentType Type, string[] Words)[] Keywords =
    [
        (DocumentType.Return, ["退货", "退回"]),
        (DocumentType.Exchange, ["换货"]),
        (DocumentType.CreditNote, ["折让", "折扣", "返利", "贷项", "红字发票"]),
        (DocumentType.Adjustment, ["调整", "调账", "更正", "坏账", "核销"]),
        (DocumentType.Receipt, ["收款", "收到", "回款", "收回", "付款", "支付", "汇款", "转账"]),
        (DocumentType.SalesInvoice, ["销售", "发票", "开票", "采购", "购货", "进货"]),
    ];

    /// <summary>The type of a posting as our ledger names it.</summary>
    /// <param name="summary">The posting's 摘要, from whichever book it comes.</param>
    /// <param name="ourAmount">The posting's amount in our receivable's convention (debit minus credit of our 应收账款).</param>
    /// <param name="redInk">Whether the book shows it as a negative (红字) figure.</param>
    public static DocumentType Infer(string? summary, decimal ourAmount, bool redInk)
    {
        var text = ValueParser.HalfWidth(summary ?? string.Empty);
        foreach (var (type, words) in Keywords)
        {
            if (words.Any(text.Contains))
            {
                return type;
            }
        }

        return ourAmount switch
        {
            > 0 when redInk => DocumentType.Adjustment,
            > 0 => DocumentType.SalesInvoice,
            < 0 when redInk => DocumentType.CreditNote,
            < 0 => DocumentType.Receipt,
            _ => DocumentType.Adjustment,
        };
    }

    /// <summary>An invoice or document number written into a summary ("发票号00012345", "冲发票00012388").</summary>
    public static string? DocumentNumberIn(string? summary)
    {
        if (summary is null)
        {
            return null;
        }

        var match = NumberInSummary().Match(ValueParser.HalfWidth(summary));
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex(@"(?:发票号?|票号|单号|单据号)\s*[:：#]?\s*([A-Za-z0-9\-]{4,})")]
    private static partial Regex NumberInSummary();
}
