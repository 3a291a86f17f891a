using System.Collections.Frozen;

namespace ReconGrpc.Domain.Customers.Pinyin;

/// <summary>
/// The initials of the words whose reading is not the sum of their characters' usual readings (银行 YH, 会计 KJ),
/// from pinyin-pro's phrase dictionary (see generate-words.mjs).
/// </summary>
internal static partial class PinyinWords
{
    /// <summary>The initials of a word of 2–4 characters, or null when the dictionary does not hold it.</summary>
    public static string? InitialsOf(ReadOnlySpan<char> word) =>
        word.Length is >= ShortestWord and <= LongestWord && Table.Lookup.TryGetValue(word, out var initials) ? initials : null;

    // A holder class so the dictionary is built on the first mnemonic made, not when the server starts.
    private static class Table
    {
        public static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Lookup = Build();

        private static FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Build()
        {
            var words = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var length = ShortestWord; length <= LongestWord; length++)
            {
                var packed = WordsByLength[length - ShortestWord];
                for (var i = 0; i < packed.Length; i += 2 * length)
                {
                    words.Add(packed.Substring(i, length), packed.Substring(i + length, length));
                }
            }

            return words.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        }
    }
}
