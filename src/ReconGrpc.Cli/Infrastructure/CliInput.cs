using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;
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

        // Thousands separators only where they belong: "1,2345.00" is a typo, not 12,345.00. The digits go to the server
        // as typed (a '+' dropped, as the wire takes none): read into a decimal here, thirty decimals would be rounded
        // before the server could refuse them.
        return AmountShape().IsMatch(folded)
            ? folded.Replace(",", "", StringComparison.Ordinal).TrimStart('+')
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

    /// <summary>
    /// An argument that takes a whole number (an id, a sequence number). A malformed one is a usage error naming the
    /// argument, what it is and an example, instead of the parser's own message (which names a .NET type).
    /// </summary>
    public static Argument<T> WholeNumber<T>(string name, string description, string what, T minimum, string example)
        where T : struct, IBinaryInteger<T>
    {
        var argument = new Argument<T>(name) { Description = description };
        argument.CustomParser = result => ParseWhole(result, $"<{name}>", what, minimum, example);
        return argument;
    }

    /// <summary>An option that takes a whole number (a count, a version), with the usage error of <see cref="WholeNumber{T}"/>.</summary>
    public static Option<T> WholeNumberOption<T>(string name, string description, string what, T minimum, string example)
        where T : struct, IBinaryInteger<T>
    {
        var option = new Option<T>(name) { Description = description };
        option.CustomParser = result => ParseWhole(result, name, what, minimum, example);
        return option;
    }

    /// <summary>As <see cref="WholeNumberOption{T}"/>, null when the option is not given.</summary>
    public static Option<T?> OptionalWholeNumberOption<T>(string name, string description, string what, T minimum, string example)
        where T : struct, IBinaryInteger<T>
    {
        var option = new Option<T?>(name) { Description = description };
        option.CustomParser = result => ParseWhole(result, name, what, minimum, example);
        return option;
    }

    private static T ParseWhole<T>(ArgumentResult result, string shown, string what, T minimum, string example)
        where T : struct, IBinaryInteger<T>
    {
        var text = result.Tokens.Count == 0 ? "" : result.Tokens[^1].Value;
        if (T.TryParse(Fold(text), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= minimum)
        {
            return value;
        }

        result.AddError($"{shown} '{text}' is not {what} (a whole number from {minimum}); write e.g. {example}.");
        return default;
    }

    // Full-width digits, signs and separators (１２，３４５．００) to their ASCII forms.
    private static string Fold(string text) => text.Normalize(NormalizationForm.FormKC).Trim();

    [GeneratedRegex(@"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")]
    private static partial Regex AmountShape();
}
