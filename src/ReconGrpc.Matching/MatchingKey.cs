using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ReconGrpc.Matching;

/// <summary>
/// How keys are compared. A key is normalised by keeping only letters and digits, folding full-width forms
/// (ＩＮＶ－００１) to ASCII and letters to upper case, so <c>inv-2024/001</c>, <c>INV 2024 001</c> and
/// <c>ＩＮＶ２０２４００１</c> are one key. Leading zeros are kept: <c>001</c> and <c>1</c> are different documents.
/// </summary>
/// <remarks>
/// Inside the engine a key is its 64-bit hash, computed once per item. Two different keys share a hash with a
/// probability of about n²/2⁶⁵ for n distinct keys (about 10⁻⁷ for two million), and a pair with a shared hash
/// must still agree on currency, amount and date before it can match.
/// </remarks>
public static class MatchingKey
{
    private const ulong Prime1 = 0x9E3779B185EBCA87UL;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;
    private const ulong Prime3 = 0x165667B19E3779F9UL;
    private const int MinTokenLength = 4;

    private const int StackFoldLimit = 64;
    private const int FoldSlack = 8;

    // Folded ASCII character, or 0 for characters a key ignores.
    private static readonly char[] AsciiFold = BuildAsciiFold();

    // For each set of kept lanes of eight characters, the byte shuffle that moves them to the front in order.
    private static readonly Vector128<byte>[] KeepShuffles = BuildKeepShuffles();

    /// <summary>The normalised form of a key: letters and digits only, full-width folded, upper case.</summary>
    public static string Normalize(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        // Most keys (currencies, document numbers from our own books) are normalised already: keep them as they are
        // rather than copy them, since this runs for every item and every match.
        if (IsNormalized(value))
        {
            return value;
        }

        return string.Create(value.Length, value, static (buffer, source) =>
        {
            var n = 0;
            foreach (var c in source)
            {
                var folded = Fold(c);
                if (folded != 0)
                {
                    buffer[n++] = folded;
                }
            }

            buffer[n..].Clear();
        }).TrimEnd('\0');
    }

