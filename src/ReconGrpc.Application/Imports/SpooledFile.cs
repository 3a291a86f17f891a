using System.Security.Cryptography;
using ReconGrpc.Data;
using ReconGrpc.Domain;

namespace ReconGrpc.Application.Imports;

/// <summary>
/// An uploaded file written to a temporary file as its chunks arrive: memory stays bounded whatever the size,
/// adapters get a seekable stream, and the SHA-256 is known when the upload ends. Owner-only (0600); deleted on
/// dispose, and if the server dies first, on its next start (<see cref="ImportSpoolFolder"/>).
/// </summary>
public sealed class SpooledFile : IAsyncDisposable
{
    private readonly FileStream _stream;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly long _maxBytes;

    public SpooledFile(string directory, long maxBytes)
    {
        Directory.CreateDirectory(directory);
        Path = System.IO.Path.Combine(directory, $"{ImportSpoolFolder.UploadPrefix}{Guid.NewGuid():N}{ImportSpoolFolder.Extension}");
        _maxBytes = maxBytes;
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            // Shared for reading only: while it is open, the cleanup on start (which asks for the file alone) leaves it be.
            Share = FileShare.Read,
            BufferSize = 81920,
            Options = FileOptions.DeleteOnClose | FileOptions.Asynchronous,
        }.OwnerOnly(); // the system temp folder is everyone's; an uploaded ledger is not

        _stream = new FileStream(Path, options);
    }

    public string Path { get; }

    public long Length { get; private set; }

    public string Sha256 { get; private set; } = "";

    public async Task AppendAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        if (Length + chunk.Length > _maxBytes)
        {
            throw new ImportTooLargeException(_maxBytes);
        }

        _hash.AppendData(chunk.Span);
        await _stream.WriteAsync(chunk, cancellationToken);
        Length += chunk.Length;
    }

    /// <summary>Ends the upload: the file is complete and its SHA-256 known.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await _stream.FlushAsync(cancellationToken);
        Sha256 = Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    /// <summary>The whole file, from the start, for one reader.</summary>
    public Stream OpenForReading()
    {
        _stream.Position = 0;
        return new NonClosingStream(_stream);
    }

    /// <summary>The first bytes, for detection.</summary>
    public async Task<byte[]> HeadAsync(int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[(int)Math.Min(count, Length)];
        _stream.Position = 0;
        await _stream.ReadExactlyAsync(buffer, cancellationToken);
        _stream.Position = 0;
        return buffer;
    }

    public async ValueTask DisposeAsync()
    {
        _hash.Dispose();
        await _stream.DisposeAsync();
    }

    /// <summary>Lets an adapter dispose "its" stream without closing the spool under the next reader.</summary>
    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => inner.CanSeek;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override int Read(Span<byte> buffer) => inner.Read(buffer);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>An upload over the configured size.</summary>
public sealed class ImportTooLargeException(long maxBytes)
    : Exception($"The file is larger than the {maxBytes / (1024 * 1024)} MiB this server accepts (Imports:MaxFileBytes); split it or raise the limit.");
