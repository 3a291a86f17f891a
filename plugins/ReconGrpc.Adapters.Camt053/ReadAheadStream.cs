namespace ReconGrpc.Adapters.Camt053;

/// <summary>
/// Fills a window of the upload asynchronously, so the XML reader can parse it synchronously (several times faster
/// than its asynchronous mode). Before each entry the caller tops the window up; only an element larger than the
/// window makes the parser read the upload synchronously for the rest of it.
/// </summary>
internal sealed class ReadAheadStream(Stream source) : Stream
{
    /// <summary>How much is kept ready ahead of the parser: far more than one entry of a statement.</summary>
    public const int Ahead = 512 * 1024;

    private readonly byte[] _buffer = new byte[2 * Ahead];
    private int _start;
    private int _end;
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

    /// <summary>Reads from the upload until <see cref="Ahead"/> bytes wait unparsed, or the upload ends.</summary>
    public ValueTask FillAsync(CancellationToken cancellationToken) =>
        _ended || _end - _start >= Ahead ? ValueTask.CompletedTask : FillCoreAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_start == _end)
        {
            // An element larger than the window: the rest of it is read as the parser asks for it.
            return _ended ? 0 : source.Read(buffer);
        }

        var n = Math.Min(buffer.Length, _end - _start);
        _buffer.AsSpan(_start, n).CopyTo(buffer);
        _start += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private async ValueTask FillCoreAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        while (!_ended && _end < _buffer.Length)
        {
            var n = await source.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                _ended = true;
            }

            _end += n;
        }
    }
}
