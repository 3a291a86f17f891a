namespace ReconGrpc.Matching;

/// <summary>A field of an item that a rule can require to agree with a field of the other side.</summary>
/// <remarks>Fields are compared after <see cref="MatchingKey.Normalize"/>; an empty field never agrees with anything.</remarks>
public enum KeyField
{
    /// <summary>单据号 — <see cref="ReconItem.DocumentNumber"/>.</summary>
    DocumentNumber = 0,

    /// <summary><see cref="ReconItem.Reference"/>.</summary>
    Reference = 1,

    /// <summary>客户 — <see cref="ReconItem.CustomerKey"/>.</summary>
    Customer = 2,

    /// <summary>The document-like token found in <see cref="ReconItem.Text"/> (see <see cref="MatchingKey.FindTextToken"/>).</summary>
    TextToken = 3,
}

/// <summary>
/// A key a rule requires to agree: the field on our side and the field on theirs. They may differ: a bank line
/// often carries our invoice number in its reference or its text.
/// </summary>
/// <param name="Ours">The field of our item.</param>
/// <param name="Theirs">The field of their item.</param>
public readonly record struct KeyPair(KeyField Ours, KeyField Theirs)
{
    /// <summary>The same field on both sides.</summary>
    public static KeyPair Same(KeyField field) => new(field, field);

    /// <inheritdoc />
    public override string ToString() => Ours == Theirs ? Ours.ToString() : $"{Ours}->{Theirs}";
}
