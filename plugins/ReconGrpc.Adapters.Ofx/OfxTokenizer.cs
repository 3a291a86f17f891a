using System.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Ofx;

/// <summary>What <see cref="OfxTokenizer.TryRead"/> found.</summary>
internal enum OfxToken
{
    /// <summary>The buffer holds no whole token: call <see cref="OfxTokenizer.FillAsync"/> and try again.</summary>
    NeedMore = 0,

    /// <summary>A start tag and the text after it up to the next tag (a leaf's value, or blank for an aggregate).</summary>
    Open = 1,

    /// <summary>An end tag.</summary>
    Close = 2,

    /// <summary>The end of the file.</summary>
    End = 3,
}

/// <summary>
/// One forward scan over OFX text of either syntax: <c>&lt;TAG&gt;value</c> tokens, where the value runs to the next
/// <c>&lt;</c>, and <c>&lt;/TAG&gt;</c> end tags. It neither knows nor needs to know whether a leaf is closed (2.x
/// XML) or not (1.x SGML): a closed leaf is a start tag with a value followed by an end tag the reader ignores.
/// Processing instructions, comments and the text before the first tag (the 1.x header) are skipped.
/// </summary>
/// <remarks>
/// The text is decoded from the stream into a bounded buffer that only holds the token being read; a token longer
/// than <see cref="MaxTokenChars"/> characters is refused. Physical lines are counted as the scan passes them.
/// </remarks>
internal sealed class OfxTokenizer
{
    /// <summary>The longest tag-plus-value the tokenizer accepts (a memo of a megabyte is not a bank line).</summary>
    public const int MaxTokenChars = 1 << 20;

    private const int MinFreeChars = 4096;

    private readonly Stream _stream;
    private readonly Decoder _decoder;
    private readonly string _encodingName;
    private readonly byte[] _bytes;
    private int _byteStart;
    private int _byteEnd;
    private bool _streamEnded;
    private char[] _chars = new char[64 * 1024];
    private int _pos;
    private int _len;
    private bool _decodedAll;
    private long _line = 1;
    private int _nameStart;
    private int _nameLength;
    private int _valueStart;
    private int _valueLength;

    /// <summary>Creates a tokenizer over a stream whose first bytes were already read into <paramref name="bytes"/>.</summary>
    /// <param name="stream">The rest of the file.</param>
    /// <param name="bytes">A buffer holding the bytes read so far; the tokenizer reuses it.</param>
    /// <param name="start">Where the text starts in <paramref name="bytes"/> (after a byte-order mark).</param>
    /// <param name="end">How many bytes of <paramref name="bytes"/> were read.</param>
    /// <param name="streamEnded">True when those bytes are the whole file.</param>
    /// <param name="encoding">The encoding to decode the text with (strict: bad bytes throw).</param>
    /// <param name="encodingName">The encoding as the user should read it in an error.</param>
    public OfxTokenizer(Stream stream, byte[] bytes, int start, int end, bool streamEnded, Encoding encoding, string encodingName)
    {
        _stream = stream;
        _bytes = bytes;
        _byteStart = start;
        _byteEnd = end;
        _streamEnded = streamEnded;
        _decoder = encoding.GetDecoder();
        _encodingName = encodingName;
    }

    /// <summary>The 1-based line the last token's tag starts on.</summary>
    public long Line { get; private set; } = 1;

    /// <summary>The line the scan has reached.</summary>
    public long CurrentLine => _line;

    /// <summary>The last token's tag name.</summary>
    public ReadOnlySpan<char> Name => _chars.AsSpan(_nameStart, _nameLength);

    /// <summary>The text after the last start tag, without surrounding white space; empty for an aggregate.</summary>
    public ReadOnlySpan<char> Value => _chars.AsSpan(_valueStart, _valueLength);

    /// <summary>True when the last start tag closed itself (<c>&lt;MEMO/&gt;</c>).</summary>
    public bool SelfClosing { get; private set; }

    /// <summary>The value as a string, with XML character references (<c>&amp;amp;</c>, <c>&amp;#233;</c>) decoded.</summary>
    public string ValueText() => Unescape(Value);

    /// <summary>Scans the next token from the buffered text.</summary>
    /// <returns>The token; <see cref="OfxToken.NeedMore"/> when the buffer ends inside it.</returns>
    /// <exception cref="ImportException">The file ends inside a tag.</exception>
    public OfxToken TryRead()
    {
        while (true)
        {
            var span = _chars.AsSpan(_pos, _len - _pos);
            var lt = span.IndexOf('<');
            if (lt < 0)
            {
                // Text outside any tag (the 1.x header, blank lines): pass it.
                _line += span.Count('\n');
                _pos = _len;
                return _decodedAll ? OfxToken.End : OfxToken.NeedMore;
            }

            if (lt > 0)
            {
                _line += span[..lt].Count('\n');
                _pos += lt;
                span = span[lt..];
            }

            var inner = span[1..];
            if (inner.StartsWith("!--"))
            {
                var endComment = inner.IndexOf("-->");
                if (endComment < 0)
                {
                    return _decodedAll ? throw Truncated("a comment (<!--) that is never closed") : OfxToken.NeedMore;
                }

                Consume(1 + endComment + 3);
                continue;
            }

            var gt = inner.IndexOf('>');
            if (gt < 0)
            {
                return _decodedAll ? throw Truncated("a tag that is never closed with '>'") : OfxToken.NeedMore;
            }

            var tag = inner[..gt];
            if (tag.Length > 0 && tag[0] is '?' or '!')
            {
                Consume(1 + gt + 1);
                continue;
            }

            if (tag.Length > 0 && tag[0] == '/')
            {
                SetName(_pos + 2, tag[1..]);
                _valueLength = 0;
                SelfClosing = false;
                Line = _line;
                Consume(1 + gt + 1);
                return OfxToken.Close;
            }

            var rest = inner[(gt + 1)..];
            var next = rest.IndexOf('<');
            if (next < 0)
            {
                if (!_decodedAll)
                {
                    return OfxToken.NeedMore;
                }

                next = rest.Length;
            }

            SelfClosing = tag.Length > 0 && tag[^1] == '/';
            SetName(_pos + 1, SelfClosing ? tag[..^1] : tag);
            var value = rest[..next];
            var leading = value.Length - value.TrimStart().Length;
            _valueStart = _pos + 1 + gt + 1 + leading;
            _valueLength = value.Trim().Length;
            Line = _line;
            Consume(1 + gt + 1 + next);
            return OfxToken.Open;
        }
    }

