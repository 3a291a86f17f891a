using ReconGrpc.Domain.Ledger;

namespace ReconGrpc.Domain.Tests;

public sealed class BroughtForwardBalanceTests
{
    private static readonly DateOnly Jan1 = new(2024, 1, 1), Mar31 = new(2024, 3, 31), Apr1 = new(2024, 4, 1), Apr10 = new(2024, 4, 10);

    private sealed record Entry(long Id, string Customer, DateOnly Date, DocumentType Type, decimal Amount, string Currency = "CNY");

    private static BroughtForwardBalance Sum(params Entry[] entries)
    {
        var balance = new BroughtForwardBalance(entries.Where(e => e.Type == DocumentType.OpeningBalance)
            .Select(e => new OpeningBalanceEntry(e.Id, e.Customer, e.Date, e.Currency, e.Amount)));
        // In an order no query would give, to show the order does not matter.
        foreach (var e in entries.Reverse())
        {
            balance.Add(e.Id, e.Customer, e.Date, e.Type, e.Amount, e.Currency);
        }

        return balance;
    }

    [Fact]
    public void Without_an_opening_balance_every_entry_counts()
    {
        var totals = Sum(new Entry(1, "A", Jan1, DocumentType.SalesInvoice, 100m), new Entry(2, "A", Mar31, DocumentType.Receipt, -30m)).TotalsIn("CNY");

        Assert.Equal(new BalanceTotals(70m, 100m, 30m, 2), totals);
    }

    [Fact]
    public void A_later_opening_balance_stands_for_the_entries_before_it_and_entries_on_its_own_day_count()
    {
        var totals = Sum(
            new Entry(1, "A", Jan1, DocumentType.OpeningBalance, 58_000m),
            new Entry(2, "A", Mar31, DocumentType.SalesInvoice, 3_010m),
            new Entry(3, "A", Apr1, DocumentType.OpeningBalance, 61_010m),
            new Entry(4, "A", Apr1, DocumentType.Receipt, -10m),
            new Entry(5, "A", Apr10, DocumentType.SalesInvoice, 1_000m)).TotalsIn("CNY");

        Assert.Equal(new BalanceTotals(62_000m, 62_010m, 10m, 3), totals);
    }

    [Fact]
    public void Of_two_opening_balances_on_one_day_the_one_stored_last_holds()
    {
        var totals = Sum(new Entry(7, "A", Apr1, DocumentType.OpeningBalance, 500m), new Entry(9, "A", Apr1, DocumentType.OpeningBalance, 450m)).TotalsIn("CNY");

        Assert.Equal(450m, totals.Balance);
    }

    [Fact]
    public void An_opening_balance_carries_only_its_own_customer_and_currency_forward()
    {
        var balance = Sum(
            new Entry(1, "A", Mar31, DocumentType.SalesInvoice, 100m),
            new Entry(2, "B", Mar31, DocumentType.SalesInvoice, 200m),
            new Entry(3, "A", Mar31, DocumentType.SalesInvoice, 50m, "USD"),
            new Entry(4, "A", Apr1, DocumentType.OpeningBalance, 1_000m));

        Assert.Equal(1_200m, balance.TotalsIn("CNY").Balance);
        Assert.Equal(50m, balance.TotalsIn("USD").Balance);
        Assert.Equal(["CNY", "USD"], balance.Currencies);
    }
}
