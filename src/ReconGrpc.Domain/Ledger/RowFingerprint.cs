using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ReconGrpc.Domain.Ledger;

/// <summary>
/// The fingerprint of an imported row: the first 128 bits of a SHA-256 over its identifying fields as UTF-8, joined by
/// the unit separator (U+001F), in lower-case hex. The fields are written straight into one pooled buffer: an import
/// fingerprints every row, and joining them into a string, encoding it and hashing into new arrays cost three
/// allocations a row. Stored fingerprints depend on exactly these bytes; a test holds them to the joined-text form.
/// </summary>
internal ref struct RowFingerprint
{
    /// <summary>The first field of a fingerprint made from the source's own row id, so it never equals one made of fields.</summary>
    public const string SourceIdMark = "\u0001source-id";

    private const byte Separator = 0x1F;
    private byte[] _buffer;
    private int _length;
    private bool _any;

    /// <summary>The source's row id as it identifies the row: trimmed, or <see langword="null"/> when blank.</summary>
    public static string? SourceIdOf(string? id) => string.IsNullOrWhiteSpace(id) ? null : id.Trim();

    public RowFingerprint()
    {
        _buffer = ArrayPool<byte>.Shared.Rent(512);
    }

    public void Add(ReadOnlySpan<char> text)
    {
        StartField(Encoding.UTF8.GetMaxByteCount(text.Length));
        _length += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_length));
    }

    public void Add<T>(T value, string format)
        where T : IUtf8SpanFormattable
    {
        StartField(64);
        if (!value.TryFormat(_buffer.AsSpan(_length), out var written, format, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"{value} does not fit a fingerprint field.");
        }

        _length += written;
    }

    /// <summary>The fingerprint; returns the buffer to the pool, so the builder is not used after.</summary>
    public string Finish()
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(_buffer.AsSpan(0, _length), hash);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        // 128 bits are ample to tell rows apart and keep the unique index half the size of a full SHA-256.
        return Convert.ToHexStringLower(hash[..16]);
    }

    private void StartField(int maxBytes)
    {
        var needed = _length + 1 + maxBytes;
        if (needed > _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        if (_any)
        {
            _buffer[_length++] = Separator;
        }

        _any = true;
    }
}
