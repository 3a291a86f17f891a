namespace ReconGrpc.Plugins.Testing;

/// <summary>
/// A read-only stream that cannot seek and returns at most a few bytes per read, over another stream: what an
/// adapter must cope with, since the SDK promises no more (<see cref="ReconGrpc.Plugins.Abstractions.IImportAdapter.ReadAsync"/>).
/// Disposing it disposes the stream it reads.
/// </summary>
public sealed class UploadStream : Stream
{
    private readonly Stream _inner;
    private readonly int _readSize;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <param name="inner">The content, read from its current position to its end.</param>
    /// <param name="readSize">The most bytes one read returns.</param>
    public UploadStream(Stream inner, int readSize = 4096)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(readSize, 1);
        _inner = inner;
        _readSize = readSize;
    }

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <summary>Not supported: the length of an upload is not known while it arrives.</summary>
    public override long Length => throw new NotSupportedException("An upload stream cannot tell its length.");

    /// <summary>Not supported: an upload stream cannot seek.</summary>
    public override long Position
    {
        get => throw new NotSupportedException("An upload stream cannot seek.");
        set => throw new NotSupportedException("An upload stream cannot seek.");
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, _readSize));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer) => _inner.Read(buffer[..Math.Min(buffer.Length, _readSize)]);

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _inner.ReadAsync(buffer, offset, Math.Min(count, _readSize), cancellationToken);

    /// <inheritdoc />
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _inner.ReadAsync(buffer[..Math.Min(buffer.Length, _readSize)], cancellationToken);

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <summary>Not supported: an upload stream cannot seek.</summary>
    /// <param name="offset">Ignored.</param>
    /// <param name="origin">Ignored.</param>
    /// <returns>Never returns.</returns>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("An upload stream cannot seek.");

    /// <summary>Not supported: the stream is read-only.</summary>
    /// <param name="value">Ignored.</param>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Not supported: the stream is read-only.</summary>
    /// <param name="buffer">Ignored.</param>
    /// <param name="offset">Ignored.</param>
    /// <param name="count">Ignored.</param>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
