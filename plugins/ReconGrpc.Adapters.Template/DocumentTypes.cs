using ReconGrpc.Adapters.Shared.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Template;

/// <summary>The document types as a template's 单据类型 column may name them, in Chinese or English.</summary>
internal static class DocumentTypes
{
    private static readonly Dictionary<string, DocumentType> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["销售发票"] = DocumentType.SalesInvoice,
        ["发票"] = DocumentType.SalesInvoice,
        ["销售"] = DocumentType.SalesInvoice,
        ["salesinvoice"] = DocumentType.SalesInvoice,
        ["sales-invoice"] = DocumentType.SalesInvoice,
        ["invoice"] = DocumentType.SalesInvoice,
        ["退货"] = DocumentType.Return,
        ["销售退货"] = DocumentType.Return,
        ["return"] = DocumentType.Return,
        ["换货"] = DocumentType.Exchange,
        ["exchange"] = DocumentType.Exchange,
        ["收款"] = DocumentType.Receipt,
        ["收款单"] = DocumentType.Receipt,
        ["回款"] = DocumentType.Receipt,
        ["receipt"] = DocumentType.Receipt,
        ["贷项通知"] = DocumentType.CreditNote,
        ["贷项通知单"] = DocumentType.CreditNote,
        ["红字发票"] = DocumentType.CreditNote,
        ["折让"] = DocumentType.CreditNote,
        ["creditnote"] = DocumentType.CreditNote,
        ["credit-note"] = DocumentType.CreditNote,
        ["调整"] = DocumentType.Adjustment,
        ["调账"] = DocumentType.Adjustment,
        ["adjustment"] = DocumentType.Adjustment,
        ["期初"] = DocumentType.OpeningBalance,
        ["期初余额"] = DocumentType.OpeningBalance,
        ["openingbalance"] = DocumentType.OpeningBalance,
        ["opening-balance"] = DocumentType.OpeningBalance,
    };

    /// <summary>The row's document type, null when the column is absent or empty; an unknown name is a row error.</summary>
    public static DocumentType? Parse(RowFields row)
    {
        var text = row.Text("type");
        if (text is null)
        {
            return null;
        }

        if (Names.TryGetValue(ValueParser.HalfWidth(text).Replace(" ", string.Empty, StringComparison.Ordinal), out var type))
        {
            return type;
        }

        row.Fail("type", $"'{text}' is not a document type; use 销售发票, 退货, 换货, 收款, 贷项通知, 调整 or 期初余额.");
        return null;
    }

    /// <summary>Without a type column: a debit is an invoice, a credit a receipt.</summary>
    public static DocumentType FromSign(decimal amount) => amount switch
    {
        > 0 => DocumentType.SalesInvoice,
        < 0 => DocumentType.Receipt,
        _ => DocumentType.Adjustment,
    };
}
