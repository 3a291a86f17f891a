using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using ReconGrpc.Domain.Auditing;

namespace ReconGrpc.Data.Changes;

/// <summary>
/// The append-only file of audit checkpoints: after every change that wrote audit entries, one line with the newest
/// entry's sequence and hash and the time. It lives outside the database, so that someone who can only write to
/// the database cannot move the head back (cut entries off the end) without verification noticing.
/// </summary>
public sealed partial class AuditCheckpointFile(string path, ILogger<AuditCheckpointFile> logger)
{
    private readonly SemaphoreSlim _writer = new(1, 1);

    public string Path { get; } = path;

    /// <summary>
    /// Appends a checkpoint. Called after the change committed, so a failure here cannot undo it: it is logged as an
    /// error (verification then has one checkpoint fewer) rather than reported as the change failing.
    /// </summary>
    public async Task AppendAsync(long sequence, string hash, DateTimeOffset time)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{sequence} {hash} {time.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}\n");
        await _writer.WaitAsync(CancellationToken.None);
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read }.OwnerOnly();

            await using var stream = new FileStream(Path, options);
            await stream.WriteAsync(Encoding.ASCII.GetBytes(line), CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogAppendFailed(logger, ex, Path, sequence);
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>
    /// Sets the file aside (renamed <c>…before-restore-TIMESTAMP</c>, kept for the record) so that checkpoints start
    /// again: after a deliberate restore the database's head lies before the checkpoints of the history it replaced,
    /// which would otherwise read as entries cut off the end.
    /// </summary>
    /// <returns>Where the old checkpoints now are, or <see langword="null"/> when there were none.</returns>
    public async Task<string?> SetAsideAsync(DateTimeOffset time)
    {
        await _writer.WaitAsync(CancellationToken.None);
        try
        {
            if (!File.Exists(Path))
            {
                return null;
            }

            var aside = string.Create(CultureInfo.InvariantCulture, $"{Path}.before-restore-{time.UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}");
            File.Move(Path, aside);
            return aside;
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>
    /// Every complete checkpoint in the file (none when there is no file yet). A last line without its line end is
    /// one a crash cut short, and is skipped; any other line that is not a checkpoint is reported by its number.
    /// </summary>
    public async Task<CheckpointRead> ReadAsync(CancellationToken cancellationToken)
    {
        var checkpoints = new List<AuditCheckpoint>();
        if (!File.Exists(Path))
        {
            return new CheckpointRead(checkpoints, null);
        }

        // Read up to the length seen on opening: a line being appended meanwhile is left for the next check.
        await using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var remaining = stream.Length;
        var buffer = new byte[64 * 1024];
        var line = new StringBuilder();
        var lineNumber = 0;
        while (remaining > 0)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken);
            if (read == 0)
            {
                break;
            }

            remaining -= read;
            foreach (var b in buffer.AsSpan(0, read))
            {
                if (b != (byte)'\n')
                {
                    line.Append((char)b);
                    continue;
                }

                lineNumber++;
                if (Parse(line.ToString()) is not { } checkpoint)
                {
                    return new CheckpointRead(checkpoints, lineNumber);
                }

                checkpoints.Add(checkpoint);
                line.Clear();
            }
        }

        // What follows the last line end is a line a crash cut short; it is not a checkpoint yet.
        return new CheckpointRead(checkpoints, null);
    }

    private static AuditCheckpoint? Parse(string line)
    {
        var parts = line.Split(' ');
        return parts.Length >= 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            && parts[1].Length == 64 && parts[1].All(char.IsAsciiHexDigitLower)
                ? AuditCheckpoint.Of(sequence, parts[1])
                : null;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not append audit checkpoint {Sequence} to {Path}; the change itself is committed.")]
    private static partial void LogAppendFailed(ILogger logger, Exception exception, string path, long sequence);
}

/// <summary>The checkpoints read, and the number of the first line that is not one (null when every line is).</summary>
public sealed record CheckpointRead(IReadOnlyList<AuditCheckpoint> Checkpoints, int? BadLine);
