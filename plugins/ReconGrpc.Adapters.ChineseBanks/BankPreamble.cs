using System.Text.RegularExpressions;
using ReconGrpc.Adapters.Shared.Text;

namespace ReconGrpc.Adapters.ChineseBanks;

/// <summary>
/// What the rows above a header say: 卡号 / 账号 (our account), 币种 / 币别, and the period (起止日期, 起始日期 …
/// 终止日期). Written as "卡号: 1234****9876" in one cell or as a label cell followed by its value.
/// </summary>
internal sealed partial class BankPreamble
{
    private static readonly HashSet<string> AccountKeys = ["卡号", "账号", "帐号", "卡号/账号", "账号/卡号", "账户", "查询账号", "本方账号", "借记卡号", "账户号码", "客户账号"];
    private static readonly HashSet<string> CurrencyKeys = ["币种", "币别", "货币", "币种/钞汇"];
    private static readonly HashSet<string> PeriodKeys = ["起止日期", "查询日期", "查询期间", "交易日期", "日期范围", "查询时间", "起止时间", "交易期间"];
    private static readonly HashSet<string> FromKeys = ["起始日期", "开始日期", "起始时间", "开始时间"];
    private static readonly HashSet<string> ToKeys = ["终止日期", "结束日期", "截止日期", "终止时间", "结束时间"];

    public string? Account { get; private set; }

    public string? Currency { get; private set; }

    public DateOnly? From { get; private set; }

    public DateOnly? To { get; private set; }

    /// <summary>True when a cell held U+FFFD: text decoded in the wrong encoding at some point (a GBK file saved as UTF-8).</summary>
    public bool SawReplacementCharacter { get; private set; }

    public void Add(string?[] cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            var cell = cells[i];
            if (cell is null)
            {
                continue;
            }

            if (cell.Contains('\uFFFD'))
            {
                SawReplacementCharacter = true;
            }

            // One cell may hold several items: "起始日期:[2024-03-01]    终止日期:[2024-03-31]".
            foreach (Match item in ItemPattern().Matches(ValueParser.HalfWidth(cell)))
            {
                var key = BankHeadings.Key(item.Groups["key"].Value);
                var value = Clean(item.Groups["value"].Value);
                if (value is null && i + 1 < cells.Length && item.Index + item.Length >= cell.Length)
                {
                    value = Clean(cells[i + 1]);
                }

                Take(key, value);
            }
        }
    }

    private void Take(string key, string? value)
    {
        if (value is null)
        {
            return;
        }

        if (AccountKeys.Contains(key))
        {
            Account ??= value.Replace(" ", string.Empty, StringComparison.Ordinal);
        }
        else if (CurrencyKeys.Contains(key))
        {
            Currency ??= BankCells.Currency(value, out _);
        }
        else if (PeriodKeys.Contains(key))
        {
            var dates = Dates(value);
            if (dates.Count >= 1)
            {
                From ??= dates[0];
            }

            if (dates.Count >= 2)
            {
                To ??= dates[1];
            }
        }
        else if (FromKeys.Contains(key) && Dates(value) is [var from, ..])
        {
            From ??= from;
        }
        else if (ToKeys.Contains(key) && Dates(value) is [var to, ..])
        {
            To ??= to;
        }
    }

    private static List<DateOnly> Dates(string text)
    {
        var dates = new List<DateOnly>();
        foreach (Match match in DatePattern().Matches(text))
        {
            if (ValueParser.ParseDateText(match.Value, null, out var date) == ParseOutcome.Parsed)
            {
                dates.Add(date);
            }
        }

        return dates;
    }

    private static string? Clean(string? value)
    {
        var trimmed = (value ?? string.Empty).AsSpan().Trim().Trim("[]【】\"").Trim();
        return BankCells.IsPlaceholder(trimmed) ? null : trimmed.ToString();
    }

    [GeneratedRegex(@"(?<key>[^\s:\[\]【】,，;；]{2,8})\s*:\s*(?<value>\[[^\]]*\]|[^\s:]*(?:\s+(?:至|到|~|-|—)\s+[^\s:]*)?)")]
    private static partial Regex ItemPattern();

    [GeneratedRegex(@"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|\d{8}")]
    private static partial Regex DatePattern();
}
