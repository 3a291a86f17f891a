namespace ReconGrpc.Adapters.WeChatPay;

/// <summary>
/// The personal bill pads ids with a tab after their closing quote (<c>"3985734"\t,</c>), which a strict CSV reader
/// takes for a quote that never closes. This stream drops tabs between a closing quote and the delimiter or line end,
/// byte by byte as the upload arrives: a quote, a tab, a comma and a line break are single bytes in UTF-8 and GBK alike
/// (GBK's trail bytes are 0x40 and above), so no character is split. Workbooks (zip or OLE2) pass through untouched.
/// </summary>
internal sealed class QuotePaddingFilter(Stream inner) : Stream
{
    private const int MaxHeldTabs = 32;

    private readonly byte[] _input = new byte[16 * 1024];
    private readonly byte[] _output = new byte[(16 * 1024) + MaxHeldTabs];
    private int _outputStart, _outputEnd;
    private bool? _filtering;
    private bool _afterQuote;
    private int _tabs;
    private bool _ended;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_outputStart == _outputEnd && !_ended)
        {
            Filter(inner.Read(_input));
        }

        return Take(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_outputStart == _outputEnd && !_ended)
        {
            Filter(await inner.ReadAsync(_input, cancellationToken).ConfigureAwait(false));
        }

        return Take(buffer.Span);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Take(Span<byte> buffer)
    {
        var n = Math.Min(buffer.Length, _outputEnd - _outputStart);
        _output.AsSpan(_outputStart, n).CopyTo(buffer);
        _outputStart += n;
        return n;
    }

    private void Filter(int read)
    {
        _outputStart = _outputEnd = 0;
        if (read == 0)
        {
            // Tabs after the last quote of the file: not before a delimiter, so they stay.
            Emit((byte)'\t', _tabs);
            _tabs = 0;
            _ended = true;
            return;
        }

        var bytes = _input.AsSpan(0, read);
        _filtering ??= !(bytes.StartsWith("PK"u8) || bytes.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0]));
        if (_filtering == false)
        {
            bytes.CopyTo(_output);
            _outputEnd = read;
            return;
        }

        foreach (var b in bytes)
        {
            if (_tabs > 0)
            {
                if (b == (byte)'\t')
                {
                    if (++_tabs == MaxHeldTabs)
                    {
                        // Padding is a tab or two; a long run is data, released so the output never outgrows its buffer.
                        Emit((byte)'\t', _tabs);
                        _tabs = 0;
                        _afterQuote = false;
                    }

                    continue;
                }

                if (b is not ((byte)',' or (byte)'\r' or (byte)'\n'))
                {
                    Emit((byte)'\t', _tabs);
                }

                _tabs = 0;
                _afterQuote = false;
            }
            else if (_afterQuote && b == (byte)'\t')
            {
                _tabs = 1;
                continue;
            }

            _afterQuote = b == (byte)'"';
            Emit(b, 1);
        }
    }

    private void Emit(byte b, int times)
    {
        for (var i = 0; i < times; i++)
        {
            _output[_outputEnd++] = b;
        }
    }
}
