namespace ReconGrpc.Plugins.Abstractions;

/// <summary>
/// What a line of a payment platform's bill (or a shop's settlement) is for (SDK 1.4). A three-way run settles orders
/// with <see cref="Sale"/> and <see cref="Refund"/> lines, totals <see cref="Fee"/> lines apart, and looks for each
/// <see cref="Payout"/> on the bank statement.
/// </summary>
/// <remarks>The numeric values are part of the contract and never change.</remarks>
public enum LinePurpose
{
    /// <summary>交易收入 / 货款 — money the platform received for an order (the order's number in <c>DocumentNumber</c>).</summary>
    Sale = 1,

    /// <summary>退款 — money paid back to the buyer for an order.</summary>
    Refund = 2,

    /// <summary>服务费 / 佣金 / 手续费 — what the platform charged us; no customer's.</summary>
    Fee = 3,

    /// <summary>提现 / 结算到银行卡 / payout — money the platform sent to our bank account; no customer's.</summary>
    Payout = 4,

    /// <summary>Any other movement on the platform account (a transfer, a top-up, an adjustment).</summary>
    Other = 5,
}
