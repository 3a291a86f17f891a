namespace ReconGrpc.Domain;

/// <summary>How a broken rule should be understood by a caller: the edge maps each kind to one status code.</summary>
public enum ViolationKind
{
    /// <summary>The input itself is wrong (bad code, bad name, out-of-range value).</summary>
    Invalid,
    /// <summary>Something with the same identity already exists.</summary>
    AlreadyExists,
    /// <summary>The thing referred to does not exist.</summary>
    NotFound,
    /// <summary>The input is fine but the current state does not allow it (children exist, period locked).</summary>
    FailedPrecondition,
    /// <summary>The caller acted on a stale version; re-read and try again.</summary>
    Conflict,
    /// <summary>The caller may not do this.</summary>
    PermissionDenied,
}

/// <summary>
/// A business rule the request breaks. <see cref="Rule"/> is a stable identifier clients may switch on
/// (e.g. <c>category.parent_unknown</c>); the message says what to do about it.
/// </summary>
public sealed class RuleViolation(ViolationKind kind, string rule, string message) : Exception(message)
{
    public ViolationKind Kind { get; } = kind;

    public string Rule { get; } = rule;

    public static RuleViolation Invalid(string rule, string message) => new(ViolationKind.Invalid, rule, message);

    public static RuleViolation AlreadyExists(string rule, string message) => new(ViolationKind.AlreadyExists, rule, message);

    public static RuleViolation NotFound(string rule, string message) => new(ViolationKind.NotFound, rule, message);

    public static RuleViolation FailedPrecondition(string rule, string message) => new(ViolationKind.FailedPrecondition, rule, message);

    public static RuleViolation Conflict(string rule, string message) => new(ViolationKind.Conflict, rule, message);

    public static RuleViolation PermissionDenied(string rule, string message) => new(ViolationKind.PermissionDenied, rule, message);

    /// <summary>Refuses an update made against a version other than the stored one.</summary>
    public static void ThrowIfStale(string what, long expected, long actual)
    {
        if (expected != actual)
        {
            throw Conflict("version.stale",
                $"{what} was changed by someone else (you read version {expected}, it is now at version {actual}); read it again and retry.");
        }
    }
}
