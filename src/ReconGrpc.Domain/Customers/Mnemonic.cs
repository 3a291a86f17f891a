using System.Collections.Frozen;
using System.Text;
using ReconGrpc.Domain.Customers.Pinyin;

namespace ReconGrpc.Domain.Customers;

/// <summary>
/// 助记码 — the mnemonic code accountants type to find a customer: the pinyin initials of the name's Chinese
/// characters, with ASCII letters and digits kept (上海华联超市有限公司 → SHHLCSYXGS, ABC商贸 → ABCSM).
/// </summary>
public static class Mnemonic
{
    public const int MaxLength = 40;

    /// <summary>
    /// Characters whose everyday reading differs from the one they usually have in company and place names.
    /// The generated table holds each character's most frequent reading overall; these win over it.
    /// </summary>
    private static readonly FrozenDictionary<char, char> NameReadings = new Dictionary<char, char>
    {
        ['行'] = 'H', // 银行, 商行, 车行 (háng), not 行政 (xíng)
        ['厦'] = 'X', // 厦门 (xià); 大厦 is handled as a phrase
        ['藏'] = 'Z', // 西藏 (zàng)
        ['曾'] = 'Z', // the surname 曾 (zēng)
        ['单'] = 'S', // the surname 单 (shàn)
        ['解'] = 'X', // the surname 解 (xiè)
        ['仇'] = 'Q', // the surname 仇 (qiú)
        ['区'] = 'Q', // 区 (qū); the surname ōu is rare in company names
        ['朴'] = 'P', // 朴 (piáo) in Korean names
        ['查'] = 'Z', // the surname 查 (zhā)
        ['盖'] = 'G', // 盖 (gài)
        ['柏'] = 'B', // 柏 (bǎi)
        ['石'] = 'S', // 石 (shí), not the unit dàn
        ['长'] = 'C', // 长城, 长江, 长沙 (cháng)
        ['乐'] = 'L', // 乐山, 快乐 (lè)
        ['都'] = 'D', // 成都, 都市 (dū)
        ['华'] = 'H',
        ['会'] = 'H', // 协会 (huì)
        ['重'] = 'Z', // 重工, 重型 (zhòng); 重庆 is a phrase
    }.ToFrozenDictionary();

    /// <summary>Two-character words whose reading depends on the word: checked before single characters.</summary>
    private static readonly FrozenDictionary<string, string> NameWords = new Dictionary<string, string>
    {
        ["重庆"] = "CQ",
        ["大厦"] = "DS",
        ["番禺"] = "PY",
        ["蚌埠"] = "BB",
        ["六安"] = "LA",
        ["亳州"] = "BZ",
        ["音乐"] = "YY",
        ["乐器"] = "YQ",
        ["会计"] = "KJ",
        ["调味"] = "TW",
        ["传记"] = "ZJ",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Makes the mnemonic of a name; characters with no initial (punctuation, symbols) are left out.</summary>
    public static string From(string name)
    {
        var text = name.Normalize(NormalizationForm.FormKC);
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length && result.Length < MaxLength; i++)
        {
            var c = text[i];
            if (char.IsAsciiLetterOrDigit(c))
            {
                result.Append(char.ToUpperInvariant(c));
                continue;
            }

            if (i + 1 < text.Length && NameWords.TryGetValue(text.Substring(i, 2), out var word))
            {
                result.Append(word);
                i++;
                continue;
            }

            if (InitialOf(c) is { } initial)
            {
                result.Append(initial);
            }
        }

        return result.Length > MaxLength ? result.ToString(0, MaxLength) : result.ToString();
    }

    /// <summary>The initial used for one Chinese character, or null when it has none.</summary>
    public static char? InitialOf(char c) => NameReadings.TryGetValue(c, out var initial) ? initial : PinyinInitials.Of(c);

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
