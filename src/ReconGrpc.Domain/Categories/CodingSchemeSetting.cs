namespace ReconGrpc.Domain.Categories;

/// <summary>The stored coding scheme (one row), with the version that guards concurrent changes.</summary>
public sealed class CodingSchemeSetting
{
    public const int SingletonId = 1;

    private CodingSchemeSetting()
    {
    }

    public int Id { get; private set; } = SingletonId;

    /// <summary>The scheme as written, e.g. <c>2-2-3</c>.</summary>
    public string Pattern { get; private set; } = CodingScheme.Default.Pattern;

    public long Version { get; private set; } = 1;

    public DateTimeOffset UpdatedAt { get; private set; }

    public CodingScheme Scheme => CodingScheme.Parse(Pattern);

    public static CodingSchemeSetting Initial(DateTimeOffset now) => new() { UpdatedAt = now };

    public void Replace(CodingScheme scheme, DateTimeOffset now)
    {
        Pattern = scheme.Pattern;
        Version++;
        UpdatedAt = now;
    }
}
