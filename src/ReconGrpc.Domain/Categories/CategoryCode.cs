namespace ReconGrpc.Domain.Categories;

/// <summary>
/// A category code already checked against the coding scheme: its level and its parent's code follow from it.
/// Obtain one from <see cref="CodingScheme.ParseCode"/>.
/// </summary>
public sealed record CategoryCode
{
    internal CategoryCode(string value, int level, string? parentCode)
    {
        Value = value;
        Level = level;
        ParentCode = parentCode;
    }

    public string Value { get; }

    /// <summary>1 for a top-level category.</summary>
    public int Level { get; }

    /// <summary>The parent's code, or null at level 1.</summary>
    public string? ParentCode { get; }

    public override string ToString() => Value;
}
