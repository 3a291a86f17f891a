namespace ReconGrpc.Plugins.Abstractions;

/// <summary>What an adapter may look at to say whether it can read a file: its name and its first bytes.</summary>
public sealed class FileProbe
{
    /// <summary>How many bytes from the start of a file a host passes to <see cref="IImportAdapter.Detect"/> (64 KiB).</summary>
    public const int HeadLength = 64 * 1024;

    /// <summary>Creates a probe.</summary>
    /// <param name="fileName">The file's name as the user gave it (no directory needed), if known.</param>
    /// <param name="head">The first bytes of the file, at most <see cref="HeadLength"/> of them.</param>
    /// <param name="length">The file's full length in bytes, if known.</param>
    /// <exception cref="ArgumentOutOfRangeException">The length is negative or shorter than the head.</exception>
    public FileProbe(string? fileName, ReadOnlyMemory<byte> head, long? length = null)
    {
        if (length is { } l && (l < 0 || l < head.Length))
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "The length may not be negative or shorter than the head.");
        }

        FileName = string.IsNullOrWhiteSpace(fileName) ? null : Path.GetFileName(fileName.Trim());
        Head = head;
        Length = length;
    }

    /// <summary>The file's name without any directory, or <see langword="null"/>.</summary>
    public string? FileName { get; }

    /// <summary>The first bytes of the file.</summary>
    public ReadOnlyMemory<byte> Head { get; }

    /// <summary>The file's full length in bytes, or <see langword="null"/> when unknown.</summary>
    public long? Length { get; }

    /// <summary>The file name's extension in lower case with its dot (<c>.xlsx</c>), or an empty string.</summary>
    public string Extension => FileName is null ? string.Empty : Path.GetExtension(FileName).ToLowerInvariant();

    /// <summary>True when <see cref="Head"/> holds the whole file, so a parser may read it completely.</summary>
    public bool IsComplete => Length is { } l && l == Head.Length;
}
