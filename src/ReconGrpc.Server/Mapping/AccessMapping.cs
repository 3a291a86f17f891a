using ReconGrpc.Domain;
using ReconGrpc.Domain.Access;
using ReconGrpc.Domain.Auditing;
using V1 = ReconGrpc.Contracts.V1;

namespace ReconGrpc.Server.Mapping;

public static class AccessMapping
{
    public static V1.ApiKey ToProto(this ApiKey key) => new()
    {
        Id = key.Id,
        Name = key.Name,
        Role = key.Role.ToProto(),
        CreateTime = key.CreatedAt.ToProto(),
        CreatedBy = key.CreatedBy,
        Holder = key.Holder ?? "",
        RevokeTime = key.RevokedAt.ToProto(),
    };

    public static V1.Role ToProto(this Role role) => role switch
    {
        Role.Viewer => V1.Role.Viewer,
        Role.Accountant => V1.Role.Accountant,
        Role.Admin => V1.Role.Admin,
        _ => V1.Role.Unspecified,
    };

    public static Role ToDomain(this V1.Role role) => role switch
    {
        V1.Role.Viewer => Role.Viewer,
        V1.Role.Accountant => Role.Accountant,
        V1.Role.Admin => Role.Admin,
        _ => throw RuleViolation.Invalid("apikey.role", "role is required: ROLE_VIEWER, ROLE_ACCOUNTANT or ROLE_ADMIN."),
    };

    public static V1.AuditEntry ToProto(this AuditEntry entry) => new()
    {
        Sequence = entry.Sequence,
        Time = entry.Time.ToProto(),
        Actor = entry.Actor,
        Action = entry.Action,
        EntityType = entry.EntityType,
        EntityId = entry.EntityId,
        BeforeJson = entry.BeforeJson ?? "",
        AfterJson = entry.AfterJson ?? "",
        Reason = entry.Reason ?? "",
        PreviousHash = entry.PreviousHash,
        Hash = entry.Hash,
        TraceId = entry.TraceId ?? "",
        Person = entry.Person ?? "",
        KeyId = entry.KeyId ?? "",
    };
}
