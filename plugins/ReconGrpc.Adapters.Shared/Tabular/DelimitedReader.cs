using System.Text;
using ReconGrpc.Adapters.Shared.Text;
using ReconGrpc.Plugins.Abstractions;
using Sylvan.Data.Csv;

namespace ReconGrpc.Adapters.Shared.Tabular;

/// <summary>Delimited text through Sylvan's CSV reader: streamed, so memory stays bounded whatever the file size.</summary>
internal sealed class DelimitedReader : TabularReader
{
    private readonly CsvDataReader _csv;
    private readonly StreamReader _text;
    private readonly string _encodingName;
    private long _nextLine = 1;
    private long _line;

    private DelimitedReader(CsvDataReader csv, StreamReader text, string description, string encodingName)
    {
        _csv = csv;
        _text = text;
        Description = description;
        _encodingName = encodingName;
    }

    public override string Description { get; }

    public override long Line => _line;

    public override int FieldCount => _csv.RowFieldCount;

    public override object? this[int index] => index < _csv.RowFieldCount ? _csv.GetString(index) : null;

    public override bool IsBlankRow
    {
        get
        {
            for (var i = 0; i < _csv.RowFieldCount; i++)
            {
                if (!_csv.GetFieldSpan(i).IsWhiteSpace())
                {
                    return false;
                }
            }

            return true;
        }
    }

    public static async Task<TabularReader> OpenAsync(ReadOnlyMemory<byte> head, bool headIsWholeFile, Stream rest, TabularOptions options, CancellationToken cancellationToken)
    {
        var detected = TextEncodings.Detect(head.Span, options.EncodingHint, headIsWholeFile);
        var delimiter = options.Delimiter ?? DelimiterSniffer.Detect(TextEncodings.DecodeForSniffing(head.Span, detected), options.FileName);
        var stream = new PrefixedStream(head[detected.PreambleLength..], rest);
        var text = new StreamReader(stream, detected.Encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024, leaveOpen: true);
        var kind = delimiter switch
        {
            '\t' => "tab-separated text",
            ',' => "CSV",
            _ => $"text separated by '{delimiter}'",
        };
        try
        {
            var csv = await CsvDataReader.CreateAsync(text, new CsvDataReaderOptions
            {
                HasHeaders = false,
                Delimiter = delimiter,
                BufferSize = 64 * 1024,

                // Sylvan drops lines starting with '#' as comments by default: exports start title, filter and total
                // lines with it (支付宝's "#支付宝账务明细查询", "#收入合计：…"), and dropping them shifts every later line
                // number, and Shopify's order numbers (#1001) start rows with it. No character starts a comment here.
                Comment = '\0',

                // One record must fit in the buffer; a bound keeps a missing closing quote from eating all memory.
                MaxBufferSize = 4 * 1024 * 1024,
            }, cancellationToken).ConfigureAwait(false);
            return new DelimitedReader(csv, text, $"{kind}, {detected.DisplayName}", detected.DisplayName);
        }
        catch (DecoderFallbackException e)
        {
            text.Dispose();
            throw EncodingProblem(detected.DisplayName, 1, e);
        }
        catch (CsvFormatException e)
        {
            text.Dispose();
            throw new ImportException($"The file is not readable {kind}: {e.Message}", 1, e);
        }
    }

    public override async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        bool more;
        try
        {
            more = await _csv.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DecoderFallbackException e)
        {
            throw EncodingProblem(_encodingName, _nextLine, e);
        }
        catch (CsvFormatException e)
        {
            var reason = e.Message.Contains("quote", StringComparison.OrdinalIgnoreCase)
                ? "a quoted field is never closed; the file may be truncated or a quote is missing"
                : e.Message;
            throw new ImportException($"Line {_nextLine} cannot be read: {reason}.", _nextLine, e);
        }

        if (!more)
        {
            return false;
        }

        _line = _nextLine;

        // A quoted field may span lines; count them so that later rows keep their physical line numbers.
        var raw = _csv.GetRawRecordSpan();
        var breaks = raw.Count('\n');
        if (breaks == 0)
        {
            breaks = raw.Count('\r');
        }

        _nextLine += Math.Max(breaks, 1);
        return true;
    }

    public override async ValueTask DisposeAsync()
    {
        await _csv.DisposeAsync().ConfigureAwait(false);
        _text.Dispose();
    }

    private static ImportException EncodingProblem(string encodingName, long line, Exception inner) =>
        new($"The file is not valid {encodingName} text near line {line}: it may be truncated in the middle of a character, "
            + "or be in another encoding. Save it as UTF-8, or name its encoding with the 'encoding' option (gbk, utf-8).", line, inner);
}
