using static ReconGrpc.Matching.Tests.Item;
using static ReconGrpc.Matching.Tests.Recon;

namespace ReconGrpc.Matching.Tests;

public sealed class OneToOneMatchingTests
{
    [Fact]
    public void Same_document_number_and_amount_are_matched_one_to_one()
    {
        var result = Run(Rule(keys: [Document]),
            [Ours(1, 1000m, doc: "INV-001"), Ours(2, 250m, doc: "INV-002")],
            [Theirs(11, 250m, doc: "INV-002"), Theirs(12, 1000m, doc: "INV-001")]);

        Assert.Equal(["1|12", "2|11"], Pairs(result).Order());
        Assert.Empty(result.Exceptions);
        Assert.All(result.Matches, m => Assert.Equal(0m, m.Difference));
        Assert.Equal(2, result.Summary.MatchedOurItems);
        Assert.Equal(2, result.Summary.MatchedTheirItems);
    }

    [Fact]
    public void Document_numbers_are_compared_after_normalisation_but_leading_zeros_count()
    {
        var result = Run(Rule(keys: [Document]),
            [Ours(1, 100m, doc: "INV-2024/001"), Ours(2, 200m, doc: "INV-2024-002")],
            [Theirs(11, 100m, doc: "ｉｎｖ２０２４００１"), Theirs(12, 200m, doc: "INV-2024-02")]);

        Assert.Equal(["1|11"], Pairs(result));
        Assert.Equal(ExceptionReason.MissingOnTheirSide, ExceptionOf(result, Side.Ours, 2).Reason);
        Assert.Equal(ExceptionReason.MissingOnOurSide, ExceptionOf(result, Side.Theirs, 12).Reason);
    }

    [Fact]
    public void Our_document_number_matches_their_reference_when_the_key_pair_says_so()
    {
        var docInReference = new KeyPair(KeyField.DocumentNumber, KeyField.Reference);
        var ours = new[] { Ours(1, -500m, doc: "RC-7781") };
        var theirs = new[] { Theirs(11, -500m, doc: "SN99001", reference: "rc 7781") };

        Assert.Equal(["1|11"], Pairs(Run(Rule(keys: [docInReference]), ours, theirs)));
        // The same items under a same-field document rule: their document number is the bank serial.
        Assert.Empty(Run(Rule(keys: [Document]), ours, theirs).Matches);
    }

    [Fact]
    public void Our_document_number_matches_the_token_in_their_text()
    {
        var docInText = new KeyPair(KeyField.DocumentNumber, KeyField.TextToken);
        var result = Run(Rule(keys: [docInText]),
            [Ours(1, -800m, doc: "INV-2024-00000042"), Ours(2, -300m, doc: "2024-03-15")],
            [Theirs(11, -800m, text: "收到货款 INV-2024-00000042,谢谢"), Theirs(12, -300m, text: "付款 2024-03-15")]);

        // A date in the text is not a document token.
        Assert.Equal(["1|11"], Pairs(result));
        Assert.Equal("INV-2024-00000042", MatchingKey.FindTextToken("收到货款 INV-2024-00000042,谢谢"));
        Assert.Null(MatchingKey.FindTextToken("付款 2024-03-15"));
    }

    [Fact]
    public void All_keys_of_a_rule_must_agree()
    {
        var result = Run(Rule(keys: [Document, Customer]),
            [Ours(1, 100m, doc: "A1", customer: "C1"), Ours(2, 100m, doc: "A2", customer: "C1")],
            [Theirs(11, 100m, doc: "A1", customer: "C1"), Theirs(12, 100m, doc: "A2", customer: "C2")]);

        Assert.Equal(["1|11"], Pairs(result));
    }

    [Fact]
    public void An_empty_key_agrees_with_nothing_not_even_another_empty_key()
    {
        var result = Run(Rule(keys: [Document]),
            [Ours(1, 100m, doc: null), Ours(2, 100m, doc: "--")],
            [Theirs(11, 100m, doc: null), Theirs(12, 100m, doc: " ")]);

        Assert.Empty(result.Matches);
        Assert.Equal(4, result.Exceptions.Count);
    }

    [Fact]
    public void Currencies_must_agree_whatever_the_keys()
    {
        var result = Run(Rule(keys: [Document]),
            [Ours(1, 100m, doc: "A1", currency: "USD"), Ours(2, 100m, doc: "A2", currency: "usd ")],
            [Theirs(11, 100m, doc: "A1", currency: "CNY"), Theirs(12, 100m, doc: "A2", currency: "USD")]);

        Assert.Equal(["2|12"], Pairs(result));
        Assert.Equal("USD", result.Matches[0].Currency);
    }

    [Fact]
    public void A_rule_without_keys_matches_on_amount_and_date_alone()
    {
        var result = Run(Rule(window: DateWindow.Within(3)),
            [Ours(1, 123.45m, day: 0)],
            [Theirs(11, 123.45m, day: 2, doc: "X"), Theirs(12, 123.46m, day: 0)]);

        Assert.Equal(["1|11"], Pairs(result));
    }

    [Fact]
    public void Empty_sides_leave_everything_unmatched_and_explained()
    {
        var result = Run(RuleSet.Default, [Ours(1, 10m, doc: "A")], []);

        Assert.Empty(result.Matches);
        Assert.Equal(ExceptionReason.MissingOnTheirSide, Assert.Single(result.Exceptions).Reason);

        var none = Run(RuleSet.Default, [], []);
        Assert.Empty(none.Matches);
        Assert.Empty(none.Exceptions);
        Assert.Empty(none.Summary.Balances);
    }
}
