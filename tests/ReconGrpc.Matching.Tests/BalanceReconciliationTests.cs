using ReconGrpc.Matching.Testing;
using static ReconGrpc.Matching.Tests.Item;
using static ReconGrpc.Matching.Tests.Recon;

namespace ReconGrpc.Matching.Tests;

/// <summary>余额调节表: each side's balance adjusted by what only the other side has booked, and what is left.</summary>
public sealed class BalanceReconciliationTests
{
    private static readonly RuleSet Rules = Recon.Rules(
        Rule("exact", keys: [Document], window: DateWindow.Within(31)),
        Rule("tolerance", keys: [Document], amount: AmountCondition.Within(1m), window: DateWindow.Within(31), decision: MatchDecision.Proposed));

    // Ours: invoice 1,000 (they have it), invoice 500 (they do not), receipt -300 (they show -299).
    private static readonly ReconItem[] OurItems =
        [Ours(1, 1_000m, doc: "INV-1"), Ours(2, 500m, doc: "INV-2"), Ours(3, -300m, doc: "RC-3")];

    // Theirs: the invoice, the receipt short by 1.00, and a payment of -200 we have not booked.
    private static readonly ReconItem[] TheirItems =
        [Theirs(11, 1_000m, doc: "INV-1"), Theirs(13, -299m, doc: "RC-3"), Theirs(14, -200m, doc: "PAY-9")];

    [Fact]
    public void Without_closing_balances_the_statement_starts_from_the_movements_and_balances_to_zero()
    {
        var result = Run(Rules, OurItems, TheirItems);

        var b = Assert.Single(result.Summary.Balances);
        Assert.Equal("CNY", b.Currency);
        Assert.False(b.ClosingBalancesGiven);
        Assert.Equal(1_200m, b.OurClosingBalance);            // 1,000 + 500 - 300
        Assert.Equal(501m, b.TheirClosingBalance);            // 1,000 - 299 - 200
        var theirsOnly = Assert.Single(b.OurAdjustments);
        Assert.Equal(new BalanceAdjustment(ExceptionReason.MissingOnOurSide, EntryDirection.Credit, 1, -200m), theirsOnly);
        var oursOnly = Assert.Single(b.TheirAdjustments);
        Assert.Equal(new BalanceAdjustment(ExceptionReason.MissingOnTheirSide, EntryDirection.Debit, 1, 500m), oursOnly);
        Assert.Equal(0m, b.AcceptedMatchDifference);
        Assert.Equal(1m, b.ProposedMatchDifference);           // -299 - (-300)
        Assert.Equal(1_001m, b.AdjustedOurs);                  // 1,200 - 200 + 1
        Assert.Equal(1_001m, b.AdjustedTheirs);                // 501 + 500
        Assert.Equal(0m, b.Unexplained);
    }

    [Fact]
    public void With_closing_balances_that_agree_at_the_opening_nothing_is_unexplained()
    {
        // Both opened at 4,000.
        var result = Run(Rules, OurItems, TheirItems, [new ClosingBalance("cny", 5_200m, 4_501m)]);

        var b = Assert.Single(result.Summary.Balances);
        Assert.True(b.ClosingBalancesGiven);
        Assert.Equal(5_200m, b.OurClosingBalance);
        Assert.Equal(4_501m, b.TheirClosingBalance);
        Assert.Equal(5_001m, b.AdjustedOurs);
        Assert.Equal(5_001m, b.AdjustedTheirs);
        Assert.Equal(0m, b.Unexplained);
    }

    [Fact]
    public void With_closing_balances_that_disagree_the_gap_is_left_unexplained()
    {
        // They opened 100.00 lower than we did: no item explains that.
        var result = Run(Rules, OurItems, TheirItems, [new ClosingBalance("CNY", 5_200m, 4_401m)]);

        var b = Assert.Single(result.Summary.Balances);
        Assert.Equal(100m, b.Unexplained);
        AssertIdentities(b);
    }

    [Fact]
    public void Each_currency_has_its_own_statement_in_code_order()
    {
        var result = Run(Rules,
            [.. OurItems, Ours(5, 70m, doc: "INV-USD", currency: "USD"), Ours(6, 9m, doc: "FX", currency: "EUR")],
            [.. TheirItems, Theirs(15, 70m, doc: "INV-USD", currency: "USD"), Theirs(16, 9m, doc: "FX", currency: "JPY")],
            [new ClosingBalance("USD", 170m, 170m), new ClosingBalance("GBP", 12m, 10m)]);

        Assert.Equal(["CNY", "EUR", "GBP", "JPY", "USD"], result.Summary.Balances.Select(b => b.Currency));
        var usd = result.Summary.Balances.Single(b => b.Currency == "USD");
        Assert.True(usd.ClosingBalancesGiven);
        Assert.Empty(usd.OurAdjustments);
        Assert.Empty(usd.TheirAdjustments);
        Assert.Equal(0m, usd.Unexplained);
        // A currency mismatch adjusts each side in its own currency.
        var eur = result.Summary.Balances.Single(b => b.Currency == "EUR");
        Assert.Equal(new BalanceAdjustment(ExceptionReason.CurrencyMismatch, EntryDirection.Debit, 1, 9m), Assert.Single(eur.TheirAdjustments));
        var jpy = result.Summary.Balances.Single(b => b.Currency == "JPY");
        Assert.Equal(new BalanceAdjustment(ExceptionReason.CurrencyMismatch, EntryDirection.Debit, 1, 9m), Assert.Single(jpy.OurAdjustments));
        // A balance given for a currency without items stands as given.
        var gbp = result.Summary.Balances.Single(b => b.Currency == "GBP");
        Assert.Equal(2m, gbp.Unexplained);
        Assert.All(result.Summary.Balances, AssertIdentities);
        Assert.All(result.Summary.Balances.Where(b => b.Currency != "GBP"), b => Assert.Equal(0m, b.Unexplained));
    }

