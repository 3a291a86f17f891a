using ReconGrpc.Domain;
using ReconGrpc.Domain.Ledger;
using SignConvention = ReconGrpc.Matching.SignConvention;

namespace ReconGrpc.Domain.Tests;

/// <summary>An amount has no more decimals than its currency: 12.345 CNY is a typo or 12,345 written with a dot.</summary>
public sealed class AmountScaleTests
{
    private static readonly DateOnly Day = new(2024, 4, 2);

    [Theory]
    [InlineData("12.34", "CNY")]
    [InlineData("12.3400", "CNY")]
    [InlineData("-0.01", "usd")]
    [InlineData("1500", "JPY")]
    [InlineData("1.234", "KWD")]
    public void An_amount_within_its_currencys_decimals_is_taken(string amount, string currency)
    {
        new LedgerEntryDraft("C1", Day, DocumentType.SalesInvoice, "INV-1", decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency).Validate();
        new StatementLineDraft(Day, decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), SignConvention.OurLedger, currency).Validate();
    }

    [Theory]
    [InlineData("12.345", "CNY", "CNY has (2)")]
    [InlineData("1500.5", "JPY", "JPY has (0)")]
    [InlineData("1.2345", "KWD", "KWD has (3)")]
    public void More_decimals_than_the_currency_has_are_refused_with_the_reason(string amount, string currency, string expected)
    {
        var value = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);

        var ledger = Assert.Throws<RuleViolation>(() => new LedgerEntryDraft("C1", Day, DocumentType.SalesInvoice, "INV-1", value, currency).Validate());
        var line = Assert.Throws<RuleViolation>(() => new StatementLineDraft(Day, value, SignConvention.OurLedger, currency).Validate());

        Assert.Contains(expected, ledger.Message);
        Assert.Contains("12,345 written with a dot", line.Message);
    }
}
