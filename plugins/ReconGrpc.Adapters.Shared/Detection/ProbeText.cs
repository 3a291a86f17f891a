using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using ReconGrpc.Adapters.Shared.Tabular;
using ReconGrpc.Adapters.Shared.Text;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Shared.Detection;

/// <summary>
/// The text an adapter can see in a file's first bytes, whatever the container: decoded text for CSV and HTML,
/// the XML parts that fit in the head for .xlsx (inflated from the zip's local headers, which come first), and the
/// raw bytes of an .xls, whose strings are stored as UTF-16 and can be searched for as such.
/// </summary>
internal sealed class ProbeText
{
    private const int MaxInflatedChars = 512 * 1024;
    private readonly byte[]? _workbookBytes;

    private ProbeText(TabularFormat format, string text, byte[]? workbookBytes, string? fileName)
    {
        Format = format;
        Text = text;
        _workbookBytes = workbookBytes;
        FileName = fileName ?? string.Empty;
    }

    public TabularFormat Format { get; }

    /// <summary>The decoded text (empty for an .xls, which is searched by bytes).</summary>
    public string Text { get; }

    public string FileName { get; }

    public bool IsOle2Workbook => _workbookBytes is not null;

    public static ProbeText From(FileProbe probe)
    {
        var head = probe.Head.Span;
        var format = FormatSniffer.Sniff(head);
        if (FormatSniffer.IsOle2(head))
        {
            return new ProbeText(format, string.Empty, probe.Head.ToArray(), probe.FileName);
        }

        if (FormatSniffer.IsZip(head))
        {
            return new ProbeText(format, InflateParts(head), null, probe.FileName);
        }

        var detected = TextEncodings.Detect(head, null, probe.IsComplete);
        var text = TextEncodings.DecodeForSniffing(head, detected);
        return new ProbeText(format, ValueParser.HalfWidth(text), null, probe.FileName);
    }

    /// <summary>True when the keyword appears in the visible text.</summary>
    public bool Contains(string keyword)
    {
        if (_workbookBytes is null)
        {
            return Text.Contains(keyword, StringComparison.OrdinalIgnoreCase);
        }

        var bytes = _workbookBytes.AsSpan();
        return bytes.IndexOf(Encoding.Unicode.GetBytes(keyword)) >= 0
               || bytes.IndexOf(TextEncodings.Gb18030Strict.GetBytes(keyword)) >= 0;
    }

    /// <summary>How many of the keywords appear.</summary>
    public int CountOf(IEnumerable<string> keywords) => keywords.Count(Contains);

    /// <summary>
    /// Walks the zip's local file headers in the head and inflates the parts holding cell text (shared strings and
    /// sheets) as far as the head reaches. A part the head cuts off yields the text inflated so far.
    /// </summary>
    private static string InflateParts(ReadOnlySpan<byte> head)
    {
        var builder = new StringBuilder();
        var offset = 0;
        while (offset + 30 <= head.Length && BinaryPrimitives.ReadUInt32LittleEndian(head[offset..]) == 0x04034B50)
        {
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(head[(offset + 6)..]);
            var method = BinaryPrimitives.ReadUInt16LittleEndian(head[(offset + 8)..]);
            var compressedSize = BinaryPrimitives.ReadUInt32LittleEndian(head[(offset + 18)..]);
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(head[(offset + 26)..]);
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(head[(offset + 28)..]);
            var dataStart = offset + 30 + nameLength + extraLength;
            if (dataStart > head.Length)
            {
                break;
            }

            var name = Encoding.UTF8.GetString(head.Slice(offset + 30, nameLength));
            var sizeKnown = (flags & 0x08) == 0;
            var available = head.Length - dataStart;
            var dataLength = sizeKnown ? (int)Math.Min(compressedSize, (uint)available) : available;
            if (name.StartsWith("xl/sharedStrings", StringComparison.OrdinalIgnoreCase) || name.StartsWith("xl/worksheets/", StringComparison.OrdinalIgnoreCase))
            {
                builder.Append(Inflate(head.Slice(dataStart, dataLength), method));
                if (builder.Length > MaxInflatedChars)
                {
                    break;
                }
            }

            if (!sizeKnown || compressedSize > available)
            {
                break;
            }

            offset = dataStart + (int)compressedSize;
        }

        return ValueParser.HalfWidth(builder.ToString());
    }

    private static string Inflate(ReadOnlySpan<byte> data, ushort method)
    {
        if (method == 0)
        {
            return Encoding.UTF8.GetString(data);
        }

        if (method != 8)
        {
            return string.Empty;
        }

        var output = new MemoryStream();
        try
        {
            using var inflater = new DeflateStream(new MemoryStream(data.ToArray()), CompressionMode.Decompress);
            var buffer = new byte[16 * 1024];
            int n;
            while (output.Length < MaxInflatedChars && (n = inflater.Read(buffer)) > 0)
            {
                output.Write(buffer, 0, n);
            }
        }
        catch (InvalidDataException)
        {
            // The head cut the part off mid-stream: what was inflated so far is still worth searching.
        }

        return Encoding.UTF8.GetString(output.GetBuffer(), 0, (int)output.Length);
    }
}
