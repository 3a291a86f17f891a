namespace ReconGrpc.Matching;

/// <summary>
/// What a line of a payment platform's bill is for. A three-way run settles orders with sales and refunds, totals fees
/// apart, and looks for each payout on the bank statement.
/// </summary>
/// <remarks>Stored by name; the values agree with the plugin SDK's and the contract's (a test checks).</remarks>
public enum LinePurpose
{
    /// <summary>交易收入 / 货款 — money the platform received for an order.</summary>
    Sale = 1,

    /// <summary>退款 — money paid back to the buyer.</summary>
    Refund = 2,

    /// <summary>服务费 / 佣金 — what the platform charged us: nobody's line.</summary>
    Fee = 3,

    /// <summary>提现 / 结算到银行卡 — money the platform sent to our bank: nobody's line.</summary>
    Payout = 4,

    /// <summary>Any other movement on the platform account.</summary>
    Other = 5,
}

/// <summary>What follows from a line's purpose.</summary>
public static class LinePurposes
{
    /// <summary>Whether a line of this purpose is about no customer: what the platform charges us, or sends our bank.</summary>
    public static bool IsNobodys(this LinePurpose? purpose) => purpose is LinePurpose.Fee or LinePurpose.Payout;
}
