using ReconGrpc.Domain.Ledger;

namespace ReconGrpc.Domain.Tests;

/// <summary>Wire numbers are read exactly or refused; sums refuse what a decimal cannot hold; far dates are refused, not overflowed.</summary>
public sealed class NumberAndDateRangeTests
{
    [Theory]
    [InlineData("0", "0")]
    [InlineData("-0.01", "-0.01")]
    [InlineData("1234.50", "1234.50")]
    [InlineData("12.5000000000000000000000000000000000", "12.5")]
    [InlineData("0.0000000000000000000000000001", "0.0000000000000000000000000001")]
    [InlineData("000900000000000.00", "900000000000.00")]
    public void Exact_numbers_are_read(string text, string expected)
    {
        Assert.Equal(DecimalTextOutcome.Parsed, DecimalText.TryParse(text, out var value));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("+5")]
    [InlineData("5.")]
    [InlineData(".5")]
    [InlineData("-")]
    [InlineData("")]
    [InlineData(" 5")]
    [InlineData("1e3")]
    [InlineData("1,000")]
    [InlineData("--5")]
    [InlineData("５")]
    public void Anything_but_sign_digits_and_point_is_malformed(string text) =>
        Assert.Equal(DecimalTextOutcome.Malformed, DecimalText.TryParse(text, out _));

    [Theory]
    [InlineData("1.000000000000000000000000000001")]
    [InlineData("0.00000000000000000000000000001")]
    [InlineData("99999999999999999999999999999")]
    [InlineData("1000000000000000000000000000000")]
    public void Numbers_a_decimal_would_round_are_refused(string text) =>
        Assert.Equal(DecimalTextOutcome.TooManyDigits, DecimalText.TryParse(text, out _));

    [Fact]
    public void A_balance_that_a_decimal_cannot_hold_is_refused_not_crashed()
    {
        var balance = new BroughtForwardBalance([]);
        var date = new DateOnly(2024, 4, 1);

        var overflow = Assert.Throws<RuleViolation>(() =>
        {
            for (var i = 0; i < 9; i++)
            {
                balance.Add(i + 1, "A", date, DocumentType.SalesInvoice, 1e28m, "CNY");
            }
        });

        Assert.Equal((ViolationKind.FailedPrecondition, "amount.sum_overflow"), (overflow.Kind, overflow.Rule));
    }

    [Fact]
    public void A_far_future_invoice_is_refused_by_its_date_not_by_its_due_date_overflowing()
    {
        var draft = new LedgerEntryDraft("A", new DateOnly(9999, 12, 31), DocumentType.SalesInvoice, "FP1", 100m).WithTermsDueDate(30);

        var refused = Assert.Throws<RuleViolation>(draft.Validate);

        Assert.Null(draft.DueDate);
        Assert.Equal("ledger.date_range", refused.Rule);
    }

    [Theory]
    [InlineData("900000000000", null)]
    [InlineData("-900000000000", null)]
    [InlineData("900000000000.0001", "amount_range")]
    [InlineData("0", "amount_zero")]
    public void An_entry_amount_is_within_the_range_and_not_zero(string amount, string? rule)
    {
        var draft = new LedgerEntryDraft("A", new DateOnly(2024, 4, 1), DocumentType.SalesInvoice, "FP1",
            decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture));

        var refused = Record.Exception(draft.Validate) as RuleViolation;

        Assert.Equal(rule is null ? null : "ledger." + rule, refused?.Rule);
    }
}
