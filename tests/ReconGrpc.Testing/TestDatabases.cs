using Npgsql;
using ReconGrpc.Data;

namespace ReconGrpc.Testing;

/// <summary>
/// The databases the service tests run against: SQLite always; PostgreSQL when <c>RECON_TEST_POSTGRES</c> holds a
/// connection string to a server where we may create databases (<c>.ci/run</c> sets it and also sets
/// <c>RECON_REQUIRE_POSTGRES</c>, so that a missing server fails the run instead of dropping its cases).
/// </summary>
public static class TestDatabases
{
    public const string Sqlite = nameof(DatabaseProvider.Sqlite);
    public const string PostgreSql = nameof(DatabaseProvider.PostgreSql);

    public static string? PostgresConnectionString => Environment.GetEnvironmentVariable("RECON_TEST_POSTGRES") is { Length: > 0 } cs ? cs : null;

    /// <summary>Theory data: one case per available provider.</summary>
    public static TheoryData<string> Providers
    {
        get
        {
            var data = new TheoryData<string> { Sqlite };
            if (PostgresConnectionString is not null)
            {
                data.Add(PostgreSql);
            }
            else if (Environment.GetEnvironmentVariable("RECON_REQUIRE_POSTGRES") == "1")
            {
                throw new InvalidOperationException("RECON_REQUIRE_POSTGRES=1 but RECON_TEST_POSTGRES is not set.");
            }

            return data;
        }
    }

    /// <summary>Creates an empty PostgreSQL database for one server and returns its connection string.</summary>
    /// <param name="postgresServer">The PostgreSQL server to create it on; by default <c>RECON_TEST_POSTGRES</c>'s.</param>
    public static async Task<string> CreatePostgresDatabaseAsync(string name, string? postgresServer = null)
    {
        var admin = postgresServer ?? PostgresConnectionString ?? throw new InvalidOperationException("RECON_TEST_POSTGRES is not set.");
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    public static async Task DropPostgresDatabaseAsync(string name, string? postgresServer = null)
    {
        var admin = postgresServer ?? PostgresConnectionString ?? throw new InvalidOperationException("RECON_TEST_POSTGRES is not set.");
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
