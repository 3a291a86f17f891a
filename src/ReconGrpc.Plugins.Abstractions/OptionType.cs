namespace ReconGrpc.Plugins.Abstractions;

/// <summary>The type of an adapter option's value; options travel as text and are checked against their type.</summary>
public enum OptionType
{
    /// <summary>Any text.</summary>
    Text = 1,

    /// <summary>A whole number written with invariant digits (<c>3</c>).</summary>
    Integer = 2,

    /// <summary>A decimal number written with a dot (<c>0.13</c>).</summary>
    Decimal = 3,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean = 4,

    /// <summary>An ISO date (<c>2024-01-31</c>).</summary>
    Date = 5,

    /// <summary>One of the values listed in <see cref="AdapterOption.Choices"/>.</summary>
    Choice = 6,
}
