namespace ReconGrpc.Domain.Customers;

/// <summary>One problem found by the data-quality check (客户档案清理).</summary>
public sealed record DataQualityFinding(string CustomerCode, string Rule, string Message);

/// <summary>What the data-quality check needs to know of a customer.</summary>
public sealed record CustomerQualityRow(
    string Code,
    string Name,
    string NormalizedName,
    string? CreditCode,
    string? Address,
    string? Phone,
    string? Contact,
    string? BankAccount,
    string CategoryCode,
    bool CategoryIsLeaf);

/// <summary>The rules of the data-quality check, over the whole archive.</summary>
public static class DataQuality
{
    public const string DuplicateName = "duplicate_name";
    public const string DuplicateCreditCode = "duplicate_credit_code";
    public const string NearDuplicate = "near_duplicate";
    public const string MissingField = "missing_field";
    public const string InvalidCreditCode = "invalid_credit_code";
    public const string NonLeafCategory = "non_leaf_category";

    public static IReadOnlyList<DataQualityFinding> Check(IReadOnlyList<CustomerQualityRow> customers)
    {
        var findings = new List<DataQualityFinding>();
        foreach (var c in customers)
        {
            foreach (var (field, value) in RecommendedFields(c))
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    findings.Add(new(c.Code, MissingField, $"{c.Name}: the recommended field {field} is empty."));
                }
            }

            if (c.CreditCode is { } credit && Uscc.Check(credit) is { } problem)
            {
                // Masked: the report is open to viewers, who see credit codes masked everywhere else.
                findings.Add(new(c.Code, InvalidCreditCode, problem.Replace($"'{credit}'", $"'{SensitiveText.MaskCreditCode(credit)}'", StringComparison.Ordinal)));
            }

            if (!c.CategoryIsLeaf)
            {
                findings.Add(new(c.Code, NonLeafCategory, $"{c.Name} is on category '{c.CategoryCode}', which has sub-categories; move it to a leaf."));
            }
        }

        AddSameKeyFindings(customers, c => c.NormalizedName, DuplicateName, "has the same name as", findings);
        AddSameKeyFindings(customers.Where(c => c.CreditCode is not null).ToList(), c => c.CreditCode!, DuplicateCreditCode, "has the same 统一社会信用代码 as", findings);
        AddNearDuplicates(customers, findings);
        return [.. findings.OrderBy(f => f.CustomerCode, StringComparer.Ordinal).ThenBy(f => f.Rule, StringComparer.Ordinal).ThenBy(f => f.Message, StringComparer.Ordinal)];
    }

    private static IEnumerable<(string Field, string? Value)> RecommendedFields(CustomerQualityRow c) =>
    [
        ("统一社会信用代码 (credit code)", c.CreditCode),
        ("地址 (address)", c.Address),
        ("电话 (phone)", c.Phone),
        ("联系人 (contact)", c.Contact),
        ("银行账号 (bank account)", c.BankAccount),
    ];

    private static void AddSameKeyFindings(IReadOnlyList<CustomerQualityRow> customers, Func<CustomerQualityRow, string> key, string rule, string phrase, List<DataQualityFinding> findings)
    {
        foreach (var group in customers.GroupBy(key).Where(g => g.Count() > 1))
        {
            foreach (var c in group)
            {
                var others = string.Join(", ", group.Where(o => o.Code != c.Code).Select(o => $"'{o.Code}'"));
                findings.Add(new(c.Code, rule, $"{c.Name} {phrase} {others}."));
            }
        }
    }

    /// <summary>
    /// Near-duplicates need a comparison of pairs. Only names that share a block are compared: the core name
    /// (without its legal form) and each core with one character deleted, so any two cores at most one edit
    /// apart meet in some block (the symmetric-deletion idea), while unrelated names never do. Pairs further apart
    /// in the core are left to the create-time guard, which compares up to two edits.
    /// </summary>
    private static void AddNearDuplicates(IReadOnlyList<CustomerQualityRow> customers, List<DataQualityFinding> findings)
    {
        var seen = new HashSet<(string, string)>();
        var blocks = customers
            .SelectMany(c => BlockKeys(c.NormalizedName).Select(k => (k, c)))
            .GroupBy(x => x.k, x => x.c);
        foreach (var block in blocks)
        {
            var members = block.ToList();
            for (var i = 0; i < members.Count; i++)
            {
                for (var j = i + 1; j < members.Count; j++)
                {
                    var (a, b) = string.CompareOrdinal(members[i].Code, members[j].Code) < 0 ? (members[i], members[j]) : (members[j], members[i]);
                    if (a.Code == b.Code || !seen.Add((a.Code, b.Code)))
                    {
                        continue;
                    }

                    if (CompanyName.NearDuplicateReason(a.NormalizedName, b.NormalizedName) is { } reason)
                    {
                        findings.Add(new(a.Code, NearDuplicate, $"{a.Name} looks like '{b.Code}' {b.Name}: {reason}."));
                        findings.Add(new(b.Code, NearDuplicate, $"{b.Name} looks like '{a.Code}' {a.Name}: {reason}."));
                    }
                }
            }
        }
    }

    private static IEnumerable<string> BlockKeys(string normalizedName)
    {
        var core = CompanyName.Core(normalizedName);
        yield return core;
        if (core.Length < 4)
        {
            yield break;
        }

        for (var i = 0; i < core.Length; i++)
        {
            yield return string.Concat(core.AsSpan(0, i), core.AsSpan(i + 1));
        }
    }
}
