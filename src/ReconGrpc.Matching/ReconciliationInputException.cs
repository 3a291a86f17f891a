namespace ReconGrpc.Matching;

/// <summary>
/// The rule set or the items cannot be reconciled as given. <see cref="Rule"/> is a stable identifier (for example
/// <c>matching.item.id_duplicate</c>) that a host turns into its own error (the server maps it to
/// <c>INVALID_ARGUMENT</c>); the message says what to change.
/// </summary>
public sealed class ReconciliationInputException(string rule, string message) : Exception(message)
{
    /// <summary>The stable identifier of the broken rule.</summary>
    public string Rule { get; } = rule;
}
