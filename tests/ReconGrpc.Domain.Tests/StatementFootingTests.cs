using ReconGrpc.Domain.Ledger;

namespace ReconGrpc.Domain.Tests;

/// <summary>A bank statement's own figures against its lines: what adds up, and how a difference is put.</summary>
public sealed class StatementFootingTests
{
    private static StatementFootingDraft Footing(decimal? opening, decimal? closing, decimal credits, decimal debits, int lines,
        decimal? declaredCredits = null, decimal? declaredDebits = null, int? declaredCount = null, int unread = 0) =>
        new(2, 40, "00012/001", "NL77INGB0574908765", "EUR", new DateOnly(2024, 4, 1), opening, new DateOnly(2024, 4, 30), closing,
            lines, credits, debits, unread, declaredCredits, declaredDebits, declaredCount);

    [Fact]
    public void A_statement_whose_opening_and_lines_come_to_its_closing_has_no_problem() =>
        Assert.Empty(Footing(662.23m, 564.35m, 100.00m, 197.88m, 8).Problems());

    [Fact]
    public void A_statement_that_does_not_add_up_is_named_with_its_figures_and_the_difference() =>
        Assert.Equal(
            "statement 2 (no. 00012/001, account NL77INGB0574908765, EUR) does not add up: opening balance 3,236.28 + movements -321.44 = 2,914.84, "
            + "but the closing balance is 876.84; the difference is 2,038.00.",
            Assert.Single(Footing(3236.28m, 876.84m, 0m, 321.44m, 8).Problems()));

    [Fact]
    public void Without_an_opening_balance_nothing_can_be_checked_but_the_declared_totals() =>
        Assert.Equal(
            ["statement 2 (no. 00012/001, account NL77INGB0574908765, EUR): the file's total of money in is 1,234.56, its lines' is 2,841.74; the difference is 1,607.18.",
             "statement 2 (no. 00012/001, account NL77INGB0574908765, EUR): the file says it holds 12 lines, but 11 were found."],
            Footing(null, 100m, 2841.74m, 0m, 11, declaredCredits: 1234.56m, declaredDebits: 0m, declaredCount: 12).Problems());

    [Fact]
    public void Rows_that_could_not_be_read_or_were_refused_are_said_to_be_missing_from_the_sum() =>
        Assert.EndsWith("the difference is -50.00 (1 of its rows could not be read or were refused, and are not in the sum).",
            Assert.Single(Footing(1000m, 1050m, 0m, 0m, 3, unread: 1).Problems()));
}
