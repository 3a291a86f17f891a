using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ReconGrpc.Cli.Infrastructure;

/// <summary>
/// Amounts, dates and day counts typed on the command line, read in the forms an accountant writes them (the forms
/// the importers accept: 14,009.50元, ¥500, full-width digits, 2024/4/8, 2024年4月12日) and checked here, so a typo is a
/// usage error (exit code 2) before any call to the server.
/// </summary>
public static partial class CliInput
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyyMMdd", "yyyy年M月d日"];

    /// <summary>The amount as plain decimal text (12345.67), or a usage error naming the option.</summary>
    public static string Amount(string text, string option)
    {
        var folded = Fold(text);
        foreach (var mark in (ReadOnlySpan<string>)["元", "¥", "RMB", "CNY"])
        {
            if (folded.EndsWith(mark, StringComparison.OrdinalIgnoreCase))
            {
                folded = folded[..^mark.Length].Trim();
            }
            else if (folded.StartsWith(mark, StringComparison.OrdinalIgnoreCase))
            {
                folded = folded[mark.Length..].Trim();
            }
        }

        // Thousands separators only where they belong: "1,2345.00" is a typo, not 12,345.00.
        return AmountShape().IsMatch(folded)
               && decimal.TryParse(folded.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                   CultureInfo.InvariantCulture, out var amount)
            ? amount.ToString(CultureInfo.InvariantCulture)
            : throw new CliUsageException($"{option} '{text}' is not an amount; write e.g. 12345.67, 12,345.67 or -500.00元.");
    }

    /// <summary>The date, or a usage error naming the option.</summary>
    public static DateOnly Date(string text, string option) =>
        DateOnly.TryParseExact(Fold(text), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new CliUsageException($"{option} '{text}' is not a date; write YYYY-MM-DD (e.g. 2026-12-01), 2026/12/1 or 2026年12月1日.");

    /// <summary>A whole number of days (30, 30天, 30 days), or a usage error naming the option.</summary>
    public static int Days(string text, string option)
    {
        var folded = Fold(text);
        foreach (var unit in (ReadOnlySpan<string>)["天", "日", "days", "day", "d"])
        {
            if (folded.EndsWith(unit, StringComparison.OrdinalIgnoreCase))
            {
                folded = folded[..^unit.Length].Trim();
                break;
            }
        }

        return int.TryParse(folded, NumberStyles.None, CultureInfo.InvariantCulture, out var days)
            ? days
            : throw new CliUsageException($"{option} '{text}' is not a number of days; write e.g. 30.");
    }

    // Full-width digits, signs and separators (１２，３４５．００) to their ASCII forms.
    private static string Fold(string text) => text.Normalize(NormalizationForm.FormKC).Trim();

    [GeneratedRegex(@"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")]
    private static partial Regex AmountShape();
}
