using System.Text.RegularExpressions;
using ReconGrpc.Adapters.Shared.Text;

namespace ReconGrpc.Adapters.YonyouT3;

/// <summary>A party as a T3 filter row or column names it: 客户 or 供应商, code and name.</summary>
internal sealed record T3Party(string? Code, string? Name)
{
    /// <summary>Splits "0101001 上海华联超市有限公司", "[0101001]上海华联超市有限公司" or a bare name.</summary>
    public static T3Party? Parse(string? text)
    {
        var cleaned = ValueParser.Clean(text);
        if (cleaned.Length == 0)
        {
            return null;
        }

        var match = Regex.Match(cleaned, @"^[\[(（【]?\s*([A-Za-z0-9][A-Za-z0-9._\-]*)\s*[\])）】]?\s*(.*)$");
        if (match.Success && match.Groups[2].Value.Length > 0 && (match.Groups[1].Value.Any(char.IsAsciiDigit) || cleaned[0] is '[' or '(' or '（' or '【'))
        {
            return new T3Party(match.Groups[1].Value, ValueParser.Clean(match.Groups[2].Value));
        }

        return cleaned.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_') ? new T3Party(cleaned, null) : new T3Party(null, cleaned);
    }

    public string Describe() => string.Join(' ', new[] { Code, Name }.Where(s => s is not null));
}

/// <summary>
/// What the rows above a T3 header say: the title (应收账款明细账), and the filter items 科目, 客户 / 供应商,
/// 期间 and 币种, which T3 writes as "科目：1122 应收账款" in one or several cells.
/// </summary>
internal sealed partial class T3Preamble
{
    private readonly List<string> _texts = [];

    public string? Title { get; private set; }

    public string? Account { get; private set; }

    /// <summary>The party the whole ledger is about, from 客户 / 供应商 / 往来单位.</summary>
    public T3Party? Party { get; private set; }

    /// <summary>True when the filter named a 供应商 (the ledger is a payable ledger).</summary>
    public bool PartyIsSupplier { get; private set; }

    public int? Year { get; private set; }

    public int? FromMonth { get; private set; }

    public string? Currency { get; private set; }

    /// <summary>Every text of the preamble, for telling receivable from payable ledgers.</summary>
    public string AllText => string.Join(' ', _texts);

    public void Add(IEnumerable<string?> cells)
    {
        foreach (var cell in cells)
        {
            if (cell is null)
            {
                continue;
            }

            var text = ValueParser.HalfWidth(cell);
            _texts.Add(text);
            var items = FilterKey().Matches(text);
            if (items.Count == 0)
            {
                Title ??= text.Contains('账') || text.Contains("档案") || text.Contains("分类") ? text : null;
                continue;
            }

            for (var i = 0; i < items.Count; i++)
            {
                var start = items[i].Index + items[i].Length;
                var end = i + 1 < items.Count ? items[i + 1].Index : text.Length;
                Apply(items[i].Groups[1].Value, ValueParser.Clean(text[start..end]));
            }
        }
    }

    private void Apply(string key, string value)
    {
        switch (key)
        {
            case "科目":
                Account = value;
                break;
            case "客户" or "往来单位":
                Party = T3Party.Parse(value);
                break;
            case "供应商":
                Party = T3Party.Parse(value);
                PartyIsSupplier = true;
                break;
            case "期间" or "会计期间" or "月份" or "日期":
                var period = PeriodStart().Match(value);
                if (period.Success)
                {
                    Year = int.Parse(period.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                    FromMonth = int.Parse(period.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
                }

                break;
            case "币种":
                Currency = ValueParser.CurrencyCode(value);
                break;
        }
    }

    [GeneratedRegex(@"(科目|客户|供应商|往来单位|会计期间|期间|月份|日期|币种|部门|业务员)\s*[:：]\s*")]
    private static partial Regex FilterKey();

    [GeneratedRegex(@"(\d{4})\s*[.\-/年]\s*(\d{1,2})")]
    private static partial Regex PeriodStart();
}
