using ReconGrpc.Application.Auditing;
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

    public static V1.VerifyAuditChainResponse ToProto(this AuditVerdict verdict) => new()
    {
        Intact = verdict.IsIntact,
        EntriesChecked = verdict.Chain.EntriesChecked,
        FirstBrokenSequence = verdict.Chain.FirstBrokenSequence,
        Problem = verdict.Chain.IsIntact && verdict.DifferencesFound > 0
            ? $"the chain is intact, but {verdict.DifferencesFound} stored rows differ from what it says they are"
            : verdict.Chain.Problem,
        Differences =
        {
            verdict.Differences.Select(d => new V1.AuditDifference
            {
                EntityType = d.EntityType, EntityId = d.EntityId, Sequence = d.Sequence, Problem = d.Problem,
            }),
        },
        DifferencesFound = verdict.DifferencesFound,
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
