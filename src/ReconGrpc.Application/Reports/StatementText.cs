using System.Globalization;
using ReconGrpc.Domain.Ledger;

namespace ReconGrpc.Application.Reports;

/// <summary>The statement's words and number formats, the same in every file format.</summary>
internal static class StatementText
{
    public const string Title = "对账单";

    public const string MoneyFormat = "#,##0.00";

    public static string ColumnName(StatementColumn column) => column switch
    {
        StatementColumn.Date => "日期",
        StatementColumn.DocumentType => "单据类型",
        StatementColumn.DocumentNumber => "单据号",
        StatementColumn.VoucherNumber => "凭证号",
        StatementColumn.Memo => "摘要",
        StatementColumn.DueDate => "到期日",
        StatementColumn.Debit => "借方",
        StatementColumn.Credit => "贷方",
        StatementColumn.Balance => "余额",
        _ => column.ToString(),
    };

    public static bool IsAmount(StatementColumn column) => column is StatementColumn.Debit or StatementColumn.Credit or StatementColumn.Balance;

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Date(DateOnly? date) => date is { } d ? Date(d) : "";

    /// <summary>1,234.50 — grouped, two decimals (more when the amount has them), as the XLSX number format shows it.</summary>
    public static string Money(decimal amount) =>
        amount.ToString(amount.Scale > 2 && decimal.Round(amount, 2) != amount ? "#,##0.00##########" : "#,##0.00", CultureInfo.InvariantCulture);

    /// <summary>Plain 1234.50 for the CSV, which spreadsheet programs read as a number.</summary>
    public static string Plain(decimal amount) =>
        amount.ToString(amount.Scale > 2 && decimal.Round(amount, 2) != amount ? "0.00##########" : "0.00", CultureInfo.InvariantCulture);

    /// <summary>¥ for yuan, the code otherwise.</summary>
    public static string CurrencySign(string currency) => currency == "CNY" ? "¥" : currency + " ";

    public static string Period(StatementOfAccount s) => s.Reminder ? $"截至 {Date(s.EndDate)}" : $"{Date(s.StartDate)} 至 {Date(s.EndDate)}";

    public const string ReminderTitle = "催款函";

    /// <summary>The document's name: 对账单, or 催款函 for a reminder.</summary>
    public static string TitleOf(StatementOfAccount s) => s.Reminder ? ReminderTitle : Title;

    /// <summary>A date as a letter writes it: 2026年6月30日.</summary>
    public static string LetterDate(DateOnly date) => $"{date.Year}年{date.Month}月{date.Day}日";

    public static readonly IReadOnlyList<string> ReminderHeaders = ["单据号", "单据类型", "单据日期", "到期日", "逾期天数", "未付金额"];

    /// <summary>The reminder's salutation and what it is about, with the overdue total.</summary>
    public static string ReminderIntro(StatementOfAccount s) =>
        $"截至 {LetterDate(s.EndDate)}，贵公司尚有下列款项已超过约定付款期限，逾期未付金额合计 {CurrencySign(s.Currency)}{Money(s.OverdueTotal)}，明细如下：";

    public static string ReminderSalutation(StatementOfAccount s) => $"{s.Customer.Name}：";

    /// <summary>The polite demand: pay, or tell us why not.</summary>
    public static readonly IReadOnlyList<string> ReminderDemand =
    [
        "烦请贵公司核对上述款项，并于收到本函后尽快安排付款。",
        "如贵公司已付款，请忽略本函，并将付款凭证提供给我们以便核对；如对上述款项有异议，请及时与我们联系。",
        "感谢贵公司一直以来的支持与合作！",
    ];

    public const string ReminderOverdueTotal = "逾期合计";

    public static string ReminderSender(StatementOfAccount s) => $"{ConfirmationOurs}{s.CompanyName}";

    /// <summary>The text of one movement cell; amounts blank when zero (a debit row has no credit).</summary>
    public static string Cell(StatementMovement m, StatementColumn column) => column switch
    {
        StatementColumn.Date => Date(m.Date),
        StatementColumn.DocumentType => m.DocumentType.ChineseName(),
        StatementColumn.DocumentNumber => m.DocumentNumber,
        StatementColumn.VoucherNumber => m.VoucherNumber ?? "",
        StatementColumn.Memo => m.Memo ?? (m.DocumentType == DocumentType.OpeningBalance ? "期初余额重述" : ""),
        StatementColumn.DueDate => Date(m.DueDate),
        StatementColumn.Debit => m.Debit == 0m ? "" : Money(m.Debit),
        StatementColumn.Credit => m.Credit == 0m ? "" : Money(m.Credit),
        StatementColumn.Balance => Money(m.Balance),
        _ => "",
    };

    public static decimal? Amount(StatementMovement m, StatementColumn column) => column switch
    {
        StatementColumn.Debit => m.Debit == 0m ? null : m.Debit,
        StatementColumn.Credit => m.Credit == 0m ? null : m.Credit,
        StatementColumn.Balance => m.Balance,
        _ => null,
    };

    public static readonly IReadOnlyList<string> OpenItemHeaders = ["日期", "单据类型", "单据号", "摘要", "原始金额", "未结金额", "到期日", "逾期天数"];

    /// <summary>The confirmation's sentence (询证函): our company, the date, the balance.</summary>
    public static string Confirmation(StatementOfAccount s) =>
        $"本公司与贵公司截至 {s.EndDate.Year}年{s.EndDate.Month}月{s.EndDate.Day}日 的往来余额为 {CurrencySign(s.Currency)}{Money(s.ClosingBalance)}" +
        (s.ClosingBalance >= 0 ? "（贵公司应付本公司）。" : "（本公司应付贵公司）。");

    public const string ConfirmationAgrees = "□ 余额相符";

    public const string ConfirmationDiffers = "□ 余额不符，差异如下：";

    public const string ConfirmationRequest = "请核对上述余额，在相应方框内打 √ 后签字盖章，并于收到后十日内寄回本公司。";

    public static string RunSummary(StatementReconciliation r) =>
        $"对账任务 {r.RunId}：已匹配 {r.Matches} 笔，差异项 {r.Exceptions} 笔，未解释差额 {Money(r.Unexplained)}";

    public static readonly IReadOnlyList<string> AgingHeaders = [.. StatementAging.Labels, "未核销贷项", "合计"];

    public const string ConfirmationTitle = "往来余额询证函（对账确认）";

    public const string ConfirmationOurs = "发函单位：";

    public const string ConfirmationTheirs = "回函单位：";

    public const string SignatureLine = "签字（盖章）：";

    public const string DateLine = "日期：    年    月    日";
}
