using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReconGrpc.Domain.Customers;
using ReconGrpc.Domain.Ledger;
using ReconGrpc.Domain.Platforms;

namespace ReconGrpc.Data.Configurations;

internal sealed class SettlementRunConfiguration : IEntityTypeConfiguration<SettlementRun>
{
    public void Configure(EntityTypeBuilder<SettlementRun> builder)
    {
        builder.ToTable("settlement_run");
        builder.HasKey(r => r.Id);
        builder.HasOne<Statement>().WithMany().HasForeignKey(r => r.OrdersStatementId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Statement>().WithMany().HasForeignKey(r => r.BillStatementId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Statement>().WithMany().HasForeignKey(r => r.BankStatementId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(r => r.CustomerCode).HasMaxLength(Customer.MaxCodeLength);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.StartedBy).HasMaxLength(40).IsRequired();
        builder.Property(r => r.Failure).HasMaxLength(SettlementRun.MaxFailureLength);
        builder.Ignore(r => r.Period);
    }
}

internal sealed class SettlementRunItemConfiguration : IEntityTypeConfiguration<SettlementRunItem>
{
    public void Configure(EntityTypeBuilder<SettlementRunItem> builder)
    {
        builder.ToTable("settlement_item");
        // The key is the run's order: the only index, so a run of a million orders pays for no other on insert.
        builder.HasKey(i => new { i.RunId, i.Sequence });
        builder.HasOne<SettlementRun>().WithMany().HasForeignKey(i => i.RunId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(i => i.Sequence).ValueGeneratedNever();
        builder.Property(i => i.Subject).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.Outcome).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.Currency).HasMaxLength(3).IsRequired();
        builder.Property(i => i.Amount).HasPrecision(19, 4);
        builder.Property(i => i.Difference).HasPrecision(19, 4);
        builder.Property(i => i.Related).IsRequired();
        builder.Property(i => i.Explanation).HasMaxLength(LedgerEntry.MaxTextLength * 4);
        builder.Ignore(i => i.IsException);
        builder.Ignore(i => i.RelatedIds);
    }
}

internal sealed class SettlementRunTotalConfiguration : IEntityTypeConfiguration<SettlementRunTotal>
{
    public void Configure(EntityTypeBuilder<SettlementRunTotal> builder)
    {
        builder.ToTable("settlement_total");
        builder.HasKey(t => new { t.RunId, t.Currency });
        builder.HasOne<SettlementRun>().WithMany().HasForeignKey(t => t.RunId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(t => t.Currency).HasMaxLength(3);
        foreach (var money in new[] { "OrderAmount", "Sales", "Refunds", "Fees", "Payouts", "PayoutsOnBank", "InTransit" })
        {
            builder.Property<decimal>(money).HasPrecision(19, 4);
        }

        builder.HasOne<LedgerEntry>().WithMany().HasForeignKey(t => t.FeesEntryId).OnDelete(DeleteBehavior.Restrict);
    }
}
