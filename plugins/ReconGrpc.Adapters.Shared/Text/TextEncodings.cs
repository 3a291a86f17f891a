using System.Text;
using System.Text.Unicode;

namespace ReconGrpc.Adapters.Shared.Text;

/// <summary>The encoding a text file was detected in, and how many bytes of byte-order mark to skip.</summary>
internal sealed record DetectedEncoding(Encoding Encoding, int PreambleLength, string DisplayName);

/// <summary>
/// Detects the encodings Chinese bookkeeping exports come in: UTF-8 with or without a byte-order mark, GBK and its
/// superset GB18030 (older tools write GBK; GB18030 decodes GBK bytes identically), and UTF-16 with a mark.
/// </summary>
internal static class TextEncodings
{
    // Static initialisers run in text order, before any static constructor: register the code pages first.
    private static readonly bool CodePagesRegistered = Register();

    /// <summary>UTF-8 that throws on invalid bytes, so a file in another encoding fails loudly instead of turning into U+FFFD.</summary>
    public static Encoding Utf8Strict { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>GB18030 that throws on invalid bytes.</summary>
    public static Encoding Gb18030Strict { get; } =
        Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);

    /// <summary>Makes sure the code-page encodings (GBK, GB18030, GB2312) are registered in this process.</summary>
    public static void EnsureRegistered() => _ = CodePagesRegistered;

    /// <summary>Picks the encoding of a text file from its first bytes.</summary>
    /// <param name="head">The first bytes of the file.</param>
    /// <param name="hint">The encoding the user named, which wins over detection (except over a byte-order mark).</param>
    /// <param name="headIsWholeFile">True when <paramref name="head"/> is the whole file, so a sequence cut at its end is an error.</param>
    public static DetectedEncoding Detect(ReadOnlySpan<byte> head, Encoding? hint, bool headIsWholeFile)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return new DetectedEncoding(Utf8Strict, 3, "UTF-8 (with BOM)");
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return new DetectedEncoding(new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true), 2, "UTF-16LE (with BOM)");
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return new DetectedEncoding(new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true), 2, "UTF-16BE (with BOM)");
        }

        if (hint is not null)
        {
            return new DetectedEncoding(Strict(hint), 0, hint.WebName);
        }

        if (head.IndexOfAnyExceptInRange((byte)0, (byte)0x7F) < 0)
        {
            // Pure ASCII so far: an HTML page may still name its charset; otherwise UTF-8 reads ASCII unchanged.
            return CharsetDeclaredIn(head) is { } declared
                ? new DetectedEncoding(declared, 0, declared.WebName)
                : new DetectedEncoding(Utf8Strict, 0, "UTF-8");
        }

        // A sequence cut at the end of the head is not evidence against UTF-8, even when the head is the whole file:
        // a file truncated inside a character is reported as such when it is decoded.
        _ = headIsWholeFile;
        return IsUtf8(head)
            ? new DetectedEncoding(Utf8Strict, 0, "UTF-8")
            : new DetectedEncoding(Gb18030Strict, 0, "GBK/GB18030");
    }

    /// <summary>Decodes the head of a file for sniffing, never throwing (bad bytes become U+FFFD).</summary>
    public static string DecodeForSniffing(ReadOnlySpan<byte> head, DetectedEncoding detected)
    {
        var lenient = Encoding.GetEncoding(detected.Encoding.CodePage, EncoderFallback.ReplacementFallback, DecoderFallback.ReplacementFallback);
        return lenient.GetString(head[detected.PreambleLength..]);
    }

    /// <summary>Maps a charset name to a strict encoding; the GB family all map to GB18030, their superset.</summary>
    public static Encoding? FromName(string name)
    {
        var key = name.Trim().Trim('"', '\'').ToLowerInvariant();
        return key switch
        {
            "gb2312" or "gbk" or "gb18030" or "x-gbk" or "cp936" or "936" or "windows-936" => Gb18030Strict,
            "utf-8" or "utf8" => Utf8Strict,
            _ => TryGet(key),
        };

        static Encoding? TryGet(string key)
        {
            try
            {
                return Strict(Encoding.GetEncoding(key));
            }
            catch (ArgumentException)
            {
                return null;
            }
        }
    }

    private static Encoding Strict(Encoding encoding) => encoding.CodePage switch
    {
        65001 => Utf8Strict,
        936 or 54936 or 20936 => Gb18030Strict,
        _ => Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback),
    };

    private static bool Register()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return true;
    }

    private static bool IsUtf8(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[bytes.Length];
        var status = Utf8.ToUtf16(bytes, chars, out _, out _, replaceInvalidSequences: false, isFinalBlock: false);
        return status is System.Buffers.OperationStatus.Done or System.Buffers.OperationStatus.NeedMoreData;
    }

    private static Encoding? CharsetDeclaredIn(ReadOnlySpan<byte> asciiHead)
    {
        var text = Encoding.ASCII.GetString(asciiHead);
        var at = text.IndexOf("charset=", StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return null;
        }

        var start = at + "charset=".Length;
        var end = start;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '-' or '_'))
        {
            end++;
        }

        return end > start ? FromName(text[start..end]) : null;
    }
}
