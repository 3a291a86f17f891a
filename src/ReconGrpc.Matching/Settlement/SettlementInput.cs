namespace ReconGrpc.Matching.Settlement;

/// <summary>
/// A shop's order as a three-way run reads it: what the buyer pays, and how much of it the shop says was refunded.
/// </summary>
/// <param name="Id">The order's line id in storage.</param>
/// <param name="OrderNumber">订单号 — the key the platform's bill names the order by.</param>
/// <param name="Date">The order's date.</param>
/// <param name="Amount">What the buyer pays for the order.</param>
/// <param name="Refunded">How much of it the shop says was refunded, positive; null when the export does not say.</param>
/// <param name="Currency">The order's currency.</param>
public readonly record struct OrderItem(long Id, string OrderNumber, DateOnly Date, decimal Amount, decimal? Refunded, string Currency);

/// <summary>
/// A line of the platform's bill: money into the platform account positive (a sale), out negative (a refund, a fee, a
/// payout to our bank).
/// </summary>
/// <param name="Id">The line's id in storage.</param>
/// <param name="Date">The date the platform gives the line.</param>
/// <param name="Amount">Signed as the platform's cash flow.</param>
/// <param name="Purpose">What the line is for; null when the bill does not say, and then the line is left alone.</param>
/// <param name="OrderNumber">The order a sale, refund or fee is of.</param>
/// <param name="SettlementId">The settlement or payout the line was paid out in.</param>
/// <param name="Reference">The platform's transaction number.</param>
/// <param name="Text">The line's text: a fee's kind, a sale's goods.</param>
/// <param name="Currency">The line's currency.</param>
public readonly record struct BillItem(long Id, DateOnly Date, decimal Amount, LinePurpose? Purpose, string? OrderNumber, string? SettlementId,
    string? Reference, string? Text, string Currency);

/// <summary>A line of our bank statement: money into our account positive.</summary>
/// <param name="Id">The line's id in storage.</param>
/// <param name="Date">The bank's booking date.</param>
/// <param name="Amount">Signed as the bank's cash flow.</param>
/// <param name="Reference">The bank's reference of the line, and any reference the payer gave.</param>
/// <param name="CounterpartyName">Who paid, as the bank writes it.</param>
/// <param name="FromPlatform">Whether the payer is the platform (or a clearing house paying for it).</param>
/// <param name="Currency">The line's currency.</param>
public readonly record struct BankItem(long Id, DateOnly Date, decimal Amount, string? Reference, string? CounterpartyName, bool FromPlatform, string Currency);

/// <summary>The period a three-way run closes, and how far past its end it looks.</summary>
/// <param name="Start">The first day of the period.</param>
/// <param name="End">The last day of the period.</param>
/// <param name="PayoutDays">How many days after a payout the bank may book it.</param>
public sealed record SettlementPeriod(DateOnly Start, DateOnly End, int PayoutDays = SettlementPeriod.DefaultPayoutDays)
{
    /// <summary>A platform's payout reaches the bank within a few working days; a week covers a holiday weekend.</summary>
    public const int DefaultPayoutDays = 7;

    /// <summary>
    /// How far back orders are read: a platform settles after delivery, so a sale early in the month is often of an order
    /// placed the month before, and is recognised as that, not as an order we do not have.
    /// </summary>
    public const int OrderLookBackDays = 31;

    /// <summary>How far past the period the bill is read, to find late settlements and refunds of the period's orders.</summary>
    public const int BillLookAheadDays = 31;

    /// <summary>
    /// How far before the period the bill is read: a settlement paid early in the month gathers lines of the month before,
    /// and last month's payouts still in transit reach the bank in this one.
    /// </summary>
    public const int BillLookBackDays = 31;

    public bool Contains(DateOnly date) => date >= Start && date <= End;
}
