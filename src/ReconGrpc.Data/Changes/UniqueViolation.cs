using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ReconGrpc.Data.Changes;

/// <summary>Recognises a unique-constraint violation from any of our providers.</summary>
public static class UniqueViolation
{
    public static bool Is(DbUpdateException exception) => exception.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555, // SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        Microsoft.Data.SqlClient.SqlException sqlServer => sqlServer.Number is 2601 or 2627,
        _ => false,
    };
}
