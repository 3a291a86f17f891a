using System.Globalization;

namespace ReconGrpc.Plugins.Abstractions;

/// <summary>An option an adapter accepts, as shown to users and checked by the host before an import.</summary>
public sealed record AdapterOption
{
    /// <summary>Creates an option description.</summary>
    /// <param name="name">The option's name: lower-case letters, digits and hyphens (<c>header-row</c>).</param>
    /// <param name="type">The type of the option's value.</param>
    /// <param name="description">What the option does, for the adapter list and the CLI help.</param>
    /// <exception cref="ArgumentException">The name is not of the required form, or the description is blank.</exception>
    public AdapterOption(string name, OptionType type, string description)
    {
        Name = Guard.Required(name, nameof(name));
        if (!Name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') || !char.IsAsciiLetterLower(Name[0]))
        {
            throw new ArgumentException($"Option name '{Name}' must start with a lower-case letter and hold only lower-case letters, digits and hyphens.", nameof(name));
        }

        Type = Guard.Defined(type, nameof(type));
        Description = Guard.Required(description, nameof(description));
    }

    /// <summary>The option's name.</summary>
    public string Name { get; }

    /// <summary>The type of the option's value.</summary>
    public OptionType Type { get; }

    /// <summary>What the option does.</summary>
    public string Description { get; }

    /// <summary>The value the adapter uses when the option is not given, as text; <see langword="null"/> when there is none.</summary>
    public string? DefaultValue { get; init => field = Guard.Optional(value); }

    /// <summary>True when an import without this option is refused.</summary>
    public bool Required { get; init; }

    /// <summary>The allowed values of a <see cref="OptionType.Choice"/> option, compared without regard to case.</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];

    /// <summary>Checks a value against the option's type and choices.</summary>
    /// <param name="value">The value given.</param>
    /// <returns><see langword="null"/> when the value is acceptable, otherwise what is wrong with it.</returns>
    public string? Validate(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        var ok = Type switch
        {
            OptionType.Text => true,
            OptionType.Integer => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            OptionType.Decimal => decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _),
            OptionType.Boolean => bool.TryParse(text, out _),
            OptionType.Date => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            OptionType.Choice => Choices.Contains(text, StringComparer.OrdinalIgnoreCase),
            _ => false,
        };
        if (ok)
        {
            return null;
        }

        return Type switch
        {
            OptionType.Choice => $"Option '{Name}' must be one of {string.Join(", ", Choices)}; '{text}' is not.",
            OptionType.Date => $"Option '{Name}' must be a date written as yyyy-MM-dd; '{text}' is not.",
            OptionType.Boolean => $"Option '{Name}' must be true or false; '{text}' is not.",
            _ => $"Option '{Name}' must be {(Type == OptionType.Integer ? "a whole number" : "a number")}; '{text}' is not.",
        };
    }
}
