namespace ReconGrpc.Data;

/// <summary>The database the server stores in, for what works beside EF Core on the same database (the job engine's storage).</summary>
public sealed record DatabaseTarget(DatabaseProvider Provider, string ConnectionString)
{
    /// <summary>Whether several server instances may share this database (PostgreSQL, SQL Server; not SQLite).</summary>
    public bool Shared => Provider != DatabaseProvider.Sqlite;
}
