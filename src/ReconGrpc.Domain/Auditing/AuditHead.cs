namespace ReconGrpc.Domain.Auditing;

/// <summary>
/// The newest link of the audit chain, kept in one row. Every change updates it in its own transaction,
/// which serialises writers (two changes cannot both claim the same sequence) and lets verification
/// notice entries cut off the end of the log.
/// </summary>
public sealed class AuditHead
{
    public const int SingletonId = 1;

    public int Id { get; private set; } = SingletonId;

    public long LastSequence { get; private set; }

    public string LastHash { get; private set; } = "";

    /// <summary>Concurrency token: a writer that read an older head loses and retries.</summary>
    public long Version { get; private set; }

    public void Advance(AuditEntry entry)
    {
        LastSequence = entry.Sequence;
        LastHash = entry.Hash;
        Version++;
    }
}
