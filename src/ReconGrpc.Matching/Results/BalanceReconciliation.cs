namespace ReconGrpc.Matching;

/// <summary>借 or 贷 in our ledger's convention: the sign of an amount.</summary>
public enum EntryDirection
{
    /// <summary>借方 — positive in our convention (raises what the customer owes: invoices, refunds paid out).</summary>
    Debit = 0,

    /// <summary>贷方 — negative in our convention (lowers it: receipts, returns, credit notes).</summary>
    Credit = 1,
}

/// <summary>The closing balances a run reconciles, both in our ledger's convention.</summary>
/// <param name="Currency">The currency of both balances.</param>
/// <param name="Ours">Our closing balance of the customer's account (应收余额).</param>
/// <param name="Theirs">
/// Their closing balance converted into our convention (a customer's 应付 balance with its sign turned, via
/// <see cref="SignConversion.ToOurs(SignConvention, decimal)"/>).
/// </param>
public sealed record ClosingBalance(string Currency, decimal Ours, decimal Theirs);

/// <summary>One line of the 余额调节表: the unmatched items of one kind that adjust a balance.</summary>
/// <param name="Reason">Why the items are unmatched.</param>
/// <param name="Direction">Whether they are debits or credits in our convention.</param>
/// <param name="Count">How many items.</param>
/// <param name="Amount">
/// Their total, in our convention. For a reason whose items both sides have booked
/// (<see cref="ExceptionReasons.BookedOnBothSides"/>), the line holds items of both sides and its amount is their
/// items' total less ours: the difference between the two books.
/// </param>
/// <remarks>
/// A line with <see cref="AcrossCurrencies"/> holds matched items, not exceptions: items of this currency matched
/// with items of the other side in another currency (a rule with <see cref="CurrencyMode.Across"/>). Each side's
/// table has the item only one side booked in its currency, so, as an item one side lacks, our such items are
/// added to their balance and theirs to ours; each currency's table then balances on its own. Its
/// <see cref="Reason"/> is <see cref="ExceptionReason.CurrencyMismatch"/> (booked in another currency), so a reader
/// that does not know the flag still labels it sensibly and the identities hold unchanged.
/// </remarks>
public sealed record BalanceAdjustment(ExceptionReason Reason, EntryDirection Direction, int Count, decimal Amount)
{
    /// <summary>Whether the line holds items matched across currencies rather than unmatched items (see the remarks).</summary>
    public bool AcrossCurrencies { get; init; }
}

/// <summary>
/// 余额调节表 — the balance reconciliation statement of one currency. Each side's closing balance is adjusted by
/// the items only the other side has booked (未达账项 and other unmatched items); ours also by the differences of
/// pairs both sides booked at different amounts or far-apart dates, and of matches made within tolerance. When everything is explained the adjusted balances agree and
/// <see cref="Unexplained"/> is zero; these identities hold exactly, in decimal:
/// <c>AdjustedOurs = OurClosingBalance + Σ OurAdjustments + AcceptedMatchDifference + ProposedMatchDifference</c>,
/// <c>AdjustedTheirs = TheirClosingBalance + Σ TheirAdjustments</c>,
/// <c>Unexplained = AdjustedOurs − AdjustedTheirs</c>.
/// </summary>
/// <param name="Currency">The currency.</param>
/// <param name="OurClosingBalance">Our closing balance.</param>
/// <param name="TheirClosingBalance">Their closing balance, in our convention.</param>
/// <param name="ClosingBalancesGiven">
/// False when no closing balances were given: the statement then starts from the movements in scope (both
/// sides' item totals), which assumes the opening balances agree.
/// </param>
/// <param name="OurAdjustments">
/// Items on their side only, added to our balance (对方已记我方未记); and the differences of pairs both sides have booked
/// with different amounts or far-apart dates (金额不符, 日期超窗), their amount less ours.
/// </param>
/// <param name="TheirAdjustments">
/// Items on our side only, added to their balance (我方已记对方未记); and our items of this currency matched across
/// currencies (<see cref="BalanceAdjustment.AcrossCurrencies"/>; their items so matched are among <paramref name="OurAdjustments"/>).
/// </param>
/// <param name="AcceptedMatchDifference">
/// Their minus our totals over accepted matches (within tolerance), matches to check (<see cref="MatchDecision.ToCheck"/>)
/// included: they are accepted.
/// </param>
/// <param name="ProposedMatchDifference">Their minus our totals over proposed matches.</param>
/// <param name="AdjustedOurs">Our balance after adjustments.</param>
/// <param name="AdjustedTheirs">Their balance after adjustments.</param>
/// <param name="Unexplained">What remains: adjusted ours minus adjusted theirs; zero when all is explained.</param>
public sealed record BalanceReconciliation(
    string Currency,
    decimal OurClosingBalance,
    decimal TheirClosingBalance,
    bool ClosingBalancesGiven,
    IReadOnlyList<BalanceAdjustment> OurAdjustments,
    IReadOnlyList<BalanceAdjustment> TheirAdjustments,
    decimal AcceptedMatchDifference,
    decimal ProposedMatchDifference,
    decimal AdjustedOurs,
    decimal AdjustedTheirs,
    decimal Unexplained);
