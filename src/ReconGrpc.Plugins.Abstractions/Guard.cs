namespace ReconGrpc.Plugins.Abstractions;

/// <summary>Argument checks shared by the records, so that each refuses bad state the same way.</summary>
internal static class Guard
{
    public static string Required(string? value, string parameterName)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            throw new ArgumentException("A value is required; it may not be empty or blank.", parameterName);
        }

        return trimmed;
    }

    /// <summary>Blank means "not given": records keep null rather than an empty or padded string.</summary>
    public static string? Optional(string? value)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }

    public static string? Currency(string? value, string parameterName)
    {
        var code = Optional(value);
        if (code is null)
        {
            return null;
        }

        if (code.Length != 3 || !code.All(char.IsAsciiLetter))
        {
            throw new ArgumentException($"'{code}' is not an ISO 4217 currency code such as CNY or USD.", parameterName);
        }

        return code.ToUpperInvariant();
    }

    public static T Defined<T>(T value, string parameterName)
        where T : struct, Enum =>
        Enum.IsDefined(value)
            ? value
            : throw new ArgumentOutOfRangeException(parameterName, value, $"{value} is not a defined {typeof(T).Name}.");

    public static decimal? NotNegative(decimal? value, string parameterName) =>
        value is < 0m
            ? throw new ArgumentOutOfRangeException(parameterName, value, "The value may not be negative.")
            : value;

    public static int? NotNegative(int? value, string parameterName) =>
        value is < 0
            ? throw new ArgumentOutOfRangeException(parameterName, value, "The value may not be negative.")
            : value;

    public static long Line(long line, string parameterName) =>
        line < 1
            ? throw new ArgumentOutOfRangeException(parameterName, line, "Line numbers start at 1.")
            : line;
}
