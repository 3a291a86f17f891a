using System.Globalization;
using System.Text.RegularExpressions;
using ReconGrpc.Adapters.Shared.Text;

namespace ReconGrpc.Adapters.ChineseBanks;

/// <summary>
/// The rows after a download's lines: 合计 / 总计 / 人民币合计 rows with totals under the 借方 / 贷方 columns or written
/// out (收入合计：…, 支出合计：…, 共 5 笔, 笔数：5), and 导出时间 / 打印时间 lines. Totals are checked by the host,
/// never imported; a masked total (<c>**</c>) or one the file does not give stays null.
/// </summary>
internal sealed partial class BankFooter
{
    private static readonly string[] Markers = ["合计", "总计", "导出时间", "打印时间", "下载时间", "生成时间", "查询时间", "制表", "打印日期"];

    public decimal? Credits { get; private set; }

    public decimal? Debits { get; private set; }

    public int? Count { get; private set; }

    /// <summary>True when a row (its first cells) reads as a footer: a total, a count of lines or an export stamp.</summary>
    public static bool IsFooter(string?[] cells)
    {
        foreach (var cell in cells)
        {
            if (cell is null)
            {
                continue;
            }

            foreach (var marker in Markers)
            {
                if (cell.Contains(marker, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            if (CountPattern().IsMatch(cell))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Takes the totals a footer row states.</summary>
    public void Add(string?[] cells, object?[] raw, ColumnMap map)
    {
        var isTotalRow = cells.Any(c => c is not null && (c.Contains("合计", StringComparison.Ordinal) || c.Contains("总计", StringComparison.Ordinal)));
        if (isTotalRow)
        {
            // Figures under the 借方 / 贷方 (支出 / 收入) columns of the 合计 row.
            if (map.Has(BankField.Credit) && Figure(raw, map[BankField.Credit]) is { } credits)
            {
                Credits = credits;
            }

            if (map.Has(BankField.Debit) && Figure(raw, map[BankField.Debit]) is { } debits)
            {
                Debits = debits;
            }
        }

        // Totals written out, in one cell or as a label cell and a value cell.
        var text = ValueParser.HalfWidth(string.Join(' ', cells.Where(c => c is not null)));
        foreach (Match match in TotalPattern().Matches(text))
        {
            var value = Number(match.Groups["value"].Value);
            if (value is null)
            {
                continue;
            }

            var label = match.Groups["label"].Value;
            if (label.Contains("笔", StringComparison.Ordinal) || label.Contains("数", StringComparison.Ordinal))
            {
                continue;
            }

            if (label.StartsWith('收') || label.StartsWith('贷') || label.StartsWith('存') || label.StartsWith("转入", StringComparison.Ordinal))
            {
                Credits = Math.Abs(value.Value);
            }
            else
            {
                Debits = Math.Abs(value.Value);
            }
        }

        int? inCount = null, outCount = null;
        foreach (Match match in CountItemPattern().Matches(text))
        {
            var n = int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
            var label = match.Groups["label"].Value;
            if (label.StartsWith('收') || label.StartsWith('贷') || label.StartsWith('存'))
            {
                inCount = n;
            }
            else if (label.StartsWith('支') || label.StartsWith('借') || label.StartsWith('取'))
            {
                outCount = n;
            }
            else
            {
                Count = n;
            }
        }

        if (CountPattern().Match(text) is { Success: true } total)
        {
            Count = int.Parse(total.Groups["n"].Value, CultureInfo.InvariantCulture);
        }

        if (inCount is not null && outCount is not null)
        {
            Count ??= inCount + outCount;
        }
    }

    private static decimal? Figure(object?[] raw, int column)
    {
        if (column < 0 || column >= raw.Length)
        {
            return null;
        }

        return BankCells.Amount(raw[column], out var amount, out _) == ParseOutcome.Parsed ? Math.Abs(amount) : null;
    }

    private static decimal? Number(string text) =>
        BankCells.Amount(text, out var amount, out _) == ParseOutcome.Parsed ? amount : null;

    [GeneratedRegex(@"共\s*(?<n>\d+)\s*笔")]
    private static partial Regex CountPattern();

    [GeneratedRegex(@"(?<label>(?:收入|支出|贷方|借方|存入|支取|转入|转出)(?:发生额|金额)?(?:合计|总计|总额|总金额))\s*[:：]?\s*(?<value>[-+]?[\dxX*][\d,.xX*]*)")]
    private static partial Regex TotalPattern();

    [GeneratedRegex(@"(?<label>(?:收入|支出|贷方|借方|存入|支取|合计|总|交易)?笔数)\s*[:：]?\s*(?<n>\d+)")]
    private static partial Regex CountItemPattern();
}
