namespace ReconGrpc.Domain.Ledger;

/// <summary>The kinds of records an import produces.</summary>
public enum RecordKind
{
    Categories = 1,
    Customers = 2,
    LedgerEntries = 3,
    StatementLines = 4,
    Orders = 5,
}

/// <summary>One import of one file: what was read, stored, skipped as already present, and rejected.</summary>
public sealed class ImportBatch
{
    private ImportBatch()
    {
    }

    public long Id { get; private set; }

    public string AdapterId { get; private set; } = "";

    public string FileName { get; private set; } = "";

    /// <summary>SHA-256 of the file, hex.</summary>
    public string FileSha256 { get; private set; } = "";

    public RecordKind RecordKind { get; private set; }

    public long? StatementId { get; private set; }

    public long RowsRead { get; private set; }

    public long Imported { get; private set; }

    public long Duplicates { get; private set; }

    public long Rejected { get; private set; }

    /// <summary>False when strict mode refused the batch: its errors are kept, its rows are not.</summary>
    public bool Committed { get; private set; }

    public string ImportedBy { get; private set; } = "";

    /// <summary>The person the importing key acted for, when one was named.</summary>
    public string? ImportedFor { get; private set; }

    /// <summary>The version the adapter declared (its descriptor's), so a batch names the build of the reader.</summary>
    public string? AdapterVersion { get; private set; }

    /// <summary>SHA-256 (hex) of the plugin assembly the adapter came from.</summary>
    public string? PluginSha256 { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static ImportBatch Start(ImportReader reader, string fileName, string fileSha256, RecordKind kind, long? statementId, Access.Actor importedBy, DateTimeOffset now) => new()
    {
        AdapterId = reader.AdapterId,
        AdapterVersion = reader.AdapterVersion,
        PluginSha256 = reader.PluginSha256,
        ImportedFor = importedBy.Person,
        FileName = fileName.Length > 260 ? fileName[..260] : fileName,
        FileSha256 = fileSha256,
        RecordKind = kind,
        StatementId = statementId,
        ImportedBy = importedBy.KeyId,
        CreatedAt = now,
    };

    /// <summary>Records what the file turned out to hold, once the first record is read.</summary>
    public void Describe(RecordKind kind, long? statementId)
    {
        RecordKind = kind;
        StatementId = statementId;
    }

    public void Finish(long rowsRead, long imported, long duplicates, long rejected, bool committed)
    {
        RowsRead = rowsRead;
        Imported = imported;
        Duplicates = duplicates;
        Rejected = rejected;
        Committed = committed;
    }
}

/// <summary>A row an import rejected, with where and why.</summary>
public sealed class ImportRowError
{
    private ImportRowError()
    {
    }

    public long Id { get; private set; }

    public long BatchId { get; private set; }

    /// <summary>1-based line of the file; 0 for the file as a whole.</summary>
    public int Line { get; private set; }

    public string? Field { get; private set; }

    public string Message { get; private set; } = "";

    public static ImportRowError Create(long batchId, int line, string? field, string message) => new()
    {
        BatchId = batchId,
        Line = line,
        Field = field,
        Message = message.Length > 1000 ? message[..1000] : message,
    };
}

/// <summary>What read an import file: the adapter, the version it declared, and the hash of its plugin assembly.</summary>
public sealed record ImportReader(string AdapterId, string? AdapterVersion, string? PluginSha256);
