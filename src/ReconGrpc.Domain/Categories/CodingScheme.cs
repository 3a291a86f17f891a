using System.Buffers;
using System.Collections.Immutable;

namespace ReconGrpc.Domain.Categories;

/// <summary>
/// 编码方案 — the coding scheme of customer categories, e.g. <c>2-2-3</c>: a level-1 code has 2 characters,
/// a level-2 code 4 (its parent's 2 plus 2 of its own), a level-3 code 7. Always 1 to 9 levels of 1 to 9 characters.
/// </summary>
public sealed class CodingScheme : IEquatable<CodingScheme>
{
    public const int MaxLevels = 9;
    public const int MaxSegmentLength = 9;

    private static readonly SearchValues<char> AsciiLettersAndDigits =
        SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private readonly ImmutableArray<int> _cumulative;

    private CodingScheme(ImmutableArray<int> levelLengths)
    {
        LevelLengths = levelLengths;
        var running = 0;
        _cumulative = [.. levelLengths.Select(length => running += length)];
    }

    /// <summary>The scheme a new archive starts with: four levels of two characters.</summary>
    public static CodingScheme Default { get; } = new([2, 2, 2, 2]);

    /// <summary>The length of each level's own segment, level 1 first.</summary>
    public ImmutableArray<int> LevelLengths { get; }

    public int Levels => LevelLengths.Length;

    /// <summary>The scheme as written in bookkeeping software, e.g. <c>2-2-3</c>.</summary>
    public string Pattern => string.Join('-', LevelLengths);

    /// <summary>Builds a scheme, refusing a level count or segment length outside 1 to 9.</summary>
    public static CodingScheme Create(IEnumerable<int> levelLengths)
    {
        var lengths = levelLengths.ToImmutableArray();
        if (lengths.Length is < 1 or > MaxLevels)
        {
            throw RuleViolation.Invalid("scheme.level_count",
                $"A coding scheme has 1 to {MaxLevels} levels; {lengths.Length} were given.");
        }

        for (var i = 0; i < lengths.Length; i++)
        {
            if (lengths[i] is < 1 or > MaxSegmentLength)
            {
                throw RuleViolation.Invalid("scheme.segment_length",
                    $"Level {i + 1} of a coding scheme must be 1 to {MaxSegmentLength} characters long; {lengths[i]} was given.");
            }
        }

        return new CodingScheme(lengths);
    }

    /// <summary>Parses the written form, e.g. <c>2-2-3</c>.</summary>
    public static CodingScheme Parse(string pattern)
    {
        var parts = pattern.Split('-', StringSplitOptions.TrimEntries);
        var lengths = new List<int>(parts.Length);
        foreach (var part in parts)
        {
            if (!int.TryParse(part, out var length))
            {
                throw RuleViolation.Invalid("scheme.pattern",
                    $"'{pattern}' is not a coding scheme; write the length of each level separated by '-', e.g. 2-2-3.");
            }

            lengths.Add(length);
        }

        return Create(lengths);
    }

    /// <summary>The full length of a code at <paramref name="level"/> (1-based).</summary>
    public int CodeLength(int level) => _cumulative[level - 1];

    /// <summary>
    /// Reads a category code under this scheme: only ASCII letters and digits, and a length that is the full
    /// length of one of its levels. The parent is the code cut to the previous level's length.
    /// </summary>
    public CategoryCode ParseCode(string? code)
    {
        var value = code?.Trim() ?? "";
        if (value.Length == 0)
        {
            throw RuleViolation.Invalid("category.code_empty", "A category code is required.");
        }

        // An index, not FirstOrDefault: NUL is default(char), so "0\0" looked clean and was stored.
        var at = value.AsSpan().IndexOfAnyExcept(AsciiLettersAndDigits);
        if (at >= 0)
        {
            var bad = value[at];
            throw RuleViolation.Invalid("category.code_character",
                $"Category code '{InputText.Echo(value)}' contains '{InputText.Echo(bad.ToString())}'; codes use only digits and ASCII letters.");
        }

        var level = _cumulative.IndexOf(value.Length) + 1;
        if (level == 0)
        {
            var lengths = string.Join(", ", _cumulative);
            throw RuleViolation.Invalid("category.code_length",
                $"Category code '{InputText.Echo(value)}' is {value.Length} characters long; under coding scheme {Pattern} a code has {lengths} characters (levels 1 to {Levels}).");
        }

        var parent = level == 1 ? null : value[..CodeLength(level - 1)];
        return new CategoryCode(value, level, parent);
    }

    /// <summary>True when <paramref name="code"/> has the full length of its level under this scheme.</summary>
    public bool Fits(string code, int level) => level <= Levels && CodeLength(level) == code.Length;

    public bool Equals(CodingScheme? other) => other is not null && LevelLengths.SequenceEqual(other.LevelLengths);

    public override bool Equals(object? obj) => Equals(obj as CodingScheme);

    public override int GetHashCode() => Pattern.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Pattern;
}
