using System.Text;
using ReconGrpc.Domain.Customers;

namespace ReconGrpc.Domain.Tests.Customers;

public sealed class MnemonicTests
{
    [Theory]
    [InlineData("上海华联超市有限公司", "SHHLCSYXGS")]
    [InlineData("上海华联超市", "SHHLCS")]
    [InlineData("ABC商贸", "ABCSM")]
    [InlineData("重庆银行股份有限公司", "CQYHGFYXGS")]
    [InlineData("厦门国贸集团", "XMGMJT")]
    [InlineData("中国重工", "ZGZG")]
    [InlineData("长沙长城大厦", "CSCCDS")]
    [InlineData("西藏天路", "XZTL")]
    [InlineData("华联（上海）有限公司", "HLSHYXGS")]
    [InlineData("ＴＣＬ电子　３号店", "TCLDZ3HD")]
    [InlineData("k11购物艺术中心", "K11GWYSZX")]
    public void The_mnemonic_is_the_initials_of_the_name(string name, string expected)
    {
        Assert.Equal(expected, Mnemonic.From(name));
    }

    [Fact]
    public void Every_one_of_the_6763_gb2312_hanzi_has_an_initial()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gb2312 = Encoding.GetEncoding("gb2312");
        var missing = new List<char>();
        var count = 0;
        for (var high = 0xB0; high <= 0xF7; high++)
        {
            for (var low = 0xA1; low <= 0xFE; low++)
            {
                // Row 0xD7 ends at 0xF9: the five code points after it are unassigned.
                if (high == 0xD7 && low > 0xF9)
                {
                    continue;
                }

                var c = gb2312.GetString([(byte)high, (byte)low])[0];
                count++;
                if (Mnemonic.InitialOf(c) is null)
                {
                    missing.Add(c);
                }
            }
        }

        Assert.Equal(6763, count);
        Assert.True(missing.Count == 0, $"no initial for {missing.Count} characters: {new string([.. missing.Take(50)])}");
    }

    [Fact]
    public void Every_character_of_330_company_names_has_an_initial()
    {
        var names = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Customers", "Data", "company-names.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();
        var uncovered = names
            .SelectMany(n => n)
            .Where(c => c > 0x2E80 && !IsBracketOrPunctuation(c) && Mnemonic.InitialOf(c) is null)
            .Distinct()
            .ToList();

        Assert.True(names.Count >= 300, $"only {names.Count} names");
        Assert.True(uncovered.Count == 0, $"no initial for: {new string([.. uncovered])}");
        Assert.All(names, n => Assert.Matches("^[A-Z0-9]+$", Mnemonic.From(n)));
    }

    [Fact]
    public void A_given_mnemonic_is_cleaned_to_upper_case_and_a_bad_one_is_refused()
    {
        Assert.Equal("SHHL", Mnemonic.Clean(" shhl "));
        var error = Assert.Throws<RuleViolation>(() => Mnemonic.Clean("SH-HL"));
        Assert.Equal("customer.mnemonic", error.Rule);
    }

    private static bool IsBracketOrPunctuation(char c) => char.IsPunctuation(c) || char.IsSymbol(c) || c is '（' or '）' or '　';
}