    private static bool IsNormalized(string value)
    {
        foreach (var c in value)
        {
            if (c == '\0' || Fold(c) != c)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether two keys are the same after normalisation; empty keys are never the same as anything.</summary>
    public static bool AreEquivalent(string? first, string? second)
    {
        var a = Normalize(first);
        return a.Length > 0 && string.Equals(a, Normalize(second), StringComparison.Ordinal);
    }

    /// <summary>
    /// The document-like token in a text (摘要), for rules keyed on <see cref="KeyField.TextToken"/>: the longest run
    /// of ASCII letters and digits (full-width folded; <c>-</c> <c>/</c> <c>_</c> <c>.</c> allowed inside) that has
    /// at least four of them and a digit. Runs with both letters and digits win over digits only; a run shaped like
    /// a date (<c>2024-03-15</c>) is skipped; the first wins a tie.
    /// </summary>
    /// <returns>The token as written in the text, or <see langword="null"/> when there is none.</returns>
    public static string? FindTextToken(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var (start, length) = TokenRange(text);
        return length == 0 ? null : text.Substring(start, length);
    }

    internal static ulong Hash(string? value) => value is null ? 0 : Hash(value.AsSpan());

    /// <summary>The 64-bit hash of the normalised key; 0 means the key is empty.</summary>
    internal static ulong Hash(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return 0;
        }

        Span<char> folded = value.Length <= StackFoldLimit ? stackalloc char[StackFoldLimit + FoldSlack] : new char[value.Length + FoldSlack];
        return HashFolded(folded, FoldInto(value, folded));
    }

    /// <summary>
    /// The hash of a key already in its normalised form (<see cref="Normalize"/>): what <see cref="Hash(ReadOnlySpan{char})"/>
    /// gives for any spelling of it.
    /// </summary>
    internal static ulong HashNormalized(ReadOnlySpan<char> normalized)
    {
        if (normalized.IsEmpty)
        {
            return 0;
        }

        var copy = new char[normalized.Length + FoldSlack];
        normalized.CopyTo(copy);
        return HashFolded(copy, normalized.Length);
    }

    /// <summary>
    /// Writes the normalised characters of <paramref name="value"/> to <paramref name="folded"/> (at least
    /// <see cref="FoldSlack"/> longer than the value) and returns how many there are.
    /// </summary>
    /// <remarks>
    /// Keys are hashed for every item of a run, and most are ASCII of mixed spellings (INV-2024-00000123,
    /// inv202400000123). Eight characters are folded in one vector — upper-cased, the dropped ones squeezed out by a
    /// shuffle — and the last block ends at the value's end, overlapping the one before it, rather than leaving a
    /// tail: about a fifth faster than a character at a time, whose branches on what to drop mispredict. Shorter
    /// values, and anything from the first block holding a non-ASCII character on, go character by character.
    /// </remarks>
    private static int FoldInto(ReadOnlySpan<char> value, Span<char> folded)
    {
        if (!Ssse3.IsSupported || value.Length < 8)
        {
            return FoldEach(value, 0, folded, 0);
        }

        ref var source = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(value));
        ref var target = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(folded));
        var lastBlock = value.Length - 8;
        int read = 0, written = 0;
        while (read < value.Length)
        {
            var at = Math.Min(read, lastBlock);
            var block = Vector128.LoadUnsafe(ref source, (nuint)at);
            if (!Vector128.LessThanAll(block, Vector128.Create((ushort)0x80)))
            {
                return FoldEach(value, read, folded, written);
            }

            var lower = Vector128.LessThanOrEqual(block - Vector128.Create((ushort)'a'), Vector128.Create((ushort)('z' - 'a')));
            var upper = block - (lower & Vector128.Create((ushort)0x20));
            var keep = Vector128.LessThanOrEqual(upper - Vector128.Create((ushort)'0'), Vector128.Create((ushort)9))
                       | Vector128.LessThanOrEqual(upper - Vector128.Create((ushort)'A'), Vector128.Create((ushort)('Z' - 'A')));
            // Lanes before 'read' belong to the block before (only the last block overlaps).
            var mask = keep.ExtractMostSignificantBits() & (0xFFu << (read - at));
            Ssse3.Shuffle(upper.AsByte(), KeepShuffles[mask]).AsUInt16().StoreUnsafe(ref target, (nuint)written);
            written += BitOperations.PopCount(mask);
            read = at + 8;
        }

