using System.Globalization;
using ReconGrpc.Application.Reconciliation;
using ReconGrpc.Matching;

namespace ReconGrpc.Application.Reports;

/// <summary>What to report on: a customer or a category, a month (1–12) or the whole year (month 0), and the format.</summary>
public sealed record ReconciliationReportRequest(string? CustomerCode, string? CategoryCode, int Year, int Month, ReportFormat? Format);

/// <summary>
/// 对账报告 — the reconciliation of a month or a year: per customer its runs of the period with what they matched, the
/// exceptions left open by reason, each run's 余额调节表, and what people decided by hand.
/// </summary>
/// <param name="Scope">"客户 C001 名称" or "分类 01 名称（含下级分类）".</param>
/// <param name="CustomersWithoutRun">For a category, its customers left out for having no run in the period.</param>
public sealed record ReconciliationReport(
    string CompanyName,
    string Scope,
    int Year,
    int Month,
    DateOnly StartDate,
    DateOnly EndDate,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<CustomerReconciliation> Customers,
    int CustomersWithoutRun)
{
    /// <summary>"2026年3月" or "2026年度".</summary>
    public string PeriodLabel => Month == 0
        ? $"{Year.ToString(CultureInfo.InvariantCulture)}年度"
        : $"{Year.ToString(CultureInfo.InvariantCulture)}年{Month.ToString(CultureInfo.InvariantCulture)}月";

    /// <summary>"2026-03" or "2026", as file names carry it.</summary>
    public string PeriodKey => Month == 0
        ? Year.ToString(CultureInfo.InvariantCulture)
        : $"{Year.ToString(CultureInfo.InvariantCulture)}-{Month.ToString("00", CultureInfo.InvariantCulture)}";
}

/// <summary>One customer's part of the report; its runs in date order.</summary>
public sealed record CustomerReconciliation(string Code, string Name, string CategoryCode, IReadOnlyList<ReportRun> Runs, IReadOnlyList<ManualAction> Actions)
{
    /// <summary>
    /// The customer's figures per currency: matches and open exceptions added over its runs (each run covers its own
    /// dates), the balances of the run that ends last, which is where the period closes.
    /// </summary>
    public IReadOnlyList<CurrencySummary> Currencies()
    {
        var closing = Runs.OrderBy(r => r.EndDate).ThenBy(r => r.Id).LastOrDefault();
        var currencies = Runs.SelectMany(r => r.Matched.Select(m => m.Currency).Concat(r.Exceptions.Select(e => e.Currency)).Concat(r.Balances.Select(b => b.Currency)))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return [.. currencies.Select(currency =>
        {
            var matched = Runs.SelectMany(r => r.Matched).Where(m => m.Currency == currency).ToList();
            var balance = closing?.Balances.FirstOrDefault(b => b.Currency == currency);
            return new CurrencySummary(currency, matched.Sum(m => m.Count), matched.Sum(m => m.Debit), matched.Sum(m => m.Credit), matched.Sum(m => m.Proposed),
                Runs.SelectMany(r => r.Exceptions).Where(e => e.Currency == currency).Sum(e => e.OurItems + e.TheirItems),
                balance?.Ours, balance?.Theirs, balance?.Unexplained);
        })];
    }
}

/// <summary>A customer's figures in one currency; the balances are null when the closing run has none in it.</summary>
public sealed record CurrencySummary(string Currency, int MatchedCount, decimal MatchedDebit, decimal MatchedCredit, int ProposedCount, int OpenExceptions,
    decimal? OurBalance, decimal? TheirBalance, decimal? Unexplained);

/// <summary>A completed run of the period.</summary>
/// <param name="Balances">Its 余额调节表 per currency, as kept current by people's decisions.</param>
public sealed record ReportRun(long Id, DateOnly StartDate, DateOnly EndDate, DateTimeOffset? CompletedAt, string RuleSet,
    IReadOnlyList<MatchedFigures> Matched, IReadOnlyList<ReasonFigures> Exceptions, IReadOnlyList<BalanceFigures> Balances);

/// <summary>A run's standing matches in one currency: how many, our side's debits and credits (credits positive), and how many are by status.</summary>
public sealed record MatchedFigures(string Currency, int Count, decimal Debit, decimal Credit, int Proposed, int Confirmed, int Manual);

/// <summary>A run's open exceptions of one reason and currency, per side; amounts in our convention.</summary>
public sealed record ReasonFigures(ExceptionReason Reason, string Currency, int OurItems, decimal OurAmount, int TheirItems, decimal TheirAmount);

/// <summary>What a person did by hand.</summary>
public enum ManualActionKind
{
    MatchConfirmed = 1,
    ConfirmationCarried = 2,
    MatchRejected = 3,
    ManualMatch = 4,
    Unmatched = 5,
    PeriodConfirmed = 6,
    PeriodLocked = 7,
    PeriodUnlocked = 8,
}

