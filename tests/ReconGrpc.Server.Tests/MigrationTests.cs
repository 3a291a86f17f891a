using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ReconGrpc.Data.Providers;

namespace ReconGrpc.Server.Tests;

/// <summary>
/// The migrations of every provider match the model. SQL Server cannot run on our CI machines, so its
/// provider is kept honest by generating its idempotent migration script here.
/// </summary>
public sealed class MigrationTests
{
    [Fact]
    public void The_sql_server_idempotent_migration_script_creates_every_table()
    {
        using var db = new SqlServerReconDbContext(new DbContextOptionsBuilder<SqlServerReconDbContext>()
            .UseSqlServer("Server=unused;Database=unused").Options);

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("IF NOT EXISTS", script);
        foreach (var table in new[] { "category", "coding_scheme", "dimension", "api_key", "audit_entry", "audit_head" })
        {
            Assert.Contains($"CREATE TABLE [{table}]", script);
        }
    }

    [Fact]
    public void Each_providers_migrations_are_up_to_date_with_the_model()
    {
        using var sqlite = new SqliteReconDbContext(new DbContextOptionsBuilder<SqliteReconDbContext>().UseSqlite("Data Source=:memory:").Options);
        using var postgres = new PostgreSqlReconDbContext(new DbContextOptionsBuilder<PostgreSqlReconDbContext>().UseNpgsql("Host=unused").Options);
        using var sqlServer = new SqlServerReconDbContext(new DbContextOptionsBuilder<SqlServerReconDbContext>().UseSqlServer("Server=unused").Options);

        Assert.False(sqlite.Database.HasPendingModelChanges(), "SQLite migrations lag the model: run src/ReconGrpc.Data.Design");
        Assert.False(postgres.Database.HasPendingModelChanges(), "PostgreSQL migrations lag the model: run src/ReconGrpc.Data.Design");
        Assert.False(sqlServer.Database.HasPendingModelChanges(), "SQL Server migrations lag the model: run src/ReconGrpc.Data.Design");
    }
}
