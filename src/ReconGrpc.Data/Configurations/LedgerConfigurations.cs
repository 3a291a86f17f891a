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
        builder.Property(e => e.Fingerprint).HasMaxLength(64).IsRequired();
        builder.HasIndex(e => e.Fingerprint).IsUnique();
        builder.HasIndex(e => new { e.CustomerCode, e.Date });
        builder.HasIndex(e => e.Date);
        builder.HasIndex(e => e.ImportBatchId);
    }
}
