namespace ReconGrpc.Matching.Tests;

public sealed class MatchingKeyTests
{
    [Theory]
    [InlineData("inv-2024/001", "INV2024001")]
    [InlineData("INV 2024 001", "INV2024001")]
    [InlineData("ＩＮＶ－２０２４－００１", "INV2024001")]
    [InlineData("  ", "")]
    [InlineData(null, "")]
    [InlineData("客户-甲 01", "客户甲01")]
    [InlineData("INV2024001", "INV2024001")]
    [InlineData("CNY", "CNY")]
    [InlineData("INV\u00002024", "INV2024")]
    [InlineData("客户甲01", "客户甲01")]
    public void Keys_keep_letters_and_digits_fold_full_width_and_case(string? raw, string normalised)
    {
        Assert.Equal(normalised, MatchingKey.Normalize(raw));
    }

    [Fact]
    public void A_key_that_is_normalised_already_comes_back_as_it_is()
    {
        const string key = "INV2024001";

        Assert.Same(key, MatchingKey.Normalize(key));
    }

    [Fact]
    public void Leading_zeros_make_a_different_key_and_empty_keys_equal_nothing()
    {
        Assert.False(MatchingKey.AreEquivalent("001", "1"));
        Assert.True(MatchingKey.AreEquivalent("inv-001", "ＩＮＶ００１"));
        Assert.False(MatchingKey.AreEquivalent("", ""));
        Assert.False(MatchingKey.AreEquivalent("--", "//"));
    }

    [Theory]
    [InlineData("收到货款 INV-2024-00000042,谢谢", "INV-2024-00000042")]
    [InlineData("付 RC123 及 20240315001", "RC123")]               // letters and digits beat a longer run of digits
    [InlineData("付款 20240315001", "20240315001")]                 // digits alone when nothing better
    [InlineData("2024-03-15 付款 ORD7", "ORD7")]                     // the date is skipped, though it is the longer run
    [InlineData("转账", null)]
    [InlineData("AB12 CD34", "AB12")]                                 // the first of two equal runs
    [InlineData("ＩＮＶ００１２", "ＩＮＶ００１２")]
    [InlineData("A1", null)]                                          // fewer than four characters
    [InlineData("ABCDEF", null)]                                      // no digit
    public void The_text_token_is_the_longest_document_like_run(string text, string? token)
    {
        Assert.Equal(token, MatchingKey.FindTextToken(text));
    }
}
