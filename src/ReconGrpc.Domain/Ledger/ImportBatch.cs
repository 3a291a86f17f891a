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

    public DateTimeOffset CreatedAt { get; private set; }

    public static ImportBatch Start(string adapterId, string fileName, string fileSha256, RecordKind kind, long? statementId, string importedBy, DateTimeOffset now) => new()
    {
        AdapterId = adapterId,
        FileName = fileName.Length > 260 ? fileName[..260] : fileName,
        FileSha256 = fileSha256,
        RecordKind = kind,
        StatementId = statementId,
        ImportedBy = importedBy,
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
