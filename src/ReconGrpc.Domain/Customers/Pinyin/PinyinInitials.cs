namespace ReconGrpc.Domain.Customers.Pinyin;

/// <summary>
/// The first letter of a CJK character's most common Mandarin reading, looked up in tables generated from
/// pinyin-pro (see generate-initials.mjs): one array index per character, no allocation.
/// </summary>
internal static partial class PinyinInitials
{
    private const int ExtensionAFirst = 0x3400;
    private const int UnifiedFirst = 0x4E00;

    /// <summary>The upper-case initial, or null when the character is not a hanzi with a known reading.</summary>
    public static char? Of(char c)
    {
        var initial = c switch
        {
            >= (char)UnifiedFirst and <= '\u9FFF' => Block4E00[c - UnifiedFirst],
            >= (char)ExtensionAFirst and <= '\u4DBF' => Block3400[c - ExtensionAFirst],
            '〇' => 'L',
            _ => '_',
        };
        return initial == '_' ? null : initial;
    }
}
