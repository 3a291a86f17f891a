using System.Globalization;
using ReconGrpc.Domain.Reconciliation;

namespace ReconGrpc.Domain.Tests;

/// <summary>What a write-off model (核销模板) posts for a match's difference: how much, in which sign, split how.</summary>
public sealed class WriteOffModelTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static WriteOffModel Model(WriteOffAmountKind kind, decimal? amount = null, decimal? taxRate = null) =>
        WriteOffModel.Create("fees", new WriteOffSpec("6603 财务费用-手续费", "FEE", kind, amount, taxRate, taxRate is null ? null : "22210101 应交税费-进项税额", null), "k_test", Now);

    private static decimal D(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);

    [Theory]
    // difference (theirs − ours), our total, kind, amount → posted, remaining
    [InlineData("-5.00", "500.00", WriteOffAmountKind.WholeDifference, null, "-5.00", "0.00")]    // paid 5.00 short: lowers what they owe
    [InlineData("5.00", "500.00", WriteOffAmountKind.WholeDifference, null, "5.00", "0.00")]      // paid 5.00 too much: raises it
    [InlineData("-5.00", "800.00", WriteOffAmountKind.Fixed, "3.00", "-3.00", "-2.00")]           // a smaller fixed amount leaves the rest
    [InlineData("-5.00", "800.00", WriteOffAmountKind.Fixed, "50.00", "-5.00", "0.00")]           // never more than the difference
    [InlineData("-5.00", "500.00", WriteOffAmountKind.Percentage, "0.5", "-2.50", "-2.50")]       // 0.5 % of our total
    [InlineData("-10.00", "333.33", WriteOffAmountKind.Percentage, "1", "-3.33", "-6.67")]        // rounded to the cent
    [InlineData("2.00", "-1000.00", WriteOffAmountKind.Percentage, "1", "2.00", "0.00")]          // of our total's size, capped, closing sign
    public void The_amount_closes_the_difference_and_never_exceeds_it(string difference, string ours, WriteOffAmountKind kind, string? amount, string posted, string remaining)
    {
        var result = Model(kind, amount is null ? null : D(amount)).Reckon(D(difference), D(ours), "CNY");

        Assert.Equal((D(posted), D(remaining)), (result.Posted, result.Remaining));
        Assert.Equal((result.Posted, 0m), (result.Net, result.Tax));
    }

    [Theory]
    [InlineData("-106.00", "-100.00", "-6.00")]
    [InlineData("-10.00", "-9.43", "-0.57")]   // the tax takes the rounding
    [InlineData("10.00", "9.43", "0.57")]
    [InlineData("-0.01", "-0.01", "0.00")]     // too small for any tax: one entry
    public void With_VAT_the_amount_splits_into_net_and_tax_that_add_up_exactly(string difference, string net, string tax)
    {
        var result = Model(WriteOffAmountKind.WholeDifference, taxRate: 6m).Reckon(D(difference), 1000m, "CNY");

        Assert.Equal((D(net), D(tax), D(difference)), (result.Net, result.Tax, result.Net + result.Tax));
    }

    [Fact]
    public void A_whole_currency_rounds_to_whole_units()
    {
        var result = Model(WriteOffAmountKind.Percentage, 1m).Reckon(-100m, 1050m, "JPY");

        Assert.Equal(-11m, result.Posted); // 10.5 rounded away from zero
    }

    [Fact]
    public void A_match_without_a_difference_or_a_percentage_that_comes_to_nothing_is_refused()
    {
        var none = Assert.Throws<RuleViolation>(() => Model(WriteOffAmountKind.WholeDifference).Reckon(0m, 500m, "CNY"));
        var tiny = Assert.Throws<RuleViolation>(() => Model(WriteOffAmountKind.Percentage, 0.1m).Reckon(-1m, 1m, "CNY"));

        Assert.Equal(ViolationKind.FailedPrecondition, none.Kind);
        Assert.Contains("no difference", none.Message);
        Assert.Contains("comes to 0", tiny.Message);
    }

    [Fact]
    public void An_update_replaces_what_the_model_says_and_adds_a_version()
    {
        var model = Model(WriteOffAmountKind.Fixed, 5m);

        model.Update(new WriteOffSpec(" 6603 财务费用 ", "FEE2", WriteOffAmountKind.WholeDifference, null, 13m, "22210101", " 说明 "), "k_other", Now.AddDays(1));

        Assert.Equal((2, "6603 财务费用", "FEE2", WriteOffAmountKind.WholeDifference, (decimal?)null, (decimal?)13m, "22210101", "说明", "k_other", "k_test"),
            (model.Version, model.Account, model.ReasonCode, model.AmountKind, model.Amount, model.TaxRate, model.TaxAccount, model.Description, model.UpdatedBy, model.CreatedBy));
        Assert.Throws<RuleViolation>(() => model.Update(new WriteOffSpec("6603", "FEE", WriteOffAmountKind.Fixed, 5.001m, null, null, null), "k", Now));
        Assert.Equal(2, model.Version); // a refused update changes nothing
    }
}
