using System.Collections.Frozen;
using System.Text;
using ReconGrpc.Domain.Customers.Pinyin;

namespace ReconGrpc.Domain.Customers;

/// <summary>
/// 助记码 — the mnemonic code accountants type to find a customer: the pinyin initials of the name's Chinese
/// characters, with ASCII letters and digits kept (上海华联超市有限公司 → SHHLCSYXGS, ABC商贸 → ABCSM).
/// </summary>
/// <remarks>
/// Reading goes left to right; at each character the first of these that applies wins:
/// a curated place name or name word, longest first (东莞 DG, 分行 FH); a surname marked by 氏 (解氏 XS);
/// a word of pinyin-pro's phrase dictionary, longest first (银行 YH, 会计 KJ); a character's name reading (曾 Z);
/// the character's most frequent reading.
/// </remarks>
public static class Mnemonic
{
    public const int MaxLength = 40;

    /// <summary>
    /// Places whose reading is not their characters' usual one. Checked ahead of the dictionary because a
    /// place's reading is fixed by the place, whatever a dictionary says of the same characters elsewhere.
    /// Places whose special reading keeps the usual initials (蚌埠 bèng, 六安 lù, 亳州 bó, 长沙 cháng, 乐山 lè,
    /// 丽水 lí) need no entry, nor do places read as usual (大足, 涪陵).
    /// </summary>
    private static readonly FrozenDictionary<string, string> PlaceNames = new Dictionary<string, string>
    {
        ["东莞"] = "DG", // guǎn; the character alone is usually wǎn
        ["重庆"] = "CQ", // chóng
        ["番禺"] = "PY", // pān
        ["厦门"] = "XM", // xià; 大厦 keeps shà
        ["铅山"] = "YS", // yán
        ["单县"] = "SX", // shàn
        ["莘县"] = "SX", // shēn
        ["洪洞"] = "HT", // tóng
        ["乐清"] = "YQ", // yuè
        ["蔚县"] = "YX", // yù; 蔚来 keeps wèi
        ["尉氏"] = "YS", // yù
        ["涡阳"] = "GY", // guō
        ["大埔"] = "DB", // bù; 黄埔 keeps pǔ
        ["黄陂"] = "HP", // pí
        ["浚县"] = "XX", // xùn
        ["歙县"] = "SX", // shè
        ["会稽"] = "KJ", // kuài
        ["泌阳"] = "BY", // bì
        ["筠连"] = "JL", // jūn
        ["覃塘"] = "TT", // tán
        ["枞阳"] = "ZY", // zōng
        ["犍为"] = "QW", // qián
        ["浒墅关"] = "XSG", // xǔ
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Words of company names that pinyin-pro's dictionary lacks or reads otherwise.</summary>
    private static readonly FrozenDictionary<string, string> NameWords = new Dictionary<string, string>
    {
        ["分行"] = "FH", // a bank's branch (háng); pinyin-pro reads xíng
        ["车行"] = "CH", // a car dealer (háng)
        ["琴行"] = "QH",
        ["藏药"] = "ZY", // Tibetan medicine (zàng); 冷藏 keeps cáng
        ["阿胶"] = "EJ", // ē, after 东阿
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Surname readings, used where 氏 marks the character as a surname (解氏 XS, 单氏 SS); elsewhere these
    /// characters are common words (解放, 单一, 查询, 区域) and keep their usual reading.
    /// </summary>
    private static readonly FrozenDictionary<char, char> SurnameReadings = new Dictionary<char, char>
    {
        ['解'] = 'X', // xiè
        ['单'] = 'S', // shàn
        ['查'] = 'Z', // zhā
        ['区'] = 'O', // ōu
        ['仇'] = 'Q', // qiú
        ['曾'] = 'Z', // zēng
        ['盖'] = 'G', // gě
        ['乐'] = 'Y', // yuè
        ['召'] = 'S', // shào
        ['种'] = 'C', // chóng
    }.ToFrozenDictionary();

    /// <summary>
    /// Characters that in a name are almost only surnames, whose usual reading is another word: these win over
    /// the generated table wherever no dictionary word claims them (何曾 keeps céng).
    /// </summary>
    private static readonly FrozenDictionary<char, char> NameReadings = new Dictionary<char, char>
    {
        ['曾'] = 'Z', // the surname zēng, not the adverb céng
        ['仇'] = 'Q', // the surname qiú, not chóu (hatred)
    }.ToFrozenDictionary();

    private const char SurnameMarker = '氏';

    /// <summary>A name ending in 行 names a firm (琴行, 五金行, 电器行): háng, not xíng.</summary>
    private const char Firm = '行';

    /// <summary>Makes the mnemonic of a name; characters with no initial (punctuation, symbols) are left out.</summary>
    public static string From(string name)
    {
        var text = name.Normalize(NormalizationForm.FormKC);
        var lastHanzi = LastIndexOfHanzi(text);
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length && result.Length < MaxLength; i++)
        {
            var c = text[i];
            if (char.IsAsciiLetterOrDigit(c))
            {
                result.Append(char.ToUpperInvariant(c));
                continue;
            }

            if (WordAt(text.AsSpan(i)) is { } word)
            {
                result.Append(word);
                i += word.Length - 1;
                continue;
            }

            if (i == lastHanzi && c == Firm)
            {
                result.Append('H');
                continue;
            }

            if (InitialOf(c) is { } initial)
            {
                result.Append(initial);
            }
        }

        return result.Length > MaxLength ? result.ToString(0, MaxLength) : result.ToString();
    }

    /// <summary>The initial used for one Chinese character on its own, or null when it has none.</summary>
    public static char? InitialOf(char c) => NameReadings.TryGetValue(c, out var initial) ? initial : PinyinInitials.Of(c);

    /// <summary>
    /// The initials of the word that starts the text, when one does: one letter per character of the word, so
    /// the word's length is the initials' length.
    /// </summary>
    private static string? WordAt(ReadOnlySpan<char> text)
    {
        var longest = Math.Min(text.Length, PinyinWords.LongestWord);
        for (var length = longest; length >= 2; length--)
        {
            var candidate = text[..length];
            if (PlaceNameLookup.TryGetValue(candidate, out var initials) || NameWordLookup.TryGetValue(candidate, out initials))
            {
                return initials;
            }
        }

        if (text.Length >= 2 && text[1] == SurnameMarker && SurnameReadings.TryGetValue(text[0], out var surname))
        {
            return $"{surname}{InitialOf(SurnameMarker)}";
        }

        for (var length = longest; length >= 2; length--)
        {
            if (PinyinWords.InitialsOf(text[..length]) is { } initials)
            {
                return initials;
            }
        }

        return null;
    }

    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> PlaceNameLookup =
        PlaceNames.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> NameWordLookup =
        NameWords.GetAlternateLookup<ReadOnlySpan<char>>();

    private static int LastIndexOfHanzi(string text)
    {
        for (var i = text.Length - 1; i >= 0; i--)
        {
            if (PinyinInitials.Of(text[i]) is not null)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Cleans a mnemonic given by a user: upper-case ASCII letters and digits only.</summary>
    public static string Clean(string given)
    {
        var text = given.Normalize(NormalizationForm.FormKC).Trim().ToUpperInvariant();
        if (text.Length > MaxLength || !text.All(char.IsAsciiLetterOrDigit))
        {
            throw RuleViolation.Invalid("customer.mnemonic",
                $"A mnemonic code holds only letters and digits, at most {MaxLength}; '{given}' does not. Leave it empty to generate one.");
        }

        return text;
    }
}
