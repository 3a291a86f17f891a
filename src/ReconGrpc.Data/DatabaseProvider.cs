namespace ReconGrpc.Data;

/// <summary>The databases the archive can live in.</summary>
public enum DatabaseProvider
{
    /// <summary>Embedded, zero set-up; the default.</summary>
    Sqlite,
    /// <summary>Microsoft SQL Server.</summary>
    SqlServer,
    /// <summary>PostgreSQL.</summary>
    PostgreSql,
}
