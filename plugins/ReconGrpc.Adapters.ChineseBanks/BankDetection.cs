using ReconGrpc.Adapters.Shared.Detection;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Adapters.ChineseBanks;

/// <summary>
/// How sure the adapter is, from the text in a file's head: each bank's own title or headings are markers only its
/// downloads carry; otherwise a header of bank-line headings (a date, 借方/贷方 or 收入/支出 or 交易金额, 余额 and
/// 对方户名 or 对方账号) fits the generic profile.
/// </summary>
internal static class BankDetection
{
    private static readonly string[] DateHeadings = ["记账日期", "交易日期", "入账日期", "记账日", "交易日"];
    private static readonly string[] BalanceHeadings = ["余额", "账户余额", "联机余额"];
    private static readonly string[] CounterpartyHeadings = ["对方户名", "对方账户名", "对方账号", "对方账户", "对方卡号", "对手信息", "对方单位名称", "收/付方名称"];

    public static DetectionResult Detect(ProbeText text)
    {
        var named = (Icbc: text.Contains("工商银行"), Cmb: text.Contains("招商银行"), Boc: text.Contains("中国银行"), Ccb: text.Contains("建设银行"));
        if (text.Contains("明细查询文件下载") || (text.Contains("交易场所") && text.Contains("记账金额(收入)")))
        {
            return Bank(0.92, "an ICBC (工商银行) 明细查询文件下载: its title or its 交易场所 and 记账金额(收入) headings");
        }

        if (text.Contains("对方单位名称") && text.Contains("对方行号") && text.Contains("借方发生额"))
        {
            return Bank(named.Icbc ? 0.92 : 0.85, "an ICBC (工商银行) 企业网银 detail: 对方单位名称, 对方行号 and 借方发生额 headings");
        }

        if (text.Contains("联机余额") && text.Contains("对手信息"))
        {
            return Bank(0.9, "a CMB (招商银行) download: 联机余额 and 对手信息 headings");
        }

        if (text.Contains("收/付方名称") && (text.Contains("借方金额") || text.Contains("贷方金额")))
        {
            return Bank(named.Cmb ? 0.92 : 0.85, "a CMB (招商银行) 企业银行 detail: 收/付方名称 and 借方金额 / 贷方金额 headings");
        }

        if (text.Contains("交易流水明细单") || (text.Contains("借记卡号") && text.Contains("对方卡号/账号")))
        {
            return Bank(0.9, "a BOC (中国银行) 交易流水明细单: its title or its 借记卡号 and 对方卡号/账号 headings");
        }

        if (text.Contains("对方账号与户名") || text.Contains("交易地点/附言"))
        {
            return Bank(named.Ccb ? 0.93 : 0.88, "a CCB (建设银行) 活期账户交易明细: 对方账号与户名 or 交易地点/附言 headings");
        }

        var hasDate = DateHeadings.Any(text.Contains);
        var hasAmounts = (text.Contains("借方发生额") && text.Contains("贷方发生额"))
                         || (text.Contains("支出") && text.Contains("收入"))
                         || text.Contains("交易金额");
        var hasBalance = BalanceHeadings.Any(text.Contains);
        var hasCounterparty = CounterpartyHeadings.Any(text.Contains);
        if (hasDate && hasAmounts && hasCounterparty)
        {
            var bankish = named.Icbc || named.Cmb || named.Boc || named.Ccb || text.Contains("银行") || text.Contains("交易明细") || text.Contains("账户明细");
            var confidence = (hasBalance ? 0.55 : 0.4) + (bankish ? 0.15 : 0);
            return Bank(confidence, "a bank download by its headings (a date, amount columns, 余额 and 对方户名 / 对方账号), no single bank's markers");
        }

        return DetectionResult.No("No bank download headings (交易日期 / 记账日期 with 借方发生额 / 支出 / 交易金额 and 对方户名 / 对方账号) in the file's head.");
    }

    private static DetectionResult Bank(double confidence, string what) =>
        new(confidence, $"Looks like {what}.") { Kind = RecordKind.StatementLines };
}
