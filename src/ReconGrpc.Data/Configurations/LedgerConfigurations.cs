using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReconGrpc.Domain.Customers;
using ReconGrpc.Domain.Ledger;

namespace ReconGrpc.Data.Configurations;

internal sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> builder)
    {
        builder.ToTable("ledger_entry");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.CustomerCode).HasMaxLength(Customer.MaxCodeLength).IsRequired();
        builder.HasOne<Customer>().WithMany().HasPrincipalKey(c => c.Code).HasForeignKey(e => e.CustomerCode).OnDelete(DeleteBehavior.Restrict);
        builder.Property(e => e.DocumentType).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.DocumentNumber).HasMaxLength(LedgerEntry.MaxDocumentNumberLength).IsRequired();
        builder.Property(e => e.VoucherNumber).HasMaxLength(LedgerEntry.MaxDocumentNumberLength);
        builder.Property(e => e.Amount).HasPrecision(19, 4);
        builder.Property(e => e.Currency).HasMaxLength(3).IsRequired();
        builder.Property(e => e.Reference).HasMaxLength(LedgerEntry.MaxTextLength);
        builder.Property(e => e.Memo).HasMaxLength(LedgerEntry.MaxTextLength);
        builder.Property(e => e.AdapterId).HasMaxLength(80);
        builder.Property(e => e.Fingerprint).HasMaxLength(32).IsRequired();
        builder.HasIndex(UniqueKeys.LedgerEntry).IsUnique();
    }
}

internal sealed class StatementConfiguration : IEntityTypeConfiguration<Statement>
{
    public void Configure(EntityTypeBuilder<Statement> builder)
    {
        builder.ToTable("statement");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Name).HasMaxLength(Statement.MaxNameLength).IsRequired();
        builder.HasIndex(s => s.Name).IsUnique();
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(s => s.CustomerCode).HasMaxLength(Customer.MaxCodeLength);
        builder.HasIndex(s => s.CustomerCode);
    }
}

internal sealed class StatementLineConfiguration : IEntityTypeConfiguration<StatementLine>
{
    public void Configure(EntityTypeBuilder<StatementLine> builder)
    {
        builder.ToTable("statement_line");
        builder.HasKey(l => l.Id);
        builder.HasOne<Statement>().WithMany().HasForeignKey(l => l.StatementId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(l => l.Amount).HasPrecision(19, 4);
        builder.Property(l => l.OriginalAmount).HasPrecision(19, 4);
        builder.Property(l => l.Currency).HasMaxLength(3).IsRequired();
        builder.Property(l => l.CustomerCode).HasMaxLength(Customer.MaxCodeLength);
        builder.Property(l => l.DocumentNumber).HasMaxLength(LedgerEntry.MaxDocumentNumberLength);
        builder.Property(l => l.Reference).HasMaxLength(LedgerEntry.MaxTextLength);
        builder.Property(l => l.Text).HasMaxLength(LedgerEntry.MaxTextLength);
        builder.Property(l => l.DocumentType).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.AdapterId).HasMaxLength(80);
        builder.Property(l => l.Fingerprint).HasMaxLength(32).IsRequired();
        builder.Property(l => l.CounterpartyName).HasMaxLength(LedgerEntry.MaxTextLength);
        builder.Property(l => l.Account).HasMaxLength(LedgerEntry.MaxTextLength);
        builder.Property(l => l.Resolution).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.Purpose).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.SettlementId).HasMaxLength(LedgerEntry.MaxDocumentNumberLength);
        builder.Property(l => l.RefundedAmount).HasPrecision(19, 4);
        builder.HasIndex(UniqueKeys.StatementLine).IsUnique();
        // A three-way run reads a statement's lines of a period in date-then-id order: this index gives them in that
        // order (its entries end with the row id), where the unique key's would need a sort and fetch rows all over.
        builder.HasIndex(l => new { l.StatementId, l.Date });
    }
}

internal sealed class StatementBalanceConfiguration : IEntityTypeConfiguration<StatementBalance>
{
    public void Configure(EntityTypeBuilder<StatementBalance> builder)
    {
        builder.ToTable("statement_balance");
        builder.HasKey(b => b.Id);
        builder.HasOne<Statement>().WithMany().HasForeignKey(b => b.StatementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(b => new { b.StatementId, b.ImportBatchId, b.Position });
        builder.Property(b => b.StatementNumber).HasMaxLength(LedgerEntry.MaxTextLength);
        builder.Property(b => b.Account).HasMaxLength(LedgerEntry.MaxTextLength);
        builder.Property(b => b.Currency).HasMaxLength(3).IsRequired();
        builder.Property(b => b.OpeningBalance).HasPrecision(19, 4);
        builder.Property(b => b.ClosingBalance).HasPrecision(19, 4);
        builder.Property(b => b.Credits).HasPrecision(19, 4);
        builder.Property(b => b.Debits).HasPrecision(19, 4);
        builder.Property(b => b.DeclaredCredits).HasPrecision(19, 4);
        builder.Property(b => b.DeclaredDebits).HasPrecision(19, 4);
        builder.Ignore(b => b.Movements);
        builder.Ignore(b => b.Difference);
    }
}

internal sealed class ImportBatchConfiguration : IEntityTypeConfiguration<ImportBatch>
{
    public void Configure(EntityTypeBuilder<ImportBatch> builder)
    {
        builder.ToTable("import_batch");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.AdapterId).HasMaxLength(80).IsRequired();
        builder.Property(b => b.FileName).HasMaxLength(260).IsRequired();
        builder.Property(b => b.FileSha256).HasMaxLength(64).IsRequired();
        builder.Property(b => b.RecordKind).HasConversion<string>().HasMaxLength(20);
        builder.Property(b => b.ImportedBy).HasMaxLength(40).IsRequired();
        builder.Property(b => b.ImportedFor).HasMaxLength(Domain.Access.Actor.MaxPersonLength);
        builder.Property(b => b.AdapterVersion).HasMaxLength(64);
        builder.Property(b => b.PluginSha256).HasMaxLength(64);
    }
}

internal sealed class ImportRowErrorConfiguration : IEntityTypeConfiguration<ImportRowError>
{
    public void Configure(EntityTypeBuilder<ImportRowError> builder)
    {
        builder.ToTable("import_error");
        builder.HasKey(e => e.Id);
        builder.HasOne<ImportBatch>().WithMany().HasForeignKey(e => e.BatchId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(e => e.Field).HasMaxLength(100);
        builder.Property(e => e.Message).HasMaxLength(1000).IsRequired();
        builder.HasIndex(e => new { e.BatchId, e.Line });
    }
}
