using Npgsql;

namespace ReconGrpc.Benchmarks;

/// <summary>
/// A PostgreSQL database of its own for one benchmark server, made on the server given by an administrator's
/// connection string (<c>--postgres "Host=127.0.0.1;Username=postgres;Password=…"</c>) and dropped afterwards.
/// </summary>
internal sealed class BenchmarkPostgres : IAsyncDisposable
{
    private readonly string _admin;

    private BenchmarkPostgres(string admin, string name)
    {
        _admin = admin;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>The server's arguments that point it at this database.</summary>
    public string[] ServerArguments => ["--Database:Provider", "PostgreSql", "--ConnectionStrings:Recon", ConnectionString];

    public static async Task<BenchmarkPostgres> CreateAsync(string admin)
    {
        var database = new BenchmarkPostgres(admin, "recon_bench_" + Guid.NewGuid().ToString("N")[..12]);
        await database.ExecuteAsync($"CREATE DATABASE \"{database.Name}\"");
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
