namespace ReconGrpc.Plugins.Abstractions;

/// <summary>单据类型 — what kind of business document a ledger entry or statement line records.</summary>
/// <remarks>The numeric values are part of the contract and never change.</remarks>
public enum DocumentType
{
    /// <summary>销售发票 — a sale invoiced to the customer; raises what the customer owes.</summary>
    SalesInvoice = 1,

    /// <summary>退货 — goods returned by the customer; lowers what the customer owes.</summary>
    Return = 2,

    /// <summary>换货 — goods exchanged; its amount is the difference in value, often zero.</summary>
    Exchange = 3,

    /// <summary>收款 — money received from the customer.</summary>
    Receipt = 4,

    /// <summary>贷项通知 / 折让 / 红字发票 — a credit note, discount or red-ink reversal of an invoice.</summary>
    CreditNote = 5,

    /// <summary>调整 — a correction or write-off posted by an accountant.</summary>
    Adjustment = 6,

    /// <summary>期初余额 — the balance brought forward at the start of the period.</summary>
    OpeningBalance = 7,
}
