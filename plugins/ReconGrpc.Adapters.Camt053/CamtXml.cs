using System.Text;
using System.Xml;
using System.Xml.Linq;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Camt053;

/// <summary>
/// A forward-only walk over a camt.053 document: one element at a time, small elements (a balance, an entry) loaded
/// whole with their line numbers, everything else skipped. Every XML failure becomes an <see cref="ImportException"/>
/// saying what was wrong and on which line.
/// </summary>
internal sealed class CamtXml : IDisposable
{
    private readonly ReadAheadStream _window;
    private readonly XmlReader _reader;
    private readonly IXmlLineInfo? _lineInfo;
    private readonly string _encodingSource;
    private readonly CancellationToken _cancellationToken;
    private bool _pending;
    private bool _started;

    private CamtXml(ReadAheadStream window, XmlReader reader, string encodingSource, CancellationToken cancellationToken)
    {
        _window = window;
        _reader = reader;
        _lineInfo = reader as IXmlLineInfo;
        _encodingSource = encodingSource;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The 1-based line of the node the reader is on.</summary>
    public long Line => _lineInfo is { } info && info.HasLineInfo() && info.LineNumber > 0 ? info.LineNumber : 1;

    /// <summary>The local name of the element the reader is on (namespaces are ignored: 001.02 to 001.13 differ only there).</summary>
    public string LocalName => _reader.LocalName;

    public string NamespaceUri => _reader.NamespaceURI;

    public int Depth => _reader.Depth;

    public bool IsEmptyElement => _reader.IsEmptyElement;

    /// <summary>Opens the reader: in the encoding the file declares (or its byte-order mark), or in the one the user named.</summary>
    public static CamtXml Open(Stream content, Encoding? encoding, CancellationToken cancellationToken)
    {
        var window = new ReadAheadStream(content);
        var settings = new XmlReaderSettings
        {
            CloseInput = false,
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
        };
        if (encoding is null)
        {
            return new CamtXml(window, XmlReader.Create(window, settings), "the encoding the file declares", cancellationToken);
        }

        // A text reader fixes the encoding: the declaration's encoding attribute is then ignored.
        var text = new StreamReader(window, encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        settings.CloseInput = true;
        return new CamtXml(window, XmlReader.Create(text, settings), $"the encoding option ({encoding.WebName})", cancellationToken);
    }

    /// <summary>Moves to the next element anywhere in the document; false at its end.</summary>
    public async ValueTask<bool> NextElementAsync()
    {
        while (await ReadAsync().ConfigureAwait(false))
        {
            if (_reader.NodeType == XmlNodeType.Element)
            {
                _started = true;
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Moves to the next child element of the element at <paramref name="parentDepth"/>; false on the parent's end
    /// tag. The caller consumes each child with <see cref="SkipAsync"/> or <see cref="LoadAsync"/>.
    /// </summary>
    public async ValueTask<bool> NextChildAsync(int parentDepth)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        while (true)
        {
            if (!_pending && !await ReadAsync().ConfigureAwait(false))
            {
                return false;
            }

            _pending = false;
            if (_reader.NodeType == XmlNodeType.Element && _reader.Depth == parentDepth + 1)
            {
                return true;
            }

            if (_reader.NodeType == XmlNodeType.EndElement && _reader.Depth == parentDepth)
            {
                return false;
            }

            if (_reader.Depth <= parentDepth)
            {
                // The parent was empty: this node follows it and is its caller's to examine.
                _pending = true;
                return false;
            }
        }
    }

    /// <summary>Skips the element the reader is on, with everything in it, node by node so the window keeps up.</summary>
    public async ValueTask SkipAsync()
    {
        var depth = _reader.Depth;
        if (!_reader.IsEmptyElement)
        {
            while (await ReadAsync().ConfigureAwait(false) && !(_reader.NodeType == XmlNodeType.EndElement && _reader.Depth == depth))
            {
            }
        }

        _pending = false;
    }

    /// <summary>Loads the element the reader is on, with line numbers; the reader stays on its end.</summary>
    public async ValueTask<XElement> LoadAsync()
    {
        try
        {
            await _window.FillAsync(_cancellationToken).ConfigureAwait(false);
            using var subtree = _reader.ReadSubtree();
            var element = XElement.Load(subtree, LoadOptions.SetLineInfo);
            _pending = false;
            return element;
        }
        catch (Exception e) when (e is XmlException or DecoderFallbackException)
        {
            throw Translate(e);
        }
    }

    public void Dispose() => _reader.Dispose();

    private async ValueTask<bool> ReadAsync()
    {
        try
        {
            await _window.FillAsync(_cancellationToken).ConfigureAwait(false);
            return _reader.Read();
        }
        catch (Exception e) when (e is XmlException or DecoderFallbackException)
        {
            throw Translate(e);
        }
    }

    /// <summary>Turns the XML reader's complaint into a message a user can act on.</summary>
    private ImportException Translate(Exception e)
    {
        var line = e is XmlException { LineNumber: > 0 } x ? x.LineNumber : Line;
        var message = e.Message;
        var unknownEncoding = message.Contains("does not support", StringComparison.OrdinalIgnoreCase) && message.Contains("encoding", StringComparison.OrdinalIgnoreCase);
        if (!_started && !unknownEncoding && !message.Contains("DTD", StringComparison.OrdinalIgnoreCase)
            && !message.Contains("Root element is missing", StringComparison.OrdinalIgnoreCase))
        {
            // Nothing was read yet: text, a spreadsheet or bytes in another encoding, not an XML document.
            return new ImportException(
                "The file is not XML: its first line holds text where a camt.053 statement starts with <?xml ...?> or <Document ...>. "
                + "Choose the camt.053 (ISO 20022 XML) download of the statement, or another adapter for this file.",
                line, e);
        }

        if (e is DecoderFallbackException || e.InnerException is DecoderFallbackException
            || message.Contains("Invalid character in the given encoding", StringComparison.OrdinalIgnoreCase))
        {
            return new ImportException(
                $"Line {line} holds bytes that are not valid in {_encodingSource}: the file's encoding declaration (<?xml ... encoding=\"...\"?>) "
                + "does not match how it was saved. Save the file again in the encoding it declares, or name the real one with the encoding option.",
                line, e);
        }

        if (unknownEncoding)
        {
            return new ImportException(
                $"The file declares an encoding this system does not know ({message}). Name the file's real encoding with the encoding option "
                + "(utf-8, iso-8859-1, windows-1252, gbk, ...).",
                line, e);
        }

        if (message.Contains("Unexpected end of file", StringComparison.OrdinalIgnoreCase))
        {
            return new ImportException(
                $"The file ends in the middle of the XML at line {line}: it was cut off (an interrupted download or upload). "
                + $"Download the statement again. ({message})",
                line, e);
        }

        if (message.Contains("Root element is missing", StringComparison.OrdinalIgnoreCase))
        {
            return new ImportException("The file is empty or holds no XML element; a camt.053 file starts with <?xml ...?> and a <Document> element.", line, e);
        }

        if (message.Contains("DTD", StringComparison.OrdinalIgnoreCase))
        {
            return new ImportException($"The file holds a DTD (<!DOCTYPE ...>) at line {line}, which a camt.053 statement never has and which is refused for safety.", line, e);
        }

        return new ImportException($"The file is not well-formed XML at line {line}: {message}", line, e);
    }
}