    [Fact]
    public void Adjustments_are_split_by_reason_and_by_debit_or_credit()
    {
        var result = Run(Rules,
            [Ours(1, 100m, doc: "A"), Ours(2, -40m, doc: "B"), Ours(3, 60m, doc: "C"), Ours(4, 10m, doc: "D"), Ours(5, 10m, doc: "D")],
            [Theirs(11, 120m, doc: "A")]);

        var b = Assert.Single(result.Summary.Balances);
        Assert.Equal(
            [
                new BalanceAdjustment(ExceptionReason.MissingOnTheirSide, EntryDirection.Debit, 2, 70m),
                new BalanceAdjustment(ExceptionReason.MissingOnTheirSide, EntryDirection.Credit, 1, -40m),
                new BalanceAdjustment(ExceptionReason.Duplicate, EntryDirection.Debit, 1, 10m),
            ],
            b.TheirAdjustments);
        // A booked by both at 100 and 120: our balance is adjusted by the difference, not by their whole invoice.
        Assert.Equal(new BalanceAdjustment(ExceptionReason.AmountDiffers, EntryDirection.Debit, 2, 20m), Assert.Single(b.OurAdjustments));
        Assert.Equal(0m, b.Unexplained);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_identities_hold_exactly_on_synthetic_data(bool withClosingBalances)
    {
        var data = SyntheticGenerator.Generate(new SyntheticOptions { Size = 10_000, Seed = 5 });

        var result = Run(RuleSet.Default, data.Ours, data.Theirs, withClosingBalances ? data.ClosingBalances : null);

        Assert.Equal(["CNY", "USD"], result.Summary.Balances.Select(b => b.Currency));
        Assert.All(result.Summary.Balances, b =>
        {
            AssertIdentities(b);
            Assert.Equal(withClosingBalances, b.ClosingBalancesGiven);
            // Same opening balance on both sides and every item either matched or explained: nothing is left.
            Assert.Equal(0m, b.Unexplained);
        });

        // The adjustments are exactly the unmatched items (pairs both sides booked by their difference), and the match
        // differences exactly the matches' differences.
        Assert.Contains(result.Exceptions, e => e.Reason == ExceptionReason.AmountDiffers);
        foreach (var b in result.Summary.Balances)
        {
            var unmatched = result.Exceptions.Where(e => MatchingKey.Normalize(e.Item.Currency) == b.Currency).ToList();
            var oneSided = unmatched.Where(e => !e.Reason.BookedOnBothSides()).ToList();
            var paired = unmatched.Where(e => e.Reason.BookedOnBothSides()).ToList();
            Assert.Equal(oneSided.Where(e => e.Side == Side.Theirs).Sum(e => e.Item.Amount) + paired.Sum(e => e.Side == Side.Theirs ? e.Item.Amount : -e.Item.Amount),
                b.OurAdjustments.Sum(a => a.Amount));
            Assert.Equal(oneSided.Where(e => e.Side == Side.Ours).Sum(e => e.Item.Amount), b.TheirAdjustments.Sum(a => a.Amount));
            Assert.Equal(oneSided.Count(e => e.Side == Side.Theirs) + paired.Count, b.OurAdjustments.Sum(a => a.Count));
            var matches = result.Matches.Where(m => m.Currency == b.Currency).ToList();
            Assert.Equal(matches.Where(m => m.Decision == MatchDecision.Accepted).Sum(m => m.Difference), b.AcceptedMatchDifference);
            Assert.Equal(matches.Where(m => m.Decision == MatchDecision.Proposed).Sum(m => m.Difference), b.ProposedMatchDifference);
        }

        // Tolerance matches were made, so the match differences are really part of the sum.
        Assert.NotEqual(0m, result.Summary.Balances.Single(b => b.Currency == "CNY").ProposedMatchDifference);
    }

    [Fact]
    public void Closing_balances_must_name_each_currency_once()
    {
        var engine = new ReconciliationEngine(Rules);

        var missing = Assert.Throws<ReconciliationInputException>(() => engine.Reconcile(OurItems, TheirItems, [new ClosingBalance(" ", 1m, 1m)]));
        var twice = Assert.Throws<ReconciliationInputException>(() =>
            engine.Reconcile(OurItems, TheirItems, [new ClosingBalance("CNY", 1m, 1m), new ClosingBalance("cny", 2m, 2m)]));

        Assert.Equal("matching.balance.currency_missing", missing.Rule);
        Assert.Equal("matching.balance.currency_duplicate", twice.Rule);
    }

    private static void AssertIdentities(BalanceReconciliation b)
    {
        Assert.Equal(b.OurClosingBalance + b.OurAdjustments.Sum(a => a.Amount) + b.AcceptedMatchDifference + b.ProposedMatchDifference, b.AdjustedOurs);
        Assert.Equal(b.TheirClosingBalance + b.TheirAdjustments.Sum(a => a.Amount), b.AdjustedTheirs);
        Assert.Equal(b.AdjustedOurs - b.AdjustedTheirs, b.Unexplained);
    }
}
