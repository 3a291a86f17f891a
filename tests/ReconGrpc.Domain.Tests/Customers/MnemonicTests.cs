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

    [Theory]
    [InlineData("东莞", "DG")]
    [InlineData("东莞发展控股股份有限公司", "DGFZKGGFYXGS")]
    [InlineData("广州番禺电缆集团有限公司", "GZPYDLJTYXGS")]
    [InlineData("山西洪洞农村商业银行", "SXHTNCSYYH")]
    [InlineData("浙江乐清农村商业银行", "ZJYQNCSYYH")]
    [InlineData("山东单县", "SDSX")]
    [InlineData("江西铅山", "JXYS")]
    [InlineData("厦门", "XM")]
    [InlineData("广厦控股", "GSKG")]
    public void A_place_name_is_read_as_a_word(string name, string expected)
    {
        Assert.Equal(expected, Mnemonic.From(name));
    }

    [Theory]
    [InlineData("解放", "JF")]
    [InlineData("解放军", "JFJ")]
    [InlineData("中国人民解放军总医院", "ZGRMJFJZYY")]
    [InlineData("一汽解放集团股份有限公司", "YQJFJTGFYXGS")]
    [InlineData("银行", "YH")]
    [InlineData("立信会计师事务所", "LXKJSSWS")]
    [InlineData("中国音乐学院", "ZGYYXY")]
    [InlineData("单一", "DY")]
    [InlineData("审查", "SC")]
    [InlineData("成长", "CZ")]
    public void A_word_is_read_by_its_dictionary_reading(string name, string expected)
    {
        Assert.Equal(expected, Mnemonic.From(name));
    }

    [Theory]
    [InlineData("弹丸", "DW")]
    [InlineData("弹丸脱手", "TWTS")]
    public void The_longest_dictionary_word_wins(string name, string expected)
    {
        Assert.Equal(expected, Mnemonic.From(name));
    }

    [Theory]
    [InlineData("解氏", "XS")]
    [InlineData("单氏", "SS")]
    [InlineData("查氏电子", "ZSDZ")]
    [InlineData("区氏", "OS")]
    [InlineData("解", "J")]
    [InlineData("单", "D")]
    public void A_surname_reading_applies_where_shi_marks_the_surname(string name, string expected)
    {
        Assert.Equal(expected, Mnemonic.From(name));
    }

    [Theory]
    [InlineData("曾记", "ZJ")]
    [InlineData("仇氏", "QS")]
    public void A_character_that_in_names_is_a_surname_takes_the_surname_reading(string name, string expected)
    {
        Assert.Equal(expected, Mnemonic.From(name));
    }

    [Theory]
    [InlineData("深圳市长盈精密技术股份有限公司", "SZSCYJMJSGFYXGS")]
    [InlineData("广州长隆集团有限公司", "GZCLJTYXGS")]
    [InlineData("中国科学院长春光学精密机械与物理研究所", "ZGKXYCCGXJMJXYWLYJS")]
    public void A_title_ending_in_zhang_is_not_read_where_a_place_meets_a_name(string name, string expected)
    {
        Assert.Equal(expected, Mnemonic.From(name));
    }

    [Theory]
    [InlineData("华声琴行", "HSQH")]
    [InlineData("永发五金行", "YFWJH")]
    [InlineData("张记车行（二店）", "ZJCHED")]
    [InlineData("招商银行股份有限公司深圳分行", "ZSYHGFYXGSSZFH")]
    [InlineData("中华自行车", "ZHZXC")]
    [InlineData("中青旅行社", "ZQLXS")]
    public void A_name_ending_in_hang_is_a_firm_and_a_bank_branch_is_a_hang(string name, string expected)
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
    public void Real_company_names_are_read_as_the_phrase_aware_oracle_reads_them()
    {
        // Expected codes come from pinyin-pro's own segmentation (make-company-mnemonics.mjs), not from our tables.
        var rows = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Customers", "Data", "company-mnemonics.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .ToList();
        var mismatches = rows
            .Select(r => (Name: r[0], Expected: r[1], Actual: Mnemonic.From(r[0])))
            .Where(r => r.Actual != r.Expected)
            .Select(r => $"{r.Name}: expected {r.Expected}, got {r.Actual}")
            .ToList();

        Assert.True(rows.Count >= 300, $"only {rows.Count} names");
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {rows.Count} differ:\n{string.Join('\n', mismatches)}");
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
