using System.Text;
using System.Text.Unicode;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Ofx;

/// <summary>How the OFX body is written: 1.x SGML after an <c>OFXHEADER:100</c> block, 2.x XML after <c>&lt;?OFX …?&gt;</c>, or a bare <c>&lt;OFX&gt;</c>.</summary>
internal enum OfxSyntax
{
    Sgml = 1,
    Xml = 2,
    Bare = 3,
}

/// <summary>What the head of an OFX file says about the file: its syntax, version and the text encoding to read the body in.</summary>
internal sealed record OfxHeader(OfxSyntax Syntax, string? Version, Encoding Encoding, string EncodingName, int PreambleLength)
{
    // Static initialisers run in text order: the code pages (Windows-1252 and the like) are registered first.
    private static readonly bool CodePagesRegistered = RegisterCodePages();

    public static Encoding Utf8Strict { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>How many characters of the head the header (and the first tag) must appear in.</summary>
    private const int HeaderSearchChars = 8 * 1024;

    /// <summary>Reads the header from the first bytes of a file.</summary>
    /// <param name="head">The first bytes (up to 64 KiB).</param>
    /// <param name="forced">The encoding the user named, which wins over the header (not over a byte-order mark).</param>
    /// <returns>The header, or <see langword="null"/> when the head carries no OFX marker.</returns>
    /// <exception cref="ImportException">The header names a character set that cannot be read.</exception>
    public static OfxHeader? Read(ReadOnlySpan<byte> head, Encoding? forced)
    {
        _ = CodePagesRegistered;
        var (bomEncoding, preamble) = ByteOrderMark(head);
        var body = head[preamble..];
        // The header is read leniently (a bad byte is the body's problem, reported with its line when it is decoded).
        var text = bomEncoding is { } unicode && unicode.CodePage != 65001
            ? Encoding.GetEncoding(unicode.CodePage).GetString(body[..(body.Length & ~1)])
            : Encoding.Latin1.GetString(body[..Math.Min(body.Length, HeaderSearchChars)]);
        var syntax = SyntaxOf(text);
        if (syntax is null)
        {
            return null;
        }

        Dictionary<string, string> fields = syntax == OfxSyntax.Sgml ? SgmlFields(text) : XmlFields(text);
        var version = fields.GetValueOrDefault("VERSION");
        if (bomEncoding is not null)
        {
            return new OfxHeader(syntax.Value, version, bomEncoding, bomEncoding.WebName + " (byte-order mark)", preamble);
        }

        if (forced is not null)
        {
            return new OfxHeader(syntax.Value, version, Strict(forced), forced.WebName + " (as given)", 0);
        }

        var (encoding, name) = syntax switch
        {
            OfxSyntax.Sgml => SgmlEncoding(fields, body),
            OfxSyntax.Xml => XmlEncoding(fields, body),
            _ => Sniffed(body, "no header"),
        };
        return new OfxHeader(syntax.Value, version, encoding, name, 0);
    }

    /// <summary>Maps an encoding option's value to an encoding; <see langword="null"/> for <c>auto</c>.</summary>
    public static Encoding? FromOption(string? value)
    {
        _ = CodePagesRegistered;
        return value?.ToLowerInvariant() switch
        {
            null or "" or "auto" => null,
            "utf-8" => Utf8Strict,
            "windows-1252" => Strict(Encoding.GetEncoding(1252)),
            "iso-8859-1" => Strict(Encoding.Latin1),
            _ => null,
        };
    }

    /// <summary>
    /// The syntax the head shows: <c>OFXHEADER:</c> before the first tag is 1.x; a <c>&lt;?OFX</c> instruction, or an
    /// XML declaration first and an <c>&lt;OFX&gt;</c> element, is 2.x; an <c>&lt;OFX&gt;</c> element anywhere else is a bare body.
    /// </summary>
    public static OfxSyntax? SyntaxOf(string text)
    {
        var start = 0;
        while (start < text.Length && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        var firstTag = text.IndexOf('<', start);
        var before = firstTag < 0 ? text.AsSpan(start) : text.AsSpan(start, firstTag - start);
        if (before.Contains("OFXHEADER:", StringComparison.OrdinalIgnoreCase))
        {
            return OfxSyntax.Sgml;
        }

        if (firstTag < 0)
        {
            return null;
        }

        var hasOfx = text.Contains("<OFX>", StringComparison.OrdinalIgnoreCase);
        if (text.Contains("<?OFX", StringComparison.OrdinalIgnoreCase)
            || (hasOfx && text.AsSpan(firstTag).StartsWith("<?xml", StringComparison.OrdinalIgnoreCase)))
        {
            return OfxSyntax.Xml;
        }

        return hasOfx ? OfxSyntax.Bare : null;
    }

    private static (Encoding? Encoding, int Length) ByteOrderMark(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (Utf8Strict, 3);
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true), 2);
        }

