using Microsoft.EntityFrameworkCore;
using ReconGrpc.Data.Protection;
using ReconGrpc.Domain.Access;
using ReconGrpc.Domain.Auditing;
using ReconGrpc.Domain.Categories;
using ReconGrpc.Domain.Customers;
using ReconGrpc.Domain.Ledger;
using ReconGrpc.Domain.Platforms;
using ReconGrpc.Domain.Reconciliation;

namespace ReconGrpc.Data;

/// <summary>
/// The one model of the archive. Each provider has its own subclass so that each keeps its own migrations
/// (<see cref="Providers"/>); the model itself is identical.
/// </summary>
public abstract class ReconDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<CodingSchemeSetting> CodingSchemes => Set<CodingSchemeSetting>();

    public DbSet<Category> Categories => Set<Category>();

    public DbSet<Dimension> Dimensions => Set<Dimension>();

    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<CustomerCategoryAssignment> CustomerCategoryHistory => Set<CustomerCategoryAssignment>();

    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();

    public DbSet<Statement> Statements => Set<Statement>();

    public DbSet<StatementLine> StatementLines => Set<StatementLine>();

    /// <summary>The balances each imported bank statement states, and whether its lines add up to them.</summary>
    public DbSet<StatementBalance> StatementBalances => Set<StatementBalance>();

    /// <summary>Payer names and accounts people linked to customers (往来单位别名).</summary>
    public DbSet<CounterpartyAlias> CounterpartyAliases => Set<CounterpartyAlias>();

    public DbSet<ImportBatch> ImportBatches => Set<ImportBatch>();

    public DbSet<ImportRowError> ImportErrors => Set<ImportRowError>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<AuditHead> AuditHeads => Set<AuditHead>();

    public DbSet<StoredRuleSet> RuleSets => Set<StoredRuleSet>();

    public DbSet<ReconciliationRun> Runs => Set<ReconciliationRun>();

    public DbSet<RunMatch> RunMatches => Set<RunMatch>();

    public DbSet<RunException> RunExceptions => Set<RunException>();

    /// <summary>Our balances carried forward to runs' starts, offered as our openings (see <see cref="CarriedOpening"/>).</summary>
    public DbSet<CarriedOpening> CarriedOpenings => Set<CarriedOpening>();

    public DbSet<PeriodRecord> Periods => Set<PeriodRecord>();

    /// <summary>Write-off models (核销模板).</summary>
    public DbSet<WriteOffModel> WriteOffModels => Set<WriteOffModel>();

    /// <summary>Customers' replies to statements of account (对账回函).</summary>
    public DbSet<StatementReply> StatementReplies => Set<StatementReply>();

    /// <summary>Statements of account recorded as sent.</summary>
    public DbSet<StatementSending> StatementSendings => Set<StatementSending>();

    public DbSet<SettlementRun> SettlementRuns => Set<SettlementRun>();

    public DbSet<SettlementRunItem> SettlementItems => Set<SettlementRunItem>();

    public DbSet<SettlementRunTotal> SettlementTotals => Set<SettlementRunTotal>();

    /// <summary>Exchange rates into the base currency (汇率), one per currency and day.</summary>
    public DbSet<StoredExchangeRate> ExchangeRates => Set<StoredExchangeRate>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StoredDecimals.Check(ChangeTracker);
        SensitiveFields.Stamp(ChangeTracker, FieldCipher);
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StoredDecimals.Check(ChangeTracker);
        SensitiveFields.Stamp(ChangeTracker, FieldCipher);
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>The key customers' sealed fields are kept under; none at design time (the model's shape does not depend on it).</summary>
    private FieldCipher? FieldCipher { get; } = options.FindExtension<FieldProtectionExtension>()?.Cipher;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ReconDbContext).Assembly);
        SensitiveFields.Configure(modelBuilder, FieldCipher);
    }
}
