namespace ReconGrpc.Application.Bank;

/// <summary>
/// Payers a bank line names that say nothing of who paid: a payment platform or clearing house that pays on behalf
/// of many (支付宝, 财付通, 银联), and accounts the bank printed masked (6222****1234), which many payers share.
/// Neither is ever taught as an alias, and a masked account decides nothing.
/// </summary>
public static class PayerNames
{
    private static readonly string[] Intermediaries =
    [
        "支付宝", "财付通", "银联", "网联清算", "快钱", "拉卡拉", "易宝支付", "汇付天下", "京东支付", "连连支付", "通联支付",
        "ALIPAY", "TENPAY", "UNIONPAY", "PAYPAL", "STRIPE", "ADYEN",
    ];

    /// <summary>Whether a normalised name is a payment platform's or clearing house's.</summary>
    public static bool IsIntermediary(string normalizedName) => Intermediaries.Any(i => normalizedName.Contains(i, StringComparison.Ordinal));

    /// <summary>Whether an account was printed with some of its digits hidden: an asterisk, or a run of three x.</summary>
    public static bool IsMasked(string account) =>
        account.AsSpan().IndexOfAny('*', '＊') >= 0 || account.Contains("xxx", StringComparison.OrdinalIgnoreCase);

    /// <summary>An account as compared: spaces and hyphens dropped, letters upper case (as its lookup hash is taken).</summary>
    public static string AccountKey(string? account) => Data.Protection.SensitiveFields.NormalizeAccount(account) ?? "";
}
