using System.Text.Encodings.Web;
using System.Text.Json;
using ReconGrpc.Domain.Access;
using ReconGrpc.Domain.Auditing;

namespace ReconGrpc.Data.Changes;

/// <summary>
/// One unit of change: the context to make it in, the one clock reading all its timestamps share, and the
/// audit records that will be chained and saved in the same transaction.
/// </summary>
public sealed class ChangeSession
{
    private readonly List<AuditRecord> _records = [];

    internal ChangeSession(ReconDbContext db, Actor actor, DateTimeOffset now, string? traceId)
    {
        Db = db;
        Actor = actor;
        Now = now;
        TraceId = traceId;
    }

    public ReconDbContext Db { get; }

    /// <summary>The API key (or <c>system</c>) making the change, and the person it acts for.</summary>
    public Actor Actor { get; }

    public DateTimeOffset Now { get; }

    public string? TraceId { get; }

    internal IReadOnlyList<AuditRecord> Records => _records;

    /// <summary>Records what changed. Take <paramref name="beforeJson"/> with <see cref="AuditSnapshot.Of"/> before mutating.</summary>
    public void Record(string action, string entityType, string entityId, string? beforeJson, string? afterJson, string? reason = null) =>
        _records.Add(new AuditRecord(Actor.KeyId, action, entityType, entityId, beforeJson, afterJson, reason, TraceId, Actor.Person));
}

/// <summary>Serialises an entity's public state for the audit log: camelCase JSON, Chinese kept readable.</summary>
public static class AuditSnapshot
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Of<T>(T entity) => JsonSerializer.Serialize(entity, Options);

    /// <summary>The same snapshot as a JSON element, for comparing an entity as stored with its audit entry.</summary>
    public static JsonElement ElementOf<T>(T entity) => JsonSerializer.SerializeToElement(entity, Options);
}
