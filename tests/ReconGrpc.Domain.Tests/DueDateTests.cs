using ReconGrpc.Domain.Ledger;

namespace ReconGrpc.Domain.Tests;

/// <summary>到期日 from the customer's payment terms, where the document gives none.</summary>
public sealed class DueDateTests
{
    private static readonly DateOnly May8 = new(2024, 5, 8);

    [Theory]
    [InlineData(DocumentType.SalesInvoice, 1000, 30, "2024-06-07")]  // an invoice falls due after the terms
    [InlineData(DocumentType.SalesInvoice, -1000, 30, null)]         // a red-ink invoice owes nothing
    [InlineData(DocumentType.Receipt, -500, 30, null)]               // money received is not due
    [InlineData(DocumentType.OpeningBalance, 2500, 30, null)]        // an opening carries forward older dues it does not tell
    [InlineData(DocumentType.SalesInvoice, 1000, 0, null)]           // no terms, no due date
    public void A_due_date_comes_from_the_terms_only_for_what_a_document_makes_owed(DocumentType type, double amount, int terms, string? due)
    {
        var draft = new LedgerEntryDraft("C001", May8, type, "D1", (decimal)amount).WithTermsDueDate(terms);

        Assert.Equal(due is null ? null : DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture), draft.DueDate);
    }

    [Fact]
    public void A_due_date_the_document_gives_is_kept()
    {
        var given = new DateOnly(2024, 5, 20);

        Assert.Equal(given, new LedgerEntryDraft("C001", May8, DocumentType.SalesInvoice, "D1", 1000m, DueDate: given).WithTermsDueDate(30).DueDate);
    }
}