        return written;
    }

    private static int FoldEach(ReadOnlySpan<char> value, int read, Span<char> folded, int written)
    {
        for (; read < value.Length; read++)
        {
            var c = Fold(value[read]);
            if (c != 0)
            {
                folded[written++] = c;
            }
        }

        return written;
    }

    /// <summary>Hashes the first <paramref name="length"/> characters of <paramref name="folded"/>, four to a word.</summary>
    private static ulong HashFolded(Span<char> folded, int length)
    {
        if (length == 0)
        {
            return 0;
        }

        // The last word is padded with zero characters, which no key holds.
        folded.Slice(length, 3).Clear();
        // Two lanes, even and odd words, so the multiplications of one word need not wait for the last.
        var words = MemoryMarshal.Cast<char, ulong>(folded[..((length + 3) & ~3)]);
        ulong even = Prime3, odd = Prime1;
        var w = 0;
        for (; w + 1 < words.Length; w += 2)
        {
            even = Round(even, words[w]);
            odd = Round(odd, words[w + 1]);
        }

        if (w < words.Length)
        {
            even = Round(even, words[w]);
        }

        var h = Avalanche(Round(even, odd) ^ ((ulong)length * Prime1));
        // 0 means "no key" and 1 "not computed yet" (see SideColumns).
        return h <= 1 ? Prime2 : h;
    }

    /// <summary>Combines hashes of the parts of a composite key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Combine(ulong seed, ulong part) => Round(seed, part);

    /// <summary>Finishes a composite key so its high bits are well spread (they pick the partition).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Finish(ulong h) => Avalanche(h);

    internal static (int Start, int Length) TokenRange(ReadOnlySpan<char> text)
    {
        int bestStart = 0, bestLength = 0, bestScore = -1;
        var i = 0;
        while (i < text.Length)
        {
            if (!IsTokenChar(text[i]))
            {
                i++;
                continue;
            }

            // A run: token characters, with single separators allowed between them.
            var start = i;
            int count = 0, digits = 0, letters = 0, separators = 0;
            var end = i;
            while (i < text.Length)
            {
                var c = text[i];
                if (IsTokenChar(c))
                {
                    count++;
                    if (IsDigit(c)) { digits++; } else { letters++; }
                    i++;
                    end = i;
                }
                else if (IsSeparator(c) && i + 1 < text.Length && IsTokenChar(text[i + 1]))
                {
                    separators++;
                    i++;
                }
                else
                {
                    break;
                }
            }

            if (count >= MinTokenLength && digits > 0 && !LooksLikeDate(text[start..end], digits, letters, separators))
            {
                var score = (letters > 0 ? 1 << 20 : 0) + count;
                if (score > bestScore)
                {
                    bestScore = score;
                    bestStart = start;
                    bestLength = end - start;
                }
            }
        }

        return (bestStart, bestLength);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Round(ulong acc, ulong input)
    {
        acc += input * Prime2;
        acc = BitOperations.RotateLeft(acc, 31);
        return acc * Prime1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Avalanche(ulong h)
    {
        h ^= h >> 33;
        h *= Prime2;
        h ^= h >> 29;
        h *= Prime3;
        h ^= h >> 32;
        return h;
    }

    private static char Fold(char c) => c < 0x80 ? AsciiFold[c] : FoldWide(c);

    private static char FoldWide(char c)
    {
        if (c is >= '\uFF01' and <= '\uFF5E')
        {
            return AsciiFold[c - 0xFEE0];
        }

        return char.IsLetterOrDigit(c) ? char.ToUpperInvariant(c) : '\0';
    }

    private static bool IsTokenChar(char c)
    {
        if (c is >= '\uFF01' and <= '\uFF5E')
        {
            c = (char)(c - 0xFEE0);
        }

        return c < 0x80 && AsciiFold[c] != 0;
    }

    private static bool IsDigit(char c) => c is >= '0' and <= '9' or >= '\uFF10' and <= '\uFF19';

    private static bool IsSeparator(char c) => c is '-' or '/' or '_' or '.' or '\uFF0D' or '\uFF0F' or '\uFF3F' or '\uFF0E';

    private static bool LooksLikeDate(ReadOnlySpan<char> run, int digits, int letters, int separators) =>
        letters == 0 && digits == 8 && separators == 2 && run.Length == 10 && IsSeparator(run[4]) && IsSeparator(run[7]);

    private static Vector128<byte>[] BuildKeepShuffles()
    {
        var shuffles = new Vector128<byte>[256];
        Span<byte> indices = stackalloc byte[16];
        for (var mask = 0; mask < 256; mask++)
        {
            indices.Fill(0x80); // a shuffle index with its top bit set writes zero
            var n = 0;
            for (var lane = 0; lane < 8; lane++)
            {
                if ((mask & (1 << lane)) != 0)
                {
                    indices[n++] = (byte)(2 * lane);
                    indices[n++] = (byte)(2 * lane + 1);
                }
            }

            shuffles[mask] = Vector128.Create((ReadOnlySpan<byte>)indices);
        }

        return shuffles;
    }

    private static char[] BuildAsciiFold()
    {
        var table = new char[128];
        for (var c = '0'; c <= '9'; c++)
        {
            table[c] = c;
        }

        for (var c = 'A'; c <= 'Z'; c++)
        {
            table[c] = c;
            table[c + 32] = c;
        }

        return table;
    }
}
