namespace ReconGrpc.Domain.Customers;

/// <summary>What the duplicate guard needs to know of an existing customer.</summary>
public sealed record ExistingCustomer(long Id, string Code, string Name, string NormalizedName, string? CreditCode);

/// <summary>An existing customer a candidate nearly duplicates.</summary>
public sealed record NearDuplicate(string CustomerCode, string CustomerName, string Reason);

/// <summary>The duplicate guard's answer: an exact duplicate (refused) and near-duplicates (warnings).</summary>
public sealed record DuplicateVerdict(ExistingCustomer? Duplicate, string? Reason, IReadOnlyList<NearDuplicate> Warnings)
{
    public bool IsDuplicate => Duplicate is not null;

    /// <summary>Refuses the candidate when it duplicates an existing customer, naming it.</summary>
    public void ThrowIfDuplicate()
    {
        if (Duplicate is not null)
        {
            throw RuleViolation.AlreadyExists("customer.duplicate", Reason!);
        }
    }
}

/// <summary>
/// 重复建档 — the guard against creating a customer twice: the same code, the same credit code, or the same
/// normalised name is a duplicate; a near name (see <see cref="CompanyName.NearDuplicateReason"/>) is a warning.
/// </summary>
public static class DuplicateGuard
{
    /// <param name="candidates">Existing customers that might match (the caller narrows them with indexes).</param>
    /// <param name="excludeId">The customer being updated, which is not its own duplicate.</param>
    public static DuplicateVerdict Check(string? code, string name, string? creditCode, IEnumerable<ExistingCustomer> candidates, long? excludeId = null)
    {
        var normalized = CompanyName.Normalize(name);
        var others = candidates.Where(c => c.Id != excludeId).DistinctBy(c => c.Id).OrderBy(c => c.Code, StringComparer.Ordinal).ToList();

        if (!string.IsNullOrWhiteSpace(code) && others.FirstOrDefault(c => c.Code == code.Trim()) is { } sameCode)
        {
            return Refused(sameCode, $"Customer code '{sameCode.Code}' is already used by {sameCode.Name}.");
        }

        if (!string.IsNullOrWhiteSpace(creditCode) &&
            others.FirstOrDefault(c => string.Equals(c.CreditCode, creditCode.Trim(), StringComparison.OrdinalIgnoreCase)) is { } sameCredit)
        {
            return Refused(sameCredit, $"统一社会信用代码 {sameCredit.CreditCode} already belongs to customer '{sameCredit.Code}' {sameCredit.Name}.");
        }

        if (others.FirstOrDefault(c => c.NormalizedName == normalized) is { } sameName)
        {
            return Refused(sameName, $"'{name.Trim()}' is the same name as existing customer '{sameName.Code}' {sameName.Name} (ignoring width, spaces, case, brackets and 有限责任公司/有限公司).");
        }

        var warnings = others
            .Select(c => (c, reason: CompanyName.NearDuplicateReason(normalized, c.NormalizedName)))
            .Where(x => x.reason is not null)
            .Select(x => new NearDuplicate(x.c.Code, x.c.Name, x.reason!))
            .ToList();
        return new DuplicateVerdict(null, null, warnings);
    }

    private static DuplicateVerdict Refused(ExistingCustomer existing, string reason) => new(existing, reason, []);
}
