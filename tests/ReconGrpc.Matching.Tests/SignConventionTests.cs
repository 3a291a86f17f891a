using static ReconGrpc.Matching.Tests.Item;
using static ReconGrpc.Matching.Tests.Recon;

namespace ReconGrpc.Matching.Tests;

/// <summary>Both sides are compared in our ledger's convention; a line keeps how its issuer wrote it.</summary>
public sealed class SignConventionTests
{
    [Fact]
    public void A_customers_credit_is_our_invoice_and_its_debit_our_receipt()
    {
        // The customer's payable ledger (应付账款): our invoice is on its credit side, its payment on its debit side.
        Assert.Equal(1_000m, SignConversion.ToOurs(SignConvention.CounterpartyLedger, debit: 0m, credit: 1_000m));
        Assert.Equal(-400m, SignConversion.ToOurs(SignConvention.CounterpartyLedger, debit: 400m, credit: 0m));
        // Signed as debit minus credit in its own books, the same lines are -1000 and +400.
        Assert.Equal(1_000m, SignConversion.ToOurs(SignConvention.CounterpartyLedger, -1_000m));
        Assert.Equal(-400m, SignConversion.ToOurs(SignConvention.CounterpartyLedger, 400m));
    }

    [Fact]
    public void Money_in_on_a_bank_statement_is_our_receipt()
    {
        // A bank credit (收入) to our account is a receipt: it lowers what the customer owes.
        Assert.Equal(-500m, SignConversion.ToOurs(SignConvention.CashFlow, 500m));
        Assert.Equal(-500m, SignConversion.ToOurs(SignConvention.CashFlow, debit: 0m, credit: 500m));
        // Money paid out (a refund, 支出) raises it again.
        Assert.Equal(80m, SignConversion.ToOurs(SignConvention.CashFlow, -80m));
        Assert.Equal(80m, SignConversion.ToOurs(SignConvention.CashFlow, debit: 80m, credit: 0m));
    }

    [Fact]
    public void Our_own_ledger_is_debit_minus_credit_unchanged()
    {
        Assert.Equal(1_000m, SignConversion.ToOurs(SignConvention.OurLedger, 1_000m));
        Assert.Equal(-300m, SignConversion.ToOurs(SignConvention.OurLedger, debit: 0m, credit: 300m));
    }

    [Theory]
    [InlineData(SignConvention.OurLedger, 123.45)]
    [InlineData(SignConvention.CounterpartyLedger, 123.45)]
    [InlineData(SignConvention.CounterpartyLedger, -0.01)]
    [InlineData(SignConvention.CashFlow, 9876.5432)]
    [InlineData(SignConvention.CashFlow, -1)]
    public void Converting_to_ours_and_back_gives_the_issuers_amount(SignConvention convention, double value)
    {
        var amount = (decimal)value;

        Assert.Equal(amount, SignConversion.FromOurs(convention, SignConversion.ToOurs(convention, amount)));
        Assert.Equal(amount, SignConversion.ToOurs(convention, SignConversion.FromOurs(convention, amount)));
    }

    [Fact]
    public void An_unknown_convention_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SignConversion.ToOurs((SignConvention)0, 1m));
        Assert.Throws<ArgumentOutOfRangeException>(() => SignConversion.ToOurs((SignConvention)9, 1m, 0m));
    }

    [Fact]
    public void A_customer_statement_and_a_bank_line_match_our_ledger_once_converted_and_still_show_their_own_sign()
    {
        // Our ledger: invoice INV-1 for 1,000 and receipt RC-1 for 600 paid into the bank.
        ReconItem[] ours = [Ours(1, 1_000m, doc: "INV-1"), Ours(2, -600m, day: 5, doc: "RC-1")];
        // The customer's statement shows INV-1 on its credit side; the bank shows 600 received.
        var customerLine = Theirs(11, SignConversion.ToOurs(SignConvention.CounterpartyLedger, debit: 0m, credit: 1_000m),
            doc: "INV-1", convention: SignConvention.CounterpartyLedger);
        var bankLine = Theirs(12, SignConversion.ToOurs(SignConvention.CashFlow, 600m), day: 6, reference: "RC-1",
            convention: SignConvention.CashFlow);

        var result = Run(RuleSet.Default, ours, [customerLine, bankLine]);

        Assert.Equal(["1|11", "2|12"], Pairs(result).Order());
        Assert.Empty(result.Exceptions);
        // Shown both ways: in our convention for the comparison, as the issuer wrote it for the report.
        Assert.Equal(1_000m, customerLine.Amount);
        Assert.Equal(-1_000m, customerLine.OriginalAmount);
        Assert.Equal(-600m, bankLine.Amount);
        Assert.Equal(600m, bankLine.OriginalAmount);
        Assert.Equal(-600m, ours[1].OriginalAmount);
    }

    [Fact]
    public void A_line_left_in_its_issuers_sign_does_not_match()
    {
        // Forgetting the conversion turns our invoice into their "payment": the amounts differ by twice the amount.
        var unconverted = Theirs(11, -1_000m, doc: "INV-1", convention: SignConvention.OurLedger);

        var result = Run(RuleSet.Default, [Ours(1, 1_000m, doc: "INV-1")], [unconverted]);

        Assert.Empty(result.Matches);
        var e = ExceptionOf(result, Side.Ours, 1);
        Assert.Equal(ExceptionReason.AmountDiffers, e.Reason);
        Assert.Equal(-2_000m, e.Difference);
    }
}
