using System.Text;

namespace ReconGrpc.Domain.Customers;

/// <summary>
/// Company-name comparison for the duplicate guard (重复建档). Two names are the same when they agree after
/// <see cref="Normalize"/>; nearly the same when their normalised forms are a small edit apart or agree once
/// the legal form (有限公司 …) is taken off.
/// </summary>
public static class CompanyName
{
    /// <summary>有限责任公司 and 有限公司 are the same legal form; 股份有限公司 is a different one and stays distinct.</summary>
    private const string LimitedLiability = "有限责任公司";
    private const string Limited = "有限公司";

    private static readonly string[] LegalForms = ["股份有限公司", "有限公司", "集团公司", "公司", "CO.,LTD.", "CO.,LTD", "LTD.", "LTD"];

    /// <summary>
    /// Full-width to half-width, upper case, no white space, brackets of any kind as ASCII parentheses,
    /// 有限责任公司 as 有限公司.
    /// </summary>
    public static string Normalize(string name)
    {
        var text = name.Normalize(NormalizationForm.FormKC);
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            result.Append(c switch
            {
                '（' or '〔' or '【' or '[' or '{' or '「' => '(',
                '）' or '〕' or '】' or ']' or '}' or '」' => ')',
                _ => char.ToUpperInvariant(c),
            });
        }

        return result.Replace(LimitedLiability, Limited).ToString();
    }

    /// <summary>The normalised name without its legal form: 上海华联超市有限公司 → 上海华联超市.</summary>
    public static string Core(string normalized)
    {
        foreach (var form in LegalForms)
        {
            if (normalized.EndsWith(form, StringComparison.Ordinal) && normalized.Length > form.Length)
            {
                return normalized[..^form.Length];
            }
        }

        return normalized;
    }

    /// <summary>The last four characters of the core name (see <see cref="Customer.NameTail"/>).</summary>
    public static string Tail(string normalized)
    {
        var core = Core(normalized);
        return core.Length <= 4 ? core : core[^4..];
    }

    /// <summary>
    /// The largest edit distance at which two normalised names count as near-duplicates: one edit for names of
    /// 4 to 11 characters, two from 12 on. Shorter names are too easily one edit apart by chance.
    /// </summary>
    public static int NearThreshold(int length) => length switch
    {
        < 4 => 0,
        < 12 => 1,
        _ => 2,
    };

    /// <summary>Why two normalised names look like the same company, or null when they do not.</summary>
    public static string? NearDuplicateReason(string normalizedA, string normalizedB)
    {
        if (normalizedA == normalizedB)
        {
            return null;
        }

        var coreA = Core(normalizedA);
        var coreB = Core(normalizedB);
        if (coreA == coreB && coreA.Length >= 2)
        {
            return "the same name apart from the legal form";
        }

        var threshold = NearThreshold(Math.Min(normalizedA.Length, normalizedB.Length));
        if (threshold == 0)
        {
            return null;
        }

        var distance = EditDistance(normalizedA, normalizedB, threshold);
        return distance <= threshold ? $"names differ by {distance} character edit(s)" : null;
    }

    /// <summary>
    /// How alike two normalised names are, from 0 to 1: the Dice coefficient of their cores' character pairs (bigrams),
    /// so 杭州某某贸易 and 杭州某某商贸 score high while a shared legal form (有限公司) counts for nothing.
    /// </summary>
    public static double Similarity(string normalizedA, string normalizedB)
    {
        var a = Core(normalizedA);
        var b = Core(normalizedB);
        if (a == b)
        {
            return a.Length == 0 ? 0 : 1;
        }

        if (a.Length < 2 || b.Length < 2)
        {
            return 0;
        }

        var pairs = new Dictionary<(char, char), int>(a.Length);
        for (var i = 0; i < a.Length - 1; i++)
        {
            var pair = (a[i], a[i + 1]);
            pairs[pair] = pairs.GetValueOrDefault(pair) + 1;
        }

        var shared = 0;
        for (var i = 0; i < b.Length - 1; i++)
        {
            var pair = (b[i], b[i + 1]);
            if (pairs.TryGetValue(pair, out var left) && left > 0)
            {
                pairs[pair] = left - 1;
                shared++;
            }
        }

        return 2.0 * shared / (a.Length - 1 + b.Length - 1);
    }

    /// <summary>Levenshtein distance, giving up (returning <paramref name="limit"/> + 1) once it must exceed the limit.</summary>
    public static int EditDistance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return limit + 1;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), substitution);
                rowMin = Math.Min(rowMin, current[j]);
            }

            if (rowMin > limit)
            {
                return limit + 1;
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
