using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ReconGrpc.Data.Providers;

/// <summary>SQLite, the embedded default.</summary>
public sealed class SqliteReconDbContext(DbContextOptions<SqliteReconDbContext> options) : ReconDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no timestamp type it can order or compare; UTC ticks in an INTEGER sort correctly.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        // SQLite keeps decimals as text and adds them as doubles. Reports sum this exact integer copy instead, kept by
        // the database itself so no insert path can forget it, and read from the aging index without touching rows.
        modelBuilder.Entity<Domain.Ledger.LedgerEntry>(e =>
        {
            e.Property<long>(LedgerAmountUnits.Column).HasComputedColumnSql(LedgerAmountUnits.SqliteExpression("\"Amount\""), stored: true);
            e.HasIndex(LedgerAmountUnits.AgingIndexColumns).HasDatabaseName(LedgerAmountUnits.AgingIndex);
        });
    }
}

/// <summary>PostgreSQL, for production.</summary>
public sealed class PostgreSqlReconDbContext(DbContextOptions<PostgreSqlReconDbContext> options) : ReconDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        // Codes order byte-wise everywhere (01 < 0101 < 02 < A1), as on SQLite, whatever the database's locale.
        modelBuilder.Entity<Domain.Categories.Category>(c =>
        {
            c.Property(x => x.Code).UseCollation("C");
            c.Property(x => x.ParentCode).UseCollation("C");
        });
        modelBuilder.Entity<Domain.Categories.Dimension>().Property(x => x.Code).UseCollation("C");
        modelBuilder.Entity<Domain.Access.ApiKey>().Property(x => x.Id).UseCollation("C");
        modelBuilder.Entity<Domain.Customers.Customer>(c =>
        {
            c.Property(x => x.Code).UseCollation("C");
            c.Property(x => x.Name).UseCollation("C");
            c.Property(x => x.Mnemonic).UseCollation("C");
            c.Property(x => x.CategoryCode).UseCollation("C");
        });
    }
}

/// <summary>SQL Server, for production. Cannot run on our CI machines; its migrations are kept compiled and scripted in a test.</summary>
public sealed class SqlServerReconDbContext(DbContextOptions<SqlServerReconDbContext> options) : ReconDbContext(options);
