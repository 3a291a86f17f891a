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

    [Theory]
    [InlineData("INV-2024-00000123")]                     // the vector path: two blocks, the second overlapping
    [InlineData("inv202400000123")]
    [InlineData("Rc-2024-0000000100000-a/b_c.d")]         // more than two blocks
    [InlineData("ＩＮＶ-2024-00000123")]                  // full-width at the start: character by character
    [InlineData("INV-2024-0000012３")]                    // full-width in the last block only
    [InlineData("客户-甲 01 and then a long ascii tail")]
    [InlineData("abc")]                                   // shorter than a block
    [InlineData("--------")]                              // a block that keeps nothing
    [InlineData("a-------")]
    public void A_key_hashes_as_its_normalised_form_whatever_the_spelling(string raw)
    {
        Assert.Equal(MatchingKey.HashNormalized(MatchingKey.Normalize(raw)), MatchingKey.Hash(raw));
    }

    [Fact]
    public void Hashing_agrees_with_normalising_on_random_spellings()
    {
        // Letters of both cases, digits, separators, full-width forms and CJK, at every length around the blocks of
        // eight and past the stack buffer; each must hash as its normalised form.
        const string alphabet = "aZ09-/ _.ＩＮＶ０１－客户xYq7";
        var random = new Random(20241124);
        for (var n = 0; n < 20_000; n++)
        {
            var length = random.Next(0, n % 10 == 0 ? 200 : 40);
            var chars = new char[length];
            var asciiOnly = n % 2 == 0;
            for (var i = 0; i < length; i++)
            {
                var c = alphabet[random.Next(alphabet.Length)];
                chars[i] = asciiOnly && c >= 0x80 ? 'k' : c;
            }

            var raw = new string(chars);
            Assert.True(MatchingKey.HashNormalized(MatchingKey.Normalize(raw)) == MatchingKey.Hash(raw), $"'{raw}' hashes unlike its normalised form");
        }
    }

    [Fact]
    public void Spellings_of_one_key_share_a_hash_and_others_do_not()
    {
        Assert.Equal(MatchingKey.Hash("INV-2024-00000123"), MatchingKey.Hash("ｉｎｖ２０２４０００００１２３"));
        Assert.Equal(MatchingKey.Hash("INV-2024-00000123"), MatchingKey.Hash("inv 2024 00000123"));
        Assert.NotEqual(MatchingKey.Hash("INV-2024-00000123"), MatchingKey.Hash("INV-2024-00000132"));
        Assert.NotEqual(MatchingKey.Hash("001"), MatchingKey.Hash("1"));
        Assert.Equal(0UL, MatchingKey.Hash("--/--"));
        Assert.Equal(0UL, MatchingKey.Hash(""));
    }
}
