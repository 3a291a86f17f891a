namespace ReconGrpc.Domain.Customers;

/// <summary>
/// 统一社会信用代码 — the unified social credit code of GB 32100-2015: 18 characters from a 31-character set
/// (digits and upper-case letters without I, O, Z, S, V). Character 1 is the registering authority, 2 the kind
/// of organisation, 3–8 the administrative division, 9–17 the organisation code, 18 a check character.
/// </summary>
public sealed record Uscc
{
    public const int Length = 18;
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private const string Authorities = "123456789ANY";

    private Uscc(string value) => Value = value;

    public string Value { get; }

    /// <summary>Reads a code, or null for an empty one. A wrong code is refused saying exactly what is wrong.</summary>
    public static Uscc? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var value = Normalize(text)!;
        return Check(value) is { } problem
            ? throw RuleViolation.Invalid("customer.credit_code", problem)
            : new Uscc(value);
    }

    /// <summary>
    /// A code as the archive stores it — trimmed and upper-cased — without checking it, or null for an empty one:
    /// for looking a code up, where a wrong code simply finds nobody.
    /// </summary>
    public static string? Normalize(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim().ToUpperInvariant();

    /// <summary>What is wrong with <paramref name="value"/>, or null when it is a valid code.</summary>
    public static string? Check(string value)
    {
        if (value.Length != Length)
        {
            return $"统一社会信用代码 '{value}' has {value.Length} characters; it must have {Length}.";
        }

        for (var i = 0; i < Length; i++)
        {
            if (Alphabet.IndexOf(value[i]) < 0)
            {
                return $"统一社会信用代码 '{value}' has '{value[i]}' at position {i + 1}; only digits and the letters {Alphabet[10..]} are allowed (no I, O, Z, S, V).";
            }
        }

        if (Authorities.IndexOf(value[0]) < 0)
        {
            return $"统一社会信用代码 '{value}' starts with '{value[0]}', which is not a registering authority (1-9, A, N or Y).";
        }

        if (!char.IsAsciiDigit(value[2]) || !value[2..8].All(char.IsAsciiDigit))
        {
            return $"统一社会信用代码 '{value}' must have a six-digit administrative division code at positions 3 to 8.";
        }

        var expected = CheckCharacter(value.AsSpan(0, Length - 1));
        if (value[^1] != expected)
        {
            return $"统一社会信用代码 '{value}' has the wrong check character: the 18th character is '{value[^1]}' but the first 17 give '{expected}'. Check the code for a typing error.";
        }

        return null;
    }

    /// <summary>The GB 32100 check character of the first 17 characters: weights 3^i mod 31, 31 minus the sum mod 31.</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        var weight = 1;
        foreach (var c in first17)
        {
            sum += Alphabet.IndexOf(c) * weight;
            weight = weight * 3 % 31;
        }

        var check = 31 - (sum % 31);
        return Alphabet[check == 31 ? 0 : check];
    }

    public override string ToString() => Value;
}
