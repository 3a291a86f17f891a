using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.Tests.Support;

/// <summary>Fixture files and the way a host feeds them to an adapter: as a non-seekable upload.</summary>
internal static class Fixture
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static System.Text.Encoding Gbk { get; } = CodePages();

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    public static string Text(string name, System.Text.Encoding encoding) => encoding.GetString(Bytes(name));

    private static System.Text.Encoding CodePages()
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        return System.Text.Encoding.GetEncoding("GBK");
    }

    public static FileProbe Probe(string name)
    {
        var bytes = Bytes(name);
        return new FileProbe(name, bytes.AsMemory(0, Math.Min(bytes.Length, FileProbe.HeadLength)), bytes.Length);
    }

    /// <summary>Reads a fixture through an adapter the way the server will: a stream that cannot seek, options as text.</summary>
    public static Task<List<ImportRow>> ReadAsync(IImportAdapter adapter, string name, params (string Key, string Value)[] options) =>
        ReadBytesAsync(adapter, Bytes(name), name, options);

    public static async Task<List<ImportRow>> ReadBytesAsync(IImportAdapter adapter, byte[] bytes, string name, params (string Key, string Value)[] options)
    {
        var context = new ImportContext(options.ToDictionary(o => o.Key, o => o.Value)) { FileName = name };
        return await ReadWithContextAsync(adapter, bytes, context);
    }

    public static async Task<List<ImportRow>> ReadWithContextAsync(IImportAdapter adapter, byte[] bytes, ImportContext context)
    {
        var rows = new List<ImportRow>();
        await using var stream = new UploadStream(bytes);
        await foreach (var row in adapter.ReadAsync(stream, context, TestContext.Cancellation))
        {
            rows.Add(row);
        }

        return rows;
    }

    public static List<T> Records<T>(this IEnumerable<ImportRow> rows)
        where T : ImportRecord =>
        rows.OfType<RecordRow>().Select(r => r.Record).OfType<T>().ToList();

    public static List<RowError> Errors(this IEnumerable<ImportRow> rows) => rows.OfType<RowError>().ToList();
}

/// <summary>A forward-only stream, like a gRPC upload: adapters may not seek back in it.</summary>
internal sealed class UploadStream(byte[] bytes) : Stream
{
    private readonly MemoryStream _inner = new(bytes, writable: false);

    /// <summary>The bytes the reader has taken so far.</summary>
    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    // Small reads, as chunks of an upload arrive.
    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = _inner.Read(buffer, offset, Math.Min(count, 4096));
        BytesRead += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

internal static class TestContext
{
    /// <summary>A read that hangs fails the test instead of the run.</summary>
    public static CancellationToken Cancellation => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;
}