/// <summary>
/// A manual action: a decision on a match of one of the runs (from the audit log, which keeps every one, also a
/// manual match later undone), or a period confirmation, lock or unlock (from the period's record).
/// </summary>
/// <param name="Person">Who: the person the key acted for, or for a confirmation the person at the customer who confirmed.</param>
/// <param name="Key">The API key that recorded it.</param>
/// <param name="Subject">What it was about: "任务 12 匹配 3", or the period "2026-03-01 至 2026-03-31".</param>
public sealed record ManualAction(DateTimeOffset Time, ManualActionKind Kind, string? Person, string Key, string Subject, string? Note);

/// <summary>The report's words: Chinese with the English after it where a reader may need both.</summary>
public static class ReconciliationReportText
{
    public const string Title = "对账报告";

    public static string ReasonLabel(ExceptionReason reason) => reason switch
    {
        ExceptionReason.MissingOnTheirSide => "我方有对方无 Missing on their side",
        ExceptionReason.MissingOnOurSide => "对方有我方无 Missing on our side",
        ExceptionReason.AmountDiffers => "金额不符 Amount differs",
        ExceptionReason.DateOutsideWindow => "日期超窗 Date outside window",
        ExceptionReason.Duplicate => "重复 Duplicate",
        ExceptionReason.CurrencyMismatch => "币种不符 Currency mismatch",
        _ => reason.ToString(),
    };

    public static string ActionLabel(ManualActionKind kind) => kind switch
    {
        ManualActionKind.MatchConfirmed => "确认匹配 Confirm",
        ManualActionKind.ConfirmationCarried => "沿用前次确认 Confirmation carried",
        ManualActionKind.MatchRejected => "拒绝匹配 Reject",
        ManualActionKind.ManualMatch => "手工匹配 Manual match",
        ManualActionKind.Unmatched => "撤销匹配 Unmatch",
        ManualActionKind.PeriodConfirmed => "期间确认 Period confirmed",
        ManualActionKind.PeriodLocked => "期间锁定 Period locked",
        ManualActionKind.PeriodUnlocked => "期间解锁 Period unlocked",
        _ => kind.ToString(),
    };

    /// <summary>已平 when nothing is unexplained, 有差异 otherwise, blank without a table.</summary>
    public static string Status(decimal? unexplained) => unexplained switch
    {
        null => "",
        0m => "已平",
        _ => "有差异",
    };

    public static string Time(DateTimeOffset time) => time.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Dates(DateOnly start, DateOnly end) => $"{StatementText.Date(start)} 至 {StatementText.Date(end)}";

    /// <summary>
    /// The lines of one currency's 余额调节表 in the order an accountant writes it: our balance, what adjusts it, the
    /// adjusted balance; theirs likewise; then what is left unexplained. Count is null on a line of a balance.
    /// </summary>
    public static IReadOnlyList<(string Label, int? Count, decimal Amount, bool Total)> BalanceLines(BalanceFigures b)
    {
        var lines = new List<(string, int?, decimal, bool)> { ("我方账面余额 Our balance", null, b.Ours, true) };
        lines.AddRange(b.OurAdjustments.Select(a => (Adjustment(a), (int?)a.Count, a.Amount, false)));
        if (b.AcceptedMatchDifference != 0m)
        {
            lines.Add(("加：已接受匹配差额 Accepted match differences", null, b.AcceptedMatchDifference, false));
        }

        if (b.ProposedMatchDifference != 0m)
        {
            lines.Add(("加：待确认匹配差额 Proposed match differences", null, b.ProposedMatchDifference, false));
        }

        lines.Add(("调整后我方余额 Adjusted ours", null, b.AdjustedOurs, true));
        lines.Add(("对方账面余额 Their balance", null, b.Theirs, true));
        lines.AddRange(b.TheirAdjustments.Select(a => (Adjustment(a), (int?)a.Count, a.Amount, false)));
        lines.Add(("调整后对方余额 Adjusted theirs", null, b.AdjustedTheirs, true));
        lines.Add(("未解释差额 Unexplained difference", null, b.Unexplained, true));
        return lines;
    }

    private static string Adjustment(AdjustmentFigures a) =>
        $"加：{(Enum.TryParse<ExceptionReason>(a.Reason, out var reason) ? ReasonLabel(reason) : a.Reason)}（{(a.Debit ? "借方项" : "贷方项")}）";

    public static readonly IReadOnlyList<string> SummaryHeaders =
        ["客户编码", "客户名称", "分类", "币种", "对账次数", "已匹配笔数", "已匹配借方", "已匹配贷方", "待确认", "未达项", "我方余额", "对方余额", "未解释差额", "状态", "手工操作"];

    public static readonly IReadOnlyList<string> RunHeaders = ["对账任务", "期间", "完成时间", "规则集", "币种", "已匹配笔数", "已匹配借方", "已匹配贷方", "待确认", "已确认", "手工匹配"];

    public static readonly IReadOnlyList<string> ReasonHeaders = ["对账任务", "差异原因 Reason", "币种", "我方笔数", "我方金额", "对方笔数", "对方金额"];

    public static readonly IReadOnlyList<string> ActionHeaders = ["时间", "操作 Action", "操作人 Who", "API 密钥", "对象", "说明"];
}
