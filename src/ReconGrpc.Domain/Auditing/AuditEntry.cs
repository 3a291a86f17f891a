namespace ReconGrpc.Domain.Auditing;

/// <summary>
/// One change in the append-only audit log. Entries form a hash chain: each hash covers the previous entry's
/// hash and this entry's fields, so an edited entry breaks its own hash and a removed one breaks the link. New
/// entries are sealed with HMAC-SHA256 under the server's <see cref="AuditKey"/>; entries written before the chain
/// was keyed have no <see cref="KeyId"/> and keep their plain SHA-256.
/// </summary>
public sealed class AuditEntry
{
    private AuditEntry()
    {
    }

    /// <summary>Position in the chain, from 1 without gaps.</summary>
    public long Sequence { get; private set; }

    public DateTimeOffset Time { get; private set; }

    /// <summary>The API key id that made the change, or <c>system</c>.</summary>
    public string Actor { get; private set; } = "";

    /// <summary>What was done, e.g. <c>category.create</c>.</summary>
    public string Action { get; private set; } = "";

    public string EntityType { get; private set; } = "";

    public string EntityId { get; private set; } = "";

    public string? BeforeJson { get; private set; }

    public string? AfterJson { get; private set; }

    public string? Reason { get; private set; }

    public string? TraceId { get; private set; }

    /// <summary>The person the key acted for, when one was named; hashed only when present, so entries written
    /// before it existed verify as they did.</summary>
    public string? Person { get; private set; }

    /// <summary>The <see cref="AuditKey.Id"/> of the key that sealed this entry (HMAC-SHA256); null for an entry
    /// from before the chain was keyed (plain SHA-256).</summary>
    public string? KeyId { get; private set; }

    public string PreviousHash { get; private set; } = "";

    public string Hash { get; private set; } = "";

    /// <summary>
    /// Appends a change after the entry whose sequence and hash are given (0 and "" for the first), sealed with
    /// <paramref name="key"/>. Without a key the entry is sealed as entries were before the chain was keyed, which
    /// only a test of that older form has reason to do.
    /// </summary>
    public static AuditEntry Append(long previousSequence, string previousHash, AuditRecord record, DateTimeOffset time, AuditKey? key)
    {
        var entry = new AuditEntry
        {
            Sequence = previousSequence + 1,
            Time = time,
            Actor = record.Actor,
            Action = record.Action,
            EntityType = record.EntityType,
            EntityId = record.EntityId,
            BeforeJson = record.BeforeJson,
            AfterJson = record.AfterJson,
            Reason = record.Reason,
            TraceId = record.TraceId,
            Person = record.Person,
            PreviousHash = previousHash,
            KeyId = key?.Id,
        };
        entry.Hash = AuditChain.ComputeHash(entry, key);
        return entry;
    }
}

/// <summary>What a change reports about itself before it gets its place in the chain.</summary>
public sealed record AuditRecord(
    string Actor,
    string Action,
    string EntityType,
    string EntityId,
    string? BeforeJson,
    string? AfterJson,
    string? Reason = null,
    string? TraceId = null,
    string? Person = null);
