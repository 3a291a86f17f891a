using System.Globalization;
using System.Text.RegularExpressions;
using ReconGrpc.Adapters.Shared.Text;

namespace ReconGrpc.Adapters.Alipay;

/// <summary>
/// What the lines above a bill's header say: the account (<c>支付宝账户：…</c>, <c>#账号：[2088…]</c>), the period
/// (<c>起始时间：[…] 终止时间：[…]</c>, <c>#起始日期：[2024年03月01日 00:00:00] 终止日期：[…]</c>) and, in the newer
/// personal export, the number of records (<c>共66笔记录</c>). Lines are given half-width.
/// </summary>
internal sealed partial class BillPreamble
{
    private readonly List<string> _lines = [];

    public string? Account { get; private set; }

    public DateOnly? From { get; private set; }

    public DateOnly? To { get; private set; }

    public int? DeclaredCount { get; private set; }

    public long? DeclaredCountLine { get; private set; }

    /// <summary>The lines read, for telling garbled text from another format when no header is found.</summary>
    public IReadOnlyList<string> Lines => _lines;

    public void Add(string line, long lineNumber)
    {
        if (_lines.Count < 80)
        {
            _lines.Add(line);
        }

        if (Account is null && AccountPattern().Match(line) is { Success: true } account)
        {
            Account = account.Groups["account"].Value.Trim();
        }

        if (PeriodPattern().Match(line) is { Success: true } period)
        {
            From = Day(period.Groups["from"].Value, out _);
            var to = Day(period.Groups["to"].Value, out var midnight);

            // "终止日期：[2024年03月02日 00:00:00]" ends at the start of 2 March: the bill's last day is 1 March.
            To = midnight && to is { } end && From is { } start && end > start ? end.AddDays(-1) : to;
        }

        if (DeclaredCount is null && CountPattern().Match(line) is { Success: true } count)
        {
            DeclaredCount = int.Parse(count.Groups["n"].Value, CultureInfo.InvariantCulture);
            DeclaredCountLine = lineNumber;
        }
    }

    /// <summary>"共66笔记录" in a line, the count of a personal export (above its header or in its footer).</summary>
    public static int? RecordCount(string line) =>
        CountPattern().Match(line) is { Success: true } m ? int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture) : null;

    private static DateOnly? Day(string text, out bool midnight)
    {
        var trimmed = text.Trim();
        midnight = trimmed.EndsWith("00:00:00", StringComparison.Ordinal);
        return ValueParser.ParseDateText(trimmed, null, out var date) == ParseOutcome.Parsed ? date : null;
    }

    [GeneratedRegex(@"^#?\s*(?:支付宝账户|账号|账户)\s*:\s*\[?(?<account>[^\]\s,]+)\]?")]
    private static partial Regex AccountPattern();

    [GeneratedRegex(@"起始(?:日期|时间)\s*:\s*\[(?<from>[^\]]+)\]\s*,?\s*终止(?:日期|时间)\s*:\s*\[(?<to>[^\]]+)\]")]
    private static partial Regex PeriodPattern();

    [GeneratedRegex(@"^#?\s*共\s*(?<n>\d+)\s*笔记录")]
    private static partial Regex CountPattern();
}
