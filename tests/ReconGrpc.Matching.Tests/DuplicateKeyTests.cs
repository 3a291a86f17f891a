using static ReconGrpc.Matching.Tests.Item;
using static ReconGrpc.Matching.Tests.Recon;

namespace ReconGrpc.Matching.Tests;

/// <summary>
/// A line that repeats, under any key the rules read, a line of its side that is already matched, at the same amount
/// and currency, is a duplicate (重复) naming the original and its match — whichever key they share.
/// </summary>
public sealed class DuplicateKeyTests
{
    private static readonly DateWindow Month = DateWindow.Within(31);

    [Fact]
    public void Their_voucher_booked_twice_with_our_invoice_in_the_text_is_a_duplicate_not_missing_on_our_side()
    {
        // As T3 ledgers write it: the 摘要 names our invoice, the document field holds their own voucher number.
        var rules = Rules(Rule("document-in-text", keys: [new KeyPair(KeyField.DocumentNumber, KeyField.TextToken)], window: Month));
        var result = Run(rules, [Ours(1, 500m, doc: "INV-2026-0042")],
            [Theirs(11, 500m, day: 2, doc: "记-0031", text: "付货款 INV-2026-0042"), Theirs(12, 500m, day: 9, doc: "记-0057", text: "付货款 inv-2026-0042 (重复付款)")]);

        Assert.Equal(["1|11"], Pairs(result));
        var e = ExceptionOf(result, Side.Theirs, 12);
        Assert.Equal(ExceptionReason.Duplicate, e.Reason);
        Assert.Equal(DuplicateKeyKind.TextToken, e.DuplicateKey);
        Assert.Equal(11, e.Counterpart!.Id);
        Assert.Equal(0, e.OriginalMatch!.Value.Sequence);
        Assert.Equal("重复 — their item 12 repeats item 11 (same document in the text, amount 500.00 and currency), which match 0 (document-in-text) holds with our item 1.",
            e.Explanation);
    }

    [Fact]
    public void Our_entry_booked_twice_with_their_document_in_our_text_is_a_duplicate_on_our_side()
    {
        var rules = Rules(Rule("text-to-document", keys: [new KeyPair(KeyField.TextToken, KeyField.DocumentNumber)], window: Month));
        var result = Run(rules, [Ours(1, 80m, doc: "SK-1", text: "收款 RCPT-77"), Ours(2, 80m, doc: "SK-2", text: "收款 RCPT-77")],
            [Theirs(11, 80m, doc: "RCPT-77")]);

        Assert.Equal(["1|11"], Pairs(result));
        var e = ExceptionOf(result, Side.Ours, 2);
        Assert.Equal(ExceptionReason.Duplicate, e.Reason);
        Assert.Equal(DuplicateKeyKind.TextToken, e.DuplicateKey);
        Assert.Equal(1, e.Counterpart!.Id);
        Assert.Contains("holds with their item 11", e.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reference_repeated_under_another_document_number_is_a_duplicate()
    {
        var rules = Rules(Rule("reference", keys: [Reference], window: Month));
        var result = Run(rules, [Ours(1, 300m, doc: "INV-5", reference: "PAY-9")],
            [Theirs(11, 300m, doc: "B-1", reference: "PAY-9"), Theirs(12, 300m, doc: "B-2", reference: "pay 9")]);

        var e = ExceptionOf(result, Side.Theirs, 12);
        Assert.Equal(ExceptionReason.Duplicate, e.Reason);
        Assert.Equal(DuplicateKeyKind.Reference, e.DuplicateKey);
        Assert.Equal(11, e.Counterpart!.Id);
    }

    [Fact]
    public void Our_document_found_twice_in_their_references_is_a_duplicate()
    {
        var rules = Rules(Rule("document-in-reference", keys: [new KeyPair(KeyField.DocumentNumber, KeyField.Reference)], window: Month));
        var result = Run(rules, [Ours(1, 120m, doc: "INV-8")],
            [Theirs(11, 120m, doc: "BK-1", reference: "INV-8"), Theirs(12, 120m, doc: "BK-2", reference: "INV-8")]);

        var e = ExceptionOf(result, Side.Theirs, 12);
        Assert.Equal(ExceptionReason.Duplicate, e.Reason);
        Assert.Equal(DuplicateKeyKind.Reference, e.DuplicateKey);
    }

    [Fact]
    public void The_same_text_key_at_another_amount_is_not_a_duplicate()
    {
        var rules = Rules(Rule("document-in-text", keys: [new KeyPair(KeyField.DocumentNumber, KeyField.TextToken)], window: Month));
        var result = Run(rules, [Ours(1, 500m, doc: "INV-42")],
            [Theirs(11, 500m, text: "INV-42 first half"), Theirs(12, 250m, text: "INV-42 rest")]);

        // Paired by the text key with our item, at another amount: the amounts differ, it is not a repeat.
        Assert.NotEqual(ExceptionReason.Duplicate, ExceptionOf(result, Side.Theirs, 12).Reason);
    }

    [Fact]
    public void A_text_key_repeated_by_two_unmatched_lines_is_no_duplicate_without_a_matched_original()
    {
        var rules = Rules(Rule("document-in-text", keys: [new KeyPair(KeyField.DocumentNumber, KeyField.TextToken)], window: Month));
        var result = Run(rules, [], [Theirs(11, 500m, text: "INV-42"), Theirs(12, 500m, text: "INV-42")]);

        Assert.All(result.Exceptions, e => Assert.Equal(ExceptionReason.MissingOnOurSide, e.Reason));
    }

    [Fact]
    public void A_key_no_rule_reads_makes_no_duplicate()
    {
        // Only documents are read: the shared reference does not make the second line a repeat.
        var result = Run(Rules(Rule("document", keys: [Document], window: Month)), [Ours(1, 60m, doc: "INV-1")],
            [Theirs(11, 60m, doc: "INV-1", reference: "R-1"), Theirs(12, 60m, doc: "X-2", reference: "R-1")]);

        Assert.Equal(ExceptionReason.MissingOnOurSide, ExceptionOf(result, Side.Theirs, 12).Reason);
    }

    [Fact]
    public void The_default_rule_set_explains_a_voucher_booked_twice_as_a_duplicate()
    {
        var result = Run(RuleSet.Default, [Ours(1, 1_000m, doc: "INV-2026-0007", customer: "C001")],
            [Theirs(11, 1_000m, day: 1, doc: "记-12", customer: "C001", text: "应付 INV-2026-0007"),
             Theirs(12, 1_000m, day: 20, doc: "记-40", customer: "C001", text: "应付 INV-2026-0007")]);

        Assert.Equal(["1|11"], Pairs(result));
        var e = ExceptionOf(result, Side.Theirs, 12);
        Assert.Equal(ExceptionReason.Duplicate, e.Reason);
        Assert.Contains("which match 0 (document-in-text) holds with our item 1", e.Explanation, StringComparison.Ordinal);
    }
}
