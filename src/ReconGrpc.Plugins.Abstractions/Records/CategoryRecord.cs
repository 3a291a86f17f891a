namespace ReconGrpc.Plugins.Abstractions;

/// <summary>客户分类 — one node of the customer category tree.</summary>
/// <remarks>
/// The parent is implied by the code under the host's coding scheme (编码方案): <c>0101</c> 上海 is a child of
/// <c>01</c> 华东区 under scheme 2-2-3. The host checks the code against the scheme.
/// </remarks>
public sealed record CategoryRecord : ImportRecord
{
    /// <summary>Creates a category record.</summary>
    /// <param name="code">类别编码 — the full category code, its parent's code plus its own segment.</param>
    /// <param name="name">类别名称 — the category name.</param>
    /// <exception cref="ArgumentException">The code or the name is blank.</exception>
    public CategoryRecord(string code, string name)
    {
        Code = Guard.Required(code, nameof(code));
        Name = Guard.Required(name, nameof(name));
    }

    /// <summary>类别编码 — the full category code.</summary>
    public string Code { get; }

    /// <summary>类别名称 — the category name.</summary>
    public string Name { get; }

    /// <inheritdoc />
    public override RecordKind Kind => RecordKind.Categories;
}