        return head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])
            ? (new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true), 2)
            : (null, 0);
    }

    /// <summary>The <c>KEY:VALUE</c> fields of a 1.x header, one a line or several on one line, up to the first tag.</summary>
    private static Dictionary<string, string> SgmlFields(string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var end = text.IndexOf('<');
        var header = end < 0 ? text : text[..end];
        foreach (var part in header.Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = part.IndexOf(':');
            if (colon > 0)
            {
                fields[part[..colon]] = part[(colon + 1)..];
            }
        }

        return fields;
    }

    /// <summary>The XML declaration's encoding and the <c>&lt;?OFX …?&gt;</c> attributes of a 2.x file.</summary>
    private static Dictionary<string, string> XmlFields(string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var xml = text.IndexOf("<?xml", StringComparison.OrdinalIgnoreCase);
        if (xml >= 0 && Attribute(text, xml, "encoding") is { } encoding)
        {
            fields["XMLENCODING"] = encoding;
        }

        var ofx = text.IndexOf("<?OFX", StringComparison.OrdinalIgnoreCase);
        if (ofx >= 0 && Attribute(text, ofx, "VERSION") is { } version)
        {
            fields["VERSION"] = version;
        }

        return fields;
    }

    private static string? Attribute(string text, int piStart, string name)
    {
        var end = text.IndexOf("?>", piStart, StringComparison.Ordinal);
        var pi = end < 0 ? text.AsSpan(piStart) : text.AsSpan(piStart, end - piStart);
        var at = pi.IndexOf(name + "=", StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return null;
        }

        var rest = pi[(at + name.Length + 1)..];
        if (rest.Length == 0 || rest[0] is not ('"' or '\''))
        {
            return null;
        }

        var close = rest[1..].IndexOf(rest[0]);
        return close < 0 ? null : rest.Slice(1, close).ToString();
    }

    /// <summary>
    /// OFX 1.x: <c>ENCODING:UTF-8</c> is UTF-8; <c>ENCODING:USASCII</c> takes its code page from <c>CHARSET</c>
    /// (<c>1252</c> Windows-1252, <c>ISO-8859-1</c> Latin-1, another number that code page); <c>CHARSET:NONE</c>
    /// or none at all is sniffed (valid UTF-8 with non-ASCII bytes is UTF-8, anything else Windows-1252).
    /// </summary>
    private static (Encoding, string) SgmlEncoding(Dictionary<string, string> fields, ReadOnlySpan<byte> body)
    {
        var declaredEncoding = fields.GetValueOrDefault("ENCODING")?.Trim();
        if (declaredEncoding is not null && (declaredEncoding.Equals("UTF-8", StringComparison.OrdinalIgnoreCase) || declaredEncoding.Equals("UTF8", StringComparison.OrdinalIgnoreCase)))
        {
            return (Utf8Strict, "UTF-8 (ENCODING:UTF-8)");
        }

        var charset = fields.GetValueOrDefault("CHARSET")?.Trim();
        if (string.IsNullOrEmpty(charset) || charset.Equals("NONE", StringComparison.OrdinalIgnoreCase))
        {
            return Sniffed(body, "CHARSET:" + (charset ?? "absent"));
        }

        if (charset.Equals("ISO-8859-1", StringComparison.OrdinalIgnoreCase) || charset.Equals("8859-1", StringComparison.OrdinalIgnoreCase))
        {
            return (Strict(Encoding.Latin1), "ISO-8859-1 (CHARSET:" + charset + ")");
        }

        if (int.TryParse(charset, out var codePage))
        {
            try
            {
                var encoding = Strict(Encoding.GetEncoding(codePage));
                return (encoding, $"{encoding.WebName} (CHARSET:{charset})");
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException)
            {
                // Reported below.
            }
        }

        throw new ImportException(
            $"The OFX header names CHARSET:{charset}, a character set this adapter cannot read. Give the encoding option (utf-8, windows-1252 or iso-8859-1).", 1);
    }

    /// <summary>OFX 2.x: the XML declaration's encoding; ASCII (which banks write for Latin-1 text too) is sniffed; none is UTF-8.</summary>
    private static (Encoding, string) XmlEncoding(Dictionary<string, string> fields, ReadOnlySpan<byte> body)
    {
        var declared = fields.GetValueOrDefault("XMLENCODING")?.Trim();
        if (string.IsNullOrEmpty(declared))
        {
            return (Utf8Strict, "UTF-8 (XML default)");
        }

        var key = declared.ToLowerInvariant();
        if (key is "ascii" or "us-ascii" or "usascii")
        {
            return Sniffed(body, "encoding=\"" + declared + "\"");
        }

        if (key is "utf-8" or "utf8")
        {
            return (Utf8Strict, "UTF-8 (encoding=\"" + declared + "\")");
        }

        try
        {
            var encoding = Strict(Encoding.GetEncoding(declared));
            return (encoding, $"{encoding.WebName} (encoding=\"{declared}\")");
        }
        catch (ArgumentException)
        {
            throw new ImportException(
                $"The XML declaration names encoding=\"{declared}\", which this adapter cannot read. Give the encoding option (utf-8, windows-1252 or iso-8859-1).", 1);
        }
    }

    /// <summary>ASCII-only or undeclared text: valid UTF-8 with non-ASCII bytes reads as UTF-8, anything else as Windows-1252 (a superset of ASCII).</summary>
    private static (Encoding, string) Sniffed(ReadOnlySpan<byte> body, string declared)
    {
        if (body.IndexOfAnyExceptInRange((byte)0, (byte)0x7F) >= 0 && IsUtf8(body))
        {
            return (Utf8Strict, $"UTF-8 (detected; {declared})");
        }

        return (Strict(Encoding.GetEncoding(1252)), $"windows-1252 ({declared})");
    }

    private static bool IsUtf8(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[bytes.Length];
        var status = Utf8.ToUtf16(bytes, chars, out _, out _, replaceInvalidSequences: false, isFinalBlock: false);
        return status is System.Buffers.OperationStatus.Done or System.Buffers.OperationStatus.NeedMoreData;
    }

    private static Encoding Strict(Encoding encoding) => encoding.CodePage == 65001
        ? Utf8Strict
        : Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);

    private static bool RegisterCodePages()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return true;
    }
}
