namespace ReconGrpc.Plugins.Abstractions;

/// <summary>
/// What a counterparty statement is, as the user said when naming the statement an import goes into
/// (<see cref="ImportContext.StatementKind"/>). An adapter whose files do not say whose sign convention they follow
/// can choose its default <see cref="AmountConvention"/> from it.
/// </summary>
/// <remarks>The numeric values are part of the contract and never change. Added in SDK 1.1.</remarks>
public enum StatementKind
{
    /// <summary>
    /// 对账单 / 应付账款明细账 — a customer's own statement of account or payable ledger: usually written in its books'
    /// convention, the mirror of ours (<see cref="AmountConvention.CounterpartyLedger"/>).
    /// </summary>
    CustomerStatement = 1,

    /// <summary>银行对账单 — a bank statement of our account: money in is our receipt (<see cref="AmountConvention.CashFlow"/>).</summary>
    BankStatement = 2,

    /// <summary>
    /// 支付宝 / 微信支付账单 — a payment platform's bill of our account: income is money we received
    /// (<see cref="AmountConvention.CashFlow"/>).
    /// </summary>
    PlatformBill = 3,

    /// <summary>A shop's order export: an order raises what the buyer owes, as our ledger writes it (<see cref="AmountConvention.OurLedger"/>).</summary>
    ShopOrders = 4,
}
