namespace ReconGrpc.Matching.Settlement;

/// <summary>What an item of a three-way run is.</summary>
public enum SettlementSubject
{
    /// <summary>An order of the shop's export.</summary>
    Order = 1,

    /// <summary>A line of the platform's bill not accounted for by an order of the period.</summary>
    BillLine = 2,

    /// <summary>Money the platform paid out to our bank: a payout line, or a settlement's lines paid as one sum.</summary>
    Payout = 3,

    /// <summary>A line of our bank statement.</summary>
    BankLine = 4,
}

/// <summary>How an item of a three-way run ends.</summary>
/// <remarks>Stored by name. <see cref="SettlementOutcomes.IsException"/> says which need a person.</remarks>
public enum SettlementOutcome
{
    /// <summary>The order is settled on the bill in the period, net of any refund the shop records.</summary>
    Settled = 1,

    /// <summary>The order was refunded in full.</summary>
    Refunded = 2,

    /// <summary>The bill does not settle the order: 未结算.</summary>
    Open = 3,

    /// <summary>The bill settles the order after the period's end: money still with the platform at month end.</summary>
    SettledAfterPeriod = 4,

    /// <summary>The bill settles the order for another sum than the shop's export says.</summary>
    AmountDiffers = 5,

    /// <summary>A sale or refund on the bill of an order the shop's export does not hold.</summary>
    UnknownOrder = 6,

    /// <summary>A fee charged again for the same order: 重复扣费.</summary>
    DuplicateFee = 7,

    /// <summary>A refund of one of the period's orders made after the period's end.</summary>
    RefundAfterPeriod = 8,

    /// <summary>A sale or refund of an order placed before the period, settled in it.</summary>
    EarlierOrder = 9,

    /// <summary>The payout is on the bank statement.</summary>
    OnBank = 10,

    /// <summary>The payout is not (yet) on the bank statement: 在途.</summary>
    InTransit = 11,

    /// <summary>A payout's own figure differs from the sum of the lines the bill says it paid out.</summary>
    SettlementDiffers = 12,

    /// <summary>Money from the platform on the bank statement that no payout on the bill accounts for.</summary>
    NoPayout = 13,
}

/// <summary>What follows from an outcome.</summary>
public static class SettlementOutcomes
{
    /// <summary>Whether the outcome needs a person: a difference to explain, chase or claim back.</summary>
    public static bool IsException(this SettlementOutcome outcome) => outcome is SettlementOutcome.Open or SettlementOutcome.AmountDiffers
        or SettlementOutcome.UnknownOrder or SettlementOutcome.DuplicateFee or SettlementOutcome.RefundAfterPeriod or SettlementOutcome.InTransit
        or SettlementOutcome.SettlementDiffers or SettlementOutcome.NoPayout;
}

/// <summary>
/// One item of a three-way run and how it ends.
/// </summary>
/// <param name="Subject">What the item is.</param>
/// <param name="LineId">The order's, bill line's or bank line's id; for a settlement paid as one sum, its first line's.</param>
/// <param name="Outcome">How it ends.</param>
/// <param name="Currency">Its currency.</param>
/// <param name="Amount">The order's amount, the line's, or the payout's (money to our bank positive).</param>
/// <param name="Difference">What the other side has less this item's figure; zero when they agree.</param>
/// <param name="Related">The lines on the other side it was found with: an order's bill lines, a payout's bank line.</param>
/// <param name="Explanation">What a person needs to know; null when the item simply agrees.</param>
public sealed record SettlementItem(SettlementSubject Subject, long LineId, SettlementOutcome Outcome, string Currency, decimal Amount,
    decimal Difference, long[] Related, string? Explanation);

/// <summary>A three-way run's figures in one currency.</summary>
public sealed record SettlementTotals(string Currency)
{
    public int Orders { get; set; }

    /// <summary>What the period's orders are for.</summary>
    public decimal OrderAmount { get; set; }

    public int Settled { get; set; }

    public int Refunded { get; set; }

    public int Open { get; set; }

    public int SettledAfterPeriod { get; set; }

    public int AmountDiffers { get; set; }

    /// <summary>Sales on the bill in the period.</summary>
    public decimal Sales { get; set; }

    /// <summary>Refunds on the bill in the period (negative).</summary>
    public decimal Refunds { get; set; }

    /// <summary>Fees on the bill in the period (negative): what the platform charged, booked apart.</summary>
    public decimal Fees { get; set; }

    public int FeeLines { get; set; }

    /// <summary>Payouts to our bank in the period (positive).</summary>
    public decimal Payouts { get; set; }

    public int PayoutCount { get; set; }

    /// <summary>Of <see cref="Payouts"/>, what the bank statement shows.</summary>
    public decimal PayoutsOnBank { get; set; }

    /// <summary>Of <see cref="Payouts"/>, what is not on the bank statement.</summary>
    public decimal InTransit { get; set; }

    /// <summary>Items that need a person.</summary>
    public int Exceptions { get; set; }
}

/// <summary>The items of a three-way run, in order (orders by date, then bill lines, payouts and bank lines), and its figures per currency.</summary>
public sealed record SettlementResult(IReadOnlyList<SettlementItem> Items, IReadOnlyList<SettlementTotals> Totals);
