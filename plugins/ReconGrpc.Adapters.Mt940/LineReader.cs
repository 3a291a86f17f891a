using System.Text;
using ReconGrpc.Adapters.Shared.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Mt940;

/// <summary>
/// Reads a text file line by line into one reused character buffer: a line is a span of that buffer, valid until
/// the next read, so reading costs no allocation per line. Line ends may be CRLF, LF or CR. The encoding is chosen
/// from the first 64 KiB (byte-order mark, the user's choice, UTF-8 when it decodes, else a legacy code page).
/// </summary>
internal sealed class LineReader
{
    private const int ChunkBytes = 64 * 1024;

    /// <summary>A line longer than this is not SWIFT text (whose lines are at most 65 characters); the file is refused.</summary>
    private const int MaxLineChars = 1024 * 1024;

    private readonly Stream _stream;
    private readonly byte[] _bytes = new byte[ChunkBytes];
    private readonly Decoder _decoder;
    private char[] _chars;
    private int _pos;
    private int _end;
    private bool _done;
    private int _lineStart;
    private int _lineLength;

    private LineReader(Stream stream, Encoding encoding, string encodingName, char[] chars, int end, bool done, Decoder decoder)
    {
        _stream = stream;
        Encoding = encoding;
        EncodingName = encodingName;
        _chars = chars;
        _end = end;
        _done = done;
        _decoder = decoder;
    }

    public Encoding Encoding { get; }

    /// <summary>The encoding the file is read in, for messages.</summary>
    public string EncodingName { get; }

    /// <summary>The 1-based number of the line last read.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The line last read, without its line end; valid until the next <see cref="ReadAsync"/>.</summary>
    public ReadOnlySpan<char> Current => _chars.AsSpan(_lineStart, _lineLength);

    /// <summary>Reads the first 64 KiB, picks the encoding and decodes them.</summary>
    /// <exception cref="ImportException">The file is binary or UTF-16 without a byte-order mark, or not in the encoding chosen.</exception>
    public static async Task<LineReader> OpenAsync(Stream stream, Encoding? hint, CancellationToken cancellationToken)
    {
        var head = new byte[ChunkBytes];
        var length = 0;
        int read;
        while (length < head.Length && (read = await stream.ReadAsync(head.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
        {
            length += read;
        }

        var done = length < head.Length;
        var (encoding, preamble, name) = Choose(head.AsSpan(0, length), hint, done);
        var decoder = encoding.GetDecoder();
        var chars = new char[Math.Max(2 * ChunkBytes, encoding.GetMaxCharCount(length) + 16)];
        var end = Decode(decoder, head, preamble, length - preamble, chars, 0, done, name, 0);
        return new LineReader(stream, encoding, name, chars, end, done, decoder);
    }

    /// <summary>Reads the next line.</summary>
    /// <returns>False at the end of the file.</returns>
    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var pending = _chars.AsSpan(_pos, _end - _pos);
            var at = pending.IndexOfAny('\n', '\r');
            if (at >= 0 && (pending[at] == '\n' || at + 1 < pending.Length || _done))
            {
                _lineStart = _pos;
                _lineLength = at;
                _pos += at + 1;
                if (pending[at] == '\r' && at + 1 < pending.Length && pending[at + 1] == '\n')
                {
                    _pos++;
                }

                LineNumber++;
                return true;
            }

            if (_done)
            {
                if (_pos >= _end)
                {
                    return false;
                }

                _lineStart = _pos;
                _lineLength = _end - _pos;
                _pos = _end;
                LineNumber++;
                return true;
            }

            cancellationToken.ThrowIfCancellationRequested();
            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        var kept = _end - _pos;
        if (kept > MaxLineChars)
        {
            throw new ImportException(
                $"Line {LineNumber + 1} runs on for more than {MaxLineChars / 1024} KiB without a line end; MT940 lines are at most 65 characters. This is not an MT940 file.",
                LineNumber + 1);
        }

        var needed = kept + Encoding.GetMaxCharCount(ChunkBytes) + 16;
        if (needed > _chars.Length)
        {
            var bigger = new char[Math.Max(needed, _chars.Length * 2)];
            _chars.AsSpan(_pos, kept).CopyTo(bigger);
            _chars = bigger;
        }
        else if (_pos > 0)
        {
            _chars.AsSpan(_pos, kept).CopyTo(_chars);
        }

        _pos = 0;
        _end = kept;
        var read = await _stream.ReadAsync(_bytes, cancellationToken).ConfigureAwait(false);
        _done = read == 0;
        _end += Decode(_decoder, _bytes, 0, read, _chars, _end, _done, EncodingName, LineNumber);
    }

    private static int Decode(Decoder decoder, byte[] bytes, int offset, int count, char[] chars, int at, bool flush, string encodingName, long linesRead)
    {
        try
        {
            return decoder.GetChars(bytes, offset, count, chars, at, flush);
        }
        catch (DecoderFallbackException e)
        {
            var bad = e.BytesUnknown is { Length: > 0 } unknown ? " (bytes " + Convert.ToHexString(unknown) + ")" : string.Empty;
            var line = linesRead + 1 + chars.AsSpan(0, at).Count('\n');
            throw new ImportException(
                $"The file is not valid {encodingName}{bad} at or after line {line}. Give the encoding option (utf-8, windows-1252, iso-8859-1 or gbk) the file was written in.",
                line,
                e);
        }
    }

    private static (Encoding Encoding, int Preamble, string Name) Choose(ReadOnlySpan<byte> head, Encoding? hint, bool headIsWholeFile)
    {
        var detected = TextEncodings.Detect(head, hint, headIsWholeFile);
        if (detected.PreambleLength > 0 || hint is not null)
        {
            return (detected.Encoding, detected.PreambleLength, detected.PreambleLength > 0 ? detected.DisplayName : detected.DisplayName.ToUpperInvariant());
        }

        if (head.IndexOf((byte)0) >= 0)
        {
            throw new ImportException(
                "The file holds NUL bytes: it is binary, or UTF-16 text without a byte-order mark. MT940 is plain text; save it as UTF-8 or ASCII.");
        }

        if (detected.Encoding.CodePage == Encoding.UTF8.CodePage)
        {
            return (detected.Encoding, 0, detected.DisplayName);
        }

        // Not UTF-8. SWIFT text is ASCII; what else turns up is a European bank's Latin letters (ä, é: one byte
        // between ASCII) or a Chinese bank's GBK names (two bytes together). Odd runs of high bytes mean Latin.
        return LooksLikeGbk(head)
            ? (TextEncodings.Gb18030Strict, 0, "GBK/GB18030")
            : (Encoding.Latin1, 0, "ISO-8859-1");
    }

    private static bool LooksLikeGbk(ReadOnlySpan<byte> head)
    {
        var run = 0;
        var evenRuns = 0;
        var oddRuns = 0;
        foreach (var b in head)
        {
            if (b >= 0x80)
            {
                run++;
                continue;
            }

            if (run > 0)
            {
                _ = run % 2 == 0 ? evenRuns++ : oddRuns++;
                run = 0;
            }
        }

        return evenRuns > 0 && oddRuns == 0;
    }
}
