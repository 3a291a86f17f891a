using System.Text;

namespace ReconGrpc.Adapters.Tests.Support;

/// <summary>
/// An upload that never ends: a header, then rows made on demand, in chunks as an upload arrives. Shows that an
/// adapter streams (it yields rows long before any end) and reads only a bounded window ahead of what it yields.
/// </summary>
internal sealed class EndlessUpload(string header, Func<int, string> row) : Stream
{
    private byte[] _pending = Encoding.UTF8.GetBytes(header);
    private int _offset;
    private int _next;

    /// <summary>The bytes handed to the reader so far.</summary>
    public long BytesServed { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_offset == _pending.Length)
        {
            _pending = Encoding.UTF8.GetBytes(row(_next++));
            _offset = 0;
        }

        var n = Math.Min(Math.Min(count, 4096), _pending.Length - _offset);
        Array.Copy(_pending, _offset, buffer, offset, n);
        _offset += n;
        BytesServed += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
