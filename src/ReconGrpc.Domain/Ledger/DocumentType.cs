namespace ReconGrpc.Domain.Ledger;

/// <summary>单据类型 — what kind of document a ledger entry records.</summary>
/// <remarks>
/// Stored by name. Kept apart from the engine's DocumentKind, which names an invoice differently and has an
/// "unknown" for statements that do not say; the SDK's and the wire's copies map to this one by explicit switches.
/// </remarks>
public enum DocumentType
{
    /// <summary>销售发票 — raises what the customer owes.</summary>
    SalesInvoice = 1,
    /// <summary>退货 — lowers it.</summary>
    Return = 2,
    /// <summary>换货 — an exchange; usually nets to little.</summary>
    Exchange = 3,
    /// <summary>收款 — money received; lowers what the customer owes.</summary>
    Receipt = 4,
    /// <summary>贷项通知 — a credit note.</summary>
    CreditNote = 5,
    /// <summary>调整 — an adjustment or write-off.</summary>
    Adjustment = 6,
    /// <summary>期初余额 — the balance brought forward.</summary>
    OpeningBalance = 7,
}

public static class DocumentTypeNames
{
    /// <summary>The name an accountant reads on a 明细账 or 对账单, e.g. 销售发票.</summary>
    public static string ChineseName(this DocumentType type) => type switch
    {
        DocumentType.SalesInvoice => "销售发票",
        DocumentType.Return => "退货",
        DocumentType.Exchange => "换货",
        DocumentType.Receipt => "收款",
        DocumentType.CreditNote => "贷项通知",
        DocumentType.Adjustment => "调整",
        DocumentType.OpeningBalance => "期初余额",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a document type."),
    };
}
