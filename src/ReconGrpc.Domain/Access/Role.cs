namespace ReconGrpc.Domain.Access;

/// <summary>What an API key may do. Each role includes everything the roles before it may do.</summary>
public enum Role
{
    /// <summary>Reads everything, changes nothing.</summary>
    Viewer = 1,
    /// <summary>Reads and changes business data, runs reconciliations.</summary>
    Accountant = 2,
    /// <summary>Everything, including keys, plugins and the coding scheme.</summary>
    Admin = 3,
}

public static class RoleExtensions
{
    /// <summary>True when a key with this role may do what <paramref name="required"/> allows.</summary>
    public static bool Includes(this Role role, Role required) => role >= required;
}