    /// <summary>Reads and decodes more of the stream into the buffer, keeping the token being read.</summary>
    /// <exception cref="ImportException">The bytes are not valid in the file's encoding, or a token is too long.</exception>
    public async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_decodedAll)
        {
            return;
        }

        if (_pos > 0)
        {
            _chars.AsSpan(_pos, _len - _pos).CopyTo(_chars);
            _len -= _pos;
            _pos = 0;
        }

        if (_chars.Length - _len < MinFreeChars)
        {
            if (_chars.Length >= MaxTokenChars)
            {
                throw new ImportException(
                    $"Line {_line} starts a tag whose value runs for more than {MaxTokenChars:N0} characters without another tag: the file is not OFX or is damaged.",
                    _line);
            }

            Array.Resize(ref _chars, _chars.Length * 2);
        }

        while (true)
        {
            if (_byteStart == _byteEnd && !_streamEnded)
            {
                _byteStart = 0;
                _byteEnd = await _stream.ReadAsync(_bytes, cancellationToken).ConfigureAwait(false);
                _streamEnded = _byteEnd == 0;
            }

            int bytesUsed;
            int charsUsed;
            bool completed;
            try
            {
                _decoder.Convert(_bytes, _byteStart, _byteEnd - _byteStart, _chars, _len, _chars.Length - _len, _streamEnded, out bytesUsed, out charsUsed, out completed);
            }
            catch (DecoderFallbackException e)
            {
                throw WrongEncoding(e);
            }

            _byteStart += bytesUsed;
            _len += charsUsed;
            if (_streamEnded && _byteStart == _byteEnd && completed)
            {
                _decodedAll = true;
                return;
            }

            if (charsUsed > 0)
            {
                return;
            }
        }
    }

    private void SetName(int start, ReadOnlySpan<char> tag)
    {
        // A name ends at white space (an XML attribute, a stray blank).
        var end = tag.IndexOfAny(" \t\r\n");
        _nameStart = start;
        _nameLength = end < 0 ? tag.Length : end;
    }

    private void Consume(int count)
    {
        _line += _chars.AsSpan(_pos, count).Count('\n');
        _pos += count;
    }

    private ImportException Truncated(string what) =>
        new($"The file ends on line {_line} inside {what}: it is truncated or damaged. Download it again.", _line);

    private ImportException WrongEncoding(DecoderFallbackException e)
    {
        var line = _line + _chars.AsSpan(_pos, _len - _pos).Count('\n')
                   + _bytes.AsSpan(_byteStart, Math.Clamp(e.Index, 0, _byteEnd - _byteStart)).Count((byte)'\n');
        var bytes = e.BytesUnknown is { Length: > 0 } unknown ? " (bytes " + Convert.ToHexString(unknown) + ")" : string.Empty;
        return new ImportException(
            $"Line {line} holds bytes that are not valid {_encodingName}{bytes}: the file is in another encoding than its header says. "
            + "Give the encoding option (utf-8, windows-1252 or iso-8859-1) to read it.",
            line,
            e);
    }

    private static string Unescape(ReadOnlySpan<char> value)
    {
        var amp = value.IndexOf('&');
        if (amp < 0)
        {
            return value.ToString();
        }

        var builder = new StringBuilder(value.Length);
        while (amp >= 0)
        {
            builder.Append(value[..amp]);
            value = value[amp..];
            var semi = value[..Math.Min(value.Length, 12)].IndexOf(';');
            var entity = semi > 1 ? value[1..semi] : default;
            string? replacement = entity switch
            {
                "amp" => "&",
                "lt" => "<",
                "gt" => ">",
                "quot" => "\"",
                "apos" => "'",
                "nbsp" => " ",
                _ => CharacterReference(entity),
            };
            if (replacement is null)
            {
                builder.Append('&');
                value = value[1..];
            }
            else
            {
                builder.Append(replacement);
                value = value[(semi + 1)..];
            }

            amp = value.IndexOf('&');
        }

        builder.Append(value);
        return builder.ToString();
    }

    private static string? CharacterReference(ReadOnlySpan<char> entity)
    {
        if (entity.Length < 2 || entity[0] != '#')
        {
            return null;
        }

        var hex = entity[1] is 'x' or 'X';
        var digits = hex ? entity[2..] : entity[1..];
        var style = hex ? System.Globalization.NumberStyles.AllowHexSpecifier : System.Globalization.NumberStyles.None;
        return int.TryParse(digits, style, System.Globalization.CultureInfo.InvariantCulture, out var code) && code is > 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF)
            ? char.ConvertFromUtf32(code)
            : null;
    }
}
