namespace ReconGrpc.Domain.Customers;

/// <summary>
/// How a customer's sensitive fields are shown to those who may not see them whole (viewers, the audit log): enough
/// to tell one from another and to check against a document, not enough to use.
/// </summary>
public static class SensitiveText
{
    private const string Hidden = "****";

    /// <summary>
    /// A bank account as <c>****1234</c>: its last four characters, spaces and hyphens not counted; <c>****</c> alone
    /// for one of four or fewer.
    /// </summary>
    public static string? MaskAccount(string? account)
    {
        if (account is null)
        {
            return null;
        }

        var compact = new string(account.Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());
        return compact.Length <= 4 ? Hidden : Hidden + compact[^4..];
    }

    /// <summary>
    /// A 统一社会信用代码 as its first two characters (registering authority and kind of entity), <c>****</c>, and its
    /// last four; <c>****</c> alone for a value too short to keep six of.
    /// </summary>
    public static string? MaskCreditCode(string? creditCode)
    {
        if (creditCode is null)
        {
            return null;
        }

        var compact = creditCode.Trim();
        return compact.Length <= 8 ? Hidden : compact[..2] + Hidden + compact[^4..];
    }
}
